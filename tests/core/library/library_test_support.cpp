#include "library_test_support.h"

#include "shared_data.h"
#include "tiny_config.h"

#include "clip/model/clip_model.h"
#include "clip/weights/checkpoint_loader.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace clipdesk::test {

ClipConfig tinyLibraryModelConfig() {
    ClipConfig c = tinyClipConfig();
    c.name = "tiny-library-test";
    c.embedDim = 32;
    c.text.vocabSize = 49408;
    c.text.sotId = 49406;
    c.text.eotId = 49407;
    return c;
}

void writeTinyModel(const std::filesystem::path& dir, std::uint64_t seed, bool broken, int contextLength) {
    std::filesystem::create_directories(dir);
    torch::manual_seed(seed);
    ClipConfig config = tinyLibraryModelConfig();
    if (contextLength > 0) config.text.contextLength = contextLength;
    ClipModel model(config);
    if (broken) {
        torch::NoGradGuard noGrad;
        // Finite weights (a NaN weight is refused at load) whose products overflow to infinity.
        model->visual->proj.fill_(std::numeric_limits<float>::max());
        model->text->text_projection.fill_(std::numeric_limits<float>::max());
    }
    saveClipModelWeights(model, (dir / "model.safetensors").string());
    std::ofstream(dir / "config.json") << config.toJson();
}

void writePhoto(const std::filesystem::path& path, int seed, int width, int height) {
    std::filesystem::create_directories(path.parent_path());
    cv::RNG random(static_cast<std::uint64_t>(seed) * 7919 + 17);
    cv::Mat blocks(3, 4, CV_8UC3);
    random.fill(blocks, cv::RNG::UNIFORM, 0, 256);
    cv::Mat image;
    cv::resize(blocks, image, cv::Size(width, height), 0, 0, cv::INTER_LINEAR);
    if (!cv::imwrite(path.string(), image)) throw std::runtime_error("cannot write test photo " + path.string());
}

void useSharedBpeVocabulary() { ::setenv("CLIPDESK_BPE_VOCAB", bpeVocabPath().c_str(), 1); }

namespace {

void put16(std::vector<std::uint8_t>& out, std::uint32_t v, bool big) {
    if (big) out.insert(out.end(), {std::uint8_t(v >> 8), std::uint8_t(v)});
    else out.insert(out.end(), {std::uint8_t(v), std::uint8_t(v >> 8)});
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v, bool big) {
    if (big) {
        put16(out, v >> 16, true);
        put16(out, v & 0xFFFF, true);
    } else {
        put16(out, v & 0xFFFF, false);
        put16(out, v >> 16, false);
    }
}

// A TIFF block: IFD0 with either the Exif-IFD pointer (whose IFD holds DateTimeOriginal) or
// DateTime itself.
std::vector<std::uint8_t> exifBlock(const std::string& date, bool big, bool inSubIfd) {
    std::vector<std::uint8_t> t;
    t.insert(t.end(), big ? std::initializer_list<std::uint8_t>{'M', 'M'} : std::initializer_list<std::uint8_t>{'I', 'I'});
    put16(t, 42, big);
    put32(t, 8, big);  // IFD0 at 8
    // IFD0: one entry (12 bytes) + next-IFD offset: ends at 8 + 2 + 12 + 4 = 26.
    put16(t, 1, big);
    const std::uint32_t subIfd = 26;
    const std::uint32_t dateAt = inSubIfd ? subIfd + 18 : 26;
    if (inSubIfd) {
        put16(t, 0x8769, big);
        put16(t, 4, big);  // LONG
        put32(t, 1, big);
        put32(t, subIfd, big);
    } else {
        put16(t, 0x0132, big);
        put16(t, 2, big);  // ASCII
        put32(t, 20, big);
        put32(t, dateAt, big);
    }
    put32(t, 0, big);
    if (inSubIfd) {
        put16(t, 1, big);
        put16(t, 0x9003, big);
        put16(t, 2, big);
        put32(t, 20, big);
        put32(t, dateAt, big);
        put32(t, 0, big);
    }
    t.insert(t.end(), date.begin(), date.end());
    t.push_back(0);
    return t;
}

}  // namespace

std::vector<std::uint8_t> jpegWithExifDate(const std::string& exifDate, bool bigEndian, bool inSubIfd) {
    cv::Mat image(16, 16, CV_8UC3, cv::Scalar(40, 120, 200));
    std::vector<std::uint8_t> jpeg;
    cv::imencode(".jpg", image, jpeg);
    std::vector<std::uint8_t> payload = {'E', 'x', 'i', 'f', 0, 0};
    const auto block = exifBlock(exifDate, bigEndian, inSubIfd);
    payload.insert(payload.end(), block.begin(), block.end());
    std::vector<std::uint8_t> segment = {0xFF, 0xE1};
    put16(segment, static_cast<std::uint32_t>(payload.size() + 2), true);
    segment.insert(segment.end(), payload.begin(), payload.end());
    jpeg.insert(jpeg.begin() + 2, segment.begin(), segment.end());
    return jpeg;
}

void appendBytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::app) << bytes;
}

}  // namespace clipdesk::test
