#include "tagging/linear_probe.h"

#include <torch/torch.h>

#include <stdexcept>

namespace clipdesk {

torch::Tensor LinearProbe::logits(const torch::Tensor& embeddings) const {
    return embeddings.to(torch::kFloat).matmul(weight) + bias;
}

torch::Tensor LinearProbe::probabilities(const torch::Tensor& embeddings) const {
    return torch::sigmoid(logits(embeddings));
}

LinearProbe trainLinearProbe(const torch::Tensor& positives, const torch::Tensor& counterExamples,
                             const torch::Tensor& background, const LinearProbeOptions& options) {
    const auto count = [](const torch::Tensor& t) { return t.defined() ? t.size(0) : int64_t{0}; };
    const int64_t p = count(positives), c = count(counterExamples), b = count(background);
    if (p == 0) throw std::invalid_argument("a few-shot tag needs at least one example photo");
    if (c + b == 0) throw std::invalid_argument("a few-shot tag needs counter-examples or background photos");
    const int64_t dim = positives.size(1);

    std::vector<torch::Tensor> parts{positives.to(torch::kFloat)};
    std::vector<torch::Tensor> weights{torch::full({p}, 0.5 / static_cast<double>(p))};
    // Negatives share half the total weight; background counts backgroundWeight as much as
    // counter-examples when both are present.
    const double cShare = c == 0 ? 0 : (b == 0 ? 1.0 : 1.0 / (1.0 + options.backgroundWeight));
    const double bShare = 1.0 - cShare;
    if (c > 0) {
        parts.push_back(counterExamples.to(torch::kFloat));
        weights.push_back(torch::full({c}, 0.5 * cShare / static_cast<double>(c)));
    }
    if (b > 0) {
        parts.push_back(background.to(torch::kFloat));
        weights.push_back(torch::full({b}, 0.5 * bShare / static_cast<double>(b)));
    }
    const auto x = torch::cat(parts);
    const auto w = torch::cat(weights);
    auto y = torch::zeros({x.size(0)});
    y.slice(0, 0, p).fill_(1);

    torch::Tensor prior = options.prior ? options.prior->to(torch::kFloat).reshape({dim}) : torch::zeros({dim});
    auto weight = prior.clone().set_requires_grad(true);
    // Start the bias between the classes' mean logits.
    const double startBias = options.prior ? -0.5 * (x.slice(0, 0, p).matmul(prior).mean() +
                                                     x.slice(0, p).matmul(prior).mean()).item<double>()
                                           : 0.0;
    auto bias = torch::full({1}, startBias).set_requires_grad(true);

    torch::optim::LBFGS optimizer({weight, bias}, torch::optim::LBFGSOptions(1.0)
                                                      .max_iter(options.maxIterations)
                                                      .tolerance_grad(1e-7)
                                                      .tolerance_change(1e-10)
                                                      .history_size(20)
                                                      .line_search_fn("strong_wolfe"));
    auto closure = [&]() -> torch::Tensor {
        optimizer.zero_grad();
        const auto logits = x.matmul(weight) + bias;
        const auto data = torch::binary_cross_entropy_with_logits(logits, y, w, {}, at::Reduction::Sum);
        const auto loss = data + 0.5 * options.l2 * (weight - prior).pow(2).sum();
        loss.backward();
        return loss;
    };
    optimizer.step(closure);

    LinearProbe probe;
    probe.weight = weight.detach().clone();
    probe.bias = bias.detach().item<double>();
    return probe;
}

}  // namespace clipdesk
