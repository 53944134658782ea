#pragma once
// The window's text for an error of a use case: core's UseCaseError kinds in the user's
// language (rendered again after a language switch), anything else (file errors naming the
// file and line) as core wrote it.

#include "text/translatable_text.h"

#include <exception>

namespace clipdesk::ui {

TranslatableText useCaseMessage(const std::exception& error);

}  // namespace clipdesk::ui
