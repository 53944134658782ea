// Near-duplicates (issue 16): grouping through the vector index's range search, and the use case
// on real photos. Variants are made at test time with OpenCV from the shared sample photos: a
// JPEG re-encode at quality 50 and a half-size rescale of each; the original is a quality-95
// JPEG. With the bundled clipdesk-mini and with the synthetic TinyCLIP-shaped model, every
// photo's variants must form one group with the original as keeper, and different photos must
// not meet. The synthetic model's weights are random: it shows that decoding, encoding, the
// index's range search and the grouping keep near-identical pixels together and different
// pixels apart, and what distances it gives; it cannot show that a trained model's distances
// are calibrated (immich's 0.01 is for trained CLIP: with these weights two different sample
// photos lie only ~0.0102 apart, so the test groups at 0.002), nor robustness to crops, edits
// or a second exposure of the same scene, which only a trained model's embeddings bring.

#include "library_test_support.h"
#include "shared_data.h"

#include "application/duplicate_review.h"
#include "application/index_run.h"
#include "application/library_session.h"
#include "application/photo_query.h"
#include "application/use_case_error.h"
#include "library/near_duplicates.h"
#include "temporary_dir.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using namespace clipdesk;

namespace {

const char* const kPhotos[] = {"astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"};

std::string stemOf(const std::string& path) {
    const auto name = std::filesystem::path(path).filename().string();
    return name.substr(0, name.find('.'));
}

// <dir>/photos/<stem>.jpg (q95), <stem>.q50.jpg, <stem>.half.jpg for each sample photo.
void writeVariants(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    for (const char* name : kPhotos) {
        const cv::Mat image = cv::imread((test::samplePhotosDir() / name).string(), cv::IMREAD_COLOR);
        QVERIFY2(!image.empty(), name);
        const std::string stem = stemOf(name);
        QVERIFY(cv::imwrite((dir / (stem + ".jpg")).string(), image, {cv::IMWRITE_JPEG_QUALITY, 95}));
        QVERIFY(cv::imwrite((dir / (stem + ".q50.jpg")).string(), image, {cv::IMWRITE_JPEG_QUALITY, 50}));
        cv::Mat half;
        cv::resize(image, half, {}, 0.5, 0.5, cv::INTER_AREA);
        QVERIFY(cv::imwrite((dir / (stem + ".half.jpg")).string(), half, {cv::IMWRITE_JPEG_QUALITY, 90}));
    }
}

void indexFolder(const std::filesystem::path& library, const std::filesystem::path& folder, const std::string& model) {
    IndexRunRequest request;
    request.libraryDir = library;
    request.folders = {folder.string()};
    request.model.path = model;
    request.model.precision = "fp32";
    const auto result = runIndex(request, JobControl{});
    QCOMPARE(result.summary.added, std::int64_t{3 * std::size(kPhotos)});
}

std::vector<float> clusteredVectors(int clusters, int perCluster, int dim, float spread, std::vector<std::int64_t>& ids) {
    std::mt19937 rng(7);
    std::normal_distribution<float> normal;
    std::vector<float> out;
    const auto normalise = [dim](float* v) {
        double n = 0;
        for (int i = 0; i < dim; ++i) n += double{v[i]} * v[i];
        for (int i = 0; i < dim; ++i) v[i] = static_cast<float>(v[i] / std::sqrt(n));
    };
    std::int64_t id = 100;
    for (int c = 0; c < clusters; ++c) {
        std::vector<float> centre(static_cast<std::size_t>(dim));
        for (auto& x : centre) x = normal(rng);
        normalise(centre.data());
        for (int m = 0; m < perCluster; ++m) {
            const auto at = out.size();
            for (int i = 0; i < dim; ++i) out.push_back(centre[static_cast<std::size_t>(i)] + spread * normal(rng));
            normalise(out.data() + at);
            ids.push_back(id);
            id += 3;
        }
    }
    return out;
}

}  // namespace

class TestNearDuplicates : public QObject {
    Q_OBJECT

private:
    // The photos of each group, by stem; checks the groups are exactly the photos' variants.
    // `maxDistance`: the distance to group with; empty: the model's default.
    void checkVariantGroups(const std::string& model, const std::string& what, std::optional<double> maxDistance) {
        test::TemporaryDir tmp;
        const std::filesystem::path photos = tmp.filePath("photos"), library = tmp.filePath("library");
        writeVariants(photos);
        if (QTest::currentTestFailed()) return;
        indexFolder(library, photos, model);
        if (QTest::currentTestFailed()) return;
        auto session = LibrarySession::open({library, LibraryAccess::Read, {}});

        // The distances the model gives: the largest of a variant to its original, the smallest
        // between different photos (every pair, from the stored embeddings).
        const auto& db = session->library().database();
        std::map<std::int64_t, std::vector<float>> vectors;
        db.forEachEmbedding([&](std::int64_t id, const float* v) { vectors[id].assign(v, v + session->library().index()->dim()); });
        double variantMax = 0, differentMin = 2;
        for (const auto& [a, va] : vectors)
            for (const auto& [b, vb] : vectors) {
                if (a >= b) continue;
                double cosine = 0;
                for (std::size_t i = 0; i < va.size(); ++i) cosine += double{va[i]} * vb[i];
                const bool same = stemOf(*db.photoPath(a)) == stemOf(*db.photoPath(b));
                (same ? variantMax : differentMin) = same ? std::max(variantMax, 1 - cosine) : std::min(differentMin, 1 - cosine);
            }
        const auto distance = duplicateDistance(*session);
        const double used = maxDistance.value_or(distance.modelDefault);
        qInfo("%s (%s): variants within %.5f of each other, different photos at least %.5f apart; default %.4f, used %.4f",
              what.c_str(), distance.model.c_str(), variantMax, differentMin, distance.modelDefault, used);
        QVERIFY(!distance.chosen);
        QVERIFY2(variantMax < used, "a variant lies beyond the distance");
        QVERIFY2(differentMin > used, "two different photos lie within the distance");

        const auto result = findDuplicates(*session, {maxDistance, false}, JobControl{});
        QCOMPARE(result.maxDistance, used);
        QCOMPARE(result.photosCompared, std::int64_t{3 * std::size(kPhotos)});
        QCOMPARE(result.groups.size(), std::size(kPhotos));
        for (const auto& group : result.groups) {
            QCOMPARE(group.photos.size(), std::size_t{3});
            const std::string stem = stemOf(group.keeper().path);
            for (const auto& p : group.photos) QCOMPARE(stemOf(p.path), stem);
            // Same resolution as the q50 re-encode, larger file: the original is the keeper.
            QCOMPARE(std::filesystem::path(group.keeper().path).filename().string(), stem + ".jpg");
            QVERIFY(group.keeper().width > 0 && group.keeper().fileSize > 0);
            QCOMPARE(group.keeper().folder, photos.string());
            for (std::size_t i = 1; i < group.photos.size(); ++i) {
                QVERIFY(group.photos[i].distance <= result.maxDistance);
                QVERIFY(std::int64_t{group.photos[i].width} * group.photos[i].height <=
                        std::int64_t{group.keeper().width} * group.keeper().height);
            }
        }
        // A distance of 0 groups nothing but identical embeddings: none here.
        QVERIFY(findDuplicates(*session, {0.0, false}, JobControl{}).groups.empty());
    }

private Q_SLOTS:
    void rangeSearchGroupsClustersInFlatAndIvfIndexes() {
        std::vector<std::int64_t> ids;
        const int dim = 32, clusters = 40, perCluster = 5;
        const auto vectors = clusteredVectors(clusters, perCluster, dim, 0.01f, ids);
        for (const std::int64_t flatMax : {std::int64_t{1'000'000}, std::int64_t{50}}) {
            VectorIndexParams params;
            params.flatMaxVectors = flatMax;
            params.ivfMinProbes = 1;
            const auto source = [&](const VectorIndex::VectorVisitor& visit) {
                for (std::size_t i = 0; i < ids.size(); ++i) visit(ids[i], vectors.data() + i * dim);
            };
            const auto index = VectorIndex::build(dim, static_cast<std::int64_t>(ids.size()), source, params);
            QCOMPARE(index.kind(), flatMax == 50 ? VectorIndexKind::Ivf : VectorIndexKind::Flat);
            NearDuplicateOptions options;
            options.maxDistance = 0.02;
            options.queriesPerBatch = 7;  // several batches
            JobProgress last;
            JobControl control([&](const JobProgress& p) { last = p; });
            auto groups = groupNearDuplicates(index, source, static_cast<std::int64_t>(ids.size()), options, &control);
            QCOMPARE(last.done, std::int64_t{clusters * perCluster});
            QCOMPARE(groups.size(), std::size_t{clusters});
            for (std::size_t c = 0; c < groups.size(); ++c)
                QCOMPARE(groups[c], std::vector<std::int64_t>(ids.begin() + static_cast<long>(c * perCluster),
                                                              ids.begin() + static_cast<long>((c + 1) * perCluster)));
            // Skipped ids leave their groups; a group left with one photo is no group.
            options.skip = [&](std::int64_t id) { return id == ids[0] || id == ids[5] || id == ids[6] || id == ids[7] || id == ids[8]; };
            groups = groupNearDuplicates(index, source, static_cast<std::int64_t>(ids.size()), options);
            QCOMPARE(groups.size(), std::size_t{clusters - 1});
            QCOMPARE(groups[0], std::vector<std::int64_t>(ids.begin() + 1, ids.begin() + 5));
            // Far apart: nothing groups.
            options.maxDistance = 1e-7;
            options.skip = {};
            QVERIFY(groupNearDuplicates(index, source, static_cast<std::int64_t>(ids.size()), options).empty());
        }
    }

    void cancelledGroupingThrows() {
        std::vector<std::int64_t> ids;
        const auto vectors = clusteredVectors(4, 4, 8, 0.01f, ids);
        const auto source = [&](const VectorIndex::VectorVisitor& visit) {
            for (std::size_t i = 0; i < ids.size(); ++i) visit(ids[i], vectors.data() + i * 8);
        };
        const auto index = VectorIndex::build(8, static_cast<std::int64_t>(ids.size()), source);
        JobControl control;
        control.cancel();
        QVERIFY_THROWS_EXCEPTION(JobCancelled, groupNearDuplicates(index, source, 16, {}, &control));
    }

    void bundledModelGroupsVariants() {
        CLIPDESK_REQUIRE_SHARED(test::samplePhotosDir());
        checkVariantGroups(std::string(CLIPDESK_SOURCE_DIR) + "/models/clipdesk-mini", "clipdesk-mini", std::nullopt);
    }

    void syntheticModelGroupsVariants() {
        CLIPDESK_REQUIRE_SHARED(test::syntheticModelDir());
        CLIPDESK_REQUIRE_SHARED(test::samplePhotosDir());
        // Random weights are no trained CLIP: the default for CLIP checkpoints (0.01) is what an
        // unknown model gets, but here two different photos lie only ~0.0102 apart (measured), so
        // the test groups at 0.002: ~6x the variants' largest distance (~0.0003).
        QCOMPARE(defaultDuplicateMaxDistance("clip-synthetic-tinyvit8m16"), 0.01);
        checkVariantGroups(test::syntheticModelDir().string(), "synthetic", 0.002);
    }

    void marksHideTagForgetAndRemember() {
        CLIPDESK_REQUIRE_SHARED(test::samplePhotosDir());
        test::TemporaryDir tmp;
        const std::filesystem::path photos = tmp.filePath("photos"), library = tmp.filePath("library");
        writeVariants(photos);
        indexFolder(library, photos, std::string(CLIPDESK_SOURCE_DIR) + "/models/clipdesk-mini");
        if (QTest::currentTestFailed()) return;
        auto session = LibrarySession::open({library, LibraryAccess::Read, {}});
        const auto groups = findDuplicates(*session, {}, JobControl{}).groups;
        QCOMPARE(groups.size(), std::size(kPhotos));
        const auto& first = groups[0];
        const std::vector<std::int64_t> others{first.photos[1].photoId, first.photos[2].photoId};

        // Tag: manual, accepted rows of "duplicate".
        QCOMPARE(markDuplicates(*session, {others[0]}, DuplicateMark::Tag), std::int64_t{1});
        QCOMPARE(session->library().tags().photosWithTag(kDuplicateTag), std::vector<std::int64_t>{others[0]});

        // Hide: the group loses both, searches skip them (they stay indexed).
        const auto keeperPath = first.keeper().path;
        const auto before = findPhotos(*session, {PhotoQuery::Kind::Image, first.photos[1].path}, SearchOptions{30});
        QCOMPARE(before.size(), std::size_t{3 * std::size(kPhotos)});
        QCOMPARE(markDuplicates(*session, others, DuplicateMark::Hide), std::int64_t{2});
        const auto after = findDuplicates(*session, {}, JobControl{});
        QCOMPARE(after.groups.size(), std::size(kPhotos) - 1);
        QCOMPARE(after.photosCompared, std::int64_t{3 * std::size(kPhotos) - 2});
        for (const auto& g : after.groups) QVERIFY(g.keeper().path != keeperPath);
        const auto hits = findPhotos(*session, {PhotoQuery::Kind::Image, keeperPath}, SearchOptions{30});
        QCOMPARE(hits.size(), std::size_t{3 * std::size(kPhotos) - 2});
        for (const auto& h : hits) QVERIFY(h.photoId != others[0] && h.photoId != others[1]);
        SearchOptions inFolder{30};
        inFolder.folder = photos.string();
        QCOMPARE(findPhotos(*session, {PhotoQuery::Kind::Image, keeperPath}, inFolder).size(), hits.size());
        QCOMPARE(session->library().database().indexedCount(), std::int64_t{3 * std::size(kPhotos)});

        // Forget after the trash: only a file that is gone is dropped.
        std::filesystem::remove(first.photos[1].path);
        QCOMPARE(forgetTrashedPhotos(*session, others), std::int64_t{1});
        QCOMPARE(session->library().database().indexedCount(), std::int64_t{3 * std::size(kPhotos) - 1});
        QVERIFY(!session->library().database().photoPath(others[0]));
        QVERIFY(session->library().database().photoPath(others[1]).has_value());

        // A chosen distance is kept for the model; a bad one is refused before anything runs.
        QVERIFY(!duplicateDistance(*session).chosen);
        QCOMPARE(findDuplicates(*session, {0.5, true}, JobControl{}).maxDistance, 0.5);
        QVERIFY(duplicateDistance(*session).chosen);
        QCOMPARE(duplicateDistance(*session).maxDistance, 0.5);
        auto reopened = LibrarySession::open({library, LibraryAccess::Read, {}});
        QCOMPARE(findDuplicates(*reopened, {}, JobControl{}).maxDistance, 0.5);
        for (const double bad : {-0.1, 2.5, std::nan("")}) {
            try {
                findDuplicates(*reopened, {bad, true}, JobControl{});
                QFAIL("a bad distance was accepted");
            } catch (const UseCaseError& e) {
                QCOMPARE(e.problem(), UseCaseProblem::InvalidThreshold);
            }
        }
        QCOMPARE(duplicateDistance(*reopened).maxDistance, 0.5);
    }
};

QTEST_GUILESS_MAIN(TestNearDuplicates)
#include "test_near_duplicates.moc"
