#include "data_test_files.h"

#include "training/data/pairs_file_error.h"
#include "training/data/seeded_random.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace clipdesk::test {

void writeFileText(const std::string& path, const std::string& bytes) {
    if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path);
}

void writeTestImage(const std::string& path, int width, int height, std::uint8_t tag) {
    if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path());
    cv::Mat bgr(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            bgr.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<std::uint8_t>(x * 13 + y * 7),
                                                static_cast<std::uint8_t>(x * 5 + 90),
                                                static_cast<std::uint8_t>(y * 11 + 40));
    bgr.at<cv::Vec3b>(0, 0) = cv::Vec3b(7, static_cast<std::uint8_t>(255 - tag), tag);
    if (!cv::imwrite(path, bgr)) throw std::runtime_error("cv::imwrite failed for " + path);
}

std::string gzipped(const std::string& bytes) {
    z_stream zs{};
    if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    zs.avail_in = static_cast<uInt>(bytes.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
    out.resize(zs.total_out);
    return out;
}

QString pairsErrorOf(const std::function<void()>& open) {
    try {
        open();
    } catch (const PairsFileError& e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        return QStringLiteral("<other exception: %1>").arg(e.what());
    }
    return QStringLiteral("<no error>");
}

std::vector<std::int32_t> WordTokenizer::encode(std::string_view utf8Text) const {
    std::vector<std::int32_t> ids;
    std::size_t start = 0;
    while (start < utf8Text.size()) {
        std::size_t end = utf8Text.find(' ', start);
        if (end == std::string_view::npos) end = utf8Text.size();
        if (end > start) {
            std::uint64_t h = 1469598103934665603ull;
            for (char c : utf8Text.substr(start, end - start)) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
            ids.push_back(static_cast<std::int32_t>(1 + h % 1000));
        }
        start = end + 1;
    }
    return ids;
}

TokenizedText WordTokenizer::tokenize(std::string_view utf8Text, int contextLength) const {
    std::vector<std::int32_t> words = encode(utf8Text);
    TokenizedText out;
    out.ids.assign(static_cast<std::size_t>(contextLength), 0);
    out.untruncatedLength = static_cast<int>(words.size()) + 2;
    out.truncated = out.untruncatedLength > contextLength;
    std::vector<std::int64_t> all{sotId()};
    all.insert(all.end(), words.begin(), words.end());
    all.resize(std::min<std::size_t>(all.size(), static_cast<std::size_t>(contextLength) - 1));
    all.push_back(eotId());
    std::copy(all.begin(), all.end(), out.ids.begin());
    out.eotPosition = static_cast<int>(all.size()) - 1;
    return out;
}

std::string WordTokenizer::decode(const std::vector<std::int32_t>&) const { return {}; }

MemoryPairs::MemoryPairs(std::size_t count, std::set<std::size_t> broken) : count_(count), broken_(std::move(broken)) {}

RgbImage MemoryPairs::image(std::size_t i) const {
    if (broken_.count(i)) throw ImageDecodeError(describe(i), "not an image (test)");
    RgbImage image(40 + static_cast<int>(i % 7), 36 + static_cast<int>(i % 5));
    for (std::size_t p = 0; p < image.pixels.size(); ++p) image.pixels[p] = static_cast<std::uint8_t>(p * 31 + i * 17);
    image.pixels[0] = static_cast<std::uint8_t>(i % 256);
    return image;
}

std::string MemoryPairs::caption(std::size_t i, std::mt19937_64& rng) const {
    return "pair " + std::to_string(i) + (uniformIndex(rng, 2) == 0 ? " first" : " second");
}

}  // namespace clipdesk::test
