#include "data/pair_rows.h"

#include "data/text_file.h"

#include "base/read_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace fs = std::filesystem;

namespace clipdesk {
namespace {

bool isUnsignedInteger(const std::string& s) {
    return !s.empty() && s.size() <= 18 &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::vector<std::string> orderedClassNames(std::vector<std::string> names) {
    names.erase(std::remove(names.begin(), names.end(), std::string()), names.end());
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    if (std::all_of(names.begin(), names.end(), isUnsignedInteger))
        std::stable_sort(names.begin(), names.end(),
                         [](const std::string& a, const std::string& b) { return std::stoll(a) < std::stoll(b); });
    return names;
}

}  // namespace

PairRowCollector::PairRowCollector(std::string file, BadRowPolicy& badRows, bool allowOutsidePaths)
    : file_(std::move(file)), folder_(fs::path(file_).parent_path()), badRows_(badRows) {
    std::error_code ec;
    if (!allowOutsidePaths) realFolder_ = fs::canonical(folder_.empty() ? fs::path(".") : folder_, ec);
}

void PairRowCollector::add(PairRow row) {
    const auto reject = [&](const std::string& reason) { badRows_.reject(PairsFileError(file_, row.line, reason)); };
    if (trimmed(row.image).empty()) return reject("image path is empty");
    const fs::path resolved = (folder_ / fs::path(row.image)).lexically_normal();
    const std::string lookedFor =
        fs::path(row.image).is_absolute() ? std::string() : " (looked for " + resolved.string() + ")";
    struct stat status {};
    if (::stat(resolved.c_str(), &status) != 0) return reject("image file not found: " + row.image + lookedFor);
    if (!S_ISREG(status.st_mode))
        return reject("image is not a regular file (" + fileTypeName(status.st_mode) + "): " + row.image + lookedFor);
    if (!realFolder_.empty()) {
        std::error_code ec;
        const fs::path real = fs::canonical(resolved, ec);
        const auto [end, inside] = std::mismatch(realFolder_.begin(), realFolder_.end(), real.begin(), real.end());
        if (ec || end != realFolder_.end())
            return reject("image lies outside the pairs file's folder " + realFolder_.string() + ": " + row.image +
                          (ec || real == resolved ? std::string() : " (resolves to " + real.string() + ")") +
                          "; pass --allow-outside-paths to read it");
    }
    std::vector<std::string> captions;
    for (const std::string& caption : row.captions) captions.emplace_back(trimmed(caption));
    if (captions.empty() || std::any_of(captions.begin(), captions.end(), [](const auto& c) { return c.empty(); }))
        return reject("caption is empty");

    ListedPair pair;
    pair.imagePath = resolved.string();
    pair.captionSet = pairs_.captionSets.size();
    pair.source = file_ + ":" + std::to_string(row.line);
    pairs_.captionSets.push_back(std::move(captions));
    pairs_.pairs.push_back(std::move(pair));
    labels_.emplace_back(row.label ? trimmed(*row.label) : std::string_view());
}

ListedPairs PairRowCollector::finish() {
    badRows_.requireAny(file_, pairs_.pairs.size());
    pairs_.classNames = orderedClassNames(labels_);
    std::map<std::string, int> indexOf;
    for (std::size_t c = 0; c < pairs_.classNames.size(); ++c) indexOf[pairs_.classNames[c]] = static_cast<int>(c);
    for (std::size_t i = 0; i < pairs_.pairs.size(); ++i)
        if (!labels_[i].empty()) pairs_.pairs[i].label = indexOf.at(labels_[i]);
    return std::move(pairs_);
}

}  // namespace clipdesk
