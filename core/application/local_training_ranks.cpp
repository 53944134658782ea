#include "application/training_setup.h"

#include "training/distributed/loopback_port.h"

#include <exception>
#include <thread>

namespace clipdesk {

TrainingSummary trainOnLocalRanks(const TrainingRequest& request, int ranks, TrainingObserver& observer,
                                  const JobControl& control,
                                  const std::function<void(const PreparedTraining&)>& prepared) {
    if (ranks <= 1) {
        const auto training = prepareTraining(request);
        if (prepared) prepared(*training);
        return training->run(observer, control);
    }
    const int port = freeLoopbackPort();
    TrainingObserver quiet;
    TrainingSummary summary;
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(ranks));
    auto runRank = [&](int rank) {
        try {
            TrainingRequest mine = request;
            mine.distributed = DistributedEnvironment{"127.0.0.1", port, rank, ranks, rank};
            if (rank != 0) mine.warn = {};
            const auto training = prepareTraining(mine);
            if (rank == 0 && prepared) prepared(*training);
            const auto done = training->run(rank == 0 ? observer : quiet, control);
            if (rank == 0) summary = done;
        } catch (...) {
            errors[static_cast<std::size_t>(rank)] = std::current_exception();
        }
    };
    std::vector<std::thread> others;
    for (int rank = 1; rank < ranks; ++rank) others.emplace_back(runRank, rank);
    runRank(0);
    for (auto& t : others) t.join();
    for (const auto& error : errors)
        if (error) std::rethrow_exception(error);
    return summary;
}

}  // namespace clipdesk
