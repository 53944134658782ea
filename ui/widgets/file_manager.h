#pragma once

#include <QString>

namespace clipdesk::ui {

// Shows `path` selected in the desktop's file manager (freedesktop FileManager1 over D-Bus);
// where that service is missing, opens the folder that holds it.
void revealInFileManager(const QString& path);

}  // namespace clipdesk::ui
