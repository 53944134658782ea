#pragma once
// Where the catalogue file is: $CLIPDESK_MODEL_CATALOGUE if set, else where the package
// installs it (<executable>/../share/clipdesk/models/catalogue.json), else the source tree's
// models/catalogue.json (development builds).

#include <filesystem>

namespace clipdesk {

// Throws std::runtime_error naming every place looked at when none has the file.
std::filesystem::path defaultCatalogueFile();

}  // namespace clipdesk
