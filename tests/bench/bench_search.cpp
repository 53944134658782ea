// Query latency of text search at library scale with a real model's shapes. Builds a library
// of N photos whose embeddings are random unit vectors (written through LibraryDatabase; the
// vector index built by PhotoLibrary as after an index run), then searches the way the window
// does: one LibrarySession, the text tower loaded by the first query, then text encode +
// search per query. Prints one JSON line per figure:
//   library:  building it (not part of any latency)
//   open:     opening the session and the first query (model load included)
//   query:    text encode + search per query (p50, p95, max), and the encode alone
// With --keep DIR the library stays in DIR, for timing `clipdesk-cli search --library DIR`.
//
//   clipdesk-bench-search --model /tmp/models/clip-synthetic-vitb32 [--photos 100000]
//                         [--queries 200] [--threads 0] [--keep DIR]

#include "application/library_session.h"
#include "application/photo_query.h"
#include "clip/clip_embedder.h"
#include "clip/model/cpu_runtime.h"
#include "library/model_identity.h"
#include "library/photo_library.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include <unistd.h>

using namespace clipdesk;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

const char* const kQueries[] = {
    "a dog on a beach",       "sunset over the sea",         "children playing in the snow",
    "a red car in the city",  "birthday cake with candles",  "mountains under a blue sky",
    "a cat sleeping on a sofa", "people at a wedding",       "a plate of pasta",
    "old castle in the fog",  "fireworks at night",          "a bicycle leaning on a wall",
};

// The library: N indexed photos of `model` with random unit embeddings, and its vector index.
void buildLibrary(const fs::path& dir, const std::string& modelPath, std::int64_t photos) {
    ModelIdentity model;
    {
        auto embedder = ClipEmbedder::open(modelPath, [] {
            EmbedderOptions options;
            options.towers = ModelTowers::textOnly();
            return options;
        }());
        model = identifyModel(modelPath, embedder->files().weights, embedder->config());
    }
    const int dim = model.embedDim;
    {
        LibraryDatabase db(dir / "library.sqlite", true);
        db.setCurrentModel(model);
        const auto folder = db.addFolder("/bench", false);
        torch::manual_seed(0);
        const auto x = torch::randn({photos, dim});
        const auto unit = (x / x.norm(2, 1, true)).contiguous();
        SqliteTransaction transaction(db.connection());
        for (std::int64_t i = 0; i < photos; ++i) {
            const auto id = db.insertPhoto(folder, "/bench/" + std::to_string(i) + ".jpg", 1000, 0);
            db.markIndexed(id, EncodedPhoto{}, unit[i].data_ptr<float>(), dim);
        }
        transaction.commit();
    }
    auto library = PhotoLibrary::open(dir, LibraryAccess::Create);  // builds the missing index
    library->rebuildIndexIfOutgrown();
    library->saveIndex();
}

}  // namespace

int main(int argc, char** argv) {
    tuneCpuRuntime(argv);
    CLI::App app{"Text search latency at library scale"};
    std::string modelPath, keep;
    std::int64_t photos = 100000;
    int queries = 200, threads = 0, k = 20;
    app.add_option("--model", modelPath, "Model folder or weights file")->required();
    app.add_option("--photos", photos)->capture_default_str();
    app.add_option("--queries", queries)->capture_default_str();
    app.add_option("-k", k, "Results per query")->capture_default_str();
    app.add_option("--threads", threads, "Intra-op threads (0 = every core)")->capture_default_str();
    app.add_option("--keep", keep, "Build the library in this folder (reused if it holds one) and keep it");
    CLI11_PARSE(app, argc, argv);

    const fs::path dir = !keep.empty() ? fs::path(keep)
                                       : fs::temp_directory_path() / ("clipdesk-bench-search-" + std::to_string(::getpid()));
    const auto base = nlohmann::json{{"photos", photos}, {"model", modelPath}, {"threads", threads}, {"k", k}};
    auto t = Clock::now();
    if (!fs::exists(dir / "library.sqlite")) {
        fs::create_directories(dir);
        buildLibrary(dir, modelPath, photos);
        auto j = base;
        j.update({{"figure", "library"}, {"seconds", secondsSince(t)}, {"dir", dir.string()}});
        std::cout << j.dump() << std::endl;
    }

    SessionOptions options;
    options.libraryDir = dir;
    options.model.threads = threads;
    SearchOptions search;
    search.k = k;
    t = Clock::now();
    auto session = LibrarySession::open(options);
    const double openSeconds = secondsSince(t);
    t = Clock::now();
    const auto first = findPhotos(*session, {PhotoQuery::Kind::Text, kQueries[0]}, search);
    const double firstSeconds = secondsSince(t);
    auto j = base;
    j.update({{"figure", "open"}, {"open_seconds", openSeconds}, {"first_query_seconds", firstSeconds},
              {"hits", first.size()}, {"index", session->library().index()->kind() == VectorIndexKind::Flat ? "flat" : "ivf"},
              {"towers", towersName(session->model(ModelTowers::textOnly()).towers())}});
    std::cout << j.dump() << std::endl;

    std::vector<double> total, encode;
    const std::size_t phrases = std::size(kQueries);
    for (int q = 0; q < queries; ++q) {
        const std::string text = kQueries[static_cast<std::size_t>(q) % phrases];
        t = Clock::now();
        const auto hits = findPhotos(*session, {PhotoQuery::Kind::Text, text}, search);
        total.push_back(secondsSince(t));
        if (static_cast<int>(hits.size()) != std::min<std::int64_t>(k, photos)) {
            std::cerr << "clipdesk-bench-search: query '" << text << "' found " << hits.size() << " photos\n";
            return 1;
        }
        t = Clock::now();
        session->model(ModelTowers::textOnly()).embedTexts({text});
        encode.push_back(secondsSince(t));
    }
    j = base;
    j.update({{"figure", "query"}, {"queries", queries},
              {"p50_ms", 1e3 * percentile(total, 0.5)}, {"p95_ms", 1e3 * percentile(total, 0.95)},
              {"max_ms", 1e3 * percentile(total, 1.0)}, {"encode_p50_ms", 1e3 * percentile(encode, 0.5)},
              {"encode_p95_ms", 1e3 * percentile(encode, 0.95)}});
    std::cout << j.dump() << std::endl;
    session.reset();
    if (keep.empty()) fs::remove_all(dir);
    return 0;
}
