#pragma once
// Small generated images for the training tests.

#include <QString>

#include <cstdint>
#include <fstream>
#include <vector>

namespace clipdesk::test {

// A 24-bit BMP of one colour with a bright square whose place depends on `seed`.
inline void writeBmp(const QString& path, int seed) {
    const int w = 32, h = 32, rowBytes = w * 3;
    std::vector<unsigned char> pixels(static_cast<size_t>(rowBytes * h));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const bool square = x / 8 == seed % 4 && y / 8 == (seed / 4) % 4;
            unsigned char* p = &pixels[static_cast<size_t>(y * rowBytes + x * 3)];
            p[0] = static_cast<unsigned char>(square ? 255 : 20 * (seed % 7));
            p[1] = static_cast<unsigned char>(square ? 255 : 30 * (seed % 5));
            p[2] = static_cast<unsigned char>(square ? 255 : 15 * (seed % 11));
        }
    auto le32 = [](std::ofstream& o, uint32_t v) { for (int i = 0; i < 4; ++i) o.put(static_cast<char>(v >> (8 * i))); };
    auto le16 = [](std::ofstream& o, uint16_t v) { o.put(static_cast<char>(v)); o.put(static_cast<char>(v >> 8)); };
    std::ofstream o(path.toStdString(), std::ios::binary);
    o.write("BM", 2);
    le32(o, 54 + static_cast<uint32_t>(pixels.size()));
    le32(o, 0);
    le32(o, 54);
    le32(o, 40);
    le32(o, w);
    le32(o, static_cast<uint32_t>(-h));  // top-down rows
    le16(o, 1);
    le16(o, 24);
    for (int i = 0; i < 6; ++i) le32(o, 0);
    o.write(reinterpret_cast<const char*>(pixels.data()), static_cast<std::streamsize>(pixels.size()));
}

}  // namespace clipdesk::test
