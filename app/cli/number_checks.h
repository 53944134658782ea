#pragma once
// The CLI's checks of numeric options. CLI11's NonNegativeNumber and PositiveNumber are ranges
// up to the largest double, which their messages print in full ("not in range 0.000000 to
// 179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558
// ..."); these say what is expected and what was given.

#include <CLI/CLI.hpp>

namespace clipdesk::cli {

const CLI::Validator& nonNegativeNumber();  // "must be 0 or more, got -1"
const CLI::Validator& positiveNumber();     // "must be more than 0, got 0"

}  // namespace clipdesk::cli
