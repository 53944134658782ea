#include "parameter_groups.h"

#include <torch/torch.h>

namespace clipdesk {

bool excludedFromWeightDecay(const std::string& name, const torch::Tensor& parameter) {
    return parameter.dim() < 2 || name.find("embedding") != std::string::npos || name == "logit_scale";
}

ParameterGroups trainableParameterGroups(ClipModel& model, bool lockImage, bool lockText) {
    ParameterGroups groups;
    for (auto& p : model->named_parameters(/*recurse=*/true)) {
        const auto& name = p.key();
        const bool locked = (lockImage && name.rfind("visual.", 0) == 0) || (lockText && name.rfind("text.", 0) == 0);
        p.value().set_requires_grad(!locked);
        if (locked) continue;
        if (excludedFromWeightDecay(name, p.value())) {
            groups.noDecay.push_back(p.value());
            groups.noDecayNames.push_back(name);
        } else {
            groups.decay.push_back(p.value());
            groups.decayNames.push_back(name);
        }
    }
    return groups;
}

}  // namespace clipdesk
