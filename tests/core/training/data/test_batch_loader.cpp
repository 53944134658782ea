// The seeded train/validation split, CLIP's random resized crop, and the batch loader:
// batch shapes, the same batches for any thread count, crops and captions that change
// between epochs but repeat for the same (seed, epoch), resuming mid-epoch, images that fail
// to decode, and stopping with batches in flight.

#include "data_test_files.h"

#include "clip/image/image_preprocessor.h"
#include "clip/image/opencv_image_decoder.h"
#include "training/data/batch_loader.h"
#include "training/data/open_pairs.h"
#include "training/data/random_resized_crop.h"
#include "training/data/split.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

using namespace clipdesk;
using clipdesk::test::MemoryPairs;
using clipdesk::test::WordTokenizer;

namespace {

// A dataset that counts (and may slow down) image requests.
class CountingPairs final : public PairDataset {
public:
    CountingPairs(const PairDataset& inner, std::chrono::milliseconds delay) : inner_(inner), delay_(delay) {}
    std::size_t size() const override { return inner_.size(); }
    RgbImage image(std::size_t i) const override {
        ++requests;
        std::this_thread::sleep_for(delay_);
        return inner_.image(i);
    }
    std::string caption(std::size_t i, std::mt19937_64& rng) const override { return inner_.caption(i, rng); }
    std::string describe(std::size_t i) const override { return inner_.describe(i); }
    mutable std::atomic<int> requests{0};

private:
    const PairDataset& inner_;
    std::chrono::milliseconds delay_;
};

BatchLoaderOptions smallOptions(int threads) {
    BatchLoaderOptions o;
    o.batchSize = 4;
    o.threads = threads;
    o.prefetchBatches = 2;
    o.shuffle = true;
    o.augment = true;
    o.dropLast = false;
    o.seed = 1234;
    o.contextLength = 16;
    o.preprocess.imageSize = 32;
    return o;
}

std::vector<std::size_t> allIndices(std::size_t n) {
    std::vector<std::size_t> v(n);
    std::iota(v.begin(), v.end(), std::size_t{0});
    return v;
}

std::vector<TrainingBatch> epochBatches(BatchLoader& loader, int epoch, std::size_t firstBatch = 0) {
    loader.startEpoch(epoch, firstBatch);
    std::vector<TrainingBatch> batches;
    while (auto batch = loader.next()) batches.push_back(std::move(*batch));
    return batches;
}

bool sameBatches(const std::vector<TrainingBatch>& a, const std::vector<TrainingBatch>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].indices != b[i].indices || !torch::equal(a[i].pixels, b[i].pixels) ||
            !torch::equal(a[i].tokenIds, b[i].tokenIds) || !torch::equal(a[i].labels, b[i].labels))
            return false;
    return true;
}

// Pixels of dataset index `index` in `batches` (undefined tensor if absent).
torch::Tensor pixelsOf(const std::vector<TrainingBatch>& batches, std::size_t index) {
    for (const TrainingBatch& b : batches)
        for (std::size_t r = 0; r < b.indices.size(); ++r)
            if (b.indices[r] == index) return b.pixels[static_cast<std::int64_t>(r)];
    return {};
}

}  // namespace

class TestBatchLoader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void splitIsSeededAndDisjoint() {
        const TrainValSplit a = splitTrainValidation(100, 0.2, 7);
        const TrainValSplit b = splitTrainValidation(100, 0.2, 7);
        QCOMPARE(a.train, b.train);
        QCOMPARE(a.validation, b.validation);
        QCOMPARE(a.validation.size(), std::size_t{20});
        QCOMPARE(a.train.size(), std::size_t{80});
        std::vector<std::size_t> all = a.train;
        all.insert(all.end(), a.validation.begin(), a.validation.end());
        std::sort(all.begin(), all.end());
        QCOMPARE(all, allIndices(100));
        QVERIFY(std::is_sorted(a.validation.begin(), a.validation.end()));
        QVERIFY(splitTrainValidation(100, 0.2, 8).validation != a.validation);

        QCOMPARE(splitTrainValidation(10, 0.0, 1).train, allIndices(10));
        QCOMPARE(splitTrainValidation(10, 0.01, 1).validation.size(), std::size_t{1});  // at least one
        QCOMPARE(splitTrainValidation(2, 0.9, 1).train.size(), std::size_t{1});         // never all
        QCOMPARE(splitTrainValidation(1, 0.5, 1).validation.size(), std::size_t{0});
        QVERIFY_EXCEPTION_THROWN(splitTrainValidation(10, 1.0, 1), std::invalid_argument);
        QVERIFY_EXCEPTION_THROWN(splitTrainValidation(10, -0.1, 1), std::invalid_argument);
    }

    void cropBoxesFollowTorchvision() {
        const RandomResizedCropOptions options;
        std::set<std::pair<int, int>> origins;
        for (std::uint64_t seed = 0; seed < 300; ++seed) {
            std::mt19937_64 rng(seed);
            const PixelRect box = randomResizedCropBox(200, 180, options, rng);
            QVERIFY(box.left >= 0 && box.top >= 0 && box.left + box.width <= 200 && box.top + box.height <= 180);
            const double scale = double(box.width) * box.height / (200.0 * 180.0);
            const double ratio = double(box.width) / box.height;
            QVERIFY2(scale > 0.89 && scale <= 1.0, qPrintable(QString::number(scale)));
            QVERIFY2(ratio > 0.74 && ratio < 1.34, qPrintable(QString::number(ratio)));
            origins.insert({box.left, box.top});
            std::mt19937_64 again(seed);
            const PixelRect repeat = randomResizedCropBox(200, 180, options, again);
            QCOMPARE(std::tie(repeat.left, repeat.top, repeat.width, repeat.height),
                     std::tie(box.left, box.top, box.width, box.height));
        }
        QVERIFY(origins.size() > 50);

        // With scale >= 0.9 and ratio <= 4/3 no box fits an image wider than about 1.48:1, so
        // torchvision falls back to the centre crop of ratio 4/3 (open_clip's training transform
        // therefore does not move crops around on 3:2 photos).
        std::mt19937_64 rng(0);
        const PixelRect wide = randomResizedCropBox(300, 200, options, rng);
        QCOMPARE(std::tie(wide.left, wide.top, wide.width, wide.height), std::make_tuple(16, 0, 267, 200));
        const PixelRect thin = randomResizedCropBox(10, 1000, options, rng);
        QCOMPARE(std::tie(thin.left, thin.top, thin.width, thin.height), std::make_tuple(0, 493, 10, 13));
    }

    void resizedCropIsCropThenPillowResize() {
        const RgbImage image = MemoryPairs(20).image(13);  // 46 x 39
        const PixelRect box{2, 1, 12, 9};
        RgbImage crop(12, 9);
        for (int y = 0; y < 9; ++y)
            std::copy_n(image.row(1 + y) + 2 * 3, 12 * 3, crop.row(y));
        const RgbImage expected = resizeBicubicPillow(crop, 24, 24);
        const RgbImage actual = resizedCrop(image, box, 24);
        QCOMPARE(actual.width, 24);
        QCOMPARE(actual.height, 24);
        QVERIFY(actual.pixels == expected.pixels);
        QVERIFY_EXCEPTION_THROWN(resizedCrop(image, PixelRect{40, 0, 12, 9}, 24), std::invalid_argument);
    }

    void batchesHaveTheRightShapes() {
        MemoryPairs pairs(10);
        BatchLoader loader(pairs, allIndices(10), smallOptions(2), tokenizer_);
        QCOMPARE(loader.batchesPerEpoch(), std::size_t{3});
        const auto batches = epochBatches(loader, 0);
        QCOMPARE(batches.size(), std::size_t{3});
        std::vector<std::size_t> seen;
        for (std::size_t k = 0; k < batches.size(); ++k) {
            const TrainingBatch& b = batches[k];
            const std::int64_t rows = k < 2 ? 4 : 2;
            QCOMPARE(b.pixels.sizes(), (torch::IntArrayRef{rows, 3, 32, 32}));
            QCOMPARE(b.pixels.scalar_type(), torch::kFloat32);
            QCOMPARE(b.tokenIds.sizes(), (torch::IntArrayRef{rows, 16}));
            QCOMPARE(b.tokenIds.scalar_type(), torch::kInt64);
            QCOMPARE(b.labels.scalar_type(), torch::kInt64);
            QCOMPARE(std::int64_t(b.indices.size()), rows);
            for (std::int64_t r = 0; r < rows; ++r) {
                const std::size_t index = b.indices[static_cast<std::size_t>(r)];
                QCOMPARE(b.labels[r].item<std::int64_t>(), std::int64_t(index % 3));
                QCOMPARE(b.tokenIds[r][0].item<std::int64_t>(), std::int64_t{49406});
                QCOMPARE(b.tokenIds[r][4].item<std::int64_t>(), std::int64_t{49407});  // sot pair N first|second eot
                QVERIFY(b.tokenIds[r][5].item<std::int64_t>() == 0);
            }
            seen.insert(seen.end(), b.indices.begin(), b.indices.end());
        }
        std::sort(seen.begin(), seen.end());
        QCOMPARE(seen, allIndices(10));  // each pair once per epoch
        QVERIFY(!loader.next());         // still the end

        BatchLoaderOptions dropping = smallOptions(2);
        dropping.dropLast = true;
        BatchLoader dropLoader(pairs, allIndices(10), dropping, tokenizer_);
        QCOMPARE(dropLoader.batchesPerEpoch(), std::size_t{2});
        QCOMPARE(epochBatches(dropLoader, 0).size(), std::size_t{2});
    }

    void sameBatchesForAnyThreadCount() {
        MemoryPairs pairs(23);
        const std::vector<std::size_t> indices = splitTrainValidation(23, 0.1, 3).train;
        BatchLoader synchronous(pairs, indices, smallOptions(0), tokenizer_);
        BatchLoader one(pairs, indices, smallOptions(1), tokenizer_);
        BatchLoader three(pairs, indices, smallOptions(3), tokenizer_);
        for (int epoch = 0; epoch < 2; ++epoch) {
            const auto reference = epochBatches(one, epoch);
            QCOMPARE(reference.size(), std::size_t{6});
            QVERIFY(sameBatches(reference, epochBatches(three, epoch)));
            QVERIFY(sameBatches(reference, epochBatches(synchronous, epoch)));
        }
    }

    // Data-parallel ranks: each builds its slice of every batch, the same rows, crops and
    // captions as one loader's batch, so that the ranks together see what one process would.
    void shardsAreSlicesOfTheSameBatches() {
        MemoryPairs pairs(23);
        const std::vector<std::size_t> indices = splitTrainValidation(23, 0.1, 3).train;
        BatchLoaderOptions whole = smallOptions(1);
        whole.batchSize = 4;
        whole.dropLast = true;  // every rank's batch whole
        BatchLoader one(pairs, indices, whole, tokenizer_);
        std::vector<std::vector<TrainingBatch>> shards;
        for (int rank = 0; rank < 2; ++rank) {
            BatchLoaderOptions mine = whole;
            mine.shardRank = rank;
            mine.shardCount = 2;
            BatchLoader loader(pairs, indices, mine, tokenizer_);
            QCOMPARE(loader.batchesPerEpoch(), one.batchesPerEpoch());
            shards.push_back(epochBatches(loader, 1));
        }
        const auto reference = epochBatches(one, 1);
        QCOMPARE(reference.size(), std::size_t{5});
        for (std::size_t k = 0; k < reference.size(); ++k) {
            TrainingBatch joined;
            joined.pixels = torch::cat({shards[0][k].pixels, shards[1][k].pixels});
            joined.tokenIds = torch::cat({shards[0][k].tokenIds, shards[1][k].tokenIds});
            joined.labels = torch::cat({shards[0][k].labels, shards[1][k].labels});
            joined.indices = shards[0][k].indices;
            joined.indices.insert(joined.indices.end(), shards[1][k].indices.begin(), shards[1][k].indices.end());
            QVERIFY(sameBatches({reference[k]}, {joined}));
        }
        BatchLoaderOptions uneven = whole;
        uneven.shardCount = 3;
        QVERIFY_EXCEPTION_THROWN(BatchLoader(pairs, indices, uneven, tokenizer_), std::invalid_argument);
    }

    void epochsDifferButRepeatForTheSameSeed() {
        MemoryPairs pairs(16);
        BatchLoader loader(pairs, allIndices(16), smallOptions(2), tokenizer_);
        BatchLoader twin(pairs, allIndices(16), smallOptions(3), tokenizer_);
        const auto epoch0 = epochBatches(loader, 0);
        const auto epoch1 = epochBatches(loader, 1);
        QVERIFY(sameBatches(epoch0, epochBatches(twin, 0)));
        QVERIFY(sameBatches(epoch1, epochBatches(loader, 1)));  // again, same loader
        QVERIFY(loader.epochOrder(0) != loader.epochOrder(1));
        QVERIFY(epoch0.front().indices != epoch1.front().indices);

        // The crop of a pair changes from epoch to epoch.
        int differentCrops = 0;
        for (std::size_t i = 0; i < 16; ++i) differentCrops += !torch::equal(pixelsOf(epoch0, i), pixelsOf(epoch1, i));
        QVERIFY2(differentCrops >= 12, qPrintable(QString::number(differentCrops)));

        // The caption draw too (each pair has two captions).
        std::set<std::vector<std::int64_t>> tokensOfPair0;
        for (int epoch = 0; epoch < 8; ++epoch)
            for (const TrainingBatch& b : epochBatches(loader, epoch))
                for (std::size_t r = 0; r < b.indices.size(); ++r)
                    if (b.indices[r] == 0) {
                        const torch::Tensor row = b.tokenIds[static_cast<std::int64_t>(r)].contiguous();
                        tokensOfPair0.insert(std::vector<std::int64_t>(row.data_ptr<std::int64_t>(),
                                                                       row.data_ptr<std::int64_t>() + row.numel()));
                    }
        QCOMPARE(tokensOfPair0.size(), std::size_t{2});

        BatchLoaderOptions otherSeed = smallOptions(2);
        otherSeed.seed = 99;
        BatchLoader other(pairs, allIndices(16), otherSeed, tokenizer_);
        QVERIFY(!sameBatches(epoch0, epochBatches(other, 0)));
    }

    void withoutAugmentationItIsInferencePreprocessing() {
        MemoryPairs pairs(6);
        BatchLoaderOptions options = smallOptions(2);
        options.augment = false;
        options.shuffle = false;
        BatchLoader loader(pairs, allIndices(6), options, tokenizer_);
        const auto batches = epochBatches(loader, 0);
        QCOMPARE(batches.front().indices, (std::vector<std::size_t>{0, 1, 2, 3}));
        const ImagePreprocessor preprocessor(options.preprocess);
        for (std::size_t i = 0; i < 6; ++i) QVERIFY(torch::equal(pixelsOf(batches, i), preprocessor(pairs.image(i))));
        QVERIFY(sameBatches(batches, epochBatches(loader, 5)) == false);  // captions are still drawn per epoch
        QCOMPARE(loader.epochOrder(3), allIndices(6));
    }

    void resumesMidEpoch() {
        MemoryPairs pairs(21);
        BatchLoader loader(pairs, allIndices(21), smallOptions(2), tokenizer_);
        const auto full = epochBatches(loader, 4);
        QCOMPARE(full.size(), std::size_t{6});
        BatchLoader resumed(pairs, allIndices(21), smallOptions(3), tokenizer_);
        const auto rest = epochBatches(resumed, 4, 2);
        QVERIFY(sameBatches(std::vector<TrainingBatch>(full.begin() + 2, full.end()), rest));
        QCOMPARE(epochBatches(resumed, 4, 6).size(), std::size_t{0});
        QVERIFY_EXCEPTION_THROWN(resumed.startEpoch(4, 7), std::out_of_range);
    }

    void imagesThatFailAreReplaced() {
        MemoryPairs pairs(12, {3, 7});
        BatchLoaderOptions options = smallOptions(3);
        options.shuffle = false;
        test::WarningCollector warnings;
        options.warn = warnings.sink();
        BatchLoader loader(pairs, allIndices(12), options, tokenizer_);
        const auto batches = epochBatches(loader, 0);
        QCOMPARE(batches.size(), std::size_t{3});
        // Position 3 (broken) -> position 7 (broken) -> position 8; position 7 -> position 11.
        QCOMPARE(batches[0].indices, (std::vector<std::size_t>{0, 1, 2, 8}));
        QCOMPARE(batches[1].indices, (std::vector<std::size_t>{4, 5, 6, 11}));
        QCOMPARE(batches[2].indices, (std::vector<std::size_t>{8, 9, 10, 11}));
        QCOMPARE(warnings.messages,
                 (std::vector<std::string>{"memory item 3: not an image (test) (skipped; another sample takes its place)",
                                           "memory item 7: not an image (test) (skipped; another sample takes its place)"}));
        epochBatches(loader, 1);
        QCOMPARE(warnings.messages.size(), std::size_t{2});  // once per image

        BatchLoaderOptions threaded = options;
        threaded.threads = 1;
        threaded.warn = nullptr;
        BatchLoader other(pairs, allIndices(12), threaded, tokenizer_);
        QVERIFY(sameBatches(batches, epochBatches(other, 0)));
    }

    void nothingDecodable() {
        MemoryPairs pairs(3, {0, 1, 2});
        BatchLoader loader(pairs, allIndices(3), smallOptions(2), tokenizer_);
        loader.startEpoch(0);
        try {
            loader.next();
            QFAIL("expected an exception");
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString(e.what()).contains("none of the 3 images could be decoded"), e.what());
        }
    }

    void prefetchIsBoundedAndStopDoesNotHang() {
        MemoryPairs inner(64);
        CountingPairs pairs(inner, std::chrono::milliseconds(2));
        BatchLoaderOptions options = smallOptions(3);
        options.prefetchBatches = 2;
        BatchLoader loader(pairs, allIndices(64), options, tokenizer_);
        loader.startEpoch(0);
        QVERIFY(loader.next().has_value());
        // Batch 0 was returned: batches 1 and 2 are built ahead, and nothing more.
        QTRY_COMPARE_WITH_TIMEOUT(pairs.requests.load(), 3 * 4, 10000);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        QCOMPARE(pairs.requests.load(), 3 * 4);
        loader.stop();
        QVERIFY(!loader.next().has_value());
        QCOMPARE(epochBatches(loader, 1).size(), std::size_t{16});

        // Restarting and destroying with work in flight.
        for (int round = 0; round < 5; ++round) {
            BatchLoader busy(pairs, allIndices(64), options, tokenizer_);
            busy.startEpoch(round);
            if (round % 2) busy.next();
            busy.startEpoch(round + 1, 3);
        }
    }

    void rejectsBadSetup() {
        MemoryPairs pairs(4);
        BatchLoaderOptions options = smallOptions(1);
        options.batchSize = 0;
        QVERIFY_EXCEPTION_THROWN(BatchLoader(pairs, allIndices(4), options, tokenizer_), std::invalid_argument);
        QVERIFY_EXCEPTION_THROWN(BatchLoader(pairs, {0, 4}, smallOptions(1), tokenizer_), std::invalid_argument);
        QVERIFY_EXCEPTION_THROWN(BatchLoader(pairs, allIndices(4), smallOptions(1), nullptr), std::invalid_argument);
        BatchLoader notStarted(pairs, allIndices(4), smallOptions(1), tokenizer_);
        QVERIFY_EXCEPTION_THROWN(notStarted.next(), std::logic_error);
    }

    void decodesRealFilesInParallel() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string root = dir.path().toStdString();
        std::string csv = "image,caption,label\n";
        for (int i = 0; i < 9; ++i) {
            const std::string name = "photo" + std::to_string(i) + (i % 2 ? ".png" : ".jpg");
            test::writeTestImage(root + "/" + name, 40 + 3 * i, 30 + 5 * i, static_cast<std::uint8_t>(i));
            csv += name + ",photo number " + std::to_string(i) + "," + (i % 3 ? "odd" : "even") + "\n";
        }
        test::writeFileText(root + "/pairs.csv", csv);
        const auto decoder = makeOpenCvImageDecoder();
        const auto pairs = openPairs(root + "/pairs.csv", PairsOptions{}, *decoder);
        BatchLoaderOptions options = smallOptions(2);
        options.preprocess.imageSize = 24;
        BatchLoader parallel(*pairs, allIndices(9), options, tokenizer_);
        options.threads = 0;
        BatchLoader serial(*pairs, allIndices(9), options, tokenizer_);
        const auto batches = epochBatches(parallel, 0);
        QCOMPARE(batches.size(), std::size_t{3});
        QCOMPARE(batches[0].pixels.sizes(), (torch::IntArrayRef{4, 3, 24, 24}));
        QVERIFY(torch::isfinite(batches[0].pixels).all().item<bool>());
        QVERIFY(sameBatches(batches, epochBatches(serial, 0)));
    }

private:
    std::shared_ptr<const ClipTokenizer> tokenizer_ = std::make_shared<WordTokenizer>();
};

QTEST_GUILESS_MAIN(TestBatchLoader)
#include "test_batch_loader.moc"
