#pragma once
// The golden outputs of OpenAI's reference code for the synthetic TinyCLIP weights.

#include "shared_data.h"

#include "clip/weights/safetensors.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>

namespace clipdesk::test {

inline nlohmann::json readGoldenJson() {
    std::ifstream in(syntheticModelDir() / "golden.json");
    return nlohmann::json::parse(in);
}

// "pixel_values" [4,3,224,224], "input_ids" [7,77], "image_embeds" [4,E], "text_embeds" [7,E]
inline torch::Tensor readGoldenTensor(const std::string& name) {
    SafetensorsFile file((syntheticModelDir() / "golden_inputs.safetensors").string());
    return file.read(name);
}

inline torch::Tensor goldenEmbeddings(const nlohmann::json& items) {
    std::vector<torch::Tensor> rows;
    for (const auto& item : items) rows.push_back(torch::tensor(item["embedding"].get<std::vector<float>>()));
    return torch::stack(rows);
}

// Row-wise cosine similarity of two [N, E] tensors.
inline torch::Tensor rowCosine(const torch::Tensor& a, const torch::Tensor& b) {
    return torch::cosine_similarity(a.to(torch::kDouble), b.to(torch::kDouble), 1);
}

}  // namespace clipdesk::test
