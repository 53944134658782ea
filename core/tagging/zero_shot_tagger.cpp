#include "tagging/zero_shot_tagger.h"

#include "tagging/label_encoder.h"
#include "tagging/library_embeddings.h"

#include <torch/torch.h>

#include <chrono>

namespace clipdesk {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

torch::Tensor labelEmbeddingsFor(LibraryDatabase& db, ClipEmbedder& embedder, const LabelVocabulary& vocabulary,
                                 const TemplateSet& templates, int* encoded) {
    const std::int64_t modelId = db.currentModelId();
    const int dim = embedder.config().embedDim;
    TagStore store(db);
    std::vector<std::string> keys;
    for (const auto& l : vocabulary.labels) keys.push_back(l.canonical());
    auto cached = store.cachedLabelEmbeddings(modelId, templates.key, keys);
    std::vector<LabelSpec> missing;
    std::vector<std::size_t> missingAt;
    for (std::size_t i = 0; i < cached.size(); ++i)
        if (!cached[i] || static_cast<int>(cached[i]->size()) != dim) {
            missing.push_back(vocabulary.labels[i]);
            missingAt.push_back(i);
        }
    auto out = torch::empty({static_cast<int64_t>(keys.size()), dim});
    for (std::size_t i = 0; i < cached.size(); ++i)
        if (cached[i] && static_cast<int>(cached[i]->size()) == dim)
            out[static_cast<int64_t>(i)].copy_(torch::from_blob(cached[i]->data(), {dim}, torch::kFloat));
    if (!missing.empty()) {
        const auto fresh = encodeLabels(embedder, missing, templates).labels.contiguous();
        SqliteTransaction transaction(db.connection());
        for (std::size_t j = 0; j < missing.size(); ++j) {
            const auto row = fresh[static_cast<int64_t>(j)];
            out[static_cast<int64_t>(missingAt[j])].copy_(row);
            store.storeLabelEmbedding(modelId, templates.key, keys[missingAt[j]], row.data_ptr<float>(), dim);
        }
        transaction.commit();
    }
    if (encoded) *encoded = static_cast<int>(missing.size());
    return out;
}

ZeroShotRun tagZeroShot(PhotoLibrary& library, ClipEmbedder& embedder, const LabelVocabulary& vocabulary,
                        const TemplateSet& templates, const TagScoringOptions& options,
                        const std::vector<std::string>& prefixes) {
    auto& db = library.database();
    ZeroShotRun run;
    auto start = std::chrono::steady_clock::now();
    const auto labels = labelEmbeddingsFor(db, embedder, vocabulary, templates, &run.labelsEncoded);
    run.encodeSeconds = secondsSince(start);
    run.labels = labels.size(0);

    start = std::chrono::steady_clock::now();
    const auto embeddings = loadLibraryEmbeddings(db, prefixes);
    run.photoIds = embeddings.ids;
    run.photos = static_cast<std::int64_t>(embeddings.ids.size());
    run.tags.resize(embeddings.ids.size());
    std::vector<NewTag> flat;
    if (run.photos > 0) {
        LabelStatistics stats;
        if (options.mode == TagMode::Multi) stats = labelStatistics(embeddings.library, labels);
        const auto scores = scoreTags(embeddings.matrix, labels, options, &stats);
        const auto k = scores.label.size(1);
        const auto label = scores.label.accessor<int64_t, 2>();
        const auto score = scores.score.accessor<float, 2>();
        const auto cosine = scores.cosine.accessor<float, 2>();
        const auto keep = scores.keep.accessor<bool, 2>();
        for (int64_t i = 0; i < run.photos; ++i)
            for (int64_t j = 0; j < k; ++j) {
                if (!keep[i][j]) continue;
                NewTag t{embeddings.ids[static_cast<std::size_t>(i)],
                         vocabulary.labels[static_cast<std::size_t>(label[i][j])].name, score[i][j], cosine[i][j]};
                run.tags[static_cast<std::size_t>(i)].push_back(t);
                flat.push_back(std::move(t));
            }
    }
    run.scoreSeconds = secondsSince(start);
    std::vector<std::string> names;
    for (const auto& l : vocabulary.labels) names.push_back(l.name);
    TagStore store(db);
    run.written = store.writeAutomaticTags(TagSource::ZeroShot, db.currentModelId(), templates.key, names,
                                           run.photoIds, flat);
    return run;
}

}  // namespace clipdesk
