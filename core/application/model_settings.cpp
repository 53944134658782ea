#include "application/model_settings.h"

#include "clip/clip_embedder.h"

namespace clipdesk {

std::unique_ptr<ClipEmbedder> openModel(const std::string& path, const ModelSettings& settings, ModelTowers towers) {
    EmbedderOptions options;
    options.device = settings.device;
    options.threads = settings.threads;
    options.precision = parsePrecision(settings.precision);
    options.vocabPath = settings.vocab;
    options.imageBatchSize = settings.batchSize;
    options.towers = towers;
    return ClipEmbedder::open(path, options);
}

}  // namespace clipdesk
