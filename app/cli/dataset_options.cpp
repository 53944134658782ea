#include "dataset_options.h"

#include "application/training_setup.h"

#include "clip/model_files.h"
#include "training/data/caption_languages.h"
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
    cmd->add_flag("--allow-outside-paths", allowOutsidePaths,
                  "Let a pairs file's rows name images outside its folder (absolute paths, '..', symlinks "
                  "leading out); without it such a row is a bad row");
    cmd->add_option("--split", split, "Fashion-MNIST part: train or test")->check(CLI::IsMember({"train", "test"}));
    cmd->add_option("--caption-languages", captionLanguages,
                    "Fashion-MNIST's caption languages: en, zh, or en,zh (a language drawn per caption, half each)")
        ->capture_default_str();
}

std::unique_ptr<PairDataset> DatasetOptions::open(const ImageDecoder& decoder, int imageSize) const {
    PairsOptions options;
    options.skipBadRows = skipBadRows;
    options.allowOutsidePaths = allowOutsidePaths;
    options.split = split;
    options.captionLanguages = parseCaptionLanguages(captionLanguages);
    options.decode.minShortSide = imageSize;
    if (!templatesFile.empty()) options.templates = readTemplatesFile(templatesFile);
    options.warn = [](const std::string& message) { std::cerr << "clipdesk-cli: warning: " << message << '\n'; };
    return openPairs(pairs, options, decoder);
}

}  // namespace clipdesk::cli
