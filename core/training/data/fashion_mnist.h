#pragma once

#include "training/data/pair_dataset.h"

#include <memory>
#include <string>

namespace clipdesk {

// Whether `dir` holds Fashion-MNIST's image files: train-images-idx3-ubyte or
// t10k-images-idx3-ubyte, each optionally .gz.
bool looksLikeFashionMnist(const std::string& dir);

// Fashion-MNIST (Xiao et al. 2017) read from its IDX files in `dir`: with options.split
// "train", train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] (60000 images);
// with "test", the t10k-* files (10000). The uncompressed file is used when both exist. The
// 28x28 grey images are held in memory and replicated to RGB. Each caption is a template
// (options.templates, or fashionMnistTrainingTemplates()) filled with one of the class's
// fashionMnistSynonyms(), both drawn at random; in Chinese (options.captionLanguages) the
// Chinese templates and synonyms; classNames() are fashionMnistClassNames().
// Throws PairsFileError for a missing or malformed file, or mismatched image and label counts.
std::unique_ptr<PairDataset> openFashionMnist(const std::string& dir, const PairsOptions& options);

}  // namespace clipdesk
