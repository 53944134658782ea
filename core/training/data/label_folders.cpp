#include "data/label_folders.h"

#include "data/bad_rows.h"
#include "training/data/caption_templates.h"
#include "data/image_files.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace clipdesk {

ListedPairs readLabelFolders(const std::string& dir, const PairsOptions& options) {
    const std::vector<std::string> templates =
        options.templates.empty() ? std::vector<std::string>{"a photo of a {}."} : options.templates;
    const std::vector<fs::path> folders = findSubfolders(dir);
    if (folders.empty()) throw PairsFileError(dir, 0, "no label folders found (expected DIR/<label>/<images>)");

    BadRowPolicy badRows(options);
    ListedPairs out;
    for (const fs::path& folder : folders) {
        const int label = static_cast<int>(out.classNames.size());
        const std::string className = classNameFromFolder(folder.filename().string());
        if (className.empty())
            throw PairsFileError(folder.string(), 0, "the folder name gives an empty class name");
        out.classNames.push_back(className);
        out.captionSets.push_back(fillCaptions(templates, className));
        const std::vector<fs::path> images = findImageFiles(folder, true);
        if (images.empty()) badRows.reject(PairsFileError(folder.string(), 0, "no images in this label folder"));
        for (const fs::path& image : images) {
            ListedPair pair;
            pair.imagePath = image.string();
            pair.captionSet = static_cast<std::size_t>(label);
            pair.label = label;
            pair.source = image.string();
            out.pairs.push_back(std::move(pair));
        }
    }
    badRows.requireAny(dir, out.pairs.size());
    return out;
}

}  // namespace clipdesk
