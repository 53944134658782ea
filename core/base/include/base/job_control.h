#pragma once
// The one progress-and-cancel protocol of every long job (indexing, tagging, training,
// downloads): the job reports JobProgress and polls for cancellation through a JobControl;
// whoever started it (the CLI, a GUI worker) listens and may cancel from any thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace clipdesk {

enum class JobStage {
    Loading,         // opening the library and the model
    Scanning,        // indexing: walking folders (done = photos found, total = 0)
    Encoding,        // indexing: photos encoded or failed of total
    Finishing,       // indexing: saving the vector index
    EncodingLabels,  // tagging: label prompt ensembles encoded
    Scoring,         // tagging: photos scored
    Writing,         // tagging: tags or sidecars written
    Training,        // training: optimizer steps of the whole run
    Downloading,     // downloads: bytes
    Verifying,       // downloads: bytes hashed
    Watching,        // watched folders: waiting for changes to settle (done = folders watched)
};

struct JobProgress {
    JobStage stage = JobStage::Loading;
    std::int64_t done = 0;
    std::int64_t total = 0;      // 0 while unknown
    std::string item;            // the file or folder last finished, or being worked on
    double perSecond = 0;        // items (or bytes) per second; 0 while unknown
    double etaSeconds = -1;      // -1 while unknown
    int part = 0, parts = 0;     // downloads: the file (0-based) of how many
};

// Thrown by JobControl::throwIfCancelled: the job stopped at a safe point on request.
class JobCancelled : public std::runtime_error {
public:
    JobCancelled() : std::runtime_error("cancelled") {}
};

class JobControl {
public:
    using ProgressListener = std::function<void(const JobProgress&)>;
    using ProblemListener = std::function<void(const std::string& path, const std::string& reason)>;

    JobControl() = default;
    explicit JobControl(ProgressListener progress, ProblemListener problems = {})
        : progress_(std::move(progress)), problems_(std::move(problems)) {}
    JobControl(const JobControl&) = delete;
    JobControl& operator=(const JobControl&) = delete;

    // Thread-safe; the job stops at its next check.
    void cancel() noexcept { cancelled_.store(true); }
    bool cancelled() const noexcept { return cancelled_.load(); }
    void throwIfCancelled() const {
        if (cancelled()) throw JobCancelled();
    }

    // Hands `progress` to the listener (on the job's thread); returns !cancelled(), so a loop
    // can stop with `if (!control.report(p)) break;`.
    bool report(const JobProgress& progress) const {
        if (progress_) progress_(progress);
        return !cancelled();
    }
    // As report(), then throws JobCancelled when cancelled.
    void reportOrThrow(const JobProgress& progress) const {
        report(progress);
        throwIfCancelled();
    }
    // A file the job could not use; the job goes on.
    void problem(const std::string& path, const std::string& reason) const {
        if (problems_) problems_(path, reason);
    }

private:
    ProgressListener progress_;
    ProblemListener problems_;
    std::atomic<bool> cancelled_{false};
};

}  // namespace clipdesk
