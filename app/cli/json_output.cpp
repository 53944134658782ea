#include "json_output.h"

#include <torch/torch.h>

#include <iostream>

namespace clipdesk::cli {

void printJsonLine(const Json& value) {
    std::cout << value.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n' << std::flush;
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
