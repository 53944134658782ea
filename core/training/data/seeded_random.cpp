#include "data/seeded_random.h"

#include <limits>
#include <stdexcept>
#include <utility>

namespace clipdesk {
namespace {

std::uint64_t splitMix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

}  // namespace

std::uint64_t mixSeed(std::initializer_list<std::uint64_t> values) {
    std::uint64_t h = 0x6A09E667F3BCC909ull;
    for (std::uint64_t v : values) h = splitMix64(h ^ v);
    return h;
}

std::size_t uniformIndex(std::mt19937_64& rng, std::size_t n) {
    if (n == 0) throw std::invalid_argument("uniformIndex: empty range");
    const std::uint64_t range = n;
    // Reject the top partial copy of [0, range) so that every value is equally likely.
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % range;
    std::uint64_t x;
    do {
        x = rng();
    } while (x >= limit);
    return static_cast<std::size_t>(x % range);
}

double uniformReal(std::mt19937_64& rng, double low, double high) {
    const double unit = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    return low + (high - low) * unit;
}

void shuffleInPlace(std::vector<std::size_t>& values, std::mt19937_64& rng) {
    for (std::size_t i = values.size(); i > 1; --i) std::swap(values[i - 1], values[uniformIndex(rng, i)]);
}

}  // namespace clipdesk
