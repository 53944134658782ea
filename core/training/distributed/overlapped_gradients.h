#pragma once
// Averaging gradients over the ranks while the backward still runs, as DDP's reducer does:
// the parameters are cut into buckets in reverse order (the order their gradients become
// final), and each bucket is handed to the engine as soon as all its gradients are final,
// always in bucket order so that every rank issues the same collectives in the same order.
// Gradients are caught by a hook on each parameter, which sees the step's last backward
// contribution before it is added to .grad; with gradient accumulation the hook adds what
// earlier micro-batches left in .grad. A parameter that gets no gradient in the last backward
// (the temperature's detached micro-batches) is taken from .grad when the backward is over.

#include <torch/torch.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <vector>

namespace clipdesk {

class OverlappedGradientAverage {
public:
    // Starts summing `flat` over the ranks in place; the returned function waits for it.
    using Launch = std::function<std::function<void()>(torch::Tensor& flat)>;

    OverlappedGradientAverage(std::vector<torch::Tensor> parameters, double scale, Launch launch,
                              std::int64_t bucketBytes = 25 << 20);
    ~OverlappedGradientAverage();  // removes the hooks
    OverlappedGradientAverage(const OverlappedGradientAverage&) = delete;
    OverlappedGradientAverage& operator=(const OverlappedGradientAverage&) = delete;

    // Before the step's last backward: from now on the hooks collect gradients.
    void arm();
    // After it: launches what is left, waits for every bucket, and writes the averages into
    // .grad. Rethrows what a launch or a wait threw.
    void finish();
    // Buckets launched from inside the backward in the last step (for tests and benchmarks).
    int launchedDuringBackward() const { return launchedEarly_; }

private:
    struct State;
    std::shared_ptr<State> state_;
    std::vector<unsigned> hooks_;
    int launchedEarly_ = 0;
};

}  // namespace clipdesk
