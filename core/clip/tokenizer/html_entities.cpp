#include "tokenizer/html_entities.h"

#include <algorithm>

namespace clipdesk::tokenizer {
namespace {

std::optional<std::string_view> findIn(const HtmlEntity* table, std::size_t count, std::string_view name) {
    const HtmlEntity* end = table + count;
    const HtmlEntity* it = std::lower_bound(table, end, name, [](const HtmlEntity& entity, std::string_view key) {
        return std::string_view(entity.name) < key;
    });
    if (it != end && std::string_view(it->name) == name) return std::string_view(it->value);
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> html5Entity(std::string_view name) {
    return findIn(kHtml5Entities, kHtml5EntityCount, name);
}

std::optional<std::string_view> ftfyEntity(std::string_view name) {
    if (name.empty() || name.back() != ';') return std::nullopt;
    if (auto value = html5Entity(name)) return value;
    return findIn(kFtfyUppercaseEntities, kFtfyUppercaseEntityCount, name);
}

}  // namespace clipdesk::tokenizer
