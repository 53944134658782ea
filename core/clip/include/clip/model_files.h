#pragma once
// Where a model's files are. `--model` accepts a model folder or a weights file; the folder
// layouts understood are Clipdesk's/open_clip's (model.safetensors + config.json), Hugging
// Face's (model.safetensors + CLIPConfig config.json + preprocessor_config.json) and
// OpenAI's (a lone ViT-*.pt), and Chinese-CLIP's (a lone *.pt saved by torch.save, or Hugging
// Face's ChineseCLIPModel folder). The BPE vocabulary is looked for beside the weights, in a
// sibling "tokenizer" folder, via $CLIPDESK_BPE_VOCAB, then in the data directories; a
// WordPiece vocab.txt (Chinese-CLIP) beside the weights, via $CLIPDESK_WORDPIECE_VOCAB, then
// the one Clipdesk ships (models/chinese-clip-vocab).

#include "clip/model/clip_config.h"
#include "clip/tokenizer/text_tokenizer.h"

#include <memory>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace clipdesk {

class ModelFilesError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ModelFiles {
    std::string weights;
    std::optional<std::string> config;              // config.json / open_clip_config.json
    std::optional<std::string> preprocessorConfig;  // Hugging Face preprocessor_config.json
    std::optional<std::string> vocab;               // BPE merges
    std::vector<std::string> vocabSearched;         // where the vocabulary was looked for
    std::optional<std::string> wordPieceVocab;      // BERT vocab.txt (Chinese-CLIP)
    std::vector<std::string> wordPieceVocabSearched;

    // The vocabulary a text tower of this kind reads, and where it was looked for.
    const std::optional<std::string>& vocabularyFor(TextTowerKind kind) const;
    const std::vector<std::string>& vocabularySearchedFor(TextTowerKind kind) const;
};

ModelFiles locateModelFiles(const std::string& modelPath);

// The BPE vocabulary for a model in `folder`, searched as described above; every place
// looked at is appended to `searched`.
std::optional<std::string> findBpeVocabulary(const std::string& folder, std::vector<std::string>* searched = nullptr);

// The WordPiece vocab.txt for a model in `folder`, searched as described above.
std::optional<std::string> findWordPieceVocabulary(const std::string& folder, std::vector<std::string>* searched = nullptr);

// Opens `vocabPath` as the tokenizer `config`'s text tower reads (BPE merges or WordPiece
// vocab.txt). Throws ModelFilesError naming the file when it is not that kind of vocabulary,
// or when its size or start/end ids do not fit the model `modelName`.
std::shared_ptr<const TextTokenizer> openModelTokenizer(const std::string& vocabPath, const ClipConfig& config,
                                                        const std::string& modelName);

// The model used when none is configured: the bundled clipdesk-mini, looked for where the
// package installs it (<executable>/../share/clipdesk/models/clipdesk-mini) and in the
// source tree's models/ (development builds). nullopt if neither exists.
std::optional<std::string> bundledModelFolder();

// The configuration files' architecture and preprocessing (preprocessor_config.json's mean
// and std applied), or nullopt when the folder has none and shapes must tell.
std::optional<ClipConfig> readModelConfig(const ModelFiles& files);

}  // namespace clipdesk
