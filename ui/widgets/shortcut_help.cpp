#include "widgets/shortcut_help.h"

#include <QCoreApplication>
#include <QStringList>

namespace clipdesk::ui {
namespace {

QString row(const QString& keys, const QString& what) {
    return QStringLiteral("<tr><td style='padding-right:16px'><b>%1</b></td><td>%2</td></tr>").arg(keys, what);
}

QString section(const QString& title) { return QStringLiteral("<tr><td colspan='2'><br><i>%1</i></td></tr>").arg(title); }

}  // namespace

QString shortcutListHtml() {
    QStringList rows;
    rows << section(QCoreApplication::translate("ShortcutHelp", "Everywhere"))
         << row(QStringLiteral("Ctrl+1 … Ctrl+5"), QCoreApplication::translate("ShortcutHelp", "Library, Search, Tags, Training, Settings"))
         << row(QStringLiteral("Ctrl+F"), QCoreApplication::translate("ShortcutHelp", "Search: the query field"))
         << row(QStringLiteral("Ctrl+O"), QCoreApplication::translate("ShortcutHelp", "Add a folder to the library"))
         << row(QStringLiteral("F1"), QCoreApplication::translate("ShortcutHelp", "This list"))
         << row(QStringLiteral("Ctrl+Q"), QCoreApplication::translate("ShortcutHelp", "Quit"))
         << section(QCoreApplication::translate("ShortcutHelp", "Search results"))
         << row(QStringLiteral("Enter"), QCoreApplication::translate("ShortcutHelp", "In the query field: search; on a photo: open it"))
         << row(QStringLiteral("↓ / ↑"), QCoreApplication::translate("ShortcutHelp", "From the query field into the results; up from the first row back to the query"))
         << row(QCoreApplication::translate("ShortcutHelp", "Space"), QCoreApplication::translate("ShortcutHelp", "Preview the photo (Space or Esc closes it)"))
         << row(QStringLiteral("Ctrl+C"), QCoreApplication::translate("ShortcutHelp", "Copy the selected photos' paths"))
         << section(QCoreApplication::translate("ShortcutHelp", "Preview"))
         << row(QStringLiteral("→ / ←"), QCoreApplication::translate("ShortcutHelp", "Next / previous photo of the grid"))
         << section(QCoreApplication::translate("ShortcutHelp", "Tags review"))
         << row(QStringLiteral("A"), QCoreApplication::translate("ShortcutHelp", "Accept the tag on the selected photos"))
         << row(QStringLiteral("R, Delete"), QCoreApplication::translate("ShortcutHelp", "Reject the tag on the selected photos"));
    return QStringLiteral("<table>%1</table>").arg(rows.join(QString()));
}

}  // namespace clipdesk::ui
