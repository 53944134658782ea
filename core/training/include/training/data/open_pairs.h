#pragma once

#include "training/data/pair_dataset.h"

#include <memory>
#include <string>

namespace clipdesk {

// Opens image–caption pairs. With PairsFormat::Auto the format is detected:
//   *.csv, *.tsv / *.tab, *.jsonl / *.ndjson / *.json (JSON Lines)  -> pairs files;
//   a folder with train-images-idx3-ubyte[.gz] or t10k-images-idx3-ubyte[.gz] -> Fashion-MNIST;
//   a folder where some image has a NAME.txt beside it, or with images at its top level
//     -> caption files (every image must have one);
//   a folder whose images are all inside subfolders -> label folders.
// Pairs files and caption files are validated up front (see the format readers); images are
// only decoded when asked for. `decoder` must outlive the dataset. Throws PairsFileError.
std::unique_ptr<PairDataset> openPairs(const std::string& pathOrDir, const PairsOptions& options,
                                       const ImageDecoder& decoder);

}  // namespace clipdesk
