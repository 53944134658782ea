#include "clip/tokenizer/wordpiece_tokenizer.h"

#include "tokenizer/bert_basic_tokenizer.h"
#include "tokenizer/file_contents.h"
#include "tokenizer/unicode_text.h"

#include <stdexcept>
#include <unordered_map>

namespace clipdesk {
namespace {

using tokenizer::encodeUtf8;

constexpr std::size_t kMaxWordCharacters = 200;

class VocabError : public std::runtime_error {
public:
    VocabError(const std::string& path, std::size_t line, const std::string& what)
        : std::runtime_error(path + (line ? ":" + std::to_string(line) : std::string()) +
                             ": not a WordPiece vocabulary (vocab.txt): " + what) {}
};

// Python's str.strip() of a vocabulary line.
std::string stripped(const std::string& line) {
    const std::u32string text = tokenizer::decodeUtf8Lossy(line);
    std::size_t begin = 0, end = text.size();
    while (begin < end && tokenizer::isPythonStrSpace(text[begin])) ++begin;
    while (end > begin && tokenizer::isPythonStrSpace(text[end - 1])) --end;
    return encodeUtf8(text.substr(begin, end - begin));
}

class WordPieceTokenizerImpl final : public WordPieceTokenizer {
public:
    explicit WordPieceTokenizerImpl(const std::string& path) {
        const std::string bytes = tokenizer::readMaybeGzippedFile(path);
        std::size_t lineStart = 0;
        std::int32_t id = 0;
        while (lineStart < bytes.size()) {
            std::size_t lineEnd = bytes.find('\n', lineStart);
            if (lineEnd == std::string::npos) lineEnd = bytes.size();
            const std::string token = stripped(bytes.substr(lineStart, lineEnd - lineStart));
            if (token.find_first_of(" \t") != std::string::npos)
                throw VocabError(path, static_cast<std::size_t>(id) + 1,
                                 "expected one token per line, found \"" + token.substr(0, 40) + "\" (a BPE merges file?)");
            ids_[token] = id++;  // a repeated token keeps its last id, as the reference's dict does
            lineStart = lineEnd + 1;
        }
        const auto need = [&](const char* token) {
            const auto it = ids_.find(token);
            if (it == ids_.end()) throw VocabError(path, 0, std::string("it has no ") + token + " token");
            return it->second;
        };
        cls_ = need("[CLS]");
        sep_ = need("[SEP]");
        unk_ = need("[UNK]");
        if (need("[PAD]") != 0) throw VocabError(path, 0, "[PAD] must be its first token (id 0)");
        size_ = static_cast<std::size_t>(id);
    }

    std::vector<std::string> pieces(std::string_view utf8Text) const override {
        std::vector<std::string> out;
        encodeIds(utf8Text, &out);
        return out;
    }

    std::vector<std::int32_t> encode(std::string_view utf8Text) const override { return encodeIds(utf8Text, nullptr); }

    TokenizedText tokenize(std::string_view utf8Text, int contextLength) const override {
        if (contextLength < 2) throw std::invalid_argument("context length must be at least 2 ([CLS] and [SEP])");
        const auto ids = encode(utf8Text);
        const std::size_t kept = std::min(ids.size(), static_cast<std::size_t>(contextLength - 2));
        TokenizedText t;
        t.ids.assign(static_cast<std::size_t>(contextLength), 0);
        t.ids[0] = cls_;
        for (std::size_t i = 0; i < kept; ++i) t.ids[i + 1] = ids[i];
        t.ids[kept + 1] = sep_;
        t.eotPosition = static_cast<int>(kept + 1);
        t.untruncatedLength = static_cast<int>(ids.size() + 2);
        t.truncated = kept < ids.size();
        return t;
    }

    std::int32_t clsId() const override { return cls_; }
    std::int32_t sepId() const override { return sep_; }
    std::int32_t unkId() const override { return unk_; }
    std::size_t vocabSize() const override { return size_; }

private:
    std::vector<std::int32_t> encodeIds(std::string_view utf8Text, std::vector<std::string>* pieces) const {
        std::vector<std::int32_t> out;
        const auto add = [&](std::int32_t id, std::string piece) {
            out.push_back(id);
            if (pieces) pieces->push_back(std::move(piece));
        };
        for (const auto& word : tokenizer::bertBasicTokens(utf8Text)) {
            if (word.size() > kMaxWordCharacters) {
                add(unk_, "[UNK]");
                continue;
            }
            // Greedy longest match first; a word with any piece outside the vocabulary is [UNK].
            std::vector<std::pair<std::int32_t, std::string>> wordPieces;
            std::size_t start = 0;
            while (start < word.size()) {
                std::size_t end = word.size();
                bool found = false;
                for (; end > start; --end) {
                    std::string candidate = (start > 0 ? "##" : "") + encodeUtf8(word.substr(start, end - start));
                    const auto it = ids_.find(candidate);
                    if (it != ids_.end()) {
                        wordPieces.emplace_back(it->second, std::move(candidate));
                        found = true;
                        break;
                    }
                }
                if (!found) break;
                start = end;
            }
            if (start < word.size()) {
                add(unk_, "[UNK]");
                continue;
            }
            for (auto& [id, piece] : wordPieces) add(id, std::move(piece));
        }
        return out;
    }

    std::unordered_map<std::string, std::int32_t> ids_;
    std::int32_t cls_ = 0, sep_ = 0, unk_ = 0;
    std::size_t size_ = 0;
};

}  // namespace

std::shared_ptr<const WordPieceTokenizer> WordPieceTokenizer::fromVocabFile(const std::string& path) {
    return std::make_shared<WordPieceTokenizerImpl>(path);
}

}  // namespace clipdesk
