// clipdesk-cli export: tags as CSV or JSON (to stdout or --out), or into XMP sidecars next to the
// photos ("photo.jpg.xmp": dc:subject and digiKam:TagsList, merged with what is there); and
// clipdesk-cli import-xmp: keywords of existing sidecars as manual tags.

#include "cli_command.h"
#include "json_output.h"
#include "library_options.h"
#include "tag_paths.h"

#include "application/tagging_session.h"
#include "library/library_paths.h"
#include "tagging/xmp_sidecar.h"

#include <iostream>

namespace clipdesk::cli {
namespace {

class ExportCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("export", "Export tags as CSV, JSON or XMP sidecars");
        library_.declare(cmd);
        cmd->add_option("--format", format_, "csv, json, or xmp (sidecars next to the photos)")
            ->check(CLI::IsMember({"csv", "json", "xmp"}))
            ->required();
        cmd->add_option("--out", out_, "csv/json: write to this file instead of stdout");
        cmd->add_option("paths", paths_, "Folders or photos of the library (default: all)");
        return cmd;
    }

    int run() override {
        auto session = library_.openSession(LibraryAccess::Read, ModelOptions());
        const auto result = TaggingSession(*session).exportTags({format_, out_, paths_}, JobControl());
        if (format_ != "xmp") {
            if (out_.empty()) std::cout << result.text << std::flush;
            return 0;
        }
        for (const auto& w : result.sidecarWrites) {
            if (w.error.empty()) {
                printJsonLine(Json{{"path", w.photo}, {"sidecar", w.sidecar}, {"added", w.added}, {"created", w.created}});
                continue;
            }
            std::cerr << "clipdesk-cli: error: " << w.error << '\n';
            printJsonLine(Json{{"path", w.photo}, {"sidecar", w.sidecar}, {"error", w.error}});
        }
        printJsonLine(Json{{"summary", true}, {"sidecars", result.sidecars}, {"failed", result.problems.size()}});
        return result.problems.empty() ? 0 : 1;
    }

private:
    LibraryOptions library_;
    std::string format_, out_;
    std::vector<std::string> paths_;
};

class ImportXmpCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("import-xmp", "Import keywords of XMP sidecars as manual tags");
        library_.declare(cmd);
        cmd->add_option("paths", paths_, "Folders or photos of the library (default: all)");
        return cmd;
    }

    int run() override {
        auto library = library_.open(LibraryAccess::Write);
        const LibraryDatabase& db = library->database();
        std::vector<PhotoRecord> photos;
        const auto prefixes = paths_.empty() ? std::vector<std::string>{} : normalisedPaths(paths_);
        if (prefixes.empty())
            for (const auto& f : db.folders()) {
                auto some = db.photosUnder(f.path);
                photos.insert(photos.end(), some.begin(), some.end());
            }
        for (const auto& p : prefixes) {
            auto some = db.photosUnder(p);
            photos.insert(photos.end(), some.begin(), some.end());
        }
        int failed = 0;
        std::vector<PhotoKeywords> imports;
        std::vector<std::string> importedPaths;
        for (const auto& photo : photos) {
            std::vector<std::string> problems;
            auto keywords = importSidecarKeywords(photo.path, problems);
            for (const auto& problem : problems) {
                std::cerr << "clipdesk-cli: error: " << problem << '\n';
                printJsonLine(Json{{"path", photo.path}, {"error", problem}});
                ++failed;
            }
            if (keywords.empty()) continue;
            imports.push_back({photo.id, std::move(keywords)});
            importedPaths.push_back(photo.path);
        }
        const auto added = library->tags().addManualTags(imports);  // one transaction
        std::int64_t imported = 0;
        for (std::size_t i = 0; i < imports.size(); ++i) {
            imported += added[i];
            printJsonLine(Json{{"path", importedPaths[i]}, {"keywords", imports[i].tags}, {"added", added[i]}});
        }
        const auto withSidecar = static_cast<std::int64_t>(imports.size());
        printJsonLine(Json{{"summary", true}, {"photos", withSidecar}, {"tags_added", imported}, {"failed", failed}});
        return failed ? 1 : 0;
    }

private:
    LibraryOptions library_;
    std::vector<std::string> paths_;
};

}  // namespace

std::unique_ptr<CliCommand> makeExportCommand() { return std::make_unique<ExportCommand>(); }
std::unique_ptr<CliCommand> makeImportXmpCommand() { return std::make_unique<ImportXmpCommand>(); }

}  // namespace clipdesk::cli
