#include "data/caption_files.h"

#include "data/bad_rows.h"
#include "data/image_files.h"
#include "data/text_file.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace clipdesk {
namespace {

constexpr std::size_t kMissingListed = 5;

int lineOfOffset(std::string_view text, std::size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// The captions in a caption file; throws PairsFileError when there are none or the file is not UTF-8.
std::vector<std::string> readCaptions(const fs::path& file) {
    const std::string bytes = readTextFile(file.string());
    const std::string_view text = withoutBom(bytes);
    if (const auto bad = firstInvalidUtf8(text)) {
        const std::size_t lineStart = text.rfind('\n', *bad) == std::string_view::npos ? 0 : text.rfind('\n', *bad) + 1;
        throw PairsFileError(file.string(), lineOfOffset(text, *bad),
                             "invalid UTF-8 (" + describeInvalidByte(text.substr(lineStart), *bad - lineStart) + ")");
    }
    std::vector<std::string> captions;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view caption = trimmed(text.substr(start, end - start));
        if (!caption.empty()) captions.emplace_back(caption);
        start = end + 1;
    }
    if (captions.empty()) throw PairsFileError(file.string(), 0, "caption is empty");
    return captions;
}

}  // namespace

ListedPairs readCaptionFiles(const std::string& dir, const PairsOptions& options) {
    const std::vector<fs::path> images = findImageFiles(dir, true);
    if (images.empty())
        throw PairsFileError(dir, 0, "no images found (looked for .jpg, .jpeg, .png, .webp, .bmp, .tif and .tiff files)");

    BadRowPolicy badRows(options);
    ListedPairs out;
    std::vector<std::string> missing;
    for (const fs::path& image : images) {
        fs::path captionFile = image;
        captionFile.replace_extension(".txt");
        std::error_code error;
        if (!fs::is_regular_file(captionFile, error)) {
            if (options.skipBadRows)
                badRows.reject(PairsFileError(image.string(), 0, "no caption file " + captionFile.filename().string() +
                                                                     " beside it"));
            else
                missing.push_back(image.lexically_relative(dir).string());
            continue;
        }
        try {
            out.captionSets.push_back(readCaptions(captionFile));
        } catch (const PairsFileError& problem) {
            badRows.reject(problem);
            continue;
        }
        ListedPair pair;
        pair.imagePath = image.string();
        pair.captionSet = out.captionSets.size() - 1;
        pair.source = image.string();
        out.pairs.push_back(std::move(pair));
    }
    if (!missing.empty()) {
        std::string listed;
        for (std::size_t i = 0; i < std::min(missing.size(), kMissingListed); ++i)
            listed += (i ? ", " : "") + missing[i];
        if (missing.size() > kMissingListed) listed += ", ...";
        throw PairsFileError(dir, 0,
                             std::to_string(missing.size()) + " of " + std::to_string(images.size()) +
                                 " images have no caption file beside them (photo.jpg needs photo.txt): " + listed);
    }
    badRows.requireAny(dir, out.pairs.size());
    return out;
}

}  // namespace clipdesk
