#include "clip/model/int8_quantization.h"

#include "model/int8_linear.h"

#include <ATen/Context.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace clipdesk {
namespace {

// FBGEMM's kernels (also behind "x86") where LibTorch has them, as pip builds do; oneDNN's
// otherwise (Debian's LibTorch). QNNPACK is for ARM phones and slow on x86.
std::string selectEngine() {
    const auto& engines = at::globalContext().supportedQEngines();
    for (const auto engine : {at::QEngine::X86, at::QEngine::FBGEMM, at::QEngine::ONEDNN}) {
        if (std::find(engines.begin(), engines.end(), engine) == engines.end()) continue;
        at::globalContext().setQEngine(engine);
        std::string name = c10::toString(engine);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        return name;
    }
    return {};
}

// Drops a tensor's storage while keeping it registered (state_dict names stay valid).
void release(torch::Tensor& t) { t.set_data(torch::empty({0}, t.options())); }

}  // namespace

std::string int8QuantizedEngine() {
    static std::once_flag once;
    static std::string engine;
    std::call_once(once, [] { engine = selectEngine(); });
    return engine;
}

void requireInt8Engine() {
    if (int8QuantizedEngine().empty())
        throw std::runtime_error("--precision int8: this LibTorch (" TORCH_VERSION
                                 ") has no quantized engine for x86 CPUs (FBGEMM or oneDNN); use fp32 or auto");
}

void quantizeLinearLayer(const LinearLayer& layer, const torch::Tensor& weight) {
    torch::NoGradGuard noGrad;
    *layer.int8 = std::make_shared<const Int8Linear>(weight, *layer.bias);
    release(*layer.weight);
}

void quantizeImageTowerToInt8(ClipModel& model) {
    if (model->visual.is_empty()) return;
    requireInt8Engine();
    for (const auto& layer : linearLayers(model, ModelTowers::imageOnly())) quantizeLinearLayer(layer, *layer.weight);
}

}  // namespace clipdesk
