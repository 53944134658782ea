#include "library_options.h"

#include <iostream>

namespace clipdesk::cli {

void LibraryOptions::declare(CLI::App* cmd) {
    cmd->add_option("-l,--library", library,
                    "Library folder (a path containing '/'), or a library name under "
                    "$XDG_DATA_HOME/clipdesk/libraries")
        ->capture_default_str();
}

std::filesystem::path LibraryOptions::dir() const { return resolveLibraryDir(library); }

std::unique_ptr<PhotoLibrary> LibraryOptions::open(LibraryAccess access) const {
    auto opened = PhotoLibrary::open(dir(), access);
    if (!opened->repairNotice().empty()) std::cerr << "clipdesk-cli: warning: " << opened->repairNotice() << '\n';
    return opened;
}

std::unique_ptr<LibrarySession> LibraryOptions::openSession(LibraryAccess access, const ModelOptions& model,
                                                            ModelTowers preload) const {
    auto session = LibrarySession::open({dir(), access, model.settings(), preload});
    if (!session->repairNotice().empty()) std::cerr << "clipdesk-cli: warning: " << session->repairNotice() << '\n';
    return session;
}

}  // namespace clipdesk::cli
