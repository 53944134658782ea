#include "settings/app_settings.h"

#include "clip/model_files.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace clipdesk::ui {
namespace {

const char* kModelPath = "model/path";
const char* kThreads = "compute/threads";
const char* kLibraryDir = "library/dir";
const char* kLanguage = "ui/language";
const char* kGeometry = "window/geometry";
const char* kState = "window/state";

}  // namespace

AppSettings::AppSettings(QObject* parent) : QObject(parent) {}

QString AppSettings::configuredModelPath() const { return QSettings().value(kModelPath).toString(); }

void AppSettings::setConfiguredModelPath(const QString& path) {
    if (path == configuredModelPath()) return;
    QSettings().setValue(kModelPath, path);
    Q_EMIT modelChanged();
}

QString AppSettings::effectiveModelPath() const {
    const QString configured = configuredModelPath();
    if (!configured.isEmpty()) return configured;
    if (const auto bundled = bundledModelFolder()) return QString::fromStdString(*bundled);
    return {};
}

bool AppSettings::usesBundledModel() const { return configuredModelPath().isEmpty() && !effectiveModelPath().isEmpty(); }

int AppSettings::threads() const { return QSettings().value(kThreads, 0).toInt(); }

void AppSettings::setThreads(int threads) {
    if (threads == this->threads()) return;
    QSettings().setValue(kThreads, threads);
    Q_EMIT threadsChanged();
}

QString AppSettings::defaultLibraryDir() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath("libraries/default");
}

QString AppSettings::libraryDir() const { return QSettings().value(kLibraryDir, defaultLibraryDir()).toString(); }

void AppSettings::setLibraryDir(const QString& dir) {
    if (dir == libraryDir()) return;
    QSettings().setValue(kLibraryDir, dir);
    Q_EMIT libraryDirChanged();
}

QString AppSettings::language() const { return QSettings().value(kLanguage).toString(); }

void AppSettings::setLanguage(const QString& code) {
    if (code == language()) return;
    QSettings().setValue(kLanguage, code);
    Q_EMIT languageChanged();
}

QByteArray AppSettings::windowGeometry() const { return QSettings().value(kGeometry).toByteArray(); }
QByteArray AppSettings::windowState() const { return QSettings().value(kState).toByteArray(); }
void AppSettings::setWindowGeometry(const QByteArray& geometry) { QSettings().setValue(kGeometry, geometry); }
void AppSettings::setWindowState(const QByteArray& state) { QSettings().setValue(kState, state); }

}  // namespace clipdesk::ui
