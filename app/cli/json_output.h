#pragma once
// JSON Lines on stdout. Floats are single precision so embeddings print in their shortest
// round-tripping form; invalid UTF-8 in user text is replaced, never fatal.

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace clipdesk::cli {

// Keys keep insertion order, so output reads as documented ({"text": ..., "ids": ...}).
using Json = nlohmann::basic_json<nlohmann::ordered_map, std::vector, std::string, bool, std::int64_t, std::uint64_t, float>;

void printJsonLine(const Json& value);
// A 1-D tensor as a JSON array of numbers; a 2-D one as an array of rows.
Json tensorToJson(const torch::Tensor& t);

}  // namespace clipdesk::cli
