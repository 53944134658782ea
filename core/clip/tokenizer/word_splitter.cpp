#include "tokenizer/word_splitter.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdexcept>
#include <string>

namespace clipdesk::tokenizer {
namespace {

constexpr const char* kPattern =
    R"(<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|)"
    R"([^\t\n\x0B\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{345}\p{L}\p{N}]+)";

std::string pcre2Message(int code) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(code, buffer, sizeof(buffer));
    return reinterpret_cast<const char*>(buffer);
}

}  // namespace

struct WordSplitter::Pattern {
    pcre2_code* code = nullptr;
    ~Pattern() { pcre2_code_free(code); }
};

WordSplitter::WordSplitter() : pattern_(std::make_unique<Pattern>()) {
    int error = 0;
    PCRE2_SIZE errorOffset = 0;
    pattern_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kPattern), PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &error, &errorOffset, nullptr);
    if (!pattern_->code) {
        throw std::runtime_error("CLIP word pattern does not compile at offset " + std::to_string(errorOffset) +
                                 ": " + pcre2Message(error));
    }
    pcre2_jit_compile(pattern_->code, PCRE2_JIT_COMPLETE);  // optional: falls back to the interpreter
}

WordSplitter::~WordSplitter() = default;

std::vector<std::string_view> WordSplitter::split(std::string_view utf8) const {
    std::vector<std::string_view> pieces;
    pcre2_match_data* match = pcre2_match_data_create_from_pattern(pattern_->code, nullptr);
    if (!match) throw std::bad_alloc();
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(utf8.data());
    PCRE2_SIZE offset = 0;
    while (offset < utf8.size()) {
        const int rc = pcre2_match(pattern_->code, subject, utf8.size(), offset, PCRE2_NO_UTF_CHECK, match, nullptr);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) {
            pcre2_match_data_free(match);
            throw std::runtime_error("splitting text into words failed: " + pcre2Message(rc));
        }
        const PCRE2_SIZE* span = pcre2_get_ovector_pointer(match);
        pieces.emplace_back(utf8.data() + span[0], span[1] - span[0]);
        offset = span[1];  // every alternative is non-empty, so this always advances
    }
    pcre2_match_data_free(match);
    return pieces;
}

}  // namespace clipdesk::tokenizer
