// PhotoDecoder: HEIF/HEIC and AVIF (libheif) and camera RAW (LibRaw, here DNG files written at
// test time), with orientation, thumbnails and embedded previews for reduced decodes, and one-line
// errors for damaged files. Nothing binary is committed: every file is made by the test.

#include "clip/image/photo_date_taken.h"
#include "clip/image/photo_decoder.h"
#include "image/metadata_dates.h"
#include "photo_format_files.h"

#include <QtTest/QtTest>

#include <array>
#include <functional>
#include <string>

using namespace clipdesk;
using namespace clipdesk::test;

namespace {

using Bytes = std::vector<std::uint8_t>;

const std::uint8_t* pixel(const RgbImage& image, int x, int y) { return image.row(y) + 3 * x; }

bool reddish(const std::uint8_t* p) { return p[0] > 150 && p[2] < 100; }
bool bluish(const std::uint8_t* p) { return p[2] > 150 && p[0] < 100; }
bool greenish(const std::uint8_t* p) { return p[1] > 150 && p[0] < 100 && p[2] < 100; }

// The ImageDecodeError's one-line message, or "" when `decode` succeeds.
std::string decodeError(const std::function<void()>& decode) {
    try {
        decode();
    } catch (const ImageDecodeError& e) {
        return e.what();
    }
    return {};
}

// Offset of the first occurrence of a 4-byte box type.
std::size_t findBox(const Bytes& file, const char* type) {
    for (std::size_t i = 0; i + 4 <= file.size(); ++i)
        if (std::memcmp(file.data() + i, type, 4) == 0) return i;
    return std::string::npos;
}

void put32be(Bytes& file, std::size_t at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) file[at + i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}

RgbImage solidGreen(int width, int height) {
    RgbImage image(width, height);
    for (std::size_t i = 0; i < image.pixels.size(); i += 3) {
        image.pixels[i] = 20;
        image.pixels[i + 1] = 210;
        image.pixels[i + 2] = 30;
    }
    return image;
}

}  // namespace

class PhotoFormatsTest : public QObject {
    Q_OBJECT
    PhotoDecoder decoder_;

    Bytes heic(const HeifFileSpec& spec) {
        Bytes file = encodeHeif(redLeftBlueRight(64, 32), spec);
        if (file.empty()) qFatal("libheif has no %s encoder: install Debian's libheif1", spec.avif ? "AV1" : "HEVC");
        return file;
    }

private Q_SLOTS:
    void datesTakenComeFromEachFormatsMetadata() {
        const auto taken = [](const Bytes& file) {
            const auto date = readPhotoDateTaken(file.data(), file.size());
            return date ? date->local + "|" + date->offset : std::string("none");
        };
        HeifFileSpec withExif{false, 1, 0, exifDateBlock("2023:08:14 09:15:00", "+09:00")};
        QCOMPARE(taken(heic(withExif)), std::string("2023-08-14 09:15:00|+09:00"));
        QCOMPARE(taken(heic({false, 1, 0, exifDateBlock("2021:02:03 04:05:06", "")})), std::string("2021-02-03 04:05:06|"));
        QCOMPARE(taken(heic({false, 1, 0})), std::string("none"));

        DngFileSpec dng;
        dng.dateTimeOriginal = "2022:01:15 12:00:00";
        dng.offsetTimeOriginal = "-05:00";
        const Bytes raw = writeDng(dng);
        QCOMPARE(taken(raw), std::string("2022-01-15 12:00:00|-05:00"));
        // The path of the RAW containers that are not TIFF-structured (CR3, RAF): LibRaw's
        // capture time, on the same wall clock, without an offset.
        const auto fromLibRaw = cameraRawDateTaken(raw.data(), raw.size());
        QCOMPARE(fromLibRaw ? fromLibRaw->local : std::string("none"), std::string("2022-01-15 12:00:00"));
        QCOMPARE(taken(writeDng({})), std::string("none"));

        // Offsets that are not "+HH:MM" are no offset; the date stays.
        QCOMPARE(taken(heic({false, 1, 0, exifDateBlock("2021:02:03 04:05:06", "   :  ")})),
                 std::string("2021-02-03 04:05:06|"));
        // A corrupt Exif block: no date, no crash.
        Bytes broken = exifDateBlock("2021:02:03 04:05:06", "+01:00");
        broken.resize(20);
        QCOMPARE(taken(heic({false, 1, 0, broken})), std::string("none"));
    }

    void heicIsDecodedUprightWithItsRotationApplied() {
        const Bytes file = heic({false, 6, 0});  // stored 64x32, shown turned 90° clockwise
        const DecodedImage d = decoder_.decodeMemory(file.data(), file.size(), "IMG_0001.HEIC");
        QCOMPARE(d.image.width, 32);
        QCOMPARE(d.image.height, 64);
        QCOMPARE(d.sourceWidth, 32);
        QCOMPARE(d.sourceHeight, 64);
        QVERIFY(reddish(pixel(d.image, 2, 2)));     // the stored left half is now on top
        QVERIFY(bluish(pixel(d.image, 29, 61)));
    }

    void heicThumbnailServesAReducedDecode() {
        const Bytes file = heic({false, 1, 16});
        DecodeOptions reduced;
        reduced.minShortSide = 8;
        const DecodedImage small = decoder_.decodeMemory(file.data(), file.size(), "a.heic", reduced);
        QCOMPARE(small.image.width, 16);  // the 16x8 thumbnail
        QCOMPARE(small.image.height, 8);
        QCOMPARE(small.sourceWidth, 64);  // the photo's own size
        QCOMPARE(small.sourceHeight, 32);
        QVERIFY(reddish(pixel(small.image, 1, 4)));
        reduced.minShortSide = 20;  // the thumbnail is too small for that: the photo itself
        QCOMPARE(decoder_.decodeMemory(file.data(), file.size(), "a.heic", reduced).image.width, 64);
    }

    void avifIsDecoded() {
        const Bytes file = heic({true, 3, 0});  // turned 180°
        const DecodedImage d = decoder_.decodeMemory(file.data(), file.size(), "clip.avif");
        QCOMPARE(d.image.width, 64);
        QCOMPARE(d.image.height, 32);
        QVERIFY(bluish(pixel(d.image, 2, 2)));
        QVERIFY(reddish(pixel(d.image, 61, 29)));
    }

    void dngMosaicIsRenderedUpright() {
        DngFileSpec spec;
        spec.orientation = 6;
        const Bytes file = writeDng(spec);
        const DecodedImage d = decoder_.decodeMemory(file.data(), file.size(), "IMG_0002.DNG");
        QCOMPARE(d.image.width, 48);
        QCOMPARE(d.image.height, 64);
        QVERIFY2(reddish(pixel(d.image, 24, 4)), "the sensor's left (red) half belongs on top");
        QVERIFY(bluish(pixel(d.image, 24, 59)));
    }

    void dngEmbeddedPreviewIsUsedWhenLargeEnough() {
        DngFileSpec spec;
        spec.orientation = 6;
        spec.previewJpeg = encodeJpeg(solidGreen(64, 48));  // tells the preview from the mosaic
        spec.previewWidth = 64;
        spec.previewHeight = 48;
        const Bytes file = writeDng(spec);
        DecodeOptions reduced;
        reduced.minShortSide = 40;
        const DecodedImage fromPreview = decoder_.decodeMemory(file.data(), file.size(), "a.dng", reduced);
        QVERIFY(greenish(pixel(fromPreview.image, 10, 10)));
        QCOMPARE(fromPreview.image.width, 48);  // the camera's orientation applies to the preview
        QCOMPARE(fromPreview.image.height, 64);
        QCOMPARE(fromPreview.sourceWidth, 48);
        QCOMPARE(fromPreview.sourceHeight, 64);
        // Full size asked for and the preview is the sensor's size: the preview again.
        QVERIFY(greenish(pixel(decoder_.decodeMemory(file.data(), file.size(), "a.dng").image, 10, 10)));
        reduced.minShortSide = 56;  // more than the preview's 48: LibRaw renders the mosaic
        const DecodedImage rendered = decoder_.decodeMemory(file.data(), file.size(), "a.dng", reduced);
        QVERIFY(reddish(pixel(rendered.image, 24, 4)));
        QVERIFY(bluish(pixel(rendered.image, 24, 59)));
    }

    void truncatedPreviewFallsBackToTheMosaic() {
        DngFileSpec spec;
        Bytes jpeg = encodeJpeg(solidGreen(64, 48));
        jpeg.resize(jpeg.size() / 3);
        spec.previewJpeg = jpeg;
        spec.previewWidth = 64;
        spec.previewHeight = 48;
        const Bytes file = writeDng(spec);
        const DecodedImage d = decoder_.decodeMemory(file.data(), file.size(), "a.dng");
        QCOMPARE(d.image.width, 64);
        QVERIFY(reddish(pixel(d.image, 4, 24)));
        QVERIFY(bluish(pixel(d.image, 59, 24)));
    }

    void damagedFilesGiveOneLineErrorsNamingThem() {
        Bytes truncated = heic({false, 1, 0});
        truncated.resize(truncated.size() / 2);
        std::string error = decodeError([&] { decoder_.decodeMemory(truncated.data(), truncated.size(), "/p/broken.heic"); });
        QVERIFY2(error.rfind("/p/broken.heic: ", 0) == 0, error.c_str());
        QVERIFY2(error.find('\n') == std::string::npos, error.c_str());

        // An AV1 stream of a profile no decoder knows (seq_profile 7), in the item's
        // configuration and in the sequence header after the temporal delimiter (12 00 0A size).
        Bytes avif = heic({true, 1, 0});
        const std::size_t av1C = findBox(avif, "av1C");
        const std::size_t mdat = findBox(avif, "mdat") + 4;
        QVERIFY(av1C != std::string::npos && mdat + 4 < avif.size());
        QCOMPARE(int(avif[mdat + 2]), 0x0A);
        avif[av1C + 5] = static_cast<std::uint8_t>(avif[av1C + 5] | 0xE0);
        avif[mdat + 4] = static_cast<std::uint8_t>(avif[mdat + 4] | 0xE0);
        error = decodeError([&] { decoder_.decodeMemory(avif.data(), avif.size(), "/p/odd.avif"); });
        QVERIFY2(error.rfind("/p/odd.avif: cannot decode the HEIF/AVIF image: ", 0) == 0, error.c_str());
        QVERIFY2(error.find('\n') == std::string::npos, error.c_str());

        // A TIFF named like a Nikon RAW that LibRaw does not know.
        const Bytes plainTiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        error = decodeError([&] { decoder_.decodeMemory(plainTiff.data(), plainTiff.size(), "/p/DSC_1.NEF"); });
        QVERIFY2(error.rfind("/p/DSC_1.NEF: not a camera RAW file LibRaw can read", 0) == 0, error.c_str());

        // A DNG cut inside its mosaic.
        Bytes dng = writeDng({});
        Bytes cut(dng.begin(), dng.begin() + 8 + 64 * 48);  // header + half the samples, no IFD
        error = decodeError([&] { decoder_.decodeMemory(cut.data(), cut.size(), "/p/cut.dng"); });
        QVERIFY2(error.rfind("/p/cut.dng: ", 0) == 0, error.c_str());
    }

    void hugeHeifImageIsRefusedBeforeDecoding() {
        // A 200-megapixel image (20000x10000) announced by its ispe property (an AVIF: one item;
        // libheif's HEVC encoder adds a cropped derived item).
        Bytes file = heic({true, 1, 0});
        const std::size_t ispe = findBox(file, "ispe");
        QVERIFY(ispe != std::string::npos);
        put32be(file, ispe + 8, 20000);
        put32be(file, ispe + 12, 10000);
        DecodeOptions options;
        options.maxPixels = 100'000'000;
        const std::string error = decodeError([&] { decoder_.decodeMemory(file.data(), file.size(), "/p/pano.avif", options); });
        QCOMPARE(QString::fromStdString(error),
                 QString("/p/pano.avif: image too large (20000x10000 = 200000000 pixels; the limit is 100000000)"));
    }

    void cmykJpegIsConvertedAsPillowConvertsIt() {
        // CMYK colours and what Pillow 9.4's Image.convert("RGB") gives for them (Debian 12's
        // python3-pil: Image.new("CMYK", (1, 1), c).convert("RGB")). OpenCV's own conversion
        // is one level brighter on most channels.
        const std::vector<std::array<std::uint8_t, 4>> cmyk = {
            {0, 0, 0, 0}, {200, 30, 60, 20}, {10, 180, 90, 100}, {128, 128, 128, 128}, {255, 0, 0, 255}};
        const std::uint8_t pillow[5][3] = {{255, 255, 255}, {51, 207, 180}, {149, 46, 100}, {63, 63, 63}, {0, 0, 0}};
        const Bytes file = encodeCmykJpeg(cmyk);
        const DecodedImage d = decoder_.decodeMemory(file.data(), file.size(), "cmyk.jpg");
        QCOMPARE(d.image.width, 80);
        for (int block = 0; block < 5; ++block)
            for (int c = 0; c < 3; ++c)
                QCOMPARE(int(pixel(d.image, 16 * block + 8, 8)[c]), int(pillow[block][c]));
        DecodeOptions reduced;  // DCT-scaled decoding takes the same path
        reduced.minShortSide = 8;
        const DecodedImage half = decoder_.decodeMemory(file.data(), file.size(), "cmyk.jpg", reduced);
        QCOMPARE(half.image.width, 40);
        QCOMPARE(int(pixel(half.image, 8 * 1 + 4, 4)[1]), 207);
    }

    void decodeFileReadsTheSameAsMemory() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("IMG_3.HEIC").toStdString();
        const Bytes file = heic({false, 8, 0});
        QFile out(QString::fromStdString(path));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(reinterpret_cast<const char*>(file.data()), static_cast<qint64>(file.size()));
        out.close();
        const DecodedImage d = decoder_.decodeFile(path);
        QCOMPARE(d.image.width, 32);
        QCOMPARE(d.image.height, 64);
        QVERIFY(bluish(pixel(d.image, 2, 2)));  // turned 90° counter-clockwise: right half on top
    }
};

QTEST_APPLESS_MAIN(PhotoFormatsTest)
#include "test_photo_formats.moc"
