#pragma once
// Tags as CSV (RFC 4180, header path,tag,score,cosine,source,decision,model,template_set) or as a
// JSON array of {"path", "tags": [{"tag", "score", "cosine", "source", "decision", "model",
// "template_set"}]}. Rejected tags are left out. A CSV field that a spreadsheet would run as a
// formula (first character = + - @ tab or CR) is quoted with a leading apostrophe.

#include "library/tag_store.h"

#include <string>
#include <vector>

namespace clipdesk {

std::string tagsToCsv(const std::vector<TagRecord>& tags);
std::string tagsToJson(const std::vector<TagRecord>& tags);

// The tags to export per photo path (rejected left out), in order of first appearance.
std::vector<std::pair<std::string, std::vector<std::string>>> keywordsByPhoto(const std::vector<TagRecord>& tags);

}  // namespace clipdesk
