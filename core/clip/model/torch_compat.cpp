#include "model/torch_compat.h"

#include <ATen/autocast_mode.h>

#define CLIPDESK_TORCH_AUTOCAST_PER_DEVICE (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4))

namespace clipdesk::torch_compat {

const char* attentionPath() {
#if CLIPDESK_TORCH_HAS_SDPA
    return "scaled_dot_product_attention";
#else
    return "explicit softmax";
#endif
}

#if CLIPDESK_TORCH_AUTOCAST_PER_DEVICE

bool autocastEnabled(c10::DeviceType device) { return at::autocast::is_autocast_enabled(device); }
void setAutocastEnabled(c10::DeviceType device, bool enabled) { at::autocast::set_autocast_enabled(device, enabled); }
c10::ScalarType autocastDtype(c10::DeviceType device) { return at::autocast::get_autocast_dtype(device); }
void setAutocastDtype(c10::DeviceType device, c10::ScalarType dtype) { at::autocast::set_autocast_dtype(device, dtype); }

#else

bool autocastEnabled(c10::DeviceType device) {
    return device == c10::DeviceType::CPU ? at::autocast::is_cpu_enabled() : at::autocast::is_enabled();
}

void setAutocastEnabled(c10::DeviceType device, bool enabled) {
    if (device == c10::DeviceType::CPU)
        at::autocast::set_cpu_enabled(enabled);
    else
        at::autocast::set_enabled(enabled);
}

c10::ScalarType autocastDtype(c10::DeviceType device) {
    return device == c10::DeviceType::CPU ? at::autocast::get_autocast_cpu_dtype() : at::autocast::get_autocast_gpu_dtype();
}

void setAutocastDtype(c10::DeviceType device, c10::ScalarType dtype) {
    if (device == c10::DeviceType::CPU)
        at::autocast::set_autocast_cpu_dtype(dtype);
    else
        at::autocast::set_autocast_gpu_dtype(dtype);
}

#endif

void clearAutocastCache() { at::autocast::clear_cache(); }

}  // namespace clipdesk::torch_compat
