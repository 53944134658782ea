#pragma once
// The numbers a tagging request decides with, checked once before anything is read or written:
// a NaN, an infinity or a probability outside [0, 1] would otherwise pass no photo and remove
// the label's earlier automatic tags without a word. Throws UseCaseError (InvalidThreshold,
// subject: the option's name).

#include <string>

namespace clipdesk {

// A probability: finite and within [0, 1].
void requireProbability(double value, const std::string& name);

// A threshold on scores or z-scores: any finite number.
void requireFiniteThreshold(double value, const std::string& name);

}  // namespace clipdesk
