#include "training/training_checkpoint.h"

#include "base/read_file.h"
#include "base/regular_file_stream.h"
#include "clip/weights/checkpoint_error.h"
#include "clip/weights/checkpoint_loader.h"
#include "clip/weights/safetensors.h"

#include <nlohmann/json.hpp>
#include <torch/serialize.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace clipdesk {
namespace fs = std::filesystem;
namespace {

void writeTextAtomically(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) throw std::runtime_error(tmp.string() + ": cannot write");
    }
    fs::rename(tmp, path);
}

std::string readText(const fs::path& path) {
    return readFileBytes(path.string());
}

}  // namespace

void saveModelFolder(const std::string& dir, ClipModel& model, const std::string& name, torch::ScalarType weightsDtype) {
    fs::create_directories(dir);
    auto config = model->config();
    config.name = name;
    saveClipModelWeights(model, (fs::path(dir) / "model.safetensors").string(), {{"name", name}}, weightsDtype);
    writeTextAtomically(fs::path(dir) / "config.json", config.toJson() + "\n");
}

std::string saveTrainingCheckpoint(const std::string& outDir, ClipModel& model, torch::optim::Optimizer& optimizer,
                                   const TrainingPosition& position, int keep) {
    const fs::path root = fs::path(outDir) / "checkpoints";
    fs::create_directories(root);
    char name[32];
    std::snprintf(name, sizeof name, "step-%08lld", static_cast<long long>(position.step));
    const fs::path finalDir = root / name;
    const fs::path tmpDir = root / (std::string(name) + ".partial");
    fs::remove_all(tmpDir);
    saveModelFolder(tmpDir.string(), model, model->config().name);
    torch::save(optimizer, (tmpDir / "optimizer.pt").string());
    const nlohmann::json state = {{"epoch", position.epoch},
                                  {"batch_in_epoch", position.batchInEpoch},
                                  {"step", position.step},
                                  {"loss_scale", position.lossScale},
                                  {"world_size", position.worldSize}};
    writeTextAtomically(tmpDir / "trainer_state.json", state.dump(2) + "\n");
    fs::remove_all(finalDir);
    fs::rename(tmpDir, finalDir);
    writeTextAtomically(root / "latest", std::string(name) + "\n");

    std::vector<fs::path> all;
    for (const auto& e : fs::directory_iterator(root))
        if (e.is_directory() && e.path().filename().string().rfind("step-", 0) == 0 &&
            e.path().extension() != ".partial")
            all.push_back(e.path());
    std::sort(all.begin(), all.end());
    for (size_t i = 0; i + std::max(1, keep) < all.size(); ++i) fs::remove_all(all[i]);
    return finalDir.string();
}

std::optional<std::string> latestTrainingCheckpoint(const std::string& outDir) {
    const fs::path latest = fs::path(outDir) / "checkpoints" / "latest";
    std::error_code ec;
    if (!fs::exists(latest, ec)) return std::nullopt;
    auto name = readText(latest);
    name.erase(name.find_last_not_of(" \n\r\t") + 1);
    const fs::path dir = latest.parent_path() / name;
    if (!fs::exists(dir / "trainer_state.json", ec)) return std::nullopt;
    return dir.string();
}

TrainingPosition loadTrainingCheckpoint(const std::string& checkpointDir, ClipModel& model,
                                        torch::optim::Optimizer& optimizer) {
    const fs::path dir(checkpointDir);
    CheckpointInfo info;
    auto tensors = readCheckpointTensors((dir / "model.safetensors").string(), info);
    loadTensorsIntoModel(model, std::move(tensors), (dir / "model.safetensors").string());
    try {
        // The optimizer state goes where the model is (a checkpoint from a GPU can resume on a CPU).
        RegularFileStream in((dir / "optimizer.pt").string());
        torch::load(optimizer, in, model->logit_scale.device());
    } catch (const FileReadError& e) {
        throw CheckpointError(std::string(e.what()) + " (the optimizer state)");
    } catch (const c10::Error& e) {
        throw CheckpointError((dir / "optimizer.pt").string() + ": cannot restore the optimizer state (" +
                              e.what_without_backtrace() + ")");
    }
    const auto state = nlohmann::json::parse(readText(dir / "trainer_state.json"));
    TrainingPosition p;
    p.epoch = state.at("epoch").get<int>();
    p.batchInEpoch = state.at("batch_in_epoch").get<std::int64_t>();
    p.step = state.at("step").get<std::int64_t>();
    p.lossScale = state.value("loss_scale", 0.0);
    p.worldSize = state.value("world_size", 1);
    return p;
}

}  // namespace clipdesk
