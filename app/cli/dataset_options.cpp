#include "dataset_options.h"

#include "clip/model_files.h"
#include "training/data/caption_templates.h"
#include "training/data/open_pairs.h"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace clipdesk::cli {

void DatasetOptions::declare(CLI::App* cmd, const std::string& flag) {
    cmd->add_option(flag, pairs,
                    "Pairs: a .csv/.tsv (columns image, caption) or .jsonl file, a folder of images with .txt "
                    "captions, a folder per label, or a Fashion-MNIST folder")
        ->required();
    cmd->add_option("--templates", templatesFile, "Caption templates for labelled data, one per line with {}");
    cmd->add_flag("--skip-bad-rows", skipBadRows, "Skip (and report) bad rows instead of stopping at the first");
    cmd->add_option("--split", split, "Fashion-MNIST part: train or test")->check(CLI::IsMember({"train", "test"}));
}

std::unique_ptr<PairDataset> DatasetOptions::open(const ImageDecoder& decoder, int imageSize) const {
    PairsOptions options;
    options.skipBadRows = skipBadRows;
    options.split = split;
    options.decode.minShortSide = imageSize;
    if (!templatesFile.empty()) options.templates = readTemplatesFile(templatesFile);
    options.warn = [](const std::string& message) { std::cerr << "clipdesk-cli: warning: " << message << '\n'; };
    return openPairs(pairs, options, decoder);
}

std::vector<std::string> readTemplatesFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open templates file");
    std::vector<std::string> templates;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
        if (line.find("{}") == std::string::npos)
            throw std::runtime_error(path + ":" + std::to_string(number) + ": template has no {} for the label");
        templates.push_back(line);
    }
    if (templates.empty()) throw std::runtime_error(path + ": no templates");
    return templates;
}

std::string findVocabulary(const std::string& explicitPath, const std::string& modelOrConfigPath) {
    if (!explicitPath.empty()) return explicitPath;
    const std::filesystem::path base(modelOrConfigPath);
    const auto dir = std::filesystem::is_directory(base) ? base : base.parent_path();
    if (auto vocab = findBpeVocabulary(dir.string())) return *vocab;
    throw std::runtime_error("no BPE vocabulary beside " + modelOrConfigPath +
                             "; pass --vocab FILE (clipdesk-cli train-vocab makes one) or set CLIPDESK_BPE_VOCAB");
}

}  // namespace clipdesk::cli
