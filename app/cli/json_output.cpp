#include "json_output.h"

#include "base/utf8_text.h"

#include <torch/torch.h>

#include <iostream>

namespace clipdesk::cli {
namespace {

bool isInvalidString(const Json& v) {
    return v.is_string() && firstInvalidUtf8(v.get_ref<const Json::string_t&>()).has_value();
}

bool holdsInvalidUtf8(const Json& v) {
    if (isInvalidString(v)) return true;
    if (v.is_structured())
        for (const auto& element : v)
            if (holdsInvalidUtf8(element)) return true;
    return false;
}

std::string hexBytes(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char c : bytes) out += {digits[c >> 4], digits[c & 15]};
    return out;
}

// Beside every member K whose string is not UTF-8 (a file name in another encoding), a member
// "K_bytes" with its exact bytes in hex; K itself is printed with U+FFFD for the bad bytes.
Json withExactBytes(const Json& v) {
    if (v.is_array()) {
        Json out = Json::array();
        for (const auto& element : v) out.push_back(withExactBytes(element));
        return out;
    }
    if (!v.is_object()) return v;
    Json out = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it) {
        out[it.key()] = withExactBytes(it.value());
        if (isInvalidString(it.value())) out[it.key() + "_bytes"] = hexBytes(it.value().get_ref<const Json::string_t&>());
    }
    return out;
}

}  // namespace

void printJsonLine(const Json& value) {
    const auto print = [](const Json& v) {
        std::cout << v.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n' << std::flush;
    };
    if (holdsInvalidUtf8(value)) print(withExactBytes(value));
    else print(value);
}

Json tensorToJson(const torch::Tensor& t) {
    auto cpu = t.detach().to(torch::kCPU).to(torch::kFloat).contiguous();
    if (cpu.dim() == 2) {
        Json rows = Json::array();
        for (int64_t i = 0; i < cpu.size(0); ++i) rows.push_back(tensorToJson(cpu[i]));
        return rows;
    }
    const float* p = cpu.data_ptr<float>();
    return Json(std::vector<float>(p, p + cpu.numel()));
}

}  // namespace clipdesk::cli
