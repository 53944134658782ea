#include "clip/model/linear_layers.h"

#include "clip/model/layers.h"
#include "clip/model/transformer.h"

namespace clipdesk {

std::vector<LinearLayer> linearLayers(ClipModel& model, ModelTowers towers) {
    std::vector<LinearLayer> layers;
    for (const auto& m : model->named_modules("", /*include_self=*/false)) {
        const auto& name = m.key();
        const bool image = name.rfind("visual.", 0) == 0, text = name.rfind("text.", 0) == 0;
        if (!((image && towers.image) || (text && towers.text))) continue;
        if (auto* linear = m.value()->as<LinearImpl>())
            layers.push_back({name + ".weight", name + ".bias", &linear->weight, &linear->bias, &linear->int8});
        else if (auto* attention = m.value()->as<MultiheadSelfAttentionImpl>())
            layers.push_back({name + ".in_proj_weight", name + ".in_proj_bias", &attention->in_proj_weight,
                              &attention->in_proj_bias, &attention->in_proj_int8});
    }
    return layers;
}

}  // namespace clipdesk
