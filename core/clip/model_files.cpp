#include "clip/model_files.h"

#include "clip/tokenizer/clip_tokenizer.h"
#include "clip/tokenizer/wordpiece_tokenizer.h"

#include "base/read_file.h"
#include "base/shipped_models.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <filesystem>

namespace clipdesk {
namespace fs = std::filesystem;
namespace {

bool isFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

std::optional<std::string> firstExisting(const fs::path& dir, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (isFile(dir / n)) return (dir / n).string();
    return std::nullopt;
}

std::string findWeightsInFolder(const fs::path& dir) {
    if (auto w = firstExisting(dir, {"model.safetensors", "open_clip_model.safetensors", "pytorch_model.bin"})) return *w;
    std::vector<fs::path> safetensors, torchscript;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file()) continue;
        const auto ext = entry.path().extension();
        if (ext == ".safetensors") safetensors.push_back(entry.path());
        if (ext == ".pt") torchscript.push_back(entry.path());
    }
    if (ec) throw ModelFilesError(dir.string() + ": cannot list model folder: " + ec.message());
    for (const auto* group : {&safetensors, &torchscript}) {
        if (group->size() == 1) return group->front().string();
        if (group->size() > 1)
            throw ModelFilesError(dir.string() + ": several weights files (" + group->at(0).filename().string() + ", " +
                                  group->at(1).filename().string() + ", ...); name the file to use");
    }
    throw ModelFilesError(dir.string() + ": no weights found (expected model.safetensors, *.safetensors, "
                                         "pytorch_model.bin or a *.pt file)");
}

// Hugging Face's preprocessor_config.json may override mean and std.
void applyPreprocessorConfig(const std::string& path, ImagePreprocessConfig& config) {
    try {
        const nlohmann::json j = nlohmann::json::parse(readFileBytes(path));
        if (j.contains("image_mean"))
            for (int c = 0; c < 3; ++c) config.mean[c] = j["image_mean"].at(c).get<float>();
        if (j.contains("image_std"))
            for (int c = 0; c < 3; ++c) config.std[c] = j["image_std"].at(c).get<float>();
    } catch (const nlohmann::json::exception& e) {
        throw ConfigError(path + ": malformed preprocessor configuration: " + e.what());
    }
    validatePreprocess(config, path);
}

}  // namespace

std::optional<std::string> findBpeVocabulary(const std::string& folder, std::vector<std::string>* searched) {
    const fs::path dir(folder);
    std::vector<fs::path> candidates = {dir / "bpe_simple_vocab_16e6.txt.gz", dir / "merges.txt",
                                        dir / "tokenizer" / "bpe_simple_vocab_16e6.txt.gz",
                                        dir.parent_path() / "tokenizer" / "bpe_simple_vocab_16e6.txt.gz"};
    if (const char* env = std::getenv("CLIPDESK_BPE_VOCAB"); env && *env) candidates.emplace_back(env);
    const char* dataHome = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    if (dataHome && *dataHome)
        candidates.push_back(fs::path(dataHome) / "clipdesk/tokenizer/bpe_simple_vocab_16e6.txt.gz");
    else if (home && *home)
        candidates.push_back(fs::path(home) / ".local/share/clipdesk/tokenizer/bpe_simple_vocab_16e6.txt.gz");
    candidates.emplace_back("/usr/share/clipdesk/tokenizer/bpe_simple_vocab_16e6.txt.gz");
    for (const auto& c : candidates) {
        if (searched) searched->push_back(c.lexically_normal().string());
        if (isFile(c)) return c.lexically_normal().string();
    }
    return std::nullopt;
}

std::optional<std::string> findWordPieceVocabulary(const std::string& folder, std::vector<std::string>* searched) {
    const fs::path dir(folder);
    std::vector<fs::path> candidates = {dir / "vocab.txt", dir / "tokenizer" / "vocab.txt"};
    if (const char* env = std::getenv("CLIPDESK_WORDPIECE_VOCAB"); env && *env) candidates.emplace_back(env);
    for (auto& shipped : shippedModelsCandidates("chinese-clip-vocab/vocab.txt")) candidates.push_back(std::move(shipped));
    for (const auto& c : candidates) {
        if (searched) searched->push_back(c.lexically_normal().string());
        if (isFile(c)) return c.lexically_normal().string();
    }
    return std::nullopt;
}

const std::optional<std::string>& ModelFiles::vocabularyFor(TextTowerKind kind) const {
    return kind == TextTowerKind::Bert ? wordPieceVocab : vocab;
}

const std::vector<std::string>& ModelFiles::vocabularySearchedFor(TextTowerKind kind) const {
    return kind == TextTowerKind::Bert ? wordPieceVocabSearched : vocabSearched;
}

std::shared_ptr<const TextTokenizer> openModelTokenizer(const std::string& vocabPath, const ClipConfig& config,
                                                        const std::string& modelName) {
    const auto& text = config.text;
    std::size_t size = 0;
    std::int64_t start = 0, end = 0;
    std::shared_ptr<const TextTokenizer> tokenizer;
    try {
        if (text.kind == TextTowerKind::Bert) {
            auto wordPiece = WordPieceTokenizer::fromVocabFile(vocabPath);
            size = wordPiece->vocabSize(), start = wordPiece->clsId(), end = wordPiece->sepId();
            tokenizer = wordPiece;
        } else {
            auto bpe = ClipTokenizer::fromMergesFile(vocabPath);
            size = bpe->vocabSize(), start = bpe->sotId(), end = bpe->eotId();
            tokenizer = bpe;
        }
    } catch (const std::runtime_error& e) {
        throw ModelFilesError(e.what());
    }
    if (static_cast<int>(size) != text.vocabSize || start != text.sotId || end != text.eotId)
        throw ModelFilesError(vocabPath + ": vocabulary of " + std::to_string(size) + " tokens does not fit the model " +
                              modelName + " (" + std::to_string(text.vocabSize) + " tokens, start/end ids " +
                              std::to_string(text.sotId) + "/" + std::to_string(text.eotId) + " where the vocabulary has " +
                              std::to_string(start) + "/" + std::to_string(end) + "); pass the model's own with --vocab");
    return tokenizer;
}

std::optional<std::string> bundledModelFolder() {
    for (const auto& c : shippedModelsCandidates("clipdesk-mini"))
        if (isFile(c / "model.safetensors")) return c.lexically_normal().string();
    return std::nullopt;
}

std::optional<ClipConfig> readModelConfig(const ModelFiles& files) {
    if (!files.config) return std::nullopt;
    auto config = ClipConfig::fromJsonFile(*files.config);
    if (files.preprocessorConfig) applyPreprocessorConfig(*files.preprocessorConfig, config.preprocess);
    return config;
}

ModelFiles locateModelFiles(const std::string& modelPath) {
    const fs::path path(modelPath);
    std::error_code ec;
    if (!fs::exists(path, ec)) throw ModelFilesError(modelPath + ": model not found");
    ModelFiles files;
    const fs::path dir = fs::is_directory(path, ec) ? path : path.parent_path().empty() ? fs::path(".") : path.parent_path();
    files.weights = fs::is_directory(path, ec) ? findWeightsInFolder(path) : path.string();
    files.config = firstExisting(dir, {"config.json", "open_clip_config.json"});
    files.preprocessorConfig = firstExisting(dir, {"preprocessor_config.json"});
    files.vocab = findBpeVocabulary(dir.string(), &files.vocabSearched);
    files.wordPieceVocab = findWordPieceVocabulary(dir.string(), &files.wordPieceVocabSearched);
    return files;
}

}  // namespace clipdesk
