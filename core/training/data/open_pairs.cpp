#include "training/data/open_pairs.h"

#include "data/caption_files.h"
#include "data/delimited_pairs.h"
#include "data/fashion_mnist.h"
#include "data/image_files.h"
#include "data/json_lines_pairs.h"
#include "data/label_folders.h"
#include "data/pairs_file_error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace clipdesk {
namespace {

PairsFormat formatOfFile(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".csv") return PairsFormat::Csv;
    if (ext == ".tsv" || ext == ".tab") return PairsFormat::Tsv;
    if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return PairsFormat::JsonLines;
    throw PairsFileError(path, 0, "unknown pairs file type '" + ext +
                                      "' (expected .csv, .tsv, .jsonl or a folder of images)");
}

bool hasCaptionFile(const fs::path& image) {
    std::error_code error;
    return fs::is_regular_file(fs::path(image).replace_extension(".txt"), error);
}

PairsFormat formatOfFolder(const std::string& dir) {
    if (looksLikeFashionMnist(dir)) return PairsFormat::FashionMnist;
    const std::vector<fs::path> images = findImageFiles(dir, true);
    if (std::any_of(images.begin(), images.end(), hasCaptionFile)) return PairsFormat::CaptionFiles;
    const bool imagesAtTop = !findImageFiles(dir, false).empty();
    if (imagesAtTop || images.empty()) return PairsFormat::CaptionFiles;  // which reports what is missing
    return PairsFormat::LabelFolders;
}

}  // namespace

std::unique_ptr<PairDataset> openPairs(const std::string& pathOrDir, const PairsOptions& options,
                                       const ImageDecoder& decoder) {
    std::error_code error;
    const bool isDir = fs::is_directory(pathOrDir, error);
    if (!isDir && !fs::exists(pathOrDir, error)) throw PairsFileError(pathOrDir, 0, "no such file or folder");
    PairsFormat format = options.format;
    if (format == PairsFormat::Auto) format = isDir ? formatOfFolder(pathOrDir) : formatOfFile(pathOrDir);
    if (format != PairsFormat::FashionMnist && options.captionLanguages != CaptionLanguages::English && options.warn)
        options.warn(pathOrDir + ": caption languages " + captionLanguagesName(options.captionLanguages) +
                     " apply to Fashion-MNIST's templated captions only; these pairs' captions are used as they are");

    switch (format) {
        case PairsFormat::Csv:
            return makeListedPairDataset(readDelimitedPairs(pathOrDir, ',', options), decoder, options.decode);
        case PairsFormat::Tsv:
            return makeListedPairDataset(readDelimitedPairs(pathOrDir, '\t', options), decoder, options.decode);
        case PairsFormat::JsonLines:
            return makeListedPairDataset(readJsonLinesPairs(pathOrDir, options), decoder, options.decode);
        case PairsFormat::CaptionFiles:
            return makeListedPairDataset(readCaptionFiles(pathOrDir, options), decoder, options.decode);
        case PairsFormat::LabelFolders:
            return makeListedPairDataset(readLabelFolders(pathOrDir, options), decoder, options.decode);
        case PairsFormat::FashionMnist:
            return openFashionMnist(pathOrDir, options);
        case PairsFormat::Auto:
            break;
    }
    throw std::logic_error("openPairs: unhandled format");
}

}  // namespace clipdesk
