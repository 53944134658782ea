#include "tagging/xmp_sidecar.h"

#include "base/atomic_file.h"
#include "base/read_file.h"
#include "library/tag_name.h"
#include "tagging/text_lines.h"

#include <exiv2/exiv2.hpp>

#include <algorithm>
#include <fstream>
#include <mutex>

namespace clipdesk {
namespace fs = std::filesystem;
namespace {

const char* const kSubject = "Xmp.dc.subject";
const char* const kTagsList = "Xmp.digiKam.TagsList";

void initialiseExiv2() {
    static std::once_flag once;
    std::call_once(once, [] {
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);  // problems are reported through exceptions
        Exiv2::XmpParser::initialize();
        Exiv2::XmpProperties::registerNs("http://www.digikam.org/ns/1.0/", "digiKam");
    });
}

std::string readFile(const fs::path& path) {
    try {
        return readFileBytes(path.string());
    } catch (const FileReadError& e) {
        throw XmpSidecarError(path.string() + ": cannot read sidecar (" + e.reason() + "); left untouched");
    }
}

// Judged by the permission bits, not access(): a sidecar the user made read-only stays so even
// for root, who may write anything.
bool ownerMayWrite(const fs::path& path) {
    std::error_code ec;
    const auto perms = fs::status(path, ec).permissions();
    return ec || (perms & fs::perms::owner_write) != fs::perms::none;
}

Exiv2::XmpData decodePacket(const fs::path& path, const std::string& packet) {
    Exiv2::XmpData data;
    const bool blank = packet.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank) return data;
    if (packet.find("xmpmeta") == std::string::npos && packet.find("RDF") == std::string::npos)
        throw XmpSidecarError(path.string() + ": malformed XMP sidecar (no x:xmpmeta or rdf:RDF element); left untouched");
    try {
        const int rc = Exiv2::XmpParser::decode(data, packet);
        if (rc != 0)
            throw XmpSidecarError(path.string() + ": malformed XMP sidecar (the XMP parser failed, code " +
                                  std::to_string(rc) + "); left untouched");
    } catch (const Exiv2::AnyError& e) {
        throw XmpSidecarError(path.string() + ": malformed XMP sidecar (" + e.what() + "); left untouched");
    }
    return data;
}

std::vector<std::string> arrayValues(const Exiv2::XmpData& data, const char* key) {
    std::vector<std::string> out;
    const auto it = data.findKey(Exiv2::XmpKey(key));
    if (it == data.end()) return out;
    for (long i = 0; i < it->count(); ++i) out.push_back(it->toString(i));
    if (it->count() == 0 && !it->toString().empty()) out.push_back(it->toString());
    return out;
}

void appendUnique(std::vector<std::string>& to, const std::string& value) {
    if (!value.empty() && std::find(to.begin(), to.end(), value) == to.end()) to.push_back(value);
}

void setArray(Exiv2::XmpData& data, const char* key, Exiv2::TypeId type, const std::vector<std::string>& values) {
    const Exiv2::XmpKey xmpKey(key);
    auto it = data.findKey(xmpKey);
    if (it != data.end()) data.erase(it);
    auto value = Exiv2::Value::create(type);
    for (const auto& v : values) value->read(v);
    data.add(xmpKey, value.get());
}

}  // namespace

fs::path sidecarPath(const fs::path& photo) { return fs::path(photo.string() + ".xmp"); }

fs::path lightroomSidecarPath(const fs::path& photo) {
    auto p = photo;
    return p.replace_extension(".xmp");
}

std::vector<std::string> readSidecarKeywords(const fs::path& sidecar) {
    initialiseExiv2();
    const auto data = decodePacket(sidecar, readFile(sidecar));
    std::vector<std::string> out;
    for (const auto& s : arrayValues(data, kSubject)) appendUnique(out, s);
    for (const auto& t : arrayValues(data, kTagsList)) appendUnique(out, t.substr(t.rfind('/') + 1));
    return out;
}

SidecarWrite mergeSidecarKeywords(const fs::path& photo, const std::vector<std::string>& keywords) {
    initialiseExiv2();
    SidecarWrite result;
    result.sidecar = sidecarPath(photo);
    removeAbandonedTemporaries(result.sidecar);  // left by an export that was killed mid-write
    std::error_code ec;
    result.created = !fs::exists(result.sidecar, ec);
    Exiv2::XmpData data;
    if (!result.created) data = decodePacket(result.sidecar, readFile(result.sidecar));
    if (!result.created && !ownerMayWrite(result.sidecar))
        throw XmpSidecarError(result.sidecar.string() + ": the sidecar is read-only; left untouched");
    auto subjects = arrayValues(data, kSubject);
    auto tagsList = arrayValues(data, kTagsList);
    for (const auto& k : keywords) {
        const bool known = std::find(subjects.begin(), subjects.end(), k) != subjects.end();
        appendUnique(subjects, k);
        appendUnique(tagsList, k);
        if (!known) ++result.added;
    }
    const bool tagsListComplete = std::all_of(keywords.begin(), keywords.end(), [&](const std::string& k) {
        return std::find(tagsList.begin(), tagsList.end(), k) != tagsList.end();
    });
    if (!result.created && result.added == 0 && tagsListComplete && data.findKey(Exiv2::XmpKey(kTagsList)) != data.end())
        return result;
    setArray(data, kSubject, Exiv2::xmpBag, subjects);
    setArray(data, kTagsList, Exiv2::xmpSeq, tagsList);
    std::string packet;
    if (Exiv2::XmpParser::encode(packet, data, Exiv2::XmpParser::omitPacketWrapper | Exiv2::XmpParser::useCompactFormat) != 0)
        throw XmpSidecarError(result.sidecar.string() + ": could not encode the XMP packet");
    try {
        writeFileAtomically(result.sidecar, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + packet);
    } catch (const std::exception& e) {
        throw XmpSidecarError(result.sidecar.string() + ": cannot write sidecar: " + e.what());
    }
    return result;
}

std::vector<std::string> importSidecarKeywords(const fs::path& photo, std::vector<std::string>& problems) {
    std::vector<std::string> out;
    for (const auto& sidecar : {sidecarPath(photo), lightroomSidecarPath(photo)}) {
        std::error_code ec;
        if (!fs::is_regular_file(sidecar, ec)) continue;
        try {
            for (const auto& k : readSidecarKeywords(sidecar)) {
                try {
                    appendUnique(out, checkedTagName(k));
                } catch (const TagNameError& e) {
                    problems.push_back(sidecar.string() + ": keyword skipped: " + e.what());
                }
            }
        } catch (const XmpSidecarError& e) {
            problems.push_back(e.what());
        }
    }
    return out;
}

}  // namespace clipdesk
