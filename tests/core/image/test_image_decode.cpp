// OpenCvImageDecoder: formats, conversion to 8-bit RGB, EXIF orientation, reduced JPEG
// decoding, and clear errors for bad input. Test images are written into a temporary folder.

#include "clip/image/opencv_image_decoder.h"
#include "test_image_decode.h"
#include "test_image_files.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <functional>

using namespace clipdesk;
using clipdesk::test::Bytes;

namespace {

cv::Mat toBgrMat(const RgbImage& image) {
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    return bgr;
}

RgbImage fromRgbMat(const cv::Mat& rgb) {
    RgbImage image(rgb.cols, rgb.rows);
    for (int y = 0; y < rgb.rows; ++y) std::memcpy(image.row(y), rgb.ptr(y), static_cast<std::size_t>(rgb.cols) * 3);
    return image;
}

Bytes encode(const std::string& ext, const cv::Mat& image, const std::vector<int>& params = {}) {
    std::vector<std::uint8_t> out;
    if (!cv::imencode(ext, image, out, params)) throw std::runtime_error("cv::imencode failed for " + ext);
    return out;
}

// 48x32: a red 16x16 block at the top-left, grey elsewhere (8x8 JPEG blocks stay flat).
cv::Mat markerImageBgr() {
    cv::Mat image(32, 48, CV_8UC3, cv::Scalar(128, 128, 128));
    image(cv::Rect(0, 0, 16, 16)).setTo(cv::Scalar(0, 0, 255));
    return image;
}

// 32x32 in four flat 16x16 blocks, in RGB: red, green / blue, near-white.
const std::uint8_t kQuadrantRgb[4][3] = {{220, 30, 30}, {30, 200, 40}, {40, 60, 210}, {240, 230, 220}};

cv::Mat quadrantImageBgr() {
    cv::Mat image(32, 32, CV_8UC3);
    for (int q = 0; q < 4; ++q)
        image(cv::Rect((q % 2) * 16, (q / 2) * 16, 16, 16))
            .setTo(cv::Scalar(kQuadrantRgb[q][2], kQuadrantRgb[q][1], kQuadrantRgb[q][0]));
    return image;
}

int maxAbsDiff(const RgbImage& a, const RgbImage& b) {
    if (a.width != b.width || a.height != b.height) return 1000;
    int worst = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) worst = std::max(worst, std::abs(a.pixels[i] - b.pixels[i]));
    return worst;
}

// Largest difference from the quadrant colours at the centre of each quadrant (lossy formats).
int quadrantError(const RgbImage& image, bool grey = false) {
    if (image.width != 32 || image.height != 32) return 1000;
    int worst = 0;
    for (int q = 0; q < 4; ++q) {
        const std::uint8_t* px = image.row((q / 2) * 16 + 8) + ((q % 2) * 16 + 8) * 3;
        const auto& c = kQuadrantRgb[q];
        const int luma = static_cast<int>(std::lround(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]));
        for (int ch = 0; ch < 3; ++ch) worst = std::max(worst, std::abs(px[ch] - (grey ? luma : c[ch])));
    }
    return worst;
}

// The reason of the ImageDecodeError that `decode` throws ("" and a failure if none).
QString decodeErrorReason(const std::function<void()>& decode) {
    try {
        decode();
    } catch (const ImageDecodeError& e) {
        return QString::fromStdString(e.reason());
    } catch (const std::exception& e) {
        return QStringLiteral("<wrong exception type: %1>").arg(e.what());
    }
    return QString();
}

}  // namespace

class ImageDecodeTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void losslessFormatsAreExact();
    void alphaAndPaletteAreFlattened();
    void sixteenBitIsScaledAndRounded();
    void lossyFormatsDecodeToRgb();
    void appliesExifOrientation_data();
    void appliesExifOrientation();
    void appliesExifOrientationInPngAndWebP();
    void reducedJpegDecoding();
    void memoryAndFileDecodingAgree();
    void badInputGivesClearErrors_data();
    void badInputGivesClearErrors();

private:
    std::string writeTemp(const QString& name, const Bytes& bytes) {
        const std::string path = dir_.filePath(name).toStdString();
        clipdesk::test::writeFile(path, bytes);
        return path;
    }
    DecodedImage decodeBytes(const QString& name, const Bytes& bytes, const DecodeOptions& options = {}) {
        return decoder_->decodeFile(writeTemp(name, bytes), options);
    }

    QTemporaryDir dir_;
    std::unique_ptr<ImageDecoder> decoder_ = makeOpenCvImageDecoder();
};

void ImageDecodeTest::initTestCase() { QVERIFY(dir_.isValid()); }

void ImageDecodeTest::losslessFormatsAreExact() {
    const RgbImage expected = clipdesk::test::patternImage(37, 23);
    const cv::Mat bgr = toBgrMat(expected);
    const struct {
        const char* file;
        Bytes bytes;
    } cases[] = {
        {"rgb.png", encode(".png", bgr)},   {"rgb.bmp", encode(".bmp", bgr)},
        {"rgb.tiff", encode(".tiff", bgr)}, {"lossless.webp", encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 101})},
        {"rgb.ppm", encode(".ppm", bgr)},
    };
    for (const auto& c : cases) {
        const DecodedImage decoded = decodeBytes(c.file, c.bytes);
        QVERIFY2(maxAbsDiff(decoded.image, expected) == 0, c.file);
        QCOMPARE(decoded.sourceWidth, 37);
        QCOMPARE(decoded.sourceHeight, 23);
    }

    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::Mat greyRgb;
    cv::cvtColor(grey, greyRgb, cv::COLOR_GRAY2RGB);
    for (const char* file : {"grey.png", "grey.tiff", "grey.bmp"}) {
        const DecodedImage decoded = decodeBytes(file, encode(std::strchr(file, '.'), grey));
        QVERIFY2(maxAbsDiff(decoded.image, fromRgbMat(greyRgb)) == 0, file);
    }
}

void ImageDecodeTest::alphaAndPaletteAreFlattened() {
    // RGBA: alpha is dropped, colour kept as stored (Pillow's convert("RGB")).
    const RgbImage expected = clipdesk::test::patternImage(20, 10);
    cv::Mat bgra;
    cv::cvtColor(toBgrMat(expected), bgra, cv::COLOR_BGR2BGRA);
    for (int y = 0; y < bgra.rows; ++y)
        for (int x = 0; x < bgra.cols; ++x)
            bgra.at<cv::Vec4b>(y, x)[3] =
                static_cast<std::uint8_t>(5 + x * 12);  // never 0: WebP may drop hidden colour
    for (const char* file : {"rgba.png", "rgba.tiff", "rgba.webp"}) {
        const std::vector<int> params =
            std::strstr(file, "webp") ? std::vector<int>{cv::IMWRITE_WEBP_QUALITY, 101} : std::vector<int>{};
        const DecodedImage decoded = decodeBytes(file, encode(std::strchr(file, '.'), bgra, params));
        QVERIFY2(maxAbsDiff(decoded.image, expected) == 0, file);
    }

    const std::vector<std::array<std::uint8_t, 3>> palette = {{0, 0, 0}, {255, 0, 0}, {12, 34, 56}, {200, 220, 240}};
    std::vector<std::uint8_t> indices(5 * 3);
    for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = static_cast<std::uint8_t>(i % palette.size());
    for (bool transparency : {false, true}) {
        const DecodedImage decoded =
            decodeBytes("palette.png", clipdesk::test::encodePalettePng(5, 3, palette, indices, transparency));
        QCOMPARE(decoded.image.width, 5);
        QCOMPARE(decoded.image.height, 3);
        for (std::size_t i = 0; i < indices.size(); ++i)
            for (int c = 0; c < 3; ++c) QCOMPARE(decoded.image.pixels[i * 3 + c], palette[indices[i]][c]);
    }
}

void ImageDecodeTest::sixteenBitIsScaledAndRounded() {
    const std::uint16_t values[] = {0, 128, 129, 385, 386, 257 * 100 + 128, 257 * 100 + 129, 65407, 65408, 65535};
    const int n = static_cast<int>(std::size(values));
    cv::Mat colour(1, n, CV_16UC3);
    cv::Mat grey(1, n, CV_16UC1);
    for (int i = 0; i < n; ++i) {
        colour.at<cv::Vec3w>(0, i) = cv::Vec3w(values[i], values[(i + 1) % n], values[(i + 2) % n]);  // B, G, R
        grey.at<std::uint16_t>(0, i) = values[i];
    }
    auto scaled = [](std::uint16_t v) { return static_cast<int>((2 * v + 257) / 514); };  // round(v / 257)
    for (const char* file : {"deep.png", "deep.tiff"}) {
        const DecodedImage decoded = decodeBytes(file, encode(std::strchr(file, '.'), colour));
        QCOMPARE(decoded.image.width, n);
        for (int i = 0; i < n; ++i) {
            QCOMPARE(int(decoded.image.pixels[i * 3 + 0]), scaled(values[(i + 2) % n]));
            QCOMPARE(int(decoded.image.pixels[i * 3 + 1]), scaled(values[(i + 1) % n]));
            QCOMPARE(int(decoded.image.pixels[i * 3 + 2]), scaled(values[i]));
        }
    }
    const DecodedImage decoded = decodeBytes("deep-grey.png", encode(".png", grey));
    for (int i = 0; i < n; ++i)
        for (int c = 0; c < 3; ++c) QCOMPARE(int(decoded.image.pixels[i * 3 + c]), scaled(values[i]));
}

void ImageDecodeTest::lossyFormatsDecodeToRgb() {
    const cv::Mat bgr = quadrantImageBgr();
    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    const struct {
        const char* file;
        Bytes bytes;
        bool grey;
        int tolerance;
    } cases[] = {
        {"baseline.jpg", encode(".jpg", bgr, {cv::IMWRITE_JPEG_QUALITY, 95}), false, 6},
        {"progressive.jpg", encode(".jpg", bgr, {cv::IMWRITE_JPEG_QUALITY, 95, cv::IMWRITE_JPEG_PROGRESSIVE, 1}), false,
         6},
        {"restarts.jpg", encode(".jpg", bgr, {cv::IMWRITE_JPEG_QUALITY, 95, cv::IMWRITE_JPEG_RST_INTERVAL, 1}), false,
         6},
        {"grey.jpg", encode(".jpg", grey, {cv::IMWRITE_JPEG_QUALITY, 95}), true, 3},
        {"lossy.webp", encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 90}), false, 10},
        {"cmyk.jpg", clipdesk::test::cmykJpeg16(), false, 4},
    };
    for (const auto& c : cases) {
        DecodedImage decoded = decodeBytes(c.file, c.bytes);
        if (std::strcmp(c.file, "cmyk.jpg") == 0) {  // 16x16: scale up to the 32x32 quadrant layout
            QCOMPARE(decoded.image.width, 16);
            cv::Mat small(16, 16, CV_8UC3, decoded.image.pixels.data());
            cv::Mat big;
            cv::resize(small, big, cv::Size(32, 32), 0, 0, cv::INTER_NEAREST);
            decoded.image = fromRgbMat(big);
        }
        const int error = quadrantError(decoded.image, c.grey);
        QVERIFY2(error <= c.tolerance, qPrintable(QStringLiteral("%1: off by %2").arg(c.file).arg(error)));
    }
}

void ImageDecodeTest::appliesExifOrientation_data() {
    // Where the 16x16 red block of the 48x32 marker image lands (its centre), per orientation.
    QTest::addColumn<int>("orientation");
    QTest::addColumn<bool>("bigEndian");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("redX");
    QTest::addColumn<int>("redY");
    QTest::newRow("1 (none)") << 1 << false << 48 << 32 << 8 << 8;
    QTest::newRow("2 mirror") << 2 << false << 48 << 32 << 39 << 8;
    QTest::newRow("3 rotate 180") << 3 << false << 48 << 32 << 39 << 23;
    QTest::newRow("4 flip") << 4 << true << 48 << 32 << 8 << 23;
    QTest::newRow("5 transpose") << 5 << false << 32 << 48 << 8 << 8;
    QTest::newRow("6 rotate 90 cw") << 6 << false << 32 << 48 << 23 << 8;
    QTest::newRow("6 big-endian EXIF") << 6 << true << 32 << 48 << 23 << 8;
    QTest::newRow("7 transverse") << 7 << false << 32 << 48 << 23 << 39;
    QTest::newRow("8 rotate 90 ccw") << 8 << false << 32 << 48 << 8 << 39;
}

void ImageDecodeTest::appliesExifOrientation() {
    QFETCH(int, orientation);
    QFETCH(bool, bigEndian);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, redX);
    QFETCH(int, redY);
    const Bytes jpeg = clipdesk::test::withExifOrientation(
        encode(".jpg", markerImageBgr(), {cv::IMWRITE_JPEG_QUALITY, 95}), orientation, bigEndian);
    const DecodedImage decoded = decodeBytes("oriented.jpg", jpeg);
    QCOMPARE(decoded.image.width, width);
    QCOMPARE(decoded.image.height, height);
    QCOMPARE(decoded.sourceWidth, width);
    QCOMPARE(decoded.sourceHeight, height);
    for (int y = 0; y < height; y += 4)
        for (int x = 0; x < width; x += 4) {
            const std::uint8_t* px = decoded.image.row(y) + x * 3;
            const bool red = std::abs(x - redX) < 6 && std::abs(y - redY) < 6;
            const bool grey = std::abs(x - redX) > 10 || std::abs(y - redY) > 10;
            if (red)
                QVERIFY2(px[0] > 200 && px[1] < 50 && px[2] < 50,
                         qPrintable(QStringLiteral("(%1,%2) not red").arg(x).arg(y)));
            if (grey)
                QVERIFY2(std::abs(px[0] - 128) < 10 && std::abs(px[2] - 128) < 10,
                         qPrintable(QStringLiteral("(%1,%2) not grey").arg(x).arg(y)));
        }
}

void ImageDecodeTest::appliesExifOrientationInPngAndWebP() {
    const cv::Mat marker = markerImageBgr();
    const Bytes png = encode(".png", marker);
    const Bytes webp = encode(".webp", marker, {cv::IMWRITE_WEBP_QUALITY, 101});
    // Orientation 6 (rotate 90 clockwise): 32x48 with the red block at the top right.
    for (const auto& [file, bytes] :
         {std::pair{"oriented.png", clipdesk::test::pngWithExifOrientation(png, 6)},
          std::pair{"oriented.webp", clipdesk::test::webpWithExifOrientation(webp, 48, 32, 6)}}) {
        const DecodedImage decoded = decodeBytes(file, bytes);
        QCOMPARE(decoded.image.width, 32);
        QCOMPARE(decoded.image.height, 48);
        QCOMPARE(decoded.sourceWidth, 32);
        const std::uint8_t* red = decoded.image.row(8) + 23 * 3;
        const std::uint8_t* grey = decoded.image.row(39) + 8 * 3;
        QVERIFY2(red[0] == 255 && red[1] == 0 && red[2] == 0, file);
        QVERIFY2(grey[0] == 128 && grey[1] == 128 && grey[2] == 128, file);
    }
}

void ImageDecodeTest::reducedJpegDecoding() {
    cv::Mat big(3000, 4000, CV_8UC3);
    cv::randu(big, cv::Scalar::all(0), cv::Scalar::all(255));
    cv::GaussianBlur(big, big, cv::Size(0, 0), 3.0);
    const Bytes jpeg = encode(".jpg", big, {cv::IMWRITE_JPEG_QUALITY, 80});
    const std::string path = writeTemp("big.jpg", jpeg);

    DecodeOptions reduced;
    reduced.minShortSide = 224;
    DecodedImage decoded = decoder_->decodeFile(path, reduced);
    QCOMPARE(decoded.image.width, 500);  // 1/8
    QCOMPARE(decoded.image.height, 375);
    QCOMPARE(decoded.sourceWidth, 4000);
    QCOMPARE(decoded.sourceHeight, 3000);

    reduced.minShortSide = 400;  // 1/8 would give 375 < 400
    decoded = decoder_->decodeFile(path, reduced);
    QCOMPARE(decoded.image.width, 1000);
    QCOMPARE(decoded.image.height, 750);

    reduced.minShortSide = 224;
    decoded = decodeBytes("big-rotated.jpg", clipdesk::test::withExifOrientation(jpeg, 6), reduced);
    QCOMPARE(decoded.image.width, 375);
    QCOMPARE(decoded.image.height, 500);
    QCOMPARE(decoded.sourceWidth, 3000);
    QCOMPARE(decoded.sourceHeight, 4000);

    decoded = decoder_->decodeFile(path);  // minShortSide 0: full size
    QCOMPARE(decoded.image.width, 4000);
    QCOMPARE(decoded.image.height, 3000);
    QCOMPARE(decoded.sourceWidth, 4000);

    // Other formats ignore minShortSide.
    cv::Mat png(600, 800, CV_8UC3, cv::Scalar(1, 2, 3));
    decoded = decodeBytes("big.png", encode(".png", png), reduced);
    QCOMPARE(decoded.image.width, 800);
    QCOMPARE(decoded.sourceWidth, 800);
}

void ImageDecodeTest::memoryAndFileDecodingAgree() {
    const Bytes jpeg = encode(".jpg", toBgrMat(clipdesk::test::patternImage(64, 48)));
    const DecodedImage fromFile = decodeBytes("same.jpg", jpeg);
    const DecodedImage fromMemory = decoder_->decodeMemory(jpeg.data(), jpeg.size(), "memory");
    QCOMPARE(fromMemory.image.width, 64);
    QVERIFY(fromMemory.image.pixels == fromFile.image.pixels);
    // OpenCV's own reader gives the same pixels.
    cv::Mat reference = cv::imdecode(jpeg, cv::IMREAD_COLOR);
    cv::cvtColor(reference, reference, cv::COLOR_BGR2RGB);
    QVERIFY(fromRgbMat(reference).pixels == fromFile.image.pixels);
}

void ImageDecodeTest::badInputGivesClearErrors_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content");  // written to `file` unless empty with file "missing"
    QTest::addColumn<QString>("reasonContains");

    const Bytes jpeg = encode(".jpg", toBgrMat(clipdesk::test::patternImage(64, 48)));
    const Bytes progressive =
        encode(".jpg", toBgrMat(clipdesk::test::patternImage(64, 48)), {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
    const Bytes png = encode(".png", toBgrMat(clipdesk::test::patternImage(64, 48)));
    auto bytes = [](const Bytes& b, std::size_t n) {
        return QByteArray(reinterpret_cast<const char*>(b.data()), int(n));
    };
    Bytes hugeJpeg = jpeg;  // patch the frame header (SOF0) to claim 60000x60000
    for (std::size_t i = 2; i + 9 < hugeJpeg.size(); ++i)
        if (hugeJpeg[i] == 0xFF && hugeJpeg[i + 1] == 0xC0) {
            hugeJpeg[i + 5] = hugeJpeg[i + 7] = 0xEA;
            hugeJpeg[i + 6] = hugeJpeg[i + 8] = 0x60;
            break;
        }

    QTest::newRow("missing file") << "missing.jpg" << QByteArray() << "No such file";
    QTest::newRow("zero bytes") << "empty.jpg" << QByteArray("") << "empty file";
    QTest::newRow("text named .jpg") << "notes.jpg" << QByteArray("just some text, not a picture\n") << "not an image";
    QTest::newRow("truncated JPEG") << "cut.jpg" << bytes(jpeg, jpeg.size() * 6 / 10) << "truncated JPEG";
    QTest::newRow("truncated progressive JPEG")
        << "cut-progressive.jpg" << bytes(progressive, progressive.size() * 6 / 10) << "truncated JPEG";
    QTest::newRow("JPEG signature only") << "stub.jpg" << QByteArray("\xFF\xD8\xFF", 3) << "truncated JPEG";
    QTest::newRow("truncated PNG") << "cut.png" << bytes(png, png.size() * 6 / 10)
                                   << "corrupt, truncated or unsupported PNG";
    const Bytes hugePng = clipdesk::test::pngHeaderOnly(30000, 30000);
    QTest::newRow("PNG claiming 30000x30000")
        << "huge.png" << bytes(hugePng, hugePng.size()) << "too large (30000x30000";
    QTest::newRow("JPEG claiming 60000x60000")
        << "huge.jpg" << bytes(hugeJpeg, hugeJpeg.size()) << "too large (60000x60000";
    QTest::newRow("GIF") << "anim.gif" << QByteArray("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14)
                         << "unsupported image format (GIF)";
    QTest::newRow("directory") << "." << QByteArray() << "not a regular file (a directory)";
    QTest::newRow("FIFO") << "pipe.jpg" << QByteArray() << "not a regular file (a FIFO)";  // refused, never waits
    QTest::newRow("character device") << "/dev/zero" << QByteArray() << "not a regular file (a character device)";
}

void ImageDecodeTest::badInputGivesClearErrors() {
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(QString, reasonContains);
    std::string path = dir_.filePath(file).toStdString();
    if (file == "pipe.jpg") QVERIFY(::mkfifo(path.c_str(), 0600) == 0);
    else if (file != "missing.jpg" && file != "." && file != "/dev/zero")
        writeTemp(file, Bytes(content.begin(), content.end()));
    if (file == ".") path = dir_.path().toStdString();
    if (file == "/dev/zero") path = "/dev/zero";
    const QString reason = decodeErrorReason([&] { decoder_->decodeFile(path); });
    QVERIFY2(reason.contains(reasonContains), qPrintable(QStringLiteral("reason was '%1'").arg(reason)));
    QVERIFY2(!reason.contains('\n'), "reason must be one line");
    if (!content.isEmpty()) {  // the same from memory, named as given
        const Bytes data(content.begin(), content.end());
        const QString fromMemory = decodeErrorReason([&] { decoder_->decodeMemory(data.data(), data.size(), "mem"); });
        QVERIFY2(fromMemory.contains(reasonContains), qPrintable(fromMemory));
    }
}

namespace clipdesk::test {

int runImageDecodeTests(int argc, char** argv) {
    ImageDecodeTest tests;
    return QTest::qExec(&tests, argc, argv);
}

}  // namespace clipdesk::test

#include "test_image_decode.moc"
