#include "weights/torchscript_reader.h"

#include "clip/weights/checkpoint_error.h"

#include "base/regular_file_stream.h"

#include <torch/script.h>

#include <memory>

namespace clipdesk {

bool looksLikeZipArchive(const std::string& path) {
    char magic[4] = {};
    try {
        RegularFileStream in(path);
        return in.read(magic, 4) && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    } catch (const FileReadError&) {
        return false;
    }
}

NamedTensors readTorchScriptTensors(const std::string& path) {
    torch::jit::Module module;
    std::unique_ptr<RegularFileStream> in;
    try {
        in = std::make_unique<RegularFileStream>(path);
    } catch (const FileReadError& e) {
        throw CheckpointError(e.what());
    }
    try {
        module = torch::jit::load(*in, torch::kCPU);
    } catch (const c10::Error& e) {
        std::string reason = e.what_without_backtrace();
        if (auto nl = reason.find('\n'); nl != std::string::npos) reason.resize(nl);
        throw CheckpointError(path + ": not a readable TorchScript archive (" + reason +
                              ")");
    }
    NamedTensors tensors;
    for (const auto& p : module.named_parameters(/*recurse=*/true)) tensors[p.name] = p.value.detach();
    for (const auto& b : module.named_buffers(/*recurse=*/true)) tensors[b.name] = b.value.detach();
    // OpenAI's archives keep input_resolution / context_length / vocab_size as attributes.
    for (const auto& a : module.named_attributes(/*recurse=*/false))
        if (a.value.isTensor() && !tensors.count(a.name)) tensors[a.name] = a.value.toTensor();
    if (tensors.empty()) throw CheckpointError(path + ": the TorchScript archive holds no tensors");
    return tensors;
}

}  // namespace clipdesk
