#include "tagging/tag_export.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <string_view>

namespace clipdesk {
namespace {

// A field a spreadsheet would run as a formula (=, +, -, @, tab or CR first, as in
// "=HYPERLINK(...)") is written as text: with a leading apostrophe (OWASP's CSV injection advice).
std::string csvField(const std::string& value) {
    const bool formula = !value.empty() && std::string_view("=+-@\t\r").find(value[0]) != std::string_view::npos;
    const std::string s = formula ? "'" + value : value;
    if (!formula && s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string number(const std::optional<double>& v) {
    if (!v) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", *v);
    return buf;
}

}  // namespace

std::string tagsToCsv(const std::vector<TagRecord>& tags) {
    std::string out = "path,tag,score,cosine,source,decision,model,template_set\r\n";
    for (const auto& t : tags) {
        if (t.decision == TagDecision::Rejected) continue;
        out += csvField(t.path) + ',' + csvField(t.tag) + ',' + number(t.score) + ',' + number(t.cosine) + ',' +
               tagSourceName(t.source) + ',' + tagDecisionName(t.decision) + ',' + csvField(t.model) + ',' +
               csvField(t.templateSet) + "\r\n";
    }
    return out;
}

std::string tagsToJson(const std::vector<TagRecord>& tags) {
    using Json = nlohmann::ordered_json;
    Json photos = Json::array();
    std::map<std::string, std::size_t> row;
    for (const auto& t : tags) {
        if (t.decision == TagDecision::Rejected) continue;
        auto [it, inserted] = row.emplace(t.path, photos.size());
        if (inserted) photos.push_back(Json{{"path", t.path}, {"tags", Json::array()}});
        Json tag{{"tag", t.tag}};
        tag["score"] = t.score ? Json(*t.score) : Json(nullptr);
        tag["cosine"] = t.cosine ? Json(*t.cosine) : Json(nullptr);
        tag["source"] = tagSourceName(t.source);
        tag["decision"] = tagDecisionName(t.decision);
        tag["model"] = t.model;
        tag["template_set"] = t.templateSet;
        photos[it->second]["tags"].push_back(std::move(tag));
    }
    return photos.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::vector<std::pair<std::string, std::vector<std::string>>> keywordsByPhoto(const std::vector<TagRecord>& tags) {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    std::map<std::string, std::size_t> row;
    for (const auto& t : tags) {
        if (t.decision == TagDecision::Rejected) continue;
        auto [it, inserted] = row.emplace(t.path, out.size());
        if (inserted) out.push_back({t.path, {}});
        out[it->second].second.push_back(t.tag);
    }
    return out;
}

}  // namespace clipdesk
