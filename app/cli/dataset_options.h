#pragma once
// --pairs and the options that say how to read image–caption pairs (train, train-vocab,
// eval-zeroshot).

#include "training/data/pair_dataset.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace clipdesk::cli {

struct DatasetOptions {
    std::string pairs;
    bool skipBadRows = false;
    bool allowOutsidePaths = false;
    std::string templatesFile;
    std::string split = "train";
    std::string captionLanguages = "en";  // Fashion-MNIST: en, zh or en,zh

    void declare(CLI::App* cmd, const std::string& flag = "--pairs");
    // Warnings (skipped rows) go to stderr.
    std::unique_ptr<PairDataset> open(const ImageDecoder& decoder, int imageSize) const;
};

}  // namespace clipdesk::cli
