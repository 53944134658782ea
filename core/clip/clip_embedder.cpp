#include "clip/clip_embedder.h"

#include "clip/image/photo_decoder.h"
#include "clip/model/autocast_scope.h"
#include "clip/model/compute_device.h"
#include "clip/model/compute_threads.h"
#include "clip/model/linear_layers.h"

#include <torch/torch.h>

#include <filesystem>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace clipdesk {
namespace {

// Stores the weights that autocast would cast to `dtype` at every call (the linear layers'
// weights and biases, the patch convolution and the two projections: all GEMM operands) in that
// dtype once. Autocast then has nothing to cast, and the results are bit-identical to
// autocasting the float32 weights; LayerNorm parameters and the embeddings stay float32 as
// autocast leaves them. This saves a pass over ~8M weights per batch: 10 % of the image-encode
// time at batch 1 on CPU.
void storeGemmWeightsIn(ClipModel& model, torch::ScalarType dtype) {
    torch::NoGradGuard noGrad;
    const auto store = [dtype](torch::Tensor& t) {
        if (t.defined()) t.set_data(t.to(dtype));  // a Linear without bias has none
    };
    for (const auto& layer : linearLayers(model, ModelTowers::both())) {
        store(*layer.weight);
        store(*layer.bias);
    }
    for (auto& p : model->named_parameters())
        if (p.key() == "visual.conv1.weight" || p.key() == "visual.proj" || p.key() == "text.text_projection") store(p.value());
}

// The float32 weights that int8 or bf16 copies replaced were freed inside malloc's heap, which
// glibc keeps mapped until trimmed: 350 MB of resident memory at ViT-B/32, 1.2 GB at L/14.
void returnFreedHeapToTheSystem() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

// Rows L2-normalised in double (so that finite but huge outputs do not overflow to a zero
// vector); a row that is no usable embedding (a NaN or infinite value, or all zeros) becomes
// all NaN, which every caller tells apart from a unit vector.
torch::Tensor normalisedOrNaN(const torch::Tensor& raw) {
    const auto rows = raw.to(torch::kDouble);
    const auto norms = rows.norm(2, -1, /*keepdim=*/true);
    const auto usable = torch::isfinite(rows).all(-1, /*keepdim=*/true) & torch::isfinite(norms) & (norms > 0);
    const auto normalised = rows / norms.clamp_min(1e-300);
    return torch::where(usable, normalised, torch::full_like(normalised, std::nan(""))).to(torch::kFloat);
}

}  // namespace

bool isUsableEmbedding(const torch::Tensor& row) { return row.numel() > 0 && torch::isfinite(row).all().item<bool>(); }

std::string unusableEmbeddingReason(const std::string& what) {
    return "the model produced no usable embedding for " + what +
           " (NaN, infinite or all-zero values): its weights are damaged or out of range";
}

std::unique_ptr<ClipEmbedder> ClipEmbedder::open(const std::string& modelPath, const EmbedderOptions& options) {
    std::unique_ptr<ClipEmbedder> e(new ClipEmbedder());
    e->options_ = options;
    setComputeThreads(options.threads);
    e->device_ = resolveDevice(options.device);
    e->files_ = locateModelFiles(modelPath);
    const bool int8 = options.precision == ComputePrecision::Int8;  // `auto` never picks int8
    if (int8 && !e->device_.is_cpu())
        throw std::runtime_error("--precision int8 runs on a CPU only (use fp16 or bf16 on " + e->device_.str() + ")");
    CheckpointLoadOptions loading;
    loading.towers = options.towers;
    loading.inference = true;
    loading.textLinearWeights = e->device_.is_cpu() ? LinearWeightForm::StoredHalf : LinearWeightForm::Float32;
    // Each layer quantised as it loads: the tower's float32 weights never all exist at once.
    if (int8) loading.imageLinearWeights = LinearWeightForm::Int8;
    e->loaded_ = loadClipModel(e->files_.weights, readModelConfig(e->files_), loading);
    e->loaded_.model->to(e->device_);
    e->loaded_.model->eval();
    if (options.precision == ComputePrecision::Auto) {
        if (e->device_.is_cpu() && !options.towers.image) {
            e->options_.precision = ComputePrecision::Float32;  // the probe times the image tower
        } else if (e->device_.is_cpu()) {
            PrecisionProbeOptions probeOptions;
            probeOptions.cacheFile = options.precisionCacheFile;
            probeOptions.batch = cpuImagesPerForward(e->loaded_.config.vision);
            std::error_code ec;
            probeOptions.modelKey = e->files_.weights + " (" + std::to_string(std::filesystem::file_size(e->files_.weights, ec)) + " bytes)";
            e->precisionProbe_ = probeCpuPrecision(e->loaded_.model, e->loaded_.config, probeOptions);
            e->options_.precision = e->precisionProbe_->chosen;  // fp32 or bf16
        } else {
            e->options_.precision = ComputePrecision::Float16;  // what OpenAI's clip.load runs on a GPU
        }
    }
    const auto precision = e->options_.precision;
    if (precision == ComputePrecision::BFloat16 || precision == ComputePrecision::Float16)
        storeGemmWeightsIn(e->loaded_.model, precision == ComputePrecision::BFloat16 ? torch::kBFloat16 : torch::kHalf);
    if (precision != ComputePrecision::Float32) returnFreedHeapToTheSystem();
    const std::string vocab = !options.vocabPath.empty()
                                  ? options.vocabPath
                                  : e->files_.vocabularyFor(e->loaded_.config.text.kind).value_or("");
    if (!vocab.empty() && options.towers.text) e->tokenizer_ = openModelTokenizer(vocab, e->loaded_.config, e->files_.weights);
    e->preprocessor_ = std::make_unique<ImagePreprocessor>(e->loaded_.config.preprocess);
    e->decoder_ = makePhotoDecoder();
    return e;
}

double ClipEmbedder::logitScale() const { return loaded_.model->logit_scale.exp().item<double>(); }

const TextTokenizer& ClipEmbedder::tokenizer() const {
    if (!loaded_.model->towers().text) throw std::logic_error("this model was loaded without its text tower");
    if (!tokenizer_) {
        std::string searched;
        const auto kind = config().text.kind;
        for (const auto& s : files_.vocabularySearchedFor(kind)) searched += (searched.empty() ? "" : ", ") + s;
        throw std::runtime_error(std::string(kind == TextTowerKind::Bert
                                                 ? "no WordPiece vocabulary (vocab.txt) found for "
                                                 : "no BPE vocabulary (bpe_simple_vocab_16e6.txt.gz) found for ") +
                                 files_.weights + "; looked in " + searched + "; pass --vocab FILE or set " +
                                 (kind == TextTowerKind::Bert ? "CLIPDESK_WORDPIECE_VOCAB" : "CLIPDESK_BPE_VOCAB"));
    }
    return *tokenizer_;
}

torch::Tensor ClipEmbedder::tokenIds(const std::vector<std::string>& texts) const {
    const auto& tok = tokenizer();
    const int context = config().text.contextLength;
    auto ids = torch::zeros({static_cast<long>(texts.size()), context}, torch::kLong);
    auto* out = ids.data_ptr<std::int64_t>();
    for (size_t i = 0; i < texts.size(); ++i) {
        const auto t = tok.tokenize(texts[i], context);
        std::copy(t.ids.begin(), t.ids.end(), out + i * context);
    }
    return ids;
}

template <typename Encode>
torch::Tensor ClipEmbedder::runBatched(const torch::Tensor& input, int batchSize, Encode encode) {
    c10::InferenceMode inference;
    AutocastScope autocast(options_.precision, device_);
    std::vector<torch::Tensor> outputs;
    for (int64_t start = 0; start < input.size(0); start += batchSize) {
        auto batch = input.slice(0, start, std::min<int64_t>(start + batchSize, input.size(0))).to(device_);
        outputs.push_back(normalisedOrNaN(encode(batch).to(torch::kFloat)).to(torch::kCPU));
    }
    if (outputs.empty()) return torch::empty({0, config().embedDim});
    return torch::cat(outputs, 0);
}

torch::Tensor ClipEmbedder::embedTexts(const std::vector<std::string>& texts) {
    auto rows = encodeTokenIds(tokenIds(texts));
    for (std::size_t i = 0; i < texts.size(); ++i)
        if (!isUsableEmbedding(rows[static_cast<long>(i)]))
            throw std::runtime_error(files_.weights + ": " + unusableEmbeddingReason("the text \"" + texts[i] + "\""));
    return rows;
}

torch::Tensor ClipEmbedder::embedTokenIds(const torch::Tensor& ids) {
    auto rows = encodeTokenIds(ids);
    for (long i = 0; i < rows.size(0); ++i)
        if (!isUsableEmbedding(rows[i]))
            throw std::runtime_error(files_.weights + ": " + unusableEmbeddingReason("text " + std::to_string(i + 1) +
                                                                                      " of " + std::to_string(rows.size(0))));
    return rows;
}

torch::Tensor ClipEmbedder::encodeTokenIds(const torch::Tensor& ids) {
    return runBatched(ids, options_.textBatchSize, [this](const torch::Tensor& b) { return loaded_.model->encodeText(b); });
}

torch::Tensor ClipEmbedder::embedPixels(const torch::Tensor& pixels) {
    return runBatched(pixels, options_.imageBatchSize,
                      [this](const torch::Tensor& b) { return loaded_.model->encodeImage(b); });
}

namespace {

DecodeOptions decodeOptionsFor(DecodeFidelity fidelity, const ImagePreprocessor& preprocessor) {
    DecodeOptions options;
    if (fidelity == DecodeFidelity::Reduced) options.minShortSide = preprocessor.config().imageSize;
    return options;
}

}  // namespace

ModelPixels ClipEmbedder::pixelsFromMemory(const std::uint8_t* data, std::size_t size, const std::string& name,
                                           DecodeFidelity fidelity) const {
    const DecodedImage decoded = decoder_->decodeMemory(data, size, name, decodeOptionsFor(fidelity, *preprocessor_));
    return {(*preprocessor_)(decoded.image), decoded.sourceWidth, decoded.sourceHeight};
}

torch::Tensor ClipEmbedder::pixelsFromFile(const std::string& path, DecodeFidelity fidelity) const {
    return (*preprocessor_)(decoder_->decodeFile(path, decodeOptionsFor(fidelity, *preprocessor_)).image);
}

std::vector<ImageEmbedding> ClipEmbedder::embedImageFiles(const std::vector<std::string>& paths) {
    std::vector<ImageEmbedding> results(paths.size());
    for (size_t start = 0; start < paths.size(); start += options_.imageBatchSize) {
        const size_t end = std::min(paths.size(), start + options_.imageBatchSize);
        std::vector<torch::Tensor> pixels;
        std::vector<size_t> decoded;
        for (size_t i = start; i < end; ++i) {
            results[i].path = paths[i];
            try {
                pixels.push_back(pixelsFromFile(paths[i], DecodeFidelity::Full));
                decoded.push_back(i);
            } catch (const ImageDecodeError& ex) {
                results[i].error = ex.reason();
            } catch (const std::exception& ex) {
                results[i].error = ex.what();
            }
        }
        if (pixels.empty()) continue;
        auto embeddings = embedPixels(torch::stack(pixels));
        for (size_t k = 0; k < decoded.size(); ++k) {
            const auto row = embeddings[static_cast<long>(k)];
            if (isUsableEmbedding(row)) results[decoded[k]].embedding = row;
            else results[decoded[k]].error = unusableEmbeddingReason("this image");
        }
    }
    return results;
}

}  // namespace clipdesk
