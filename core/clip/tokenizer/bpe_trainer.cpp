#include "clip/tokenizer/bpe_trainer.h"

#include "tokenizer/byte_unicode.h"
#include "tokenizer/text_cleaning.h"
#include "tokenizer/unicode_text.h"
#include "tokenizer/word_splitter.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

namespace clipdesk::tokenizer {
namespace {

using Symbols = std::vector<std::string>;

// A word as BPE starts it: one byte character per byte, "</w>" on the last.
Symbols initialSymbols(std::string_view wordBytes) {
    const auto& table = byteUnicodeTable();
    Symbols symbols;
    for (char c : wordBytes) symbols.push_back(encodeUtf8(std::u32string(1, table.charOfByte[static_cast<std::uint8_t>(c)])));
    if (!symbols.empty()) symbols.back() += "</w>";
    return symbols;
}

Symbols applyMerge(const Symbols& word, const std::string& left, const std::string& right) {
    Symbols out;
    for (std::size_t i = 0; i < word.size();) {
        if (i + 1 < word.size() && word[i] == left && word[i + 1] == right) {
            out.push_back(left + right);
            i += 2;
        } else {
            out.push_back(word[i++]);
        }
    }
    return out;
}

}  // namespace

std::vector<BpeMerge> learnBpeMerges(const std::vector<std::string>& texts, std::size_t mergeCount,
                                     std::size_t minPairCount) {
    const WordSplitter splitter;
    std::map<Symbols, std::size_t> counted;
    for (const auto& text : texts) {
        const std::string cleaned = cleanText(text);
        for (const auto& word : splitter.split(cleaned)) ++counted[initialSymbols(word)];
    }
    std::vector<std::pair<Symbols, std::size_t>> words(counted.begin(), counted.end());

    std::vector<BpeMerge> merges;
    while (merges.size() < mergeCount) {
        std::map<std::pair<std::string, std::string>, std::size_t> pairs;
        for (const auto& [symbols, count] : words)
            for (std::size_t i = 0; i + 1 < symbols.size(); ++i) pairs[{symbols[i], symbols[i + 1]}] += count;
        const std::pair<std::string, std::string>* best = nullptr;
        std::size_t bestCount = 0;
        for (const auto& [pair, count] : pairs)  // map order: ties go to the smallest pair
            if (count > bestCount) {
                best = &pair;
                bestCount = count;
            }
        if (!best || bestCount < std::max<std::size_t>(1, minPairCount)) break;
        merges.push_back({best->first, best->second});
        for (auto& [symbols, count] : words) symbols = applyMerge(symbols, best->first, best->second);
    }
    return merges;
}

void writeBpeMerges(const std::string& path, const std::vector<BpeMerge>& merges) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error(tmp + ": cannot write: " + std::strerror(errno));
        out << "#version: 0.2 " << kMergeCountKey << merges.size() << '\n';
        for (const auto& m : merges) out << m.left << ' ' << m.right << '\n';
        out.flush();
        if (!out) throw std::runtime_error(tmp + ": write failed: " + std::strerror(errno));
    }
    std::filesystem::rename(tmp, path);
}

}  // namespace clipdesk::tokenizer
