#pragma once
// A tiny generated training set for the CLI training tests: 32 BMPs (a bright square whose
// place depends on the index) with captions, a BPE vocabulary trained on them, and the
// config.json of a small CLIP that fits that vocabulary.

#include "bmp_writer.h"
#include "cli_runner.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QString>

#include <fstream>

namespace clipdesk::test {

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
