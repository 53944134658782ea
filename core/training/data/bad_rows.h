#pragma once

#include "training/data/pair_dataset.h"
#include "data/pairs_file_error.h"

#include <cstddef>
#include <string>

namespace clipdesk {

// What happens to a row (or image) that fails validation: by default the error is thrown;
// with PairsOptions::skipBadRows it is reported through `warn` and the row is left out.
class BadRowPolicy {
public:
    explicit BadRowPolicy(const PairsOptions& options) : options_(options) {}

    void reject(const PairsFileError& error) {
        if (!options_.skipBadRows) throw error;
        ++rejected_;
        if (options_.warn) options_.warn(std::string(error.what()) + " (skipped)");
    }

    std::size_t rejected() const { return rejected_; }

    // Throws when nothing usable is left: "<file>: no usable pairs (3 skipped)".
    void requireAny(const std::string& file, std::size_t kept) const {
        if (kept > 0) return;
        throw PairsFileError(file, 0, rejected_ > 0 ? "no usable pairs (" + std::to_string(rejected_) + " skipped)"
                                                    : std::string("no pairs"));
    }

private:
    const PairsOptions& options_;
    std::size_t rejected_ = 0;
};

}  // namespace clipdesk
