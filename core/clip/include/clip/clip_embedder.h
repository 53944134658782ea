#pragma once
// The inference facade: a loaded CLIP model with its tokenizer, image decoder and
// preprocessing, turning texts and image files into L2-normalised embeddings.

#include "clip/image/image_decoder.h"
#include "clip/image/image_preprocessor.h"
#include "clip/model/autocast_scope.h"
#include "clip/model/clip_model.h"
#include "clip/model/precision_probe.h"
#include "clip/model_files.h"
#include "clip/tokenizer/text_tokenizer.h"
#include "clip/weights/checkpoint_loader.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

struct EmbedderOptions {
    std::string device = "cpu";  // "cpu", "cuda", "cuda:N" or "auto"
    int threads = 0;             // intra-op threads; 0 = LibTorch's default (all cores)
    // Weights stay fp32; bf16/fp16 = autocast. Auto measures the image tower on a CPU
    // (precision_probe.h; fp32 when only the text tower is loaded) and uses fp16 on CUDA.
    ComputePrecision precision = ComputePrecision::Float32;
    std::string precisionCacheFile = defaultPrecisionCacheFile();  // where Auto keeps what it measured
    std::string vocabPath;       // overrides the vocabulary found beside the model
    int textBatchSize = 64;
    int imageBatchSize = 32;
    // The towers to load: a job that encodes only text never reads the image tower's weights.
    ModelTowers towers = ModelTowers::both();
};

// How closely "file -> model pixels" follows the reference pipeline. Full decodes at full size
// (exact parity with OpenAI's Pillow pipeline): one query image. Reduced lets a JPEG decode at
// 1/2, 1/4 or 1/8 size while both sides stay >= the model's input: indexing many photos.
enum class DecodeFidelity { Full, Reduced };

struct ModelPixels {
    torch::Tensor pixels;  // [3, S, S] float32, preprocessed for the image tower
    int sourceWidth = 0;   // full-size dimensions after EXIF orientation
    int sourceHeight = 0;
};

// Whether an embedding row holds only finite values (embedPixels marks unusable rows NaN).
bool isUsableEmbedding(const torch::Tensor& row);
// "the model produced no usable embedding for WHAT (...): its weights are damaged ...".
std::string unusableEmbeddingReason(const std::string& what);

struct ImageEmbedding {
    std::string path;
    torch::Tensor embedding;  // [embedDim], undefined when error is set
    std::string error;
};

class ClipEmbedder {
public:
    // Throws ModelFilesError, ConfigError or CheckpointError with a one-line message.
    static std::unique_ptr<ClipEmbedder> open(const std::string& modelPath, const EmbedderOptions& options = {});

    const ClipConfig& config() const { return loaded_.config; }
    const CheckpointInfo& checkpoint() const { return loaded_.info; }
    ModelTowers towers() const { return loaded_.model->towers(); }
    const ModelFiles& files() const { return files_; }
    torch::Device device() const { return device_; }
    // The precision in use (Auto resolved), and what Auto measured on a CPU.
    ComputePrecision precision() const { return options_.precision; }
    const std::optional<PrecisionProbe>& precisionProbe() const { return precisionProbe_; }
    ClipModel& model() { return loaded_.model; }
    double logitScale() const;

    // Throws std::runtime_error if the model has no BPE vocabulary.
    const TextTokenizer& tokenizer() const;
    torch::Tensor tokenIds(const std::vector<std::string>& texts) const;  // [N, context] int64

    // [N, embedDim] float32 on the CPU, L2-normalised. Batched internally. Texts throw
    // std::runtime_error naming the weights and the text when the model yields no usable
    // embedding (NaN, infinite or zero: damaged weights); an image's row is then all NaN
    // (isUsableEmbedding), so that one bad image does not fail the others.
    torch::Tensor embedTexts(const std::vector<std::string>& texts);
    torch::Tensor embedTokenIds(const torch::Tensor& tokenIds);
    torch::Tensor embedPixels(const torch::Tensor& pixels);

    const ImagePreprocessor& preprocessor() const { return *preprocessor_; }
    // For datasets (training/data) that decode their images through the interface themselves.
    const ImageDecoder& decoder() const { return *decoder_; }
    // Bytes -> model pixels, the one decode policy of every caller. Thread-safe. Throws
    // ImageDecodeError (naming `name` or `path`).
    ModelPixels pixelsFromMemory(const std::uint8_t* data, std::size_t size, const std::string& name,
                                 DecodeFidelity fidelity) const;
    torch::Tensor pixelsFromFile(const std::string& path, DecodeFidelity fidelity) const;
    // One result per path, in order; a file that fails carries its error and the rest go on.
    std::vector<ImageEmbedding> embedImageFiles(const std::vector<std::string>& paths);

private:
    ClipEmbedder() = default;
    torch::Tensor encodeTokenIds(const torch::Tensor& tokenIds);
    template <typename Encode>
    torch::Tensor runBatched(const torch::Tensor& input, int batchSize, Encode encode);

    EmbedderOptions options_;
    ModelFiles files_;
    LoadedClipModel loaded_;
    torch::Device device_{torch::kCPU};
    std::optional<PrecisionProbe> precisionProbe_;
    std::shared_ptr<const TextTokenizer> tokenizer_;
    std::unique_ptr<ImagePreprocessor> preprocessor_;
    std::unique_ptr<ImageDecoder> decoder_;
};

}  // namespace clipdesk
