#pragma once
// Where downloaded models live: one folder per catalogue id under
// $XDG_DATA_HOME/clipdesk/models (~/.local/share/clipdesk/models), or under a folder given
// with --dir. A download in progress lives in the hidden staging folder ".<id>.download"
// beside it and becomes <id>/ only once every file is verified.

#include "catalogue/model_catalogue.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace clipdesk {

// $XDG_DATA_HOME/clipdesk/models, or ~/.local/share/clipdesk/models.
std::filesystem::path defaultModelsDir();

struct FileCheck {
    std::string path;        // inside the model folder
    bool present = false;
    bool ok = false;         // present, right size and right SHA-256
    std::uint64_t size = 0;
    std::string expectedSha256;
    std::string actualSha256;  // empty when the file is missing
};

class ModelStore {
public:
    explicit ModelStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path modelDir(const std::string& id) const { return dir_ / id; }
    std::filesystem::path stagingDir(const std::string& id) const { return dir_ / ("." + id + ".download"); }
    std::filesystem::path lockFile(const std::string& id) const { return dir_ / ("." + id + ".lock"); }

    // Every file of the entry is in its folder with the expected size (cheap; no hashing).
    bool isInstalled(const CatalogueEntry& entry) const;
    // Hashes every installed file again.
    std::vector<FileCheck> verify(const CatalogueEntry& entry) const;

private:
    std::filesystem::path dir_;
};

}  // namespace clipdesk
