#include "jobs/tagging_job.h"

#include "services/library_model.h"

#include "clip/clip_embedder.h"
#include "clip/model/compute_threads.h"
#include "library/atomic_file.h"
#include "library/library_paths.h"
#include "library/photo_library.h"
#include "tagging/few_shot_tagger.h"
#include "tagging/label_threshold.h"
#include "tagging/library_embeddings.h"
#include "tagging/tag_export.h"
#include "tagging/xmp_sidecar.h"
#include "tagging/zero_shot_tagger.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <filesystem>
#include <unordered_map>

namespace clipdesk::ui {
namespace {

using Kind = TaggingRequest::Kind;

class Run {
public:
    Run(const TaggingRequest& request, TaggingJob* job, std::shared_ptr<std::atomic<bool>> cancelled)
        : request_(request), job_(job), cancelled_(std::move(cancelled)) {
        for (const auto& f : request.folders) prefixes_.push_back(normalisedPath(f.toStdString()));
        sinceReport_.start();
    }

    TaggingOutcome operator()() {
        QElapsedTimer timer;
        timer.start();
        outcome_.kind = request_.kind;
        outcome_.tag = request_.tag;
        try {
            switch (request_.kind) {
                case Kind::ZeroShot: zeroShot(); break;
                case Kind::LabelScores: labelScores(); break;
                case Kind::ApplyThreshold: applyThreshold(); break;
                case Kind::FewShot: fewShot(); break;
                case Kind::Export: exportTags(); break;
            }
        } catch (const TaggingCancelled&) {
            outcome_.cancelled = true;
        } catch (const std::exception& e) {
            outcome_.error = QString::fromStdString(e.what());
            outcome_.cancelled = cancelled_->load();
        }
        outcome_.seconds = timer.elapsed() / 1000.0;
        return outcome_;
    }

private:
    std::unique_ptr<PhotoLibrary> openLibrary(LibraryAccess access) {
        const std::filesystem::path dir(request_.libraryDir.toStdString());
        std::error_code ec;
        if (!std::filesystem::exists(libraryFiles(dir).database, ec))
            throw std::runtime_error(QCoreApplication::translate("TaggingJob", "The library is empty: add a folder of photos on the Library page.").toStdString());
        auto library = PhotoLibrary::open(dir, access);
        if (indexedPhotosIn(library->database(), prefixes_).empty())
            throw std::runtime_error(
                (request_.folders.isEmpty()
                     ? QCoreApplication::translate("TaggingJob", "No photo of the library is indexed yet: index it on the Library page first.")
                     : QCoreApplication::translate("TaggingJob", "No indexed photo in the chosen folders: index them on the Library page first."))
                    .toStdString());
        return library;
    }

    std::unique_ptr<ClipEmbedder> openModel(PhotoLibrary& library) {
        setComputeThreads(request_.threads);
        status(TaggingStatus::Phase::Loading, 0, 0);
        return openLibraryModel(library, request_.threads);
    }

    void status(TaggingStatus::Phase phase, qint64 done, qint64 total) {
        const bool last = total > 0 && done == total;
        if (!last && phase == lastPhase_ && sinceReport_.elapsed() < 100) return;
        lastPhase_ = phase;
        sinceReport_.restart();
        TaggingStatus s{phase, done, total};
        QMetaObject::invokeMethod(job_, [job = job_, s] { Q_EMIT job->progressChanged(s); }, Qt::QueuedConnection);
    }

    void throwIfCancelled() const {
        if (cancelled_->load()) throw TaggingCancelled();
    }

    TaggingProgress progress() {
        return [this](TaggingStage stage, std::int64_t done, std::int64_t total) {
            status(stage == TaggingStage::EncodingLabels ? TaggingStatus::Phase::EncodingLabels
                                                         : TaggingStatus::Phase::Scoring,
                   done, total);
            return !cancelled_->load();
        };
    }

    // Paths of the photos in scope by id.
    std::unordered_map<std::int64_t, std::string> pathsInScope(LibraryDatabase& db) {
        std::vector<std::string> roots = prefixes_;
        if (roots.empty())
            for (const auto& f : db.folders()) roots.push_back(f.path);
        std::unordered_map<std::int64_t, std::string> out;
        for (const auto& root : roots)
            for (auto& p : db.photosUnder(root)) out.emplace(p.id, std::move(p.path));
        return out;
    }

    // The label as the vocabulary lists it (with its synonyms), else the tag alone.
    LabelVocabulary labelOf(const std::string& tag) {
        try {
            const auto vocabulary = loadLabelVocabulary(request_.labels.toStdString());
            for (const auto& label : vocabulary.labels)
                if (label.name == tag) return LabelVocabulary{vocabulary.name, {label}};
        } catch (const std::exception&) {
            // An unreadable vocabulary only loses the synonyms.
        }
        return makeLabelVocabulary("tag", {tag});
    }

    void zeroShot() {
        const auto vocabulary = loadLabelVocabulary(request_.labels.toStdString());
        const auto templates = loadTemplateSet(request_.templates.toStdString());
        auto library = openLibrary(LibraryAccess::Write);
        throwIfCancelled();
        auto embedder = openModel(*library);
        throwIfCancelled();
        TagScoringOptions options;
        options.mode = request_.multi ? TagMode::Multi : TagMode::Single;
        options.topK = std::max(1, request_.topK);
        options.method = parseThresholdMethod(request_.thresholdMethod.toStdString());
        options.threshold = request_.threshold ? *request_.threshold : defaultThreshold(options.method);
        options.logitScale = embedder->logitScale();
        const auto run = tagZeroShot(*library, *embedder, vocabulary, templates, options, prefixes_, progress());
        outcome_.photos = run.photos;
        for (const auto& tags : run.tags)
            if (!tags.empty()) ++outcome_.tagged;
        outcome_.labels = run.labels;
        outcome_.labelsEncoded = run.labelsEncoded;
        outcome_.written = run.written.written;
        outcome_.kept = run.written.kept;
    }

    void labelScores() {
        const auto templates = loadTemplateSet(request_.templates.toStdString());
        auto library = openLibrary(LibraryAccess::Read);
        auto& db = library->database();
        auto embedder = openModel(*library);
        throwIfCancelled();
        const auto label = labelEmbeddingsFor(db, *embedder, labelOf(request_.tag.toStdString()), templates, nullptr,
                                              progress());
        throwIfCancelled();
        status(TaggingStatus::Phase::Scoring, 0, 1);
        const auto scores = scoreLabelOverLibrary(db, label[0], prefixes_);
        const auto paths = pathsInScope(db);
        for (const auto& s : scores) {
            const auto it = paths.find(s.photoId);
            outcome_.scores.push_back(
                {s.photoId, it == paths.end() ? QString() : QString::fromStdString(it->second), s.cosine});
        }
        outcome_.photos = static_cast<qint64>(scores.size());
        status(TaggingStatus::Phase::Scoring, 1, 1);
    }

    void applyThreshold() {
        const auto templates = loadTemplateSet(request_.templates.toStdString());
        auto library = openLibrary(LibraryAccess::Write);
        throwIfCancelled();
        std::vector<PhotoScore> scores;
        for (const auto& s : request_.scores) scores.push_back({s.photoId, s.score});
        status(TaggingStatus::Phase::Writing, 0, 1);
        const auto summary =
            applyLabelThreshold(library->database(), request_.tag.toStdString(), templates.key, scores, request_.cutOff);
        outcome_.photos = static_cast<qint64>(scores.size());
        outcome_.tagged = static_cast<qint64>(countAtLeast(scores, request_.cutOff));
        outcome_.written = summary.written;
        outcome_.kept = summary.kept;
        status(TaggingStatus::Phase::Writing, 1, 1);
    }

    void fewShot() {
        if (request_.tag.trimmed().isEmpty()) throw std::runtime_error(QCoreApplication::translate("TaggingJob", "Name the tag to learn.").toStdString());
        if (request_.examples.isEmpty())
            throw std::runtime_error(QCoreApplication::translate("TaggingJob", "Mark at least one photo as an example of the tag.").toStdString());
        const auto templates = loadTemplateSet(request_.templates.toStdString());
        auto library = openLibrary(LibraryAccess::Write);
        auto embedder = openModel(*library);  // the tag's text embedding is the probe's prior
        throwIfCancelled();
        status(TaggingStatus::Phase::Scoring, 0, 1);
        const std::vector<std::int64_t> examples(request_.examples.begin(), request_.examples.end());
        const std::vector<std::int64_t> counter(request_.counterExamples.begin(), request_.counterExamples.end());
        const auto run = tagByExample(*library, embedder.get(), templates, request_.tag.trimmed().toStdString(), examples,
                                      counter, FewShotOptions{}, prefixes_);
        auto& db = library->database();
        for (const auto& t : run.tags)
            outcome_.scores.push_back({t.photoId, QString::fromStdString(db.photoPath(t.photoId).value_or("")),
                                       static_cast<float>(t.score)});
        outcome_.photos = run.photos;
        outcome_.tagged = static_cast<qint64>(run.tags.size());
        outcome_.written = run.written.written;
        outcome_.kept = run.written.kept;
        status(TaggingStatus::Phase::Scoring, 1, 1);
    }

    void exportTags() {
        auto library = openLibrary(LibraryAccess::Read);
        TagStore store(library->database());
        std::vector<TagRecord> tags;
        if (prefixes_.empty()) tags = store.tagsUnder("", false);
        for (const auto& p : prefixes_) {
            auto some = store.tagsUnder(p, false);
            tags.insert(tags.end(), some.begin(), some.end());
        }
        if (request_.format != "xmp") {
            const auto text = request_.format == "csv" ? tagsToCsv(tags) : tagsToJson(tags);
            writeFileAtomically(request_.outFile.toStdString(), text);
            outcome_.tagged = static_cast<qint64>(keywordsByPhoto(tags).size());
            outcome_.written = static_cast<qint64>(tags.size());
            return;
        }
        const auto photos = keywordsByPhoto(tags);
        qint64 done = 0;
        for (const auto& [photo, keywords] : photos) {
            throwIfCancelled();
            try {
                mergeSidecarKeywords(photo, keywords);
                ++outcome_.sidecars;
            } catch (const std::exception& e) {
                outcome_.problems << QString::fromStdString(e.what());
            }
            status(TaggingStatus::Phase::Writing, ++done, static_cast<qint64>(photos.size()));
        }
        outcome_.tagged = static_cast<qint64>(photos.size());
    }

    TaggingRequest request_;
    TaggingJob* job_;
    std::shared_ptr<std::atomic<bool>> cancelled_;
    std::vector<std::string> prefixes_;
    TaggingOutcome outcome_;
    QElapsedTimer sinceReport_;
    TaggingStatus::Phase lastPhase_ = TaggingStatus::Phase::Loading;
};

}  // namespace

TaggingJob::TaggingJob(QObject* parent) : QObject(parent) {
    qRegisterMetaType<TaggingStatus>();
    qRegisterMetaType<TaggingOutcome>();
}

TaggingJob::~TaggingJob() { run_.stopAndWait(); }

bool TaggingJob::start(const TaggingRequest& request) {
    const bool launched = run_.start(
        this, [this, request](const BackgroundRun::CancelFlag& cancelled) { return Run(request, this, cancelled)(); },
        [this](const TaggingOutcome& outcome) { Q_EMIT finished(outcome); });
    if (!launched) return false;
    running_ = request.kind;
    Q_EMIT started();
    Q_EMIT progressChanged(TaggingStatus{});
    return true;
}

void TaggingJob::cancel() { run_.cancel(); }


}  // namespace clipdesk::ui
