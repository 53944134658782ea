#include "clip/tokenizer/clip_tokenizer.h"

#include "clip/tokenizer/bpe_merges.h"
#include "tokenizer/bpe_vocabulary.h"
#include "tokenizer/byte_unicode.h"
#include "tokenizer/text_cleaning.h"
#include "tokenizer/unicode_text.h"
#include "tokenizer/word_splitter.h"

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_map>

namespace clipdesk {
namespace {

using tokenizer::BpeVocabulary;

// Remembers the BPE of words seen before (CLIP's self.cache), shared between threads.
class WordCache {
public:
    bool find(const std::string& word, std::vector<std::int32_t>& ids) const {
        std::shared_lock lock(mutex_);
        const auto it = entries_.find(word);
        if (it == entries_.end()) return false;
        ids.insert(ids.end(), it->second.begin(), it->second.end());
        return true;
    }

    void insert(std::string word, std::vector<std::int32_t> ids) {
        if (word.size() > kMaxWordBytes) return;
        std::unique_lock lock(mutex_);
        if (entries_.size() >= kMaxEntries) entries_.clear();  // bound memory in a long-running app
        entries_.emplace(std::move(word), std::move(ids));
    }

private:
    static constexpr std::size_t kMaxEntries = 100000;
    static constexpr std::size_t kMaxWordBytes = 256;
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, std::vector<std::int32_t>> entries_;
};

class BpeClipTokenizer final : public ClipTokenizer {
public:
    explicit BpeClipTokenizer(const std::vector<tokenizer::BpeMerge>& merges) : vocabulary_(merges) {}

    std::vector<std::int32_t> encode(std::string_view utf8Text) const override {
        const std::string cleaned = tokenizer::cleanText(utf8Text);
        std::vector<std::int32_t> ids;
        for (std::string_view piece : splitter_.split(cleaned)) appendWord(piece, ids);
        return ids;
    }

    TokenizedText tokenize(std::string_view utf8Text, int contextLength) const override {
        if (contextLength < 1) throw std::invalid_argument("context length must be at least 1");
        std::vector<std::int32_t> tokens;
        tokens.push_back(sotId());
        const std::vector<std::int32_t> body = encode(utf8Text);
        tokens.insert(tokens.end(), body.begin(), body.end());
        tokens.push_back(eotId());

        TokenizedText result;
        result.untruncatedLength = static_cast<int>(tokens.size());
        result.truncated = result.untruncatedLength > contextLength;
        const int kept = std::min(result.untruncatedLength, contextLength);
        result.ids.assign(tokens.begin(), tokens.begin() + kept);
        result.ids.back() = eotId();
        result.ids.resize(static_cast<std::size_t>(contextLength), 0);
        result.eotPosition = kept - 1;
        return result;
    }

    std::string decode(const std::vector<std::int32_t>& ids) const override {
        std::string symbols;
        for (std::int32_t id : ids) {
            if (id < 0 || static_cast<std::size_t>(id) >= vocabulary_.size()) {
                throw std::out_of_range("token id " + std::to_string(id) + " is not in the vocabulary");
            }
            symbols += vocabulary_.entry(id);
        }
        std::string bytes;
        for (char32_t c : tokenizer::decodeUtf8Lossy(symbols)) bytes.push_back(static_cast<char>(tokenizer::byteOfChar(c)));
        std::string text = tokenizer::encodeUtf8(tokenizer::decodeUtf8Lossy(bytes));
        for (std::size_t at = text.find("</w>"); at != std::string::npos; at = text.find("</w>", at + 1)) {
            text.replace(at, 4, " ");
        }
        return text;
    }

    std::int32_t sotId() const override { return vocabulary_.sotId(); }
    std::int32_t eotId() const override { return vocabulary_.eotId(); }
    std::size_t vocabSize() const override { return vocabulary_.size(); }

private:
    void appendWord(std::string_view piece, std::vector<std::int32_t>& ids) const {
        if (piece == "<|startoftext|>" || piece == "<|endoftext|>") {
            ids.push_back(piece == "<|startoftext|>" ? sotId() : eotId());
            return;
        }
        std::string word(piece);
        if (cache_.find(word, ids)) return;
        std::vector<std::int32_t> wordIds = vocabulary_.encodeWord(word);
        ids.insert(ids.end(), wordIds.begin(), wordIds.end());
        cache_.insert(std::move(word), std::move(wordIds));
    }

    BpeVocabulary vocabulary_;
    tokenizer::WordSplitter splitter_;
    mutable WordCache cache_;
};

}  // namespace

std::shared_ptr<const ClipTokenizer> ClipTokenizer::fromMergesFile(const std::string& path) {
    const std::vector<tokenizer::BpeMerge> merges = tokenizer::readBpeMerges(path);
    try {
        return std::make_shared<BpeClipTokenizer>(merges);
    } catch (const std::runtime_error& error) {
        throw std::runtime_error(path + ": " + error.what());
    }
}

}  // namespace clipdesk
