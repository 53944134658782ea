#pragma once
// The window's text for an error of a use case: core's UseCaseError kinds in the user's
// language, anything else (file errors naming the file and line) as core wrote it.

#include <QString>

#include <exception>

namespace clipdesk::ui {

QString useCaseMessage(const std::exception& error);

}  // namespace clipdesk::ui
