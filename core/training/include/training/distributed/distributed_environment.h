#pragma once
// Where this process stands in a data-parallel run, read from the torch.distributed
// environment that torchrun (or `clipdesk-cli train --nproc-per-node N`) sets.

#include <chrono>
#include <optional>
#include <string>

namespace clipdesk {

struct DistributedEnvironment {
    std::string masterAddress;  // MASTER_ADDR: the host of rank 0, which holds the rendezvous store
    int masterPort = 0;         // MASTER_PORT
    int rank = 0;               // RANK: 0 .. worldSize - 1 over all machines
    int worldSize = 1;          // WORLD_SIZE: processes over all machines
    int localRank = 0;          // LOCAL_RANK: index on this machine (picks the GPU)
};

// The environment of this process: nullopt when WORLD_SIZE is not set; throws
// std::invalid_argument naming the variable when one is missing or malformed.
std::optional<DistributedEnvironment> distributedEnvironmentFromProcess();

// How a data-parallel run talks: "auto" (NCCL for CUDA when this LibTorch has it, else Gloo),
// "gloo" or "nccl"; `timeout` bounds joining and every collective, so a dead or silent rank
// ends the others with an error instead of a hang.
struct DistributedOptions {
    std::string backend = "auto";
    std::chrono::seconds timeout{1800};
    bool localLoss = false;  // each rank's loss over its own rows against all (open_clip --local-loss)
};

}  // namespace clipdesk
