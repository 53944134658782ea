#include "weights/torch_save_reader.h"

#include "clip/weights/checkpoint_error.h"

#include "base/read_file.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/pickle.h>

namespace clipdesk {
namespace {

std::string firstLine(std::string text) {
    if (auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
    return text;
}

}  // namespace

bool isTorchSaveArchive(const std::string& path) {
    try {
        caffe2::serialize::PyTorchStreamReader reader(path);
        return reader.hasRecord("data.pkl") && !reader.hasRecord("constants.pkl");
    } catch (const c10::Error&) {
        return false;
    }
}

NamedTensors readTorchSaveTensors(const std::string& path) {
    std::vector<char> bytes;
    try {
        const std::string contents = readFileBytes(path);
        bytes.assign(contents.begin(), contents.end());
    } catch (const FileReadError& e) {
        throw CheckpointError(e.what());
    }
    c10::IValue root;
    try {
        root = torch::jit::pickle_load(bytes);
    } catch (const c10::Error& e) {
        throw CheckpointError(path + ": not a readable torch.save checkpoint (" + firstLine(e.what_without_backtrace()) +
                              "); only tensors, dicts, lists, numbers and strings are read");
    }
    bytes = {};
    if (!root.isGenericDict()) throw CheckpointError(path + ": expected a dict of tensors (a state_dict) in the checkpoint");
    auto dict = root.toGenericDict();
    for (const auto& entry : dict)
        if (entry.key().isString() && entry.key().toStringRef() == "state_dict") {
            if (!entry.value().isGenericDict())
                throw CheckpointError(path + ": its 'state_dict' is not a dict of tensors");
            dict = entry.value().toGenericDict();
            break;
        }
    NamedTensors tensors;
    for (const auto& entry : dict) {
        if (!entry.key().isString()) throw CheckpointError(path + ": a state_dict key is not a string");
        const auto& name = entry.key().toStringRef();
        if (!entry.value().isTensor())
            throw CheckpointError(path + ": state_dict entry '" + name + "' is a " + entry.value().tagKind() +
                                  ", expected a tensor");
        tensors[name] = entry.value().toTensor();
    }
    if (tensors.empty()) throw CheckpointError(path + ": the checkpoint holds no tensors");
    return tensors;
}

}  // namespace clipdesk
