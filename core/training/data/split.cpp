#include "training/data/split.h"

#include "data/seeded_random.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace clipdesk {

TrainValSplit splitTrainValidation(std::size_t n, double validationFraction, std::uint64_t seed) {
    if (!(validationFraction >= 0.0 && validationFraction < 1.0))
        throw std::invalid_argument("validation fraction must be at least 0 and below 1, got " +
                                    std::to_string(validationFraction));
    std::size_t held = static_cast<std::size_t>(std::llround(static_cast<double>(n) * validationFraction));
    held = validationFraction > 0 && n >= 2 ? std::clamp<std::size_t>(held, 1, n - 1) : 0;

    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 rng(mixSeed({seed, 0x5B1170A11DA7E5ull}));
    shuffleInPlace(order, rng);
    TrainValSplit split;
    split.validation.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(held));
    split.train.assign(order.begin() + static_cast<std::ptrdiff_t>(held), order.end());
    std::sort(split.validation.begin(), split.validation.end());
    std::sort(split.train.begin(), split.train.end());
    return split;
}

}  // namespace clipdesk
