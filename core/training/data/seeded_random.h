#pragma once
// Random draws that are the same with every C++ standard library. std::mt19937_64's output
// is fixed by the standard; std::uniform_*_distribution and std::shuffle are not, so seeded
// runs use these instead.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <vector>

namespace clipdesk {

// A well-mixed seed from several values (SplitMix64 applied after each one).
std::uint64_t mixSeed(std::initializer_list<std::uint64_t> values);

// Uniform in [0, n) without modulo bias. n must be > 0.
std::size_t uniformIndex(std::mt19937_64& rng, std::size_t n);

// Uniform in [low, high), 53-bit resolution.
double uniformReal(std::mt19937_64& rng, double low, double high);

// Fisher–Yates shuffle.
void shuffleInPlace(std::vector<std::size_t>& values, std::mt19937_64& rng);

}  // namespace clipdesk
