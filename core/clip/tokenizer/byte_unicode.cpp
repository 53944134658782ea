#include "tokenizer/byte_unicode.h"

namespace clipdesk::tokenizer {
namespace {

bool isPrintableByte(int b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF); }

ByteUnicodeTable buildTable() {
    ByteUnicodeTable table;
    int next = 0;
    // Printable bytes keep their code point and come first; the others follow in byte order,
    // mapped to U+0100, U+0101, ...
    for (int b = 0; b < 256; ++b) {
        if (!isPrintableByte(b)) continue;
        table.charOfByte[b] = static_cast<char32_t>(b);
        table.byteInVocabOrder[next++] = static_cast<std::uint8_t>(b);
    }
    int shifted = 0;
    for (int b = 0; b < 256; ++b) {
        if (isPrintableByte(b)) continue;
        table.charOfByte[b] = static_cast<char32_t>(256 + shifted++);
        table.byteInVocabOrder[next++] = static_cast<std::uint8_t>(b);
    }
    for (int i = 0; i < 256; ++i) table.vocabIndexOfByte[table.byteInVocabOrder[i]] = i;
    return table;
}

}  // namespace

const ByteUnicodeTable& byteUnicodeTable() {
    static const ByteUnicodeTable table = buildTable();
    return table;
}

int byteOfChar(char32_t c) {
    if (c < 256 && isPrintableByte(static_cast<int>(c))) return static_cast<int>(c);
    if (c >= 256 && c < 256 + 68) {
        const auto& table = byteUnicodeTable();
        return table.byteInVocabOrder[188 + (c - 256)];
    }
    return -1;
}

}  // namespace clipdesk::tokenizer
