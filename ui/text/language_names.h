#pragma once
// The names of query languages as the window shows them ("English, Chinese"), translated.

#include <QString>

#include <string>
#include <vector>

namespace clipdesk::ui {

// "English", "Chinese" for "en", "zh" (any region or script); other codes as they are; joined
// with ", ". "unknown" for none.
QString languageNames(const std::vector<std::string>& codes);

}  // namespace clipdesk::ui
