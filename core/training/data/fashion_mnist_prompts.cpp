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

namespace clipdesk {

const std::vector<std::string>& fashionMnistChineseClassNames() {
    static const std::vector<std::string> names{"T恤", "裤子", "套头衫", "连衣裙", "外套",
                                                "凉鞋", "衬衫", "运动鞋", "包",     "短靴"};
    return names;
}

const std::vector<std::vector<std::string>>& fashionMnistChineseSynonyms() {
    static const std::vector<std::vector<std::string>> synonyms{
        {"T恤", "短袖上衣", "短袖T恤", "圆领T恤", "上衣", "短袖"},
        {"裤子", "长裤", "牛仔裤", "西裤", "休闲裤"},
        {"套头衫", "毛衣", "针织衫", "卫衣", "套头毛衣"},
        {"连衣裙", "裙子", "长裙", "夏季连衣裙", "礼服裙"},
        {"外套", "大衣", "夹克", "风衣", "棉衣"},
        {"凉鞋", "拖鞋", "人字拖", "露趾鞋", "凉拖"},
        {"衬衫", "衬衣", "纽扣衬衫", "长袖衬衫", "翻领衬衫"},
        {"运动鞋", "球鞋", "跑鞋", "板鞋", "休闲鞋"},
        {"包", "手提包", "手袋", "挎包", "托特包"},
        {"短靴", "靴子", "踝靴", "切尔西靴", "马丁靴"},
    };
    return synonyms;
}

const std::vector<std::string>& fashionMnistChineseTrainingTemplates() {
    static const std::vector<std::string> templates{
        "{}",
        "{}。",
        "一张{}的图片。",
        "一幅{}的画面。",
        "一张{}的灰度图像。",
        "一张{}的黑白图片。",
        "一张低分辨率的{}图片。",
        "一张小尺寸的{}图像。",
        "一张模糊的{}图片。",
        "{}的近景。",
        "深色背景上的{}。",
        "一张裁剪过的{}图片。",
        "一张像素化的{}图像。",
        "商品目录里的{}图片。",
        "这是{}。",
        "居中的{}图片。",
    };
    return templates;
}

const std::vector<std::string>& fashionMnistChineseHeldOutTemplates() {
    static const std::vector<std::string> templates{
        "一张{}的照片。",
        "{}的商品照片。",
        "一张{}的照片，一种服饰。",
        "一张{}的糟糕照片。",
        "{}的渲染图。",
        "一张{}的好照片。",
        "{}的插图。",
        "{}的缩略图。",
        "一张{}的JPEG照片。",
        "我拍的{}。",
    };
    return templates;
}

}  // namespace clipdesk
