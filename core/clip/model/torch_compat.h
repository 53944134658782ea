#pragma once
// What differs between the LibTorch versions Clipdesk builds with (Debian 12's 1.13 and
// 2.x), in one place: autocast's API (per device type since 2.4; the old per-backend
// functions are deprecated there and removed later) and the fused attention operator.

#include <c10/core/DeviceType.h>
#include <c10/core/ScalarType.h>
#include <torch/version.h>

// at::scaled_dot_product_attention (flash / memory-efficient kernels) exists from 2.0.
#define CLIPDESK_TORCH_HAS_SDPA (TORCH_VERSION_MAJOR >= 2)

namespace clipdesk::torch_compat {

// "scaled_dot_product_attention" or "explicit softmax" (1.13).
const char* attentionPath();

// Autocast's state for one device type (kCPU, or kCUDA for any GPU).
bool autocastEnabled(c10::DeviceType device);
void setAutocastEnabled(c10::DeviceType device, bool enabled);
c10::ScalarType autocastDtype(c10::DeviceType device);
void setAutocastDtype(c10::DeviceType device, c10::ScalarType dtype);
void clearAutocastCache();

}  // namespace clipdesk::torch_compat
