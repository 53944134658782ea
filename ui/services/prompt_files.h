#pragma once
// The Tags page's prompt files: where the built-in label vocabulary and template sets are, where
// user copies go (<AppDataLocation>/prompts/), and checking a file's text with the tagging
// core's own parser, so the page shows exactly the CLI's "file:line: ..." messages.

#include <QString>
#include <QStringList>

namespace clipdesk::ui {

enum class PromptKind { Labels, Templates };

// "builtin" for the vocabulary; "imagenet80", "short7", "single" for template sets.
QStringList builtinPromptNames(PromptKind kind);
// The file behind a built-in name; empty when the prompt resources cannot be found.
QString builtinPromptPath(PromptKind kind, const QString& name);
// Where a user copy of a built-in file is saved: <AppDataLocation>/prompts/labels/everyday.txt,
// .../templates/short7.txt.
QString userCopyPath(PromptKind kind, const QString& builtinName);

// Checks `text` as the file `displayPath` would be read; returns the core's message (with
// `displayPath` and the line) or an empty string when it is valid.
QString checkPromptText(PromptKind kind, const QString& text, const QString& displayPath);
// Checks the file (a built-in name or a path) itself.
QString checkPromptFile(PromptKind kind, const QString& nameOrPath);

}  // namespace clipdesk::ui
