#pragma once
// Use case: fine-tune a model (or train one from a configuration) on image–caption pairs.
// prepareTraining() is the one validation both front ends run before anything trains: the
// device exists, the pairs are readable (line-numbered errors), the vocabulary fits the
// model, and an epoch holds at least one batch. The prepared run then trains on the calling
// thread with progress and stop through a JobControl.

#include "base/job_control.h"
#include "training/clip_trainer.h"
#include "training/data/caption_languages.h"
#include "training/distributed/distributed_environment.h"
#include "training/training_options.h"
#include "training/training_progress.h"

#include <functional>
#include <memory>
#include <string>

namespace clipdesk {

struct TrainingRequest {
    std::string pairs;             // a pairs file (.csv/.tsv/.jsonl) or a folder
    bool skipBadRows = false;
    bool allowOutsidePaths = false;  // pairs rows may name images outside the pairs file's folder
    std::string captionTemplates;  // file: caption templates for labelled folders
    std::string split = "train";   // Fashion-MNIST part
    // Fashion-MNIST's captions: English, Chinese, or both (a language drawn per caption). With
    // Chinese alone, the zero-shot accuracy during training uses the Chinese class names and
    // held-out Chinese templates.
    CaptionLanguages captionLanguages = CaptionLanguages::English;
    std::string model;             // model folder or weights file to fine-tune, or
    std::string config;            // a config.json to train from scratch
    std::string vocab;             // default: the model's, or beside the config
    std::string precision;         // fp32, bf16, fp16; empty: bf16 on CUDA, fp32 on a CPU
    TrainingOptions options;       // outDir required
    double validationSplit = 0.1;
    std::string evalTemplates;     // file: zero-shot templates for labelled data
    bool resume = false;           // continue from the newest checkpoint in options.outDir
    int threads = 0;               // compute threads (0 = every core)
    int workers = 2;               // image decoding threads
    // Set: this process is one rank of a data-parallel run (distributedEnvironmentFromProcess()).
    // options.batchSize stays the global batch; each rank loads its share of every batch.
    std::optional<DistributedEnvironment> distributed;
    DistributedOptions distributedOptions;
    std::function<void(const std::string&)> warn;  // skipped rows and other warnings
};

class PreparedTraining {
public:
    virtual ~PreparedTraining() = default;
    virtual std::int64_t pairs() const = 0;
    virtual std::int64_t trainingPairs() const = 0;
    virtual std::int64_t validationPairs() const = 0;
    virtual std::int64_t totalSteps() const = 0;
    virtual std::int64_t stepsDone() const = 0;  // > 0 after a resume
    virtual std::string device() const = 0;
    virtual std::string precision() const = 0;  // as the trainer resolved it
    virtual int rank() const = 0;               // 0 outside a data-parallel run
    virtual int worldSize() const = 0;          // 1 outside a data-parallel run
    virtual std::string distributedBackend() const = 0;  // "gloo", "nccl"; empty outside a data-parallel run
    virtual const std::vector<std::string>& classNames() const = 0;
    // Trains until done or cancelled (then a checkpoint is saved for resume). Running out of GPU
    // memory throws TrainingOutOfMemory, one line saying what to lower.
    virtual TrainingSummary run(TrainingObserver& observer, const JobControl& control) = 0;
};

// Warm-up takes at most this fraction of a run's steps; fewer steps than kFewestUsefulSteps
// are warned about as too short to learn.
constexpr double kMaxWarmupFraction = 0.1;
constexpr std::int64_t kFewestUsefulSteps = 50;
// Caps options.warmupSteps to kMaxWarmupFraction of `totalSteps`, and warns (through `warn`)
// when it does and when the run is too short to learn.
void capWarmup(TrainingOptions& options, std::int64_t totalSteps, const std::function<void(const std::string&)>& warn);

// The device of local rank `localRank`: "auto" and "cuda" become cuda:<localRank> where CUDA
// is available (one GPU per process on a machine), anything else is kept.
std::string rankDevice(const std::string& device, int localRank);

// A data-parallel run joins the other ranks first (DistributedError when one never joins);
// only rank 0 holds the validation set and writes into the output folder.
// Throws UseCaseError (NoPairs, NoModel, NoOutputFolder, DeviceUnavailable, NoVocabulary,
// VocabularyDoesNotFit, TooFewPairs, NoCheckpoint), PairsFileError or the model's loading errors.
std::unique_ptr<PreparedTraining> prepareTraining(const TrainingRequest& request);

// Trains with `ranks` data-parallel ranks as threads of this process over a loopback
// rendezvous: the window's "use all GPUs of this machine" (rank r on cuda:r; on a CPU all
// ranks share it, which only the tests want). Rank 0 reports to `observer`, warns through
// request.warn and is handed to `prepared` before it trains; the other ranks are silent. A
// stop through `control` stops every rank after the same step. The first error is rethrown.
TrainingSummary trainOnLocalRanks(const TrainingRequest& request, int ranks, TrainingObserver& observer,
                                  const JobControl& control,
                                  const std::function<void(const PreparedTraining&)>& prepared = {});

// The BPE vocabulary to use: `explicitPath`, else one beside `modelOrConfigPath` (or in a
// sibling tokenizer/ folder). Throws UseCaseError (NoVocabulary) if none is found.
std::string findVocabulary(const std::string& explicitPath, const std::string& modelOrConfigPath);

// Non-empty lines of a UTF-8 file of caption templates, each with "{}" for the class name.
std::vector<std::string> readTemplatesFile(const std::string& path);

}  // namespace clipdesk
