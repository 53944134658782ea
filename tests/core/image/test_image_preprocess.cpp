// Pillow-exact resize, torchvision-exact CLIP preprocessing, and parity with the golden files.

#include "clip/image/image_preprocessor.h"
#include "clip/image/opencv_image_decoder.h"
#include "clip/image/pillow_resize.h"
#include "support/shared_data.h"
#include "test_image_decode.h"
#include "test_image_files.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>

using namespace clipdesk;
using clipdesk::test::fnv1a64;
using clipdesk::test::patternImage;

namespace {

// One tensor of a safetensors file as float32 (little-endian host assumed).
torch::Tensor readSafetensorsF32(const std::string& path, const std::string& name) {
    std::ifstream in(path, std::ios::binary);
    std::uint64_t headerSize = 0;
    in.read(reinterpret_cast<char*>(&headerSize), 8);
    std::string header(headerSize, '\0');
    in.read(header.data(), static_cast<std::streamsize>(headerSize));
    const auto entry = nlohmann::json::parse(header).at(name);
    if (entry.at("dtype") != "F32") throw std::runtime_error(name + " is not F32");
    const auto shape = entry.at("shape").get<std::vector<std::int64_t>>();
    const auto offsets = entry.at("data_offsets").get<std::vector<std::int64_t>>();
    torch::Tensor t = torch::empty(shape, torch::kFloat32);
    if (static_cast<std::int64_t>(t.numel() * 4) != offsets[1] - offsets[0]) throw std::runtime_error("bad size");
    in.seekg(static_cast<std::streamoff>(8 + headerSize + offsets[0]));
    in.read(reinterpret_cast<char*>(t.data_ptr<float>()), offsets[1] - offsets[0]);
    if (!in) throw std::runtime_error("short read of " + path);
    return t;
}

torch::Tensor preprocessPhoto(const std::string& file) {
    const auto decoder = makeOpenCvImageDecoder();
    const DecodedImage decoded = decoder->decodeFile((clipdesk::test::samplePhotosDir() / file).string());
    return ImagePreprocessor()(decoded.image);
}

}  // namespace

class ImagePreprocessTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void resizeMatchesPillow_data();
    void resizeMatchesPillow();
    void resizeRegionEqualsCroppedResize();
    void resizeRejectsInvalidSizes();
    void resizeTiming();
    void planMatchesTorchvision_data();
    void planMatchesTorchvision();
    void extremeAspectRatiosOnlyComputeTheCrop();
    void normalisationIsFloat32ToTensorThenNormalize();
    void tensorLayoutAndBatch();
    void goldenStatistics();
    void goldenPixelValues();
};

// Expected values come from Pillow 9.4 (Debian 12 python3-pil): the same patternImage built
// with numpy, Image.fromarray(...).resize((outW, outH), Image.BICUBIC), then FNV-1a 64 of the
// output bytes and three sample bytes: (0,0) R, (outW/2, outH/2) G, (outW-1, outH-1) B.
void ImagePreprocessTest::resizeMatchesPillow_data() {
    QTest::addColumn<int>("inW");
    QTest::addColumn<int>("inH");
    QTest::addColumn<int>("outW");
    QTest::addColumn<int>("outH");
    QTest::addColumn<quint64>("hash");
    QTest::addColumn<QList<int>>("samples");
    QTest::newRow("downscale 640x480") << 640 << 480 << 298 << 224 << quint64(0xa5cbb0eb41c1b6d9ull)
                                       << QList<int>{87, 132, 136};
    QTest::newRow("upscale 97x61") << 97 << 61 << 224 << 141 << quint64(0x47e6a34364c93efaull)
                                   << QList<int>{0, 107, 22};
    QTest::newRow("vertical only") << 300 << 200 << 300 << 150 << quint64(0x77cd9c4590c1f81dull)
                                   << QList<int>{17, 228, 47};
    QTest::newRow("horizontal only") << 300 << 200 << 150 << 200 << quint64(0xa4c757e82e1602a3ull)
                                     << QList<int>{20, 180, 111};
    QTest::newRow("tenfold down") << 50 << 40 << 5 << 3 << quint64(0xb0f90a3039944525ull) << QList<int>{124, 128, 130};
    QTest::newRow("tiny 7x5") << 7 << 5 << 3 << 2 << quint64(0x750d56419d516841ull) << QList<int>{95, 129, 129};
    QTest::newRow("tiny up 3x2") << 3 << 2 << 11 << 9 << quint64(0xbd10a6448ce47bf3ull) << QList<int>{0, 135, 0};
    QTest::newRow("photo 4000x3000") << 4000 << 3000 << 298 << 224 << quint64(0x1de067534730b811ull)
                                     << QList<int>{125, 129, 127};
}

void ImagePreprocessTest::resizeMatchesPillow() {
    QFETCH(int, inW);
    QFETCH(int, inH);
    QFETCH(int, outW);
    QFETCH(int, outH);
    QFETCH(quint64, hash);
    QFETCH(QList<int>, samples);
    const RgbImage out = resizeBicubicPillow(patternImage(inW, inH), outW, outH);
    QCOMPARE(out.width, outW);
    QCOMPARE(out.height, outH);
    QCOMPARE(int(out.row(0)[0]), samples[0]);
    QCOMPARE(int(out.row(outH / 2)[(outW / 2) * 3 + 1]), samples[1]);
    QCOMPARE(int(out.row(outH - 1)[(outW - 1) * 3 + 2]), samples[2]);
    QCOMPARE(quint64(fnv1a64(out.pixels)), hash);
}

void ImagePreprocessTest::resizeRegionEqualsCroppedResize() {
    const RgbImage src = patternImage(613, 397);
    for (const auto& [outW, outH] :
         {std::pair{338, 224}, std::pair{224, 145}, std::pair{613, 300}, std::pair{400, 397}}) {
        const RgbImage full = resizeBicubicPillow(src, outW, outH);
        const PixelRect region{outW / 5, outH / 7, outW / 2, outH / 3};
        const RgbImage part = resizeBicubicPillowRegion(src, outW, outH, region);
        QCOMPARE(part.width, region.width);
        QCOMPARE(part.height, region.height);
        for (int y = 0; y < region.height; ++y)
            QVERIFY(std::memcmp(part.row(y), full.row(region.top + y) + region.left * 3, region.width * 3) == 0);
    }
}

void ImagePreprocessTest::resizeRejectsInvalidSizes() {
    const RgbImage src = patternImage(10, 10);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resizeBicubicPillow(src, 0, 5));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resizeBicubicPillow(RgbImage(), 5, 5));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resizeBicubicPillowRegion(src, 5, 5, PixelRect{3, 0, 3, 5}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ImagePreprocessor().resizeAndCrop(RgbImage()));
}

void ImagePreprocessTest::resizeTiming() {
    const RgbImage src = patternImage(4000, 3000);
    double bestMs = 1e9;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const RgbImage out = resizeBicubicPillow(src, 298, 224);
        bestMs = std::min(bestMs,
                          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        QCOMPARE(out.width, 298);
    }
    const ImagePreprocessor preprocess;
    const auto start = std::chrono::steady_clock::now();
    (void)preprocess.resizeAndCrop(src);
    const double cropMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    qInfo("4000x3000 -> 298x224 resize: %.1f ms (best of 3); resize+crop to 224x224: %.1f ms", bestMs, cropMs);
}

// Expected: torchvision Resize(224) size int(224 * long / short) and CenterCrop's
// int(round((side - 224) / 2.0)) computed in Python.
void ImagePreprocessTest::planMatchesTorchvision_data() {
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("resizedW");
    QTest::addColumn<int>("resizedH");
    QTest::addColumn<int>("left");
    QTest::addColumn<int>("top");
    QTest::newRow("rocket 640x427") << 640 << 427 << 335 << 224 << 56 << 0;  // 55.5 -> 56
    QTest::newRow("chelsea 451x300") << 451 << 300 << 336 << 224 << 56 << 0;
    QTest::newRow("square") << 512 << 512 << 224 << 224 << 0 << 0;
    QTest::newRow("portrait") << 300 << 451 << 224 << 336 << 0 << 56;
    QTest::newRow("wide 1000x225") << 1000 << 225 << 995 << 224 << 386 << 0;  // 385.5 -> 386
    QTest::newRow("tall 225x1000") << 225 << 1000 << 224 << 995 << 0 << 386;
    QTest::newRow("4000x3000") << 4000 << 3000 << 298 << 224 << 37 << 0;
    QTest::newRow("227x224") << 227 << 224 << 227 << 224 << 2 << 0;  // 1.5 -> 2
    QTest::newRow("229x224") << 229 << 224 << 229 << 224 << 2 << 0;  // 2.5 -> 2
    QTest::newRow("1x5") << 1 << 5 << 224 << 1120 << 0 << 448;
}

void ImagePreprocessTest::planMatchesTorchvision() {
    QFETCH(int, w);
    QFETCH(int, h);
    QFETCH(int, resizedW);
    QFETCH(int, resizedH);
    QFETCH(int, left);
    QFETCH(int, top);
    const auto plan = ImagePreprocessor().plan(w, h);
    QCOMPARE(plan.resizedWidth, resizedW);
    QCOMPARE(plan.resizedHeight, resizedH);
    QCOMPARE(plan.crop.left, left);
    QCOMPARE(plan.crop.top, top);
    QCOMPARE(plan.crop.width, 224);
    QCOMPARE(plan.crop.height, 224);
    const RgbImage cropped = ImagePreprocessor().resizeAndCrop(patternImage(w, h));
    QCOMPARE(cropped.width, 224);
    QCOMPARE(cropped.height, 224);
}

void ImagePreprocessTest::extremeAspectRatiosOnlyComputeTheCrop() {
    // 1x100000 resizes to 224x22400000; only the 224x224 crop is computed.
    const ImagePreprocessor preprocess;
    for (const auto& [w, h] : {std::pair{1, 100000}, std::pair{100000, 1}, std::pair{3, 7001}}) {
        const RgbImage cropped = preprocess.resizeAndCrop(patternImage(w, h));
        QCOMPARE(cropped.width, 224);
        QCOMPARE(cropped.height, 224);
    }
}

void ImagePreprocessTest::normalisationIsFloat32ToTensorThenNormalize() {
    const ImagePreprocessConfig config;
    RgbImage img(256, 1);
    for (int x = 0; x < 256; ++x)
        for (int c = 0; c < 3; ++c) img.row(0)[x * 3 + c] = static_cast<std::uint8_t>(x);
    const torch::Tensor t = ImagePreprocessor(config).toTensor(img);
    QCOMPARE(t.sizes().vec(), (std::vector<std::int64_t>{3, 1, 256}));
    QCOMPARE(t.scalar_type(), torch::kFloat32);
    const auto a = t.accessor<float, 3>();
    for (int c = 0; c < 3; ++c)
        for (int v = 0; v < 256; ++v) {
            const float expected = (static_cast<float>(v) / 255.0f - config.mean[c]) / config.std[c];
            QCOMPARE(a[c][0][v], expected);  // bit-exact float32 arithmetic
        }
}

void ImagePreprocessTest::tensorLayoutAndBatch() {
    const ImagePreprocessor preprocess;
    const RgbImage first = patternImage(300, 200);
    const RgbImage second = patternImage(200, 333);
    const torch::Tensor one = preprocess(first);
    QCOMPARE(one.sizes().vec(), (std::vector<std::int64_t>{3, 224, 224}));
    // Channel planes: tensor[c][y][x] is byte (x, y, c) of the crop.
    const RgbImage crop = preprocess.resizeAndCrop(first);
    const torch::Tensor fromCrop = preprocess.toTensor(crop);
    QVERIFY(torch::equal(one, fromCrop));
    const float expected = (crop.row(5)[7 * 3 + 2] / 255.0f - preprocess.config().mean[2]) / preprocess.config().std[2];
    QCOMPARE(one[2][5][7].item<float>(), expected);
    const torch::Tensor batch = preprocess.batch({first, second});
    QCOMPARE(batch.sizes().vec(), (std::vector<std::int64_t>{2, 3, 224, 224}));
    QVERIFY(torch::equal(batch[0], one));
    QVERIFY(torch::equal(batch[1], preprocess(second)));
    QCOMPARE(preprocess.batch({}).size(0), 0);
}

void ImagePreprocessTest::goldenStatistics() {
    const auto goldenPath = clipdesk::test::syntheticModelDir() / "golden.json";
    CLIPDESK_REQUIRE_SHARED(goldenPath);
    CLIPDESK_REQUIRE_SHARED(clipdesk::test::samplePhotosDir());
    std::ifstream in(goldenPath);
    const auto golden = nlohmann::json::parse(in);
    QVERIFY(!golden.at("images").empty());
    double worst = 0.0;
    for (const auto& entry : golden.at("images")) {
        const std::string file = entry.at("file");
        const torch::Tensor t = preprocessPhoto(file).to(torch::kFloat64);
        QCOMPARE(t.sizes().vec(), entry.at("preprocessed_shape").get<std::vector<std::int64_t>>());
        auto check = [&](const char* what, const torch::Tensor& actual, double tolerance) {
            const auto expected = entry.at(what).get<std::vector<double>>();
            for (std::size_t c = 0; c < expected.size(); ++c) {
                const double diff = std::abs(actual[static_cast<std::int64_t>(c)].item<double>() - expected[c]);
                if (tolerance < 1e-3) worst = std::max(worst, diff);
                QVERIFY2(diff <= tolerance,
                         qPrintable(
                             QString("%1 %2[%3]: off by %4").arg(QString::fromStdString(file), what).arg(c).arg(diff)));
            }
        };
        // golden.json rounds to 7 decimals (the sum to 4), and uses the population std.
        check("channel_mean", t.mean({1, 2}), 1e-6);
        check("channel_std", t.std({1, 2}, /*unbiased=*/false), 1e-6);
        check("channel_min", std::get<0>(t.flatten(1).min(1)), 1e-6);
        check("channel_max", std::get<0>(t.flatten(1).max(1)), 1e-6);
        check("pixel_0_0", t.index({torch::indexing::Slice(), 0, 0}), 1e-6);
        check("pixel_112_112", t.index({torch::indexing::Slice(), 112, 112}), 1e-6);
        QVERIFY(std::abs(t.sum().item<double>() - entry.at("sum").get<double>()) <= 1e-3);
    }
    qInfo("golden statistics: worst difference %.3g", worst);
}

void ImagePreprocessTest::goldenPixelValues() {
    const auto goldenPath = clipdesk::test::syntheticModelDir() / "golden.json";
    const auto inputsPath = clipdesk::test::syntheticModelDir() / "golden_inputs.safetensors";
    CLIPDESK_REQUIRE_SHARED(goldenPath);
    CLIPDESK_REQUIRE_SHARED(inputsPath);
    CLIPDESK_REQUIRE_SHARED(clipdesk::test::samplePhotosDir());
    std::ifstream in(goldenPath);
    const auto images = nlohmann::json::parse(in).at("images");
    const torch::Tensor expected = readSafetensorsF32(inputsPath.string(), "pixel_values");
    QCOMPARE(expected.size(0), static_cast<std::int64_t>(images.size()));
    for (std::size_t i = 0; i < images.size(); ++i) {
        const std::string file = images[i].at("file");
        const torch::Tensor actual = preprocessPhoto(file);
        const torch::Tensor diff = (actual - expected[static_cast<std::int64_t>(i)]).abs();
        const double maxDiff = diff.max().item<double>();
        qInfo("%s: max abs diff %.3g, mean abs diff %.3g vs pixel_values[%zu]", file.c_str(), maxDiff,
              diff.mean().item<double>(), i);
        QVERIFY2(maxDiff <= 1e-6,
                 qPrintable(QString("%1 differs by %2").arg(QString::fromStdString(file)).arg(maxDiff)));
    }
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    ImagePreprocessTest preprocessTests;
    int status = QTest::qExec(&preprocessTests, argc, argv);
    status |= clipdesk::test::runImageDecodeTests(argc, argv);
    return status;
}

#include "test_image_preprocess.moc"
