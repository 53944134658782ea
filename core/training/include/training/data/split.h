#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace clipdesk {

struct TrainValSplit {
    std::vector<std::size_t> train;       // ascending
    std::vector<std::size_t> validation;  // ascending
};

// Holds out round(n * validationFraction) of the indices 0..n-1, chosen at random from `seed`
// (the same on every platform). When the fraction is > 0 and n >= 2, at least one index is
// held out and at least one is kept for training; with n < 2 nothing is held out. Together the two lists are 0..n-1, each
// index once. Throws std::invalid_argument unless 0 <= validationFraction < 1.
TrainValSplit splitTrainValidation(std::size_t n, double validationFraction, std::uint64_t seed);

}  // namespace clipdesk
