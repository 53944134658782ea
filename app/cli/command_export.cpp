// clipdesk-cli export: tags as CSV or JSON (to stdout or --out), or into XMP sidecars next to the
// photos ("photo.jpg.xmp": dc:subject and digiKam:TagsList, merged with what is there); and
// clipdesk-cli import-xmp: keywords of existing sidecars as manual tags.

#include "cli_command.h"
#include "json_output.h"
#include "library_options.h"
#include "tag_paths.h"

#include "library/atomic_file.h"
#include "library/library_paths.h"
#include "tagging/tag_export.h"
#include "tagging/xmp_sidecar.h"

#include <iostream>

namespace clipdesk::cli {
namespace {

std::vector<TagRecord> tagsIn(LibraryDatabase& db, const std::vector<std::string>& paths, bool rejected) {
    TagStore store(db);
    if (paths.empty()) return store.tagsUnder("", rejected);
    std::vector<TagRecord> out;
    for (const auto& p : normalisedPaths(paths)) {
        auto some = store.tagsUnder(p, rejected);
        out.insert(out.end(), some.begin(), some.end());
    }
    return out;
}

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
        auto library = library_.open(format_ == "xmp" ? LibraryAccess::Read : LibraryAccess::Read);
        const auto tags = tagsIn(library->database(), paths_, false);
        if (format_ != "xmp") {
            const auto text = format_ == "csv" ? tagsToCsv(tags) : tagsToJson(tags);
            if (out_.empty()) std::cout << text << std::flush;
            else writeFileAtomically(out_, text);
            return 0;
        }
        int failed = 0, written = 0;
        for (const auto& [photo, keywords] : keywordsByPhoto(tags)) {
            try {
                const auto result = mergeSidecarKeywords(photo, keywords);
                printJsonLine(Json{{"path", photo}, {"sidecar", result.sidecar.string()}, {"added", result.added},
                                   {"created", result.created}});
                ++written;
            } catch (const std::exception& e) {
                std::cerr << "clipdesk-cli: error: " << e.what() << '\n';
                printJsonLine(Json{{"path", photo}, {"sidecar", sidecarPath(photo).string()}, {"error", e.what()}});
                ++failed;
            }
        }
        printJsonLine(Json{{"summary", true}, {"sidecars", written}, {"failed", failed}});
        return failed ? 1 : 0;
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
        auto& db = library->database();
        TagStore store(db);
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
        std::int64_t imported = 0, withSidecar = 0;
        SqliteTransaction transaction(db.connection());
        for (const auto& photo : photos) {
            std::vector<std::string> problems;
            const auto keywords = importSidecarKeywords(photo.path, problems);
            for (const auto& problem : problems) {
                std::cerr << "clipdesk-cli: error: " << problem << '\n';
                printJsonLine(Json{{"path", photo.path}, {"error", problem}});
                ++failed;
            }
            if (keywords.empty()) continue;
            ++withSidecar;
            const auto added = store.addManualTags(photo.id, keywords);
            imported += added;
            printJsonLine(Json{{"path", photo.path}, {"keywords", keywords}, {"added", added}});
        }
        transaction.commit();
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
