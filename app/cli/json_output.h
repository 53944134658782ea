#pragma once
// JSON Lines on stdout. Floats are single precision so embeddings print in their shortest
// round-tripping form. Invalid UTF-8 (a file name in another encoding) is never fatal: the
// string is printed with U+FFFD for each bad byte, and its object gets a member "<key>_bytes"
// with the string's exact bytes in hex ({"path": "/p/caf�.jpg", "path_bytes":
// "2f702f636166e92e6a7067"}), from which scripts open the file.

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
