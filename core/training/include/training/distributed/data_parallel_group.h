#pragma once
// The ranks of a data-parallel training run, over torch.distributed's engine (c10d): a
// TCPStore at rank 0 for the rendezvous, ProcessGroupGloo on CPUs, ProcessGroupNCCL on CUDA
// where this LibTorch has it. Every collective is bounded by DistributedOptions::timeout, and
// a failure becomes one DistributedError line naming the rank that stopped answering.

#include "training/distributed/distributed_environment.h"

#include <torch/types.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace clipdesk {

class DistributedError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class DataParallelGroup {
public:
    // Joins the run described by `env` (blocks until every rank has joined, at most
    // options.timeout). `device` picks the engine for backend "auto". Throws DistributedError
    // (a rank that never joined, rank 0's store unreachable) or std::invalid_argument (a
    // backend this LibTorch lacks).
    static std::shared_ptr<DataParallelGroup> join(const DistributedEnvironment& env, const DistributedOptions& options,
                                                   const torch::Device& device);
    ~DataParallelGroup();
    DataParallelGroup(const DataParallelGroup&) = delete;
    DataParallelGroup& operator=(const DataParallelGroup&) = delete;

    int rank() const;
    int worldSize() const;
    bool isLeader() const { return rank() == 0; }
    bool localLoss() const;
    std::string backendName() const;

    // [N, ...] on every rank -> [worldSize * N, ...], rank order, with gradient: the backward
    // hands each rank its slice of the gradient summed over all ranks (open_clip's gather_with_grad).
    torch::Tensor allGatherWithGrad(const torch::Tensor& local);
    // Averaging the gradients of `parameters` over the ranks, overlapping the backward
    // (distributed/overlapped_gradients.h): attach once, arm before each step's last backward,
    // finish after it; then every rank holds the average in .grad (a missing gradient counts
    // as zeros). Every rank must call these alike.
    void attachGradientAverage(const std::vector<torch::Tensor>& parameters);
    void armGradientAverage();
    void finishGradientAverage();
    // Buckets the last step handed to the engine while its backward was still running.
    int bucketsLaunchedDuringBackward() const;
    // Copies rank 0's values into `tensors` on every rank.
    void broadcastFromLeader(const std::vector<torch::Tensor>& tensors);
    // True on every rank when `flag` is true on any (a stop request heard by one rank).
    bool anyRank(bool flag);
    double sumOverRanks(double value);
    void barrier();

    struct Impl;

private:
    explicit DataParallelGroup(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Whether this build can join a data-parallel run with `backend` ("gloo", "nccl").
bool dataParallelBackendAvailable(const std::string& backend);

}  // namespace clipdesk
