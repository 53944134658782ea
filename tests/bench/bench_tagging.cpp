// Tagging throughput: N photos x L labels x T templates from stored embeddings. Synthetic,
// CLIP-like embeddings (a shared direction plus per-photo noise, normalised; labels are
// ensembles of T normalised template embeddings). Prints one JSON line per figure:
//   ensemble:  averaging L x T template embeddings into L label embeddings
//   score:     single-label (softmax, top-k) and multi-label (z-score) in memory
//   library:   the whole run on a real library database: load the stored embeddings from
//              SQLite, score, and write the tags in one transaction
//
//   clipdesk-bench-tagging [--photos 100000] [--labels 1000] [--templates 80] [--dim 512]
//                          [--top 5] [--threads 0] [--no-library]

#include "clip/model/prompt_ensemble.h"
#include "library/photo_library.h"
#include "tagging/label_statistics.h"
#include "tagging/library_embeddings.h"
#include "tagging/tag_scoring.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include <unistd.h>

using namespace clipdesk;
namespace fs = std::filesystem;

namespace {

double since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

torch::Tensor normalised(const torch::Tensor& t) { return t / t.norm(2, -1, true); }

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Tagging throughput from stored embeddings"};
    int64_t photos = 100000, labels = 1000, templates = 80, dim = 512;
    int top = 5, threads = 0;
    bool noLibrary = false;
    app.add_option("--photos", photos)->capture_default_str();
    app.add_option("--labels", labels)->capture_default_str();
    app.add_option("--templates", templates)->capture_default_str();
    app.add_option("--dim", dim)->capture_default_str();
    app.add_option("--top", top)->capture_default_str();
    app.add_option("--threads", threads, "0 = LibTorch's default")->capture_default_str();
    app.add_flag("--no-library", noLibrary, "Skip the SQLite round trip");
    CLI11_PARSE(app, argc, argv);
    if (threads > 0) torch::set_num_threads(threads);
    torch::manual_seed(0);
    torch::NoGradGuard noGrad;
    const auto common = normalised(torch::randn({dim}));
    const auto x = normalised(common.unsqueeze(0) * 0.8 + torch::randn({photos, dim}) / std::sqrt(double(dim)));
    const auto templateEmbeddings =
        normalised(common * 0.5 + torch::randn({labels, templates, dim}) / std::sqrt(double(dim)));
    const auto base = nlohmann::json{{"photos", photos}, {"labels", labels}, {"templates", templates}, {"dim", dim},
                                     {"top", top}, {"threads", torch::get_num_threads()}};

    auto t = std::chrono::steady_clock::now();
    const auto labelEmbeddings = ensembleClassEmbeddings(templateEmbeddings);
    auto j = base;
    j.update({{"figure", "ensemble"}, {"seconds", since(t)}});
    std::cout << j.dump() << std::endl;

    TagScoringOptions single;
    single.topK = top;
    for (int repeat = 0; repeat < 2; ++repeat) {  // the first warms up
        t = std::chrono::steady_clock::now();
        const auto s = scoreTags(x, labelEmbeddings, single);
        const double seconds = since(t);
        if (repeat == 0) continue;
        j = base;
        j.update({{"figure", "score"}, {"mode", "single"}, {"seconds", seconds}, {"photos_per_s", photos / seconds},
                  {"kept", s.keep.sum().item<int64_t>()}});
        std::cout << j.dump() << std::endl;
    }
    t = std::chrono::steady_clock::now();
    EmbeddingMoments moments;
    moments.add(x);
    const auto stats = labelStatistics(moments, labelEmbeddings);
    TagScoringOptions multi;
    multi.mode = TagMode::Multi;
    multi.topK = top;
    multi.threshold = 2.0;
    const auto m = scoreTags(x, labelEmbeddings, multi, &stats);
    const double multiSeconds = since(t);
    j = base;
    j.update({{"figure", "score"}, {"mode", "multi-zscore"}, {"seconds", multiSeconds},
              {"photos_per_s", photos / multiSeconds}, {"kept", m.keep.sum().item<int64_t>()}});
    std::cout << j.dump() << std::endl;
    if (noLibrary) return 0;

    // The same run against a library database: stored embeddings in, tags out.
    const auto dir = fs::temp_directory_path() / ("clipdesk-bench-tagging-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    {
        LibraryDatabase db(dir / "library.sqlite", true);
        ModelIdentity model;
        model.identity = std::string(64, 'a');
        model.modelPath = model.weightsPath = "synthetic";
        model.weightsSha256 = std::string(64, 'b');
        model.name = "synthetic";
        model.embedDim = static_cast<int>(dim);
        model.imageSize = 224;
        db.setCurrentModel(model);
        const auto folder = db.addFolder("/bench", false);
        const auto contiguous = x.contiguous();
        SqliteTransaction transaction(db.connection());
        for (int64_t i = 0; i < photos; ++i) {
            const auto id = db.insertPhoto(folder, "/bench/" + std::to_string(i) + ".jpg", 1000, 0);
            EncodedPhoto encoded;
            db.markIndexed(id, encoded, contiguous[i].data_ptr<float>(), static_cast<int>(dim));
        }
        transaction.commit();
    }
    auto library = PhotoLibrary::openRecords(dir, LibraryAccess::Read);
    const LibraryDatabase& db = library->database();
    t = std::chrono::steady_clock::now();
    const auto loaded = loadLibraryEmbeddings(db, {});
    const double loadSeconds = since(t);
    t = std::chrono::steady_clock::now();
    const auto scores = scoreTags(loaded.matrix, labelEmbeddings, single);
    const double scoreSeconds = since(t);
    t = std::chrono::steady_clock::now();
    std::vector<NewTag> tags;
    std::vector<std::string> names;
    for (int64_t l = 0; l < labels; ++l) names.push_back("label " + std::to_string(l));
    const auto label = scores.label.accessor<int64_t, 2>();
    const auto score = scores.score.accessor<float, 2>();
    for (int64_t i = 0; i < loaded.matrix.size(0); ++i)
        for (int k = 0; k < scores.label.size(1); ++k)
            tags.push_back(NewTag{loaded.ids[static_cast<std::size_t>(i)], names[static_cast<std::size_t>(label[i][k])], score[i][k], std::nullopt});
    const auto written = library->tags().writeAutomaticTags({TagSource::ZeroShot, db.currentModelId(), "bench"}, names, loaded.ids, tags);
    const double writeSeconds = since(t);
    j = base;
    j.update({{"figure", "library"}, {"load_seconds", loadSeconds}, {"score_seconds", scoreSeconds},
              {"write_seconds", writeSeconds}, {"total_seconds", loadSeconds + scoreSeconds + writeSeconds},
              {"tags_written", written.written}});
    std::cout << j.dump() << std::endl;
    fs::remove_all(dir);
    return 0;
}
