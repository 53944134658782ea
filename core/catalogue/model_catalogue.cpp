#include "catalogue/model_catalogue.h"

#include "base/read_file.h"
#include "json_lines.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace clipdesk {
namespace {

const std::set<std::string> kLayouts = {"openai-torchscript", "hf-clip", "open_clip", "cn-clip"};
const char* const kLayoutNames = "openai-torchscript, hf-clip, open_clip or cn-clip";

// A BCP-47 tag: a primary language of 2-3 lower-case letters, then subtags of 1-8 letters or
// digits after '-' ("en", "zh", "zh-Hant").
bool isLanguageTag(const std::string& tag) {
    std::size_t start = 0;
    for (bool primary = true;; primary = false) {
        const std::size_t end = std::min(tag.find('-', start), tag.size());
        const std::size_t length = end - start;
        if (primary ? (length < 2 || length > 3) : (length < 1 || length > 8)) return false;
        for (std::size_t i = start; i < end; ++i) {
            const char c = tag[i];
            const bool lower = c >= 'a' && c <= 'z';
            if (primary ? !lower : !(lower || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
        }
        if (end == tag.size()) return true;
        start = end + 1;
    }
}

class EntryReader {
public:
    EntryReader(const JsonWithLines& doc, std::string source) : doc_(doc), source_(std::move(source)) {}

    [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
        throw CatalogueError(source_ + ":" + std::to_string(doc_.lineOf(pointer)) + ": " + message);
    }

    const nlohmann::json& field(const nlohmann::json& object, const std::string& pointer, const std::string& name,
                                const std::string& what) const {
        if (!object.contains(name)) fail(pointer, "missing field \"" + name + "\" (" + what + ")");
        return object.at(name);
    }

    std::string string(const nlohmann::json& object, const std::string& pointer, const std::string& name,
                       const std::string& what, bool allowEmpty = false) const {
        const auto& v = field(object, pointer, name, what);
        if (!v.is_string()) fail(pointer + "/" + name, "field \"" + name + "\" must be a string (" + what + ")");
        auto s = v.get<std::string>();
        if (s.empty() && !allowEmpty) fail(pointer + "/" + name, "field \"" + name + "\" is empty (" + what + ")");
        return s;
    }

    CatalogueFile file(const nlohmann::json& j, const std::string& pointer) const {
        if (!j.is_object()) fail(pointer, "a file must be an object {\"url\", \"path\", \"size\", \"sha256\"}");
        CatalogueFile f;
        f.url = string(j, pointer, "url", "where the file is downloaded from");
        const auto scheme = f.url.find("://");
        const std::string s = scheme == std::string::npos ? "" : f.url.substr(0, scheme);
        if (s != "https" && s != "http" && s != "file")
            fail(pointer + "/url", "field \"url\" must be an https://, http:// or file:// URL, not \"" + f.url + "\"");
        f.path = string(j, pointer, "path", "the file's path inside the model folder");
        const std::filesystem::path p(f.path);
        bool unsafe = p.is_absolute() || f.path.back() == '/';
        for (const auto& part : p)
            if (part == ".." || part == "." || part.empty()) unsafe = true;
        if (unsafe) fail(pointer + "/path", "field \"path\" must be a relative path inside the model folder, not \"" + f.path + "\"");
        if (j.contains("size") && !j.at("size").is_null()) {
            if (!j.at("size").is_number_unsigned())
                fail(pointer + "/size", "field \"size\" must be a number of bytes or null (unknown)");
            f.size = j.at("size").get<std::uint64_t>();
        }
        f.sha256 = string(j, pointer, "sha256", "the file's SHA-256 as 64 hex digits");
        bool hex = f.sha256.size() == 64;
        for (char c : f.sha256) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        if (!hex) fail(pointer + "/sha256", "field \"sha256\" must be 64 lower-case hex digits, not \"" + f.sha256 + "\"");
        return f;
    }

    std::vector<std::string> languages(const nlohmann::json& j, const std::string& pointer) const {
        const std::string expected = "field \"languages\" must be a non-empty array of language tags such as [\"en\"] or [\"zh\"]";
        if (!j.is_array() || j.empty()) fail(pointer, expected);
        std::vector<std::string> out;
        for (const auto& tag : j) {
            if (!tag.is_string() || !isLanguageTag(tag.get<std::string>()))
                fail(pointer, expected + ", not " + tag.dump());
            out.push_back(tag.get<std::string>());
        }
        return out;
    }

    CatalogueEntry entry(const nlohmann::json& j, const std::string& pointer) const {
        if (!j.is_object()) fail(pointer, "a model must be an object");
        CatalogueEntry e;
        e.line = doc_.lineOf(pointer);
        e.id = string(j, pointer, "id", "the model's folder name");
        bool idOk = e.id.front() != '.';
        for (char c : e.id)
            idOk = idOk && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
        if (!idOk) fail(pointer + "/id", "field \"id\" must use only a-z, 0-9, '.', '_', '-' and not start with '.', not \"" + e.id + "\"");
        e.name = string(j, pointer, "name", "the name shown to users");
        e.description = string(j, pointer, "description", "what the model is good for");
        e.licence = string(j, pointer, "licence", "the weights' licence");
        e.layout = string(j, pointer, "layout", kLayoutNames);
        if (!kLayouts.count(e.layout))
            fail(pointer + "/layout", std::string("field \"layout\" must be ") + kLayoutNames + ", not \"" + e.layout + "\"");
        if (j.contains("languages")) e.languages = languages(j.at("languages"), pointer + "/languages");
        e.hashSource = string(j, pointer, "hash_source", "where the SHA-256 pins come from");
        if (j.contains("supported")) {
            if (!j.at("supported").is_boolean()) fail(pointer + "/supported", "field \"supported\" must be true or false");
            e.supported = j.at("supported").get<bool>();
        }
        if (!e.supported) e.unsupportedReason = string(j, pointer, "unsupported_reason", "why it cannot be used");
        const auto& files = field(j, pointer, "files", "the model's files");
        if (!files.is_array() || files.empty()) fail(pointer + "/files", "field \"files\" must be a non-empty array");
        std::set<std::string> paths;
        for (std::size_t i = 0; i < files.size(); ++i) {
            const std::string fp = pointer + "/files/" + std::to_string(i);
            e.files.push_back(file(files[i], fp));
            if (!paths.insert(e.files.back().path).second)
                fail(fp + "/path", "two files of model \"" + e.id + "\" have the path \"" + e.files.back().path + "\"");
        }
        return e;
    }

private:
    const JsonWithLines& doc_;
    std::string source_;
};

}  // namespace

std::optional<std::uint64_t> CatalogueEntry::totalSize() const {
    std::uint64_t total = 0;
    for (const auto& f : files) {
        if (!f.size) return std::nullopt;
        total += *f.size;
    }
    return total;
}

const CatalogueEntry* ModelCatalogue::find(const std::string& id) const {
    for (const auto& e : entries)
        if (e.id == id) return &e;
    return nullptr;
}

const CatalogueEntry& ModelCatalogue::at(const std::string& id) const {
    if (const auto* e = find(id)) return *e;
    std::string known;
    for (const auto& e : entries) known += (known.empty() ? "" : ", ") + e.id;
    throw CatalogueError("no model \"" + id + "\" in the catalogue " + source + " (known: " + known + ")");
}

ModelCatalogue parseCatalogue(const std::string& text, const std::string& source) {
    JsonWithLines doc;
    try {
        doc = parseJsonWithLines(text, source);
    } catch (const JsonFileError& e) {
        throw CatalogueError(e.what());
    }
    EntryReader reader(doc, source);
    if (!doc.value.is_object()) reader.fail("", "the catalogue must be an object {\"format\": 1, \"models\": [...]}");
    const auto& format = reader.field(doc.value, "", "format", "the catalogue format, 1");
    if (format != 1) reader.fail("/format", "unsupported catalogue format " + format.dump() + " (expected 1)");
    const auto& models = reader.field(doc.value, "", "models", "the list of models");
    if (!models.is_array()) reader.fail("/models", "field \"models\" must be an array");
    ModelCatalogue catalogue;
    catalogue.source = source;
    for (std::size_t i = 0; i < models.size(); ++i) {
        const std::string pointer = "/models/" + std::to_string(i);
        auto entry = reader.entry(models[i], pointer);
        if (catalogue.find(entry.id)) reader.fail(pointer + "/id", "duplicate model id \"" + entry.id + "\"");
        catalogue.entries.push_back(std::move(entry));
    }
    return catalogue;
}

ModelCatalogue loadCatalogue(const std::filesystem::path& file) {
    std::string text;
    try {
        text = readFileBytes(file.string());
    } catch (const FileReadError& e) {
        throw CatalogueError(file.string() + ": cannot read the model catalogue (" + e.reason() + ")");
    }
    return parseCatalogue(text, file.string());
}

}  // namespace clipdesk
