#include "number_checks.h"

#include <cmath>
#include <string>

namespace clipdesk::cli {
namespace {

CLI::Validator lowerBound(bool inclusive, const char* name) {
    return CLI::Validator(
        [inclusive](std::string& input) -> std::string {
            double value = 0;
            if (!CLI::detail::lexical_cast(input, value) || std::isnan(value)) return "must be a number, got " + input;
            if (inclusive ? value >= 0 : value > 0) return "";
            return std::string(inclusive ? "must be 0 or more" : "must be more than 0") + ", got " + input;
        },
        name);
}

}  // namespace

const CLI::Validator& nonNegativeNumber() {
    static const CLI::Validator check = lowerBound(true, "NONNEGATIVE");
    return check;
}

const CLI::Validator& positiveNumber() {
    static const CLI::Validator check = lowerBound(false, "POSITIVE");
    return check;
}

}  // namespace clipdesk::cli
