#pragma once
// CLIP's bytes_to_unicode(): a printable character for each of the 256 byte values, so that
// BPE can work on strings without whitespace or control characters.

#include <array>
#include <cstdint>

namespace clipdesk::tokenizer {

struct ByteUnicodeTable {
    std::array<char32_t, 256> charOfByte{};          // indexed by byte value
    std::array<std::uint8_t, 256> byteInVocabOrder{};  // vocabulary ids 0..255 (dict order in CLIP)
    std::array<int, 256> vocabIndexOfByte{};         // inverse of byteInVocabOrder
};

const ByteUnicodeTable& byteUnicodeTable();

// The byte a table character stands for, or -1.
int byteOfChar(char32_t c);

}  // namespace clipdesk::tokenizer
