#include "training/distributed/distributed_environment.h"

#include <cstdlib>
#include <stdexcept>

namespace clipdesk {
namespace {

std::optional<std::string> variable(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value) return std::nullopt;
    return std::string(value);
}

int integerVariable(const char* name, std::optional<int> fallback, int lowest, int highest) {
    const auto text = variable(name);
    if (!text) {
        if (fallback) return *fallback;
        throw std::invalid_argument(std::string(name) + " is not set (a data-parallel run needs MASTER_ADDR, "
                                    "MASTER_PORT, RANK and WORLD_SIZE)");
    }
    std::size_t used = 0;
    long value = 0;
    try {
        value = std::stol(*text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text->size() || value < lowest || value > highest)
        throw std::invalid_argument(std::string(name) + "=" + *text + ": expected a whole number from " +
                                    std::to_string(lowest) + " to " + std::to_string(highest));
    return static_cast<int>(value);
}

}  // namespace

std::optional<DistributedEnvironment> distributedEnvironmentFromProcess() {
    if (!variable("WORLD_SIZE")) return std::nullopt;
    DistributedEnvironment env;
    env.worldSize = integerVariable("WORLD_SIZE", std::nullopt, 1, 65536);
    env.rank = integerVariable("RANK", std::nullopt, 0, env.worldSize - 1);
    env.localRank = integerVariable("LOCAL_RANK", 0, 0, 65535);
    env.masterPort = integerVariable("MASTER_PORT", std::nullopt, 1, 65535);
    const auto address = variable("MASTER_ADDR");
    if (!address)
        throw std::invalid_argument("MASTER_ADDR is not set (a data-parallel run needs MASTER_ADDR, MASTER_PORT, "
                                    "RANK and WORLD_SIZE)");
    env.masterAddress = *address;
    return env;
}

}  // namespace clipdesk
