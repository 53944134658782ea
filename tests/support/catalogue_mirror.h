#pragma once
// A local file mirror for the model catalogue tests: copies of the synthetic model's files
// from the reference data, laid out as a mirror serves them (DIR/mirror/<host>/<path>), and a
// catalogue (DIR/catalogue.json) pinning their real SHA-256s and sizes. Two models:
//   synthetic-openai    openai-jit.pt + bpe_simple_vocab_16e6.txt.gz        (OpenAI TorchScript layout)
//   synthetic-openclip  model.safetensors + config.json + the vocabulary   (open_clip layout)

#include "base/sha256.h"
#include "shared_data.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace clipdesk::test {

constexpr const char* kMirrorHost = "models.example.invalid";

struct MirrorFile {
    std::string name;                // path inside the model folder
    std::filesystem::path source;    // in the reference data
    std::filesystem::path mirrored;  // the copy the mirror serves
    std::uint64_t size = 0;
    std::string sha256;
};

struct TestMirror {
    std::filesystem::path catalogue;  // DIR/catalogue.json
    std::string base;                 // file:///DIR/mirror
    std::vector<MirrorFile> openaiFiles;
    std::vector<MirrorFile> openclipFiles;

    const MirrorFile& weights() const { return openaiFiles.front(); }  // openai-jit.pt
};

inline std::vector<std::filesystem::path> testMirrorSources() {
    return {syntheticModelDir() / "openai-jit.pt", syntheticModelDir() / "model.safetensors",
            syntheticModelDir() / "config.json", bpeVocabPath()};
}

inline MirrorFile mirrorFile(const std::filesystem::path& dir, const std::string& model, const std::string& name,
                             const std::filesystem::path& source) {
    MirrorFile f;
    f.name = name;
    f.source = source;
    f.mirrored = dir / "mirror" / kMirrorHost / "synthetic" / model / name;
    std::filesystem::create_directories(f.mirrored.parent_path());
    std::filesystem::copy_file(source, f.mirrored, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(f.mirrored, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    f.size = std::filesystem::file_size(f.mirrored);
    f.sha256 = sha256FileHex(f.mirrored.string());
    return f;
}

inline nlohmann::json catalogueEntry(const std::string& id, const std::string& layout, const std::vector<MirrorFile>& files) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& f : files)
        list.push_back({{"url", std::string("https://") + kMirrorHost + "/synthetic/" + id + "/" + f.name},
                        {"path", f.name},
                        {"size", f.size},
                        {"sha256", f.sha256}});
    return {{"id", id},
            {"name", "Synthetic " + id},
            {"description", "Random-weight TinyCLIP-shaped test model"},
            {"licence", "test data"},
            {"layout", layout},
            {"hash_source", "computed by the test from the reference files"},
            {"files", list}};
}

// Builds the mirror and catalogue in `dir` (the reference data must exist: check
// testMirrorSources() first).
inline TestMirror makeTestMirror(const std::filesystem::path& dir) {
    TestMirror m;
    const auto model = syntheticModelDir();
    m.openaiFiles = {mirrorFile(dir, "synthetic-openai", "openai-jit.pt", model / "openai-jit.pt"),
                     mirrorFile(dir, "synthetic-openai", "bpe_simple_vocab_16e6.txt.gz", bpeVocabPath())};
    m.openclipFiles = {mirrorFile(dir, "synthetic-openclip", "model.safetensors", model / "model.safetensors"),
                       mirrorFile(dir, "synthetic-openclip", "config.json", model / "config.json"),
                       mirrorFile(dir, "synthetic-openclip", "bpe_simple_vocab_16e6.txt.gz", bpeVocabPath())};
    const nlohmann::json catalogue = {
        {"format", 1},
        {"models", {catalogueEntry("synthetic-openai", "openai-torchscript", m.openaiFiles),
                    catalogueEntry("synthetic-openclip", "open_clip", m.openclipFiles)}}};
    m.catalogue = dir / "catalogue.json";
    std::ofstream(m.catalogue) << catalogue.dump(2) << '\n';
    m.base = "file://" + (dir / "mirror").string();
    return m;
}

// Flips one byte in the middle of a file.
inline void corruptFile(const std::filesystem::path& file) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    const auto middle = static_cast<std::streamoff>(std::filesystem::file_size(file) / 2);
    f.seekg(middle);
    char c = 0;
    f.get(c);
    f.seekp(middle);
    f.put(static_cast<char>(c ^ 0x5a));
}

}  // namespace clipdesk::test
