#include "text/language_names.h"

#include "application/query_languages.h"

#include <QCoreApplication>
#include <QStringList>

namespace clipdesk::ui {

QString languageNames(const std::vector<std::string>& codes) {
    if (codes.empty()) return QCoreApplication::translate("clipdesk::ui::LanguageNames", "unknown");
    QStringList names;
    for (const auto& code : codes) {
        const std::string primary = primaryLanguage(code);
        if (primary == "en")
            names << QCoreApplication::translate("clipdesk::ui::LanguageNames", "English");
        else if (primary == "zh")
            names << QCoreApplication::translate("clipdesk::ui::LanguageNames", "Chinese");
        else
            names << QString::fromStdString(code);
    }
    names.removeDuplicates();
    return names.join(QStringLiteral(", "));
}

}  // namespace clipdesk::ui
