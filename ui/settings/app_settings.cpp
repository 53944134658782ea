#include "settings/app_settings.h"

#include "clip/model_files.h"
#include "widgets/photo_tile_layout.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

#include <memory>

#include <algorithm>

namespace clipdesk::ui {
namespace {

const char* kModelPath = "model/path";
const char* kThreads = "compute/threads";
const char* kLibraryDir = "library/dir";
const char* kLanguage = "ui/language";
const char* kThumbnailSize = "ui/thumbnailSize";
const char* kWatchFolders = "library/watchFolders";
const char* kGeometry = "window/geometry";
const char* kState = "window/state";

// ~/.config/clipdesk.conf (XDG_CONFIG_HOME): the organisation names the file, with no
// application folder below it.
std::unique_ptr<QSettings> store() {
    return std::make_unique<QSettings>(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("clipdesk"));
}

}  // namespace

AppSettings::AppSettings(QObject* parent) : QObject(parent) {}

QString AppSettings::settingsFile() { return store()->fileName(); }

int AppSettings::thumbnailSize() const {
    return std::clamp(store()->value(kThumbnailSize, kDefaultThumbnailSize).toInt(), kMinThumbnailSize,
                      kMaxThumbnailSize);
}

void AppSettings::setThumbnailSize(int pixels) {
    pixels = std::clamp(pixels, kMinThumbnailSize, kMaxThumbnailSize);
    if (pixels == thumbnailSize()) return;
    store()->setValue(kThumbnailSize, pixels);
    Q_EMIT thumbnailSizeChanged(pixels);
}

QString AppSettings::configuredModelPath() const { return store()->value(kModelPath).toString(); }

void AppSettings::setConfiguredModelPath(const QString& path) {
    if (path == configuredModelPath()) return;
    store()->setValue(kModelPath, path);
    Q_EMIT modelChanged();
}

QString AppSettings::effectiveModelPath() const {
    const QString configured = configuredModelPath();
    if (!configured.isEmpty()) return configured;
    if (const auto bundled = bundledModelFolder()) return QString::fromStdString(*bundled);
    return {};
}

bool AppSettings::usesBundledModel() const { return configuredModelPath().isEmpty() && !effectiveModelPath().isEmpty(); }

int AppSettings::threads() const { return store()->value(kThreads, 0).toInt(); }

void AppSettings::setThreads(int threads) {
    if (threads == this->threads()) return;
    store()->setValue(kThreads, threads);
    Q_EMIT threadsChanged();
}

QString AppSettings::defaultLibraryDir() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath("libraries/default");
}

QString AppSettings::libraryDir() const { return store()->value(kLibraryDir, defaultLibraryDir()).toString(); }

void AppSettings::setLibraryDir(const QString& dir) {
    if (dir == libraryDir()) return;
    store()->setValue(kLibraryDir, dir);
    Q_EMIT libraryDirChanged();
}

QString AppSettings::language() const { return store()->value(kLanguage).toString(); }

void AppSettings::setLanguage(const QString& code) {
    if (code == language()) return;
    store()->setValue(kLanguage, code);
    Q_EMIT languageChanged();
}

bool AppSettings::watchFolders() const { return store()->value(kWatchFolders, true).toBool(); }

void AppSettings::setWatchFolders(bool on) {
    if (on == watchFolders()) return;
    store()->setValue(kWatchFolders, on);
    Q_EMIT watchFoldersChanged(on);
}

QByteArray AppSettings::windowGeometry() const { return store()->value(kGeometry).toByteArray(); }
QByteArray AppSettings::windowState() const { return store()->value(kState).toByteArray(); }
void AppSettings::setWindowGeometry(const QByteArray& geometry) { store()->setValue(kGeometry, geometry); }
void AppSettings::setWindowState(const QByteArray& state) { store()->setValue(kState, state); }

}  // namespace clipdesk::ui
