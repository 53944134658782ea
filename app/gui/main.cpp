// clipdesk: the desktop application.

#include "main_window.h"
#include "clip/model/cpu_runtime.h"
#include "settings/app_settings.h"
#include "settings/language_switcher.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char* argv[]) {
    clipdesk::tuneCpuRuntime(argv);  // may re-execute the program: before anything else
    QApplication app(argc, argv);
    QApplication::setApplicationName("clipdesk");
    QApplication::setApplicationDisplayName("Clipdesk");
    QApplication::setApplicationVersion(CLIPDESK_VERSION);
    QApplication::setDesktopFileName("io.github.clipdesk.Clipdesk");
    QApplication::setWindowIcon(QIcon(":/icons/clipdesk.svg"));

    clipdesk::ui::AppSettings settings;
    clipdesk::ui::LanguageSwitcher languages;
    languages.apply(settings.language());

    clipdesk::ui::MainWindow window(settings, languages);
    window.show();
    return app.exec();
}
