#include "tagging/zero_shot_tagger.h"

#include "tagging/label_encoder.h"
#include "tagging/library_embeddings.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace clipdesk {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

LabelEmbeddings labelEmbeddingsFor(PhotoLibrary& library, ClipEmbedder& embedder, const LabelVocabulary& vocabulary,
                                   const TemplateSet& templates, const JobControl* control) {
    const std::int64_t modelId = library.database().currentModelId();
    const int dim = embedder.config().embedDim;
    TagStore& store = library.tags();
    std::vector<std::string> keys;
    for (const auto& l : vocabulary.labels) keys.push_back(l.canonical());
    auto cached = store.cachedLabelEmbeddings(modelId, templates.key, keys);
    std::vector<LabelSpec> missing;
    std::vector<std::size_t> missingAt;
    std::vector<std::string> hits;
    for (std::size_t i = 0; i < cached.size(); ++i) {
        if (!cached[i] || static_cast<int>(cached[i]->size()) != dim) {
            missing.push_back(vocabulary.labels[i]);
            missingAt.push_back(i);
        } else {
            hits.push_back(keys[i]);
        }
    }
    if (!hits.empty()) store.touchLabelEmbeddings(modelId, templates.key, hits);
    auto out = torch::empty({static_cast<int64_t>(keys.size()), dim});
    for (std::size_t i = 0; i < cached.size(); ++i)
        if (cached[i] && static_cast<int>(cached[i]->size()) == dim)
            out[static_cast<int64_t>(i)].copy_(torch::from_blob(cached[i]->data(), {dim}, torch::kFloat));
    // Groups small enough to report progress often, large enough to keep the text batches full.
    constexpr std::size_t kGroup = 16;
    const auto total = static_cast<std::int64_t>(missing.size());
    if (!missing.empty()) reportTaggingProgress(control, JobStage::EncodingLabels, 0, total);
    for (std::size_t begin = 0; begin < missing.size(); begin += kGroup) {
        const std::size_t end = std::min(missing.size(), begin + kGroup);
        const std::vector<LabelSpec> group(missing.begin() + static_cast<std::ptrdiff_t>(begin),
                                           missing.begin() + static_cast<std::ptrdiff_t>(end));
        const auto fresh = encodeLabels(embedder, group, templates).labels.contiguous();
        std::vector<std::string> groupKeys;
        for (std::size_t j = begin; j < end; ++j) {
            out[static_cast<int64_t>(missingAt[j])].copy_(fresh[static_cast<int64_t>(j - begin)]);
            groupKeys.push_back(keys[missingAt[j]]);
        }
        store.storeLabelEmbeddings(modelId, templates.key, groupKeys, fresh.data_ptr<float>(), dim);
        reportTaggingProgress(control, JobStage::EncodingLabels, static_cast<std::int64_t>(end), total);
    }
    return {out, static_cast<int>(missing.size())};
}

ZeroShotRun tagZeroShot(PhotoLibrary& library, ClipEmbedder& embedder, const ZeroShotJob& job,
                        const JobControl* control) {
    const auto& [vocabulary, templates, options, prefixes] = job;
    const LibraryDatabase& db = library.database();
    ZeroShotRun run;
    auto start = std::chrono::steady_clock::now();
    const auto encoded = labelEmbeddingsFor(library, embedder, vocabulary, templates, control);
    const auto& labels = encoded.rows;
    run.labelsEncoded = encoded.encoded;
    run.encodeSeconds = secondsSince(start);
    run.labels = labels.size(0);

    start = std::chrono::steady_clock::now();
    const bool zScores = options.mode == TagMode::Multi &&
                         (options.method == ThresholdMethod::ZScore || options.method == ThresholdMethod::ZMargin);
    const auto embeddings =
        loadLibraryEmbeddings(db, prefixes, zScores ? LibraryMoments::Compute : LibraryMoments::Skip);
    run.photoIds = embeddings.ids;
    run.photos = static_cast<std::int64_t>(embeddings.ids.size());
    run.tags.resize(embeddings.ids.size());
    std::vector<NewTag> flat;
    if (run.photos > 0) {
        LabelStatistics stats;
        if (zScores) stats = labelStatistics(embeddings.library, labels);
        // Scored a chunk at a time so that progress is reported and a cancel is heard.
        const int64_t chunk = std::max<int64_t>(1, options.chunkRows) * at::get_num_threads();  // a chunk per thread
        reportTaggingProgress(control, JobStage::Scoring, 0, run.photos);
        for (int64_t first = 0; first < run.photos; first += chunk) {
            const int64_t last = std::min(run.photos, first + chunk);
            const auto scores = scoreTags(embeddings.matrix.slice(0, first, last), labels, options, &stats);
            const auto k = scores.label.size(1);
            const auto label = scores.label.accessor<int64_t, 2>();
            const auto score = scores.score.accessor<float, 2>();
            const auto cosine = scores.cosine.accessor<float, 2>();
            const auto keep = scores.keep.accessor<bool, 2>();
            for (int64_t i = 0; i < last - first; ++i)
                for (int64_t j = 0; j < k; ++j) {
                    if (!keep[i][j]) continue;
                    const auto at = static_cast<std::size_t>(first + i);
                    NewTag t{embeddings.ids[at], vocabulary.labels[static_cast<std::size_t>(label[i][j])].name,
                             score[i][j], cosine[i][j]};
                    run.tags[at].push_back(t);
                    flat.push_back(std::move(t));
                }
            reportTaggingProgress(control, JobStage::Scoring, last, run.photos);
        }
    }
    run.scoreSeconds = secondsSince(start);
    std::vector<std::string> names;
    for (const auto& l : vocabulary.labels) names.push_back(l.name);
    run.written = library.tags().writeAutomaticTags({TagSource::ZeroShot, db.currentModelId(), templates.key}, names,
                                           run.photoIds, flat);
    return run;
}

}  // namespace clipdesk
