#include "distributed/overlapped_gradients.h"

#include <mutex>

namespace clipdesk {

struct OverlappedGradientAverage::State {
    struct Bucket {
        std::vector<std::size_t> parameters;
        torch::Tensor flat;
        std::size_t pending = 0;
        std::function<void()> wait;
    };

    std::vector<torch::Tensor> parameters;
    std::vector<std::size_t> bucketOf;
    std::vector<std::int64_t> offsetOf;
    std::vector<bool> ready;
    std::vector<Bucket> buckets;
    double scale = 1;
    Launch launch;
    std::mutex mutex;
    bool armed = false;
    std::size_t nextToLaunch = 0;
    int launchedEarly = 0;
    std::exception_ptr error;

    torch::Tensor slot(std::size_t i) {
        const auto& p = parameters[i];
        return buckets[bucketOf[i]].flat.narrow(0, offsetOf[i], p.numel()).view_as(p);
    }

    // Launches, in bucket order, every bucket whose gradients are all in.
    void launchReady(bool early) {
        while (nextToLaunch < buckets.size() && buckets[nextToLaunch].pending == 0) {
            auto& b = buckets[nextToLaunch++];
            try {
                b.wait = launch(b.flat);
            } catch (...) {
                if (!error) error = std::current_exception();
                b.wait = [] {};
            }
            if (early) ++launchedEarly;
        }
    }

    void onGradient(std::size_t i, const torch::Tensor& grad) {
        std::lock_guard lock(mutex);
        if (!armed) return;
        torch::NoGradGuard noGrad;
        auto s = slot(i);
        if (ready[i]) {  // a second contribution within one backward
            s.add_(grad);
            return;
        }
        const auto& accumulated = parameters[i].grad();
        if (accumulated.defined())
            s.copy_(accumulated).add_(grad);
        else
            s.copy_(grad);
        ready[i] = true;
        if (--buckets[bucketOf[i]].pending == 0) launchReady(true);
    }
};

OverlappedGradientAverage::OverlappedGradientAverage(std::vector<torch::Tensor> parameters, double scale, Launch launch,
                                                     std::int64_t bucketBytes)
    : state_(std::make_shared<State>()) {
    auto& s = *state_;
    s.parameters = std::move(parameters);
    s.scale = scale;
    s.launch = std::move(launch);
    s.bucketOf.resize(s.parameters.size());
    s.offsetOf.resize(s.parameters.size());
    s.ready.assign(s.parameters.size(), false);
    std::vector<std::int64_t> bucketBytesSoFar;
    for (std::size_t k = s.parameters.size(); k-- > 0;) {
        const auto& p = s.parameters[k];
        const auto bytes = p.numel() * static_cast<std::int64_t>(p.element_size());
        const bool startNew = s.buckets.empty() || bucketBytesSoFar.back() + bytes > bucketBytes ||
                              s.parameters[s.buckets.back().parameters.front()].scalar_type() != p.scalar_type() ||
                              s.parameters[s.buckets.back().parameters.front()].device() != p.device();
        if (startNew) {
            s.buckets.emplace_back();
            bucketBytesSoFar.push_back(0);
        }
        auto& b = s.buckets.back();
        s.bucketOf[k] = s.buckets.size() - 1;
        s.offsetOf[k] = bucketBytesSoFar.back() / static_cast<std::int64_t>(p.element_size());
        b.parameters.push_back(k);
        bucketBytesSoFar.back() += bytes;
    }
    for (std::size_t b = 0; b < s.buckets.size(); ++b) {
        const auto& first = s.parameters[s.buckets[b].parameters.front()];
        s.buckets[b].flat = torch::zeros({bucketBytesSoFar[b] / static_cast<std::int64_t>(first.element_size())},
                                         first.options().requires_grad(false));
    }
    std::weak_ptr<State> weak = state_;
    for (std::size_t i = 0; i < s.parameters.size(); ++i)
        hooks_.push_back(s.parameters[i].register_hook([weak, i](const torch::Tensor& grad) {
            if (auto state = weak.lock()) state->onGradient(i, grad);
        }));
}

OverlappedGradientAverage::~OverlappedGradientAverage() {
    for (std::size_t i = 0; i < hooks_.size(); ++i) state_->parameters[i].remove_hook(hooks_[i]);
}

void OverlappedGradientAverage::arm() {
    std::lock_guard lock(state_->mutex);
    auto& s = *state_;
    for (auto& b : s.buckets) {
        b.pending = b.parameters.size();
        b.wait = nullptr;
    }
    s.ready.assign(s.parameters.size(), false);
    s.nextToLaunch = 0;
    s.launchedEarly = 0;
    s.error = nullptr;
    s.armed = true;
}

void OverlappedGradientAverage::finish() {
    auto& s = *state_;
    {
        std::lock_guard lock(s.mutex);
        torch::NoGradGuard noGrad;
        s.armed = false;
        for (std::size_t i = 0; i < s.parameters.size(); ++i) {
            if (s.ready[i]) continue;
            const auto& accumulated = s.parameters[i].grad();
            if (accumulated.defined())
                s.slot(i).copy_(accumulated);
            else
                s.slot(i).zero_();
            s.ready[i] = true;
            --s.buckets[s.bucketOf[i]].pending;
        }
        launchedEarly_ = s.launchedEarly;
        s.launchReady(false);
    }
    for (auto& b : s.buckets)
        try {
            if (b.wait) b.wait();
        } catch (...) {
            if (!s.error) s.error = std::current_exception();
        }
    if (s.error) std::rethrow_exception(s.error);
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < s.parameters.size(); ++i) {
        auto& p = s.parameters[i];
        if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
        p.mutable_grad().copy_(s.slot(i)).mul_(s.scale);
    }
}

}  // namespace clipdesk
