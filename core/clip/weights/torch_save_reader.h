#pragma once

#include "clip/weights/checkpoint_names.h"

#include <string>

namespace clipdesk {

// True for a zip archive written by torch.save (a pickled object and its tensors, no code),
// false for a TorchScript archive (code/ and constants.pkl) or anything else.
bool isTorchSaveArchive(const std::string& path);

// The tensors of a torch.save checkpoint: the dict under "state_dict" when there is one (what
// Chinese-CLIP's training writes, with "epoch", "step", "name" beside it), else the top-level
// dict itself. The pickle is read by LibTorch's own unpickler, which knows tensors, dicts,
// lists, numbers and strings only: a pickle naming any other class is refused, never run.
// Throws CheckpointError naming the file.
NamedTensors readTorchSaveTensors(const std::string& path);

}  // namespace clipdesk
