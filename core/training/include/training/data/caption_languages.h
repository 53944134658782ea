#pragma once
// The languages templated captions are written in (Fashion-MNIST): English, Chinese, or both,
// one language drawn per caption with the loader's seeded random generator, half each.

#include <string>

namespace clipdesk {

enum class CaptionLanguages { English, Chinese, EnglishAndChinese };

// "en", "zh", "en,zh" (also "zh,en", "en+zh"). Throws std::invalid_argument naming the text and
// what is expected.
CaptionLanguages parseCaptionLanguages(const std::string& text);

// "en", "zh" or "en,zh".
std::string captionLanguagesName(CaptionLanguages languages);

}  // namespace clipdesk
