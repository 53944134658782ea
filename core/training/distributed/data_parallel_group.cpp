#include "training/distributed/data_parallel_group.h"

#include "distributed/overlapped_gradients.h"

#include <torch/torch.h>
#include <torch/version.h>

#if CLIPDESK_HAS_C10D
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#if defined(USE_C10D_NCCL)
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#endif

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace clipdesk {
namespace {

std::string firstLine(std::string text) {
    const auto end = text.find('\n');
    if (end != std::string::npos) text.erase(end);
    return text;
}

std::string reasonOf(const std::exception& e) {
    if (const auto* c10 = dynamic_cast<const c10::Error*>(&e)) return firstLine(c10->what_without_backtrace());
    return firstLine(e.what());
}

std::string rankList(const std::vector<int>& ranks) {
    std::string out = ranks.size() == 1 ? "rank " : "ranks ";
    for (std::size_t i = 0; i < ranks.size(); ++i) out += (i ? ", " : "") + std::to_string(ranks[i]);
    return out;
}

std::string resolveBackend(const std::string& requested, const torch::Device& device) {
    if (requested == "auto") return device.is_cuda() && dataParallelBackendAvailable("nccl") ? "nccl" : "gloo";
    if (requested != "gloo" && requested != "nccl")
        throw std::invalid_argument("distributed backend '" + requested + "': expected auto, gloo or nccl");
    if (!dataParallelBackendAvailable(requested))
        throw std::invalid_argument("distributed backend '" + requested + "' is not in this build's LibTorch");
    if (requested == "nccl" && !device.is_cuda())
        throw std::invalid_argument("distributed backend 'nccl' needs a CUDA device, not " + device.str());
    return requested;
}

}  // namespace

bool dataParallelBackendAvailable(const std::string& backend) {
#if CLIPDESK_HAS_C10D
    if (backend == "gloo") return true;
#if defined(USE_C10D_NCCL)
    if (backend == "nccl") return true;
#endif
#endif
    (void)backend;
    return false;
}

#if CLIPDESK_HAS_C10D

#if TORCH_VERSION_MAJOR >= 2
using CollectiveBackend = c10d::Backend;
#else
using CollectiveBackend = c10d::ProcessGroup;
#endif

struct DataParallelGroup::Impl {
    DistributedEnvironment env;
    DistributedOptions options;
    std::string backend;
    torch::Device device{torch::kCPU};
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<CollectiveBackend> collectives;
    std::unique_ptr<OverlappedGradientAverage> overlapped;

    // Each rank counts up "heartbeat/<rank>" in the store once a second, through a connection of
    // its own; after a failed collective the ranks whose count stands still are the ones named.
    static constexpr std::chrono::milliseconds kBeat{500};
    std::thread heartbeat;
    std::mutex beatMutex;
    std::condition_variable beatStop;
    bool stopping = false;

    // Also when join() fails after the heartbeat started: a joinable thread must not be destroyed.
    ~Impl() { stopHeartbeat(); }

    std::string where() const { return env.masterAddress + ":" + std::to_string(env.masterPort); }
    std::string me() const { return "rank " + std::to_string(env.rank); }

    static std::string beatKey(int rank) { return "clipdesk/heartbeat/" + std::to_string(rank); }

    void startHeartbeat() {
        c10d::TCPStoreOptions o;
        o.port = static_cast<std::uint16_t>(env.masterPort);
        o.isServer = false;
        o.waitWorkers = false;
        o.timeout = options.timeout;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 2)
        o.useLibUV = false;  // LibTorch 2.x asks for libuv's store by default; Debian builds it without
#endif
        auto own = c10::make_intrusive<c10d::TCPStore>(env.masterAddress, o);
        heartbeat = std::thread([this, own] {
            std::unique_lock<std::mutex> lock(beatMutex);
            while (!stopping) {
                try {
                    own->add(beatKey(env.rank), 1);
                } catch (...) {
                    return;  // the store is gone: rank 0 ended or died; the collectives say which
                }
                beatStop.wait_for(lock, kBeat, [this] { return stopping; });
            }
        });
    }

    void stopHeartbeat() {
        {
            std::lock_guard<std::mutex> lock(beatMutex);
            stopping = true;
        }
        beatStop.notify_all();
        if (heartbeat.joinable()) heartbeat.join();
    }

    // The ranks whose heartbeat stood still for a few beats; {0} when the store itself is gone.
    std::vector<int> silentRanks() {
        std::vector<int> silent;
        try {
            std::vector<std::int64_t> before(env.worldSize);
            for (int r = 0; r < env.worldSize; ++r)
                if (r != env.rank) before[r] = store->add(beatKey(r), 0);
            std::this_thread::sleep_for(kBeat * 5);
            for (int r = 0; r < env.worldSize; ++r)
                if (r != env.rank && store->add(beatKey(r), 0) == before[r]) silent.push_back(r);
        } catch (...) {
            return {0};
        }
        return silent;
    }

    [[noreturn]] void fail(const std::exception& e) {
        const std::string reason = reasonOf(e);
        const auto silent = store ? silentRanks() : std::vector<int>{0};
        if (silent.empty())
            throw DistributedError(me() + ": the ranks did not answer within " +
                                   std::to_string(options.timeout.count()) + " s (" + reason + ")");
        if (silent == std::vector<int>{0} && env.rank != 0)
            throw DistributedError(me() + ": rank 0 stopped answering (its rendezvous store at " + where() +
                                   " is gone: " + reason + ")");
        throw DistributedError(me() + ": " + rankList(silent) + " stopped answering (" + reason + ")");
    }

    template <typename Collective>
    void run(Collective&& collective) {
        try {
            auto work = collective();
            work->wait();
        } catch (const DistributedError&) {
            throw;
        } catch (const std::exception& e) {
            fail(e);
        }
    }

    void joinStore() {
        const std::string joined = "clipdesk/joined/";
        c10d::TCPStoreOptions o;
        o.port = static_cast<std::uint16_t>(env.masterPort);
        o.isServer = env.rank == 0;
        o.numWorkers = static_cast<std::size_t>(env.worldSize);
        o.waitWorkers = false;
        o.timeout = options.timeout;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 2)
        o.useLibUV = false;  // LibTorch 2.x asks for libuv's store by default; Debian builds it without
#endif
        try {
            store = c10::make_intrusive<c10d::TCPStore>(env.masterAddress, o);
        } catch (const std::exception& e) {
            if (env.rank == 0)
                throw DistributedError(me() + ": cannot open the rendezvous store at " + where() + " (" + reasonOf(e) + ")");
            throw DistributedError(me() + ": rank 0 never opened its rendezvous store at " + where() + " within " +
                                   std::to_string(options.timeout.count()) + " s (" + reasonOf(e) + ")");
        }
        store->set(joined + std::to_string(env.rank), std::vector<std::uint8_t>{1});
        std::vector<std::string> keys;
        for (int r = 0; r < env.worldSize; ++r) keys.push_back(joined + std::to_string(r));
        try {
            store->wait(keys, options.timeout);
        } catch (const std::exception& e) {
            std::vector<int> missing;
            try {
                for (int r = 0; r < env.worldSize; ++r)
                    if (!store->check({keys[static_cast<std::size_t>(r)]})) missing.push_back(r);
            } catch (...) {
                missing = {0};
            }
            if (missing.empty()) throw DistributedError(me() + ": joining failed (" + reasonOf(e) + ")");
            throw DistributedError(me() + ": " + rankList(missing) + " never joined within " +
                                   std::to_string(options.timeout.count()) + " s (rendezvous at " + where() + ")");
        }
    }

    void createCollectives() {
        auto prefixed = c10::make_intrusive<c10d::PrefixStore>("clipdesk/" + backend, store);
#if defined(USE_C10D_NCCL)
        if (backend == "nccl") {
            auto o = c10d::ProcessGroupNCCL::Options::create();
            o->timeout = options.timeout;
            collectives = c10::make_intrusive<c10d::ProcessGroupNCCL>(prefixed, env.rank, env.worldSize, o);
            return;
        }
#endif
        auto o = c10d::ProcessGroupGloo::Options::create(options.timeout);
        const char* interface = std::getenv("GLOO_SOCKET_IFNAME");
        const bool loopback = env.masterAddress == "localhost" || env.masterAddress.rfind("127.", 0) == 0;
        if (interface && *interface)
            o->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(interface));
        else if (loopback)
            o->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
        else
            o->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        o->threads = 2;
        collectives = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, env.rank, env.worldSize, o);
    }
};

namespace {

// open_clip's gather_with_grad: forward all-gathers; backward all-reduces (sums) the gradient
// of the gathered tensor and keeps this rank's rows. Gloo has no reduce-scatter; this is its
// equivalent.
struct AllGatherFunction : public torch::autograd::Function<AllGatherFunction> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& local,
                                 DataParallelGroup::Impl* group) {
        ctx->saved_data["group"] = reinterpret_cast<std::int64_t>(group);
        ctx->saved_data["rows"] = local.size(0);
        std::vector<torch::Tensor> input{local.detach().contiguous()};
        std::vector<std::vector<torch::Tensor>> output(1);
        for (int r = 0; r < group->env.worldSize; ++r) output[0].push_back(torch::empty_like(input[0]));
        group->run([&] { return group->collectives->allgather(output, input); });
        return torch::cat(output[0]);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradients) {
        auto* group = reinterpret_cast<DataParallelGroup::Impl*>(ctx->saved_data["group"].toInt());
        const auto rows = ctx->saved_data["rows"].toInt();
        std::vector<torch::Tensor> summed{gradients[0].contiguous().clone()};
        group->run([&] { return group->collectives->allreduce(summed); });
        return {summed[0].narrow(0, rows * group->env.rank, rows), torch::Tensor()};
    }
};

}  // namespace

std::shared_ptr<DataParallelGroup> DataParallelGroup::join(const DistributedEnvironment& env,
                                                           const DistributedOptions& options,
                                                           const torch::Device& device) {
    auto impl = std::make_unique<Impl>();
    impl->env = env;
    impl->options = options;
    impl->device = device;
    impl->backend = resolveBackend(options.backend, device);
    impl->joinStore();
    impl->startHeartbeat();
    try {
        impl->createCollectives();
    } catch (const std::exception& e) {
        impl->fail(e);
    }
    return std::shared_ptr<DataParallelGroup>(new DataParallelGroup(std::move(impl)));
}

torch::Tensor DataParallelGroup::allGatherWithGrad(const torch::Tensor& local) {
    return AllGatherFunction::apply(local, impl_.get());
}

void DataParallelGroup::attachGradientAverage(const std::vector<torch::Tensor>& parameters) {
    Impl* impl = impl_.get();
    impl->overlapped = std::make_unique<OverlappedGradientAverage>(
        parameters, 1.0 / impl->env.worldSize, [impl](torch::Tensor& flat) {
            auto tensors = std::make_shared<std::vector<torch::Tensor>>(1, flat);
            auto work = impl->collectives->allreduce(*tensors);
            return std::function<void()>([impl, work, tensors] {
                try {
                    work->wait();
                } catch (const std::exception& e) {
                    impl->fail(e);
                }
            });
        });
}

void DataParallelGroup::armGradientAverage() { impl_->overlapped->arm(); }
void DataParallelGroup::finishGradientAverage() { impl_->overlapped->finish(); }
int DataParallelGroup::bucketsLaunchedDuringBackward() const {
    return impl_->overlapped ? impl_->overlapped->launchedDuringBackward() : 0;
}

void DataParallelGroup::broadcastFromLeader(const std::vector<torch::Tensor>& tensors) {
    torch::NoGradGuard noGrad;
    for (const auto& t : tensors) {
        std::vector<torch::Tensor> one{t.detach().contiguous()};
        impl_->run([&] { return impl_->collectives->broadcast(one); });
        if (one[0].data_ptr() != t.data_ptr()) t.detach().copy_(one[0]);
    }
}

double DataParallelGroup::sumOverRanks(double value) {
    std::vector<torch::Tensor> one{torch::full({1}, value, torch::TensorOptions().dtype(torch::kDouble).device(impl_->device))};
    impl_->run([&] { return impl_->collectives->allreduce(one); });
    return one[0].item<double>();
}

bool DataParallelGroup::anyRank(bool flag) { return sumOverRanks(flag ? 1.0 : 0.0) > 0.5; }

void DataParallelGroup::barrier() {
    // A one-element all-reduce: bounded by the same timeout, and named on failure like the others.
    sumOverRanks(0.0);
}

DataParallelGroup::~DataParallelGroup() = default;  // ~Impl stops the heartbeat

#else  // no c10d in this LibTorch: a data-parallel run is refused at join()

struct DataParallelGroup::Impl {
    DistributedEnvironment env;
    DistributedOptions options;
};

std::shared_ptr<DataParallelGroup> DataParallelGroup::join(const DistributedEnvironment&, const DistributedOptions&,
                                                           const torch::Device&) {
    throw std::invalid_argument("this build of Clipdesk has no torch.distributed engine (c10d with Gloo headers); "
                                "data-parallel training is unavailable");
}
torch::Tensor DataParallelGroup::allGatherWithGrad(const torch::Tensor& local) { return local; }
void DataParallelGroup::attachGradientAverage(const std::vector<torch::Tensor>&) {}
void DataParallelGroup::armGradientAverage() {}
void DataParallelGroup::finishGradientAverage() {}
int DataParallelGroup::bucketsLaunchedDuringBackward() const { return 0; }
void DataParallelGroup::broadcastFromLeader(const std::vector<torch::Tensor>&) {}
double DataParallelGroup::sumOverRanks(double value) { return value; }
bool DataParallelGroup::anyRank(bool flag) { return flag; }
void DataParallelGroup::barrier() {}
DataParallelGroup::~DataParallelGroup() = default;

#endif

DataParallelGroup::DataParallelGroup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
int DataParallelGroup::rank() const { return impl_->env.rank; }
int DataParallelGroup::worldSize() const { return impl_->env.worldSize; }
bool DataParallelGroup::localLoss() const { return impl_->options.localLoss; }
std::string DataParallelGroup::backendName() const {
#if CLIPDESK_HAS_C10D
    return impl_->backend;
#else
    return "none";
#endif
}

}  // namespace clipdesk
