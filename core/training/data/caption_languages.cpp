#include "training/data/caption_languages.h"

#include <stdexcept>

namespace clipdesk {

CaptionLanguages parseCaptionLanguages(const std::string& text) {
    if (text == "en") return CaptionLanguages::English;
    if (text == "zh") return CaptionLanguages::Chinese;
    if (text == "en,zh" || text == "zh,en" || text == "en+zh" || text == "zh+en") return CaptionLanguages::EnglishAndChinese;
    throw std::invalid_argument("caption languages \"" + text +
                                "\": expected en, zh, or en,zh (both, a language drawn per caption)");
}

std::string captionLanguagesName(CaptionLanguages languages) {
    switch (languages) {
    case CaptionLanguages::English: return "en";
    case CaptionLanguages::Chinese: return "zh";
    case CaptionLanguages::EnglishAndChinese: return "en,zh";
    }
    return "en";
}

}  // namespace clipdesk
