#pragma once
// Installs the translation of the chosen language (embedded as :/i18n/clipdesk_<code>.qm,
// plus Qt's own for standard dialogs) and removes the previous one; widgets then receive
// QEvent::LanguageChange and re-set their texts.

#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

class QTranslator;

namespace clipdesk::ui {

class LanguageSwitcher : public QObject {
    Q_OBJECT
public:
    explicit LanguageSwitcher(QObject* parent = nullptr);

    // The languages offered: code and native name ("en", "English"), ("zh_CN", "简体中文").
    static QList<QPair<QString, QString>> availableLanguages();
    // "" picks the system locale's language when Clipdesk has it, else English.
    static QString resolve(const QString& code);

    // Applies `code` ("" = system); returns the language code now in effect.
    QString apply(const QString& code);
    QString current() const { return current_; }

private:
    QTranslator* app_ = nullptr;
    QTranslator* qt_ = nullptr;
    QString current_ = "en";
};

}  // namespace clipdesk::ui
