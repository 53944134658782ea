// clipdesk-cli models: the catalogue of official CLIP checkpoints (models/catalogue.json).
//   models list                         one JSON line per model: id, name, size, installed, path, ...
//   models download ID [--mirror BASE]  downloads and verifies a model into its folder; progress on
//                                       stderr, one JSON summary line; Ctrl-C keeps the partial
//                                       download for the next run (exit 130)
//   models verify ID                    hashes the installed files again (exit 1 on any mismatch)
// --dir DIR replaces the models folder ($XDG_DATA_HOME/clipdesk/models), --catalogue FILE the
// catalogue.

#include "cli_command.h"
#include "interrupt_scope.h"
#include "json_output.h"
#include "number_checks.h"

#include "catalogue/catalogue_location.h"
#include "catalogue/mirror_url.h"
#include "catalogue/model_catalogue.h"
#include "catalogue/model_installer.h"
#include "catalogue/model_store.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace clipdesk::cli {
namespace {

Json sizeJson(const std::optional<std::uint64_t>& size) { return size ? Json(*size) : Json(nullptr); }

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", bytes / 1e6);
    return text;
}

class ModelsCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("models", "Official CLIP checkpoints: list, download and verify them");
        cmd->require_subcommand(1);
        list_ = cmd->add_subcommand("list", "List the catalogue's models (one JSON line each) and whether they are installed");
        download_ = cmd->add_subcommand("download", "Download a model, verify every file's SHA-256 and install it");
        verify_ = cmd->add_subcommand("verify", "Hash an installed model's files again and compare them with the catalogue");
        for (auto* sub : {list_, download_, verify_}) {
            sub->add_option("--catalogue", catalogue_, "Catalogue file (default: $CLIPDESK_MODEL_CATALOGUE, else the installed catalogue.json)");
            sub->add_option("--dir", dir_, "Folder holding the models (default: $XDG_DATA_HOME/clipdesk/models)");
        }
        for (auto* sub : {download_, verify_}) sub->add_option("id", id_, "Model id, as 'models list' prints it")->required();
        download_->add_option("--mirror", mirror_,
                              "Download from a mirror: every URL becomes BASE/<host>/<path>, e.g. "
                              "file:///srv/clip or http://models.lan/clip (default: $CLIPDESK_MODEL_MIRROR)");
        download_->add_option("--max-rate", maxRate_, "Limit the download to this many bytes per second (0: no limit)")
            ->check(nonNegativeNumber());
        download_->add_flag("-q,--quiet", quiet_, "No progress lines on stderr");
        return cmd;
    }

    int run() override {
        const ModelCatalogue catalogue = loadCatalogue(catalogue_.empty() ? defaultCatalogueFile() : std::filesystem::path(catalogue_));
        const ModelStore store(dir_.empty() ? defaultModelsDir() : std::filesystem::path(dir_));
        if (list_->parsed()) return list(catalogue, store);
        if (download_->parsed()) return download(catalogue.at(id_), store);
        return verify(catalogue.at(id_), store);
    }

private:
    static int list(const ModelCatalogue& catalogue, const ModelStore& store) {
        for (const auto& e : catalogue.entries) {
            const bool installed = e.supported && store.isInstalled(e);
            printJsonLine(Json{{"id", e.id},
                               {"name", e.name},
                               {"size", sizeJson(e.totalSize())},
                               {"installed", installed},
                               {"path", store.modelDir(e.id).string()},
                               {"layout", e.layout},
                               {"languages", e.languages},
                               {"licence", e.licence},
                               {"supported", e.supported},
                               {"description", e.description}});
        }
        return 0;
    }

    int download(const CatalogueEntry& entry, const ModelStore& store) {
        InstallOptions options;
        options.mirror = mirror_.empty() ? mirrorFromEnvironment() : mirror_;
        options.maxBytesPerSecond = maxRate_;
        InterruptScope interruptScope;
        auto lastPrint = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        std::string lastFile;
        JobControl* self = nullptr;
        JobControl control([&](const JobProgress& p) {
            if (interruptRequested()) self->cancel();
            const auto now = std::chrono::steady_clock::now();
            if (quiet_ || (now - lastPrint < std::chrono::seconds(1) && p.item == lastFile)) return;
            lastPrint = now;
            lastFile = p.item;
            std::cerr << "clipdesk-cli: downloading " << p.item << " (file " << p.part + 1 << "/" << p.parts
                      << "): " << megabytes(static_cast<std::uint64_t>(p.done))
                      << (p.total > 0 ? " of " + megabytes(static_cast<std::uint64_t>(p.total)) : std::string()) << ", "
                      << megabytes(static_cast<std::uint64_t>(p.perSecond)) << "/s\n";
        });
        self = &control;
        if (!quiet_)
            std::cerr << "clipdesk-cli: downloading " << entry.name << " into " << store.modelDir(entry.id).string()
                      << (options.mirror.empty() ? "" : " from the mirror " + options.mirror) << '\n';
        const InstallResult r = installModel(entry, store, options, control);
        if (r.cancelled)
            std::cerr << "clipdesk-cli: download interrupted; the partial files in " << store.stagingDir(entry.id).string()
                      << " are resumed by the next 'models download " << entry.id << "'\n";
        printJsonLine(Json{{"id", entry.id},
                           {"path", r.dir.string()},
                           {"installed", !r.cancelled},
                           {"cancelled", r.cancelled},
                           {"bytes", r.bytes},
                           {"transferred", r.bytesTransferred},
                           {"resumed", r.bytesResumed},
                           {"seconds", r.seconds}});
        return r.cancelled ? 130 : 0;
    }

    static int verify(const CatalogueEntry& entry, const ModelStore& store) {
        if (!std::filesystem::is_directory(store.modelDir(entry.id)))
            throw std::runtime_error("model \"" + entry.id + "\" is not installed (no folder " +
                                     store.modelDir(entry.id).string() + "); run 'clipdesk-cli models download " + entry.id + "'");
        bool ok = true;
        Json files = Json::array();
        for (const auto& c : store.verify(entry)) {
            ok = ok && c.ok;
            files.push_back(Json{{"path", c.path}, {"ok", c.ok}, {"present", c.present}, {"size", c.size},
                                 {"sha256", c.actualSha256}, {"expected_sha256", c.expectedSha256}});
            const auto path = (store.modelDir(entry.id) / c.path).string();
            if (!c.present) std::cerr << "clipdesk-cli: " << path << ": missing\n";
            else if (!c.ok)
                std::cerr << "clipdesk-cli: " << path << ": SHA-256 mismatch: expected " << c.expectedSha256 << ", got "
                          << c.actualSha256 << " (" << c.size << " bytes)\n";
        }
        printJsonLine(Json{{"id", entry.id}, {"path", store.modelDir(entry.id).string()}, {"ok", ok}, {"files", files}});
        return ok ? 0 : 1;
    }

    CLI::App* list_ = nullptr;
    CLI::App* download_ = nullptr;
    CLI::App* verify_ = nullptr;
    std::string catalogue_;
    std::string dir_;
    std::string id_;
    std::string mirror_;
    std::uint64_t maxRate_ = 0;
    bool quiet_ = false;
};

}  // namespace

std::unique_ptr<CliCommand> makeModelsCommand() { return std::make_unique<ModelsCommand>(); }

}  // namespace clipdesk::cli
