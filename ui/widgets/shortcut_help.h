#pragma once
// Help → Keyboard shortcuts: every shortcut of the window, as one translated HTML table.

#include <QString>

namespace clipdesk::ui {

QString shortcutListHtml();

}  // namespace clipdesk::ui
