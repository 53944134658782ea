#include "services/prompt_files.h"

#include "tagging/label_vocabulary.h"
#include "tagging/prompt_resources.h"
#include "tagging/template_set.h"
#include "tagging/text_lines.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace clipdesk::ui {
namespace {

QString load(PromptKind kind, const QString& nameOrPath) {
    try {
        if (kind == PromptKind::Labels) loadLabelVocabulary(nameOrPath.toStdString());
        else loadTemplateSet(nameOrPath.toStdString());
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

QStringList builtinPromptNames(PromptKind kind) {
    if (kind == PromptKind::Labels) return {QStringLiteral("builtin")};
    QStringList names;
    for (const auto& n : builtinTemplateSetNames()) names << QString::fromStdString(n);
    return names;
}

QString builtinPromptPath(PromptKind kind, const QString& name) {
    try {
        const std::string relative =
            kind == PromptKind::Labels ? "labels/everyday.txt" : "templates/" + name.toStdString() + ".txt";
        return QString::fromStdString(promptResource(relative).string());
    } catch (const std::exception&) {
        return {};
    }
}

QString userCopyPath(PromptKind kind, const QString& builtinName) {
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/prompts/";
    return kind == PromptKind::Labels ? base + "labels/everyday.txt" : base + "templates/" + builtinName + ".txt";
}

QString checkPromptText(PromptKind kind, const QString& text, const QString& displayPath) {
    // The core reads files: check a copy with the same name, then name the real file.
    QTemporaryDir dir;
    if (!dir.isValid()) return QCoreApplication::translate("PromptFiles", "cannot create a temporary folder to check %1").arg(displayPath);
    const QString copy = dir.filePath(QFileInfo(displayPath).fileName().isEmpty() ? "prompts.txt"
                                                                                  : QFileInfo(displayPath).fileName());
    QFile file(copy);
    if (!file.open(QIODevice::WriteOnly)) return file.errorString();
    file.write(text.toUtf8());
    file.close();
    QString message = load(kind, copy);
    message.replace(copy, displayPath);
    return message;
}

QString checkPromptFile(PromptKind kind, const QString& nameOrPath) { return load(kind, nameOrPath); }

}  // namespace clipdesk::ui
