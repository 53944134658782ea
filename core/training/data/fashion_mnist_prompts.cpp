#include "training/data/fashion_mnist_prompts.h"

namespace clipdesk {

const std::vector<std::string>& fashionMnistClassNames() {
    static const std::vector<std::string> names{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

const std::vector<std::vector<std::string>>& fashionMnistSynonyms() {
    static const std::vector<std::vector<std::string>> synonyms{
        {"t-shirt", "top", "tee shirt", "tee", "short-sleeved top", "t-shirt/top"},
        {"trousers", "pants", "jeans", "slacks", "pair of trousers", "trouser"},
        {"pullover", "sweater", "jumper", "knitted sweater"},
        {"dress", "gown", "frock", "summer dress"},
        {"coat", "jacket", "overcoat", "parka"},
        {"sandal", "sandals", "flip-flop", "open-toed shoe"},
        {"shirt", "button-up shirt", "blouse", "collared shirt"},
        {"sneaker", "trainer", "running shoe", "sports shoe"},
        {"bag", "handbag", "purse", "tote bag"},
        {"ankle boot", "boot", "bootie", "short boot"},
    };
    return synonyms;
}

const std::vector<std::string>& fashionMnistTrainingTemplates() {
    static const std::vector<std::string> templates{
        "{}",
        "a {}.",
        "an image of a {}.",
        "a picture of a {}.",
        "a grayscale image of a {}.",
        "a black and white photo of a {}.",
        "a low resolution photo of a {}.",
        "a small image of a {}.",
        "a blurry photo of a {}.",
        "a close-up of a {}.",
        "a {} on a dark background.",
        "a cropped photo of a {}.",
        "a pixelated image of a {}.",
        "a catalogue image of a {}.",
        "this is a {}.",
        "a centred picture of a {}.",
    };
    return templates;
}

const std::vector<std::string>& fashionMnistHeldOutTemplates() {
    static const std::vector<std::string> templates{
        "a photo of a {}.",
        "a product photo of the {}.",
        "a photo of the {}, a type of fashion item.",
        "a bad photo of a {}.",
        "a rendering of a {}.",
        "a good photo of the {}.",
        "an illustration of a {}.",
        "a thumbnail of a {}.",
        "a jpeg photo of a {}.",
        "itap of a {}.",
    };
    return templates;
}

}  // namespace clipdesk
