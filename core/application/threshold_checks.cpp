#include "threshold_checks.h"

#include "application/use_case_error.h"

#include <cmath>
#include <sstream>

namespace clipdesk {
namespace {

std::string shown(double value) {
    std::ostringstream text;
    text << value;
    return text.str();
}

}  // namespace

void requireProbability(double value, const std::string& name) {
    if (!(value >= 0.0 && value <= 1.0))  // NaN fails both comparisons
        throw UseCaseError(UseCaseProblem::InvalidThreshold, name,
                           name + ": must be a probability between 0 and 1, got " + shown(value));
}

void requireFiniteThreshold(double value, const std::string& name) {
    if (!std::isfinite(value))
        throw UseCaseError(UseCaseProblem::InvalidThreshold, name,
                           name + ": must be a finite number, got " + shown(value));
}

}  // namespace clipdesk
