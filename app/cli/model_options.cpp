#include "model_options.h"
#include "number_checks.h"

#include <cstdlib>
#include <iostream>

namespace clipdesk::cli {

void ModelOptions::declare(CLI::App* cmd, bool compute) {
    cmd->add_option("-m,--model", model,
                    "Model folder or weights file (safetensors with OpenAI/open_clip or Hugging Face names, or "
                    "OpenAI's TorchScript .pt, Chinese-CLIP's .pt); default $CLIPDESK_MODEL");
    cmd->add_option("--vocab", vocab, "Vocabulary: BPE (bpe_simple_vocab_16e6.txt.gz or merges.txt), or vocab.txt for Chinese-CLIP");
    if (!compute) return;
    cmd->add_option("--device", device, "cpu, cuda, cuda:N or auto")->capture_default_str();
    cmd->add_option("--precision", precision,
                    "Compute precision: fp32, bf16 (autocast), fp16 (CUDA), auto (on a CPU: bf16 where it measures "
                    "faster and agrees with fp32, else fp32; fp16 on CUDA) or int8 (CPU: the image tower's linear "
                    "layers in int8, dynamic quantisation; faster, changes embeddings slightly, never chosen by auto)")
        ->check(CLI::IsMember({"fp32", "bf16", "fp16", "auto", "int8"}))
        ->capture_default_str();
    cmd->add_option("--threads", threads, "Intra-op threads (0 = all cores)")->check(nonNegativeNumber());
    cmd->add_option("--batch-size", batchSize, "Images per forward pass")->check(positiveNumber())->capture_default_str();
}

std::string ModelOptions::modelPath() const {
    if (!model.empty()) return model;
    if (const char* env = std::getenv("CLIPDESK_MODEL"); env && *env) return env;
    if (auto bundled = bundledModelFolder()) {
        std::cerr << "clipdesk-cli: no --model given: using the bundled clipdesk-mini (" << *bundled
                  << "), a small demo model trained on Fashion-MNIST; pass --model for a real CLIP checkpoint\n";
        return *bundled;
    }
    throw std::runtime_error("no model given: pass --model PATH or set CLIPDESK_MODEL");
}

std::unique_ptr<ClipEmbedder> ModelOptions::openEmbedder(ModelTowers towers) const {
    return openModel(modelPath(), settings(), towers);
}

ModelSettings ModelOptions::settings() const {
    ModelSettings s;
    s.path = model;
    s.vocab = vocab;
    s.device = device;
    s.precision = precision;
    s.threads = threads;
    s.batchSize = batchSize;
    return s;
}

}  // namespace clipdesk::cli
