#pragma once
// The user's settings, persisted with QSettings: model, compute threads, library location,
// language, the grids' thumbnail size, watching the library's folders, and the main window's geometry and state.

#include <QByteArray>
#include <QObject>
#include <QString>

namespace clipdesk::ui {

class AppSettings : public QObject {
    Q_OBJECT
public:
    explicit AppSettings(QObject* parent = nullptr);

    // Where the settings are kept: ~/.config/clipdesk.conf (under $XDG_CONFIG_HOME).
    static QString settingsFile();

    // The model chosen in Settings (a folder or a weights file); empty when none is chosen.
    QString configuredModelPath() const;
    void setConfiguredModelPath(const QString& path);
    // What indexing and training use: the configured model, else the bundled clipdesk-mini;
    // empty when neither exists.
    QString effectiveModelPath() const;
    // True when no model is configured and the bundled clipdesk-mini is used.
    bool usesBundledModel() const;

    // Compute threads; 0 means every core.
    int threads() const;
    void setThreads(int threads);

    // The library folder; by default <AppDataLocation>/libraries/default.
    QString libraryDir() const;
    void setLibraryDir(const QString& dir);
    static QString defaultLibraryDir();

    // "" follows the system locale; otherwise a language code such as "en" or "zh_CN".
    QString language() const;
    void setLanguage(const QString& code);

    // The side of a thumbnail in the results grids, in pixels (the grids' size slider).
    int thumbnailSize() const;
    void setThumbnailSize(int pixels);

    // Whether the library's folders are watched while the window is open (new, changed, moved
    // and deleted photos indexed in the background); on by default.
    bool watchFolders() const;
    void setWatchFolders(bool on);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowGeometry(const QByteArray& geometry);
    void setWindowState(const QByteArray& state);

Q_SIGNALS:
    void modelChanged();
    void threadsChanged();
    void libraryDirChanged();
    void languageChanged();
    void thumbnailSizeChanged(int pixels);
    void watchFoldersChanged(bool on);
};

}  // namespace clipdesk::ui
