#include "settings/language_switcher.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace clipdesk::ui {

LanguageSwitcher::LanguageSwitcher(QObject* parent) : QObject(parent) {}

QList<QPair<QString, QString>> LanguageSwitcher::availableLanguages() {
    return {{"en", "English"}, {"zh_CN", QString::fromUtf8("简体中文")}};
}

QString LanguageSwitcher::resolve(const QString& code) {
    if (!code.isEmpty()) return code;
    const QLocale system;
    if (system.language() == QLocale::Chinese && system.script() != QLocale::TraditionalChineseScript) return "zh_CN";
    return "en";
}

QString LanguageSwitcher::apply(const QString& code) {
    const QString language = resolve(code);
    for (QTranslator** t : {&app_, &qt_}) {
        if (!*t) continue;
        QCoreApplication::removeTranslator(*t);
        delete *t;
        *t = nullptr;
    }
    current_ = "en";
    if (language == "en") {
        // Removing translators already sent LanguageChange; nothing to install.
        return current_;
    }
    auto* app = new QTranslator(this);
    if (!app->load(":/i18n/clipdesk_" + language + ".qm")) {
        delete app;
        return current_;
    }
    auto* qt = new QTranslator(this);
    if (qt->load("qtbase_" + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        qt_ = qt;
    } else {
        delete qt;
    }
    QCoreApplication::installTranslator(app);
    app_ = app;
    current_ = language;
    return current_;
}

}  // namespace clipdesk::ui
