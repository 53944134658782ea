#pragma once
// Captions for Fashion-MNIST: templates and synonyms for training, and a disjoint set of
// templates kept back for zero-shot evaluation, so that evaluation measures whether the model
// generalises beyond the exact sentences it was trained on.

#include <string>
#include <vector>

namespace clipdesk {

// The ten class names of Fashion-MNIST in label order: "T-shirt/top", "Trouser", "Pullover",
// "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot".
const std::vector<std::string>& fashionMnistClassNames();

// Per label, the words a training caption may use for the class (lower case; the first is the
// plain name): {"t-shirt", "top", "tee shirt", ...}, {"trousers", "pants", "jeans", ...}, ...
const std::vector<std::vector<std::string>>& fashionMnistSynonyms();

// Templates ("{}" = a synonym) for training captions.
const std::vector<std::string>& fashionMnistTrainingTemplates();

// Templates for zero-shot evaluation with the plain class names; none is a training template.
const std::vector<std::string>& fashionMnistHeldOutTemplates();

// The same in Simplified Chinese, for bilingual training and Chinese zero-shot evaluation:
// class names in label order ("T恤", "裤子", "套头衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋",
// "包", "短靴"), 5-6 words per class (the first is the plain name), 16 training templates and 10
// held-out evaluation templates, none of them a training template.
const std::vector<std::string>& fashionMnistChineseClassNames();
const std::vector<std::vector<std::string>>& fashionMnistChineseSynonyms();
const std::vector<std::string>& fashionMnistChineseTrainingTemplates();
const std::vector<std::string>& fashionMnistChineseHeldOutTemplates();

}  // namespace clipdesk
