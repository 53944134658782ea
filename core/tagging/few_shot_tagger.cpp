#include "tagging/few_shot_tagger.h"

#include "tagging/label_vocabulary.h"
#include "tagging/library_embeddings.h"
#include "tagging/zero_shot_tagger.h"

#include <torch/torch.h>

#include <algorithm>
#include <random>
#include <set>
#include <stdexcept>

namespace clipdesk {
namespace {

torch::Tensor embeddingsOf(const LibraryDatabase& db, const std::vector<std::int64_t>& ids, int dim, const char* what) {
    std::vector<float> rows;
    std::set<std::int64_t> found;
    db.forEachEmbeddingOf(ids, [&](std::int64_t id, const float* v) {
        found.insert(id);
        rows.insert(rows.end(), v, v + dim);
    });
    for (const auto id : ids)
        if (!found.count(id))
            throw std::invalid_argument(std::string(what) + " " + db.photoPath(id).value_or(std::to_string(id)) +
                                        " has no embedding (not indexed with the library's model)");
    const auto n = static_cast<int64_t>(rows.size() / static_cast<std::size_t>(dim));
    return torch::from_blob(rows.data(), {n, dim}, torch::kFloat).clone();
}

}  // namespace

FewShotRun tagByExample(PhotoLibrary& library, ClipEmbedder* embedder, const TemplateSet& templates,
                        const TagExamples& marked, const FewShotOptions& options) {
    const auto& [tag, examples, counterExamples, prefixes] = marked;
    const LibraryDatabase& db = library.database();
    const auto model = db.currentModel();
    if (!model) throw std::runtime_error(library.files().dir.string() + ": the library has no indexed photos yet");
    if (examples.empty()) throw std::invalid_argument("tag by example needs at least one example photo");
    const int dim = model->embedDim;
    FewShotRun run;
    const auto positives = embeddingsOf(db, examples, dim, "example");
    const auto counters = embeddingsOf(db, counterExamples, dim, "counter-example");

    // Background: random indexed photos that are neither examples nor counter-examples.
    std::set<std::int64_t> markedIds(examples.begin(), examples.end());
    markedIds.insert(counterExamples.begin(), counterExamples.end());
    std::vector<std::int64_t> pool;
    for (const auto id : db.indexedPhotoIds())
        if (!markedIds.count(id)) pool.push_back(id);
    std::mt19937_64 random(options.seed);
    std::shuffle(pool.begin(), pool.end(), random);
    pool.resize(std::min<std::size_t>(pool.size(), static_cast<std::size_t>(std::max(0, options.backgroundPhotos))));
    std::sort(pool.begin(), pool.end());
    const auto background = embeddingsOf(db, pool, dim, "photo");

    LinearProbeOptions probeOptions = options.probe;
    if (embedder) {
        const auto vocabulary = makeLabelVocabulary("tag", {tag});
        const auto text = labelEmbeddingsFor(library, *embedder, vocabulary, templates).rows;
        probeOptions.prior = text[0] * embedder->logitScale();
        run.textPrior = true;
    }
    const auto probe = trainLinearProbe(positives, counters, background, probeOptions);
    run.positives = positives.size(0);
    run.counterExamples = counters.size(0);
    run.background = background.size(0);

    const auto scope = loadLibraryEmbeddings(db, prefixes);
    run.photos = static_cast<std::int64_t>(scope.ids.size());
    if (run.photos > 0) {
        torch::NoGradGuard noGrad;
        const auto p = probe.probabilities(scope.matrix).contiguous();
        const auto logits = probe.logits(scope.matrix).contiguous();
        const float* pp = p.data_ptr<float>();
        for (std::size_t i = 0; i < scope.ids.size(); ++i)
            if (pp[i] >= options.threshold) run.tags.push_back(NewTag{scope.ids[i], tag, pp[i], std::nullopt});
        std::sort(run.tags.begin(), run.tags.end(), [](const NewTag& a, const NewTag& b) { return a.score > b.score; });
    }
    run.written = library.tags().writeAutomaticTags({TagSource::FewShot, db.currentModelId(), ""}, {tag}, scope.ids, run.tags);
    return run;
}

}  // namespace clipdesk
