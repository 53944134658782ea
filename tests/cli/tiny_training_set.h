#pragma once
// A tiny generated training set for the CLI training tests: 32 BMPs (a bright square whose
// place depends on the index) with captions, a BPE vocabulary trained on them, and the
// config.json of a small CLIP that fits that vocabulary.

#include "cli_runner.h"

#include <nlohmann/json.hpp>

#include <QDir>
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

struct TinyTrainingSet {
    QString pairs, vocab, config;
    int vocabSize = 0;  // 0 when the vocabulary could not be trained
};

// Writes the set into `dir`: pairs.csv, img*.bmp, merges.txt, config.json.
inline TinyTrainingSet writeTinyTrainingSet(const QDir& dir) {
    static const char* words[] = {"red", "green", "blue", "square", "corner", "bright", "dark", "left", "right", "top"};
    TinyTrainingSet set;
    set.pairs = dir.filePath("pairs.csv");
    std::ofstream csv(set.pairs.toStdString());
    csv << "image,caption\n";
    for (int i = 0; i < 32; ++i) {
        writeBmp(dir.filePath(QString("img%1.bmp").arg(i)), i);
        csv << "img" << i << ".bmp,\"a " << words[i % 10] << " " << words[(i / 3) % 10] << " picture, number " << i
            << "\"\n";
    }
    csv.close();
    set.vocab = dir.filePath("merges.txt");
    const auto r = runCli({"train-vocab", "--pairs", set.pairs, "--merges", "50", "--out", set.vocab});
    if (r.exitCode != 0 || r.lines.empty()) return set;
    set.vocabSize = r.lines.at(0).at("vocab_size").get<int>();
    set.config = dir.filePath("config.json");
    const nlohmann::json config = {
        {"name", "tiny-cli"},
        {"embed_dim", 16},
        {"vision", {{"image_size", 32}, {"patch_size", 8}, {"width", 32}, {"layers", 2}, {"heads", 2}}},
        {"text",
         {{"context_length", 16}, {"vocab_size", set.vocabSize}, {"width", 32}, {"layers", 1}, {"heads", 2},
          {"sot_id", r.lines[0]["sot_id"]}, {"eot_id", r.lines[0]["eot_id"]}}}};
    std::ofstream(set.config.toStdString()) << config.dump(2);
    return set;
}

}  // namespace clipdesk::test
