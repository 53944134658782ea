#pragma once
// The catalogue of downloadable CLIP checkpoints (models/catalogue.json): for each model its
// id, name, description, licence, folder layout, query languages and files, each file with its
// URL, its path in the model folder, its size (when published) and its SHA-256 pin; hash_source
// says where the pins come from.
//
//   {"format": 1, "models": [{"id": "openai-vit-b-32", "name": "...", "description": "...",
//     "licence": "MIT", "layout": "openai-torchscript", "languages": ["en"], "hash_source": "...",
//     "files": [{"url": "https://...", "path": "ViT-B-32.pt", "size": null, "sha256": "<64 hex>"}]}]}
//
// A malformed file, a missing or mistyped field, or an unsafe path is rejected with
// `file:line: what was expected`.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace clipdesk {

class CatalogueError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct CatalogueFile {
    std::string url;
    std::string path;                   // relative to the model folder, no ".." and no leading '/'
    std::optional<std::uint64_t> size;  // bytes; nullopt when no public source gives it
    std::string sha256;                 // 64 lower-case hex digits
};

struct CatalogueEntry {
    std::string id;           // folder name: [a-z0-9._-], not starting with '.'
    std::string name;
    std::string description;  // what it is good for, size, speed
    std::string licence;
    std::string layout;       // "openai-torchscript", "hf-clip", "open_clip" or "cn-clip" (Chinese-CLIP's .pt + vocab.txt)
    // The languages its text tower understands (BCP-47: "en", "zh"); without the field, {"en"}
    // (a CLIP BPE text tower).
    std::vector<std::string> languages{"en"};
    std::string hashSource;   // where the SHA-256 pins come from
    bool supported = true;    // false: listed for reference, cannot be downloaded (e.g. ResNet towers)
    std::string unsupportedReason;
    std::vector<CatalogueFile> files;
    int line = 0;             // where the entry starts in the catalogue file

    // Sum of the file sizes, or nullopt if any size is unknown.
    std::optional<std::uint64_t> totalSize() const;
};

struct ModelCatalogue {
    std::string source;  // the file it was read from
    std::vector<CatalogueEntry> entries;

    const CatalogueEntry* find(const std::string& id) const;
    // Throws CatalogueError naming the known ids when `id` is not in the catalogue.
    const CatalogueEntry& at(const std::string& id) const;
};

// `source` names the text in error messages (usually the file's path).
ModelCatalogue parseCatalogue(const std::string& text, const std::string& source);
ModelCatalogue loadCatalogue(const std::filesystem::path& file);

}  // namespace clipdesk
