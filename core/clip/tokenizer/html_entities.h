#pragma once
// HTML named character references, as Python's html module and ftfy know them.

#include <cstddef>
#include <optional>
#include <string_view>

namespace clipdesk::tokenizer {

struct HtmlEntity {
    const char* name;   // without the leading '&'; with the trailing ';' where the name has one
    const char* value;  // UTF-8
};

// Defined in html_entity_table.cpp (generated), sorted by name.
extern const HtmlEntity kHtml5Entities[];
extern const std::size_t kHtml5EntityCount;
extern const HtmlEntity kFtfyUppercaseEntities[];
extern const std::size_t kFtfyUppercaseEntityCount;

// Python's html.entities.html5[name], e.g. "amp;" or the legacy "amp".
std::optional<std::string_view> html5Entity(std::string_view name);

// ftfy's HTML_ENTITIES["&" + name]: the html5 names that end in ';' plus ftfy's all-caps
// variants ("EACUTE;" -> "É").
std::optional<std::string_view> ftfyEntity(std::string_view name);

}  // namespace clipdesk::tokenizer
