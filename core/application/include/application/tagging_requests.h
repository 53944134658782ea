#pragma once
// What the tagging use cases take and give (tagging_session.h runs them). Plain values, no
// LibTorch: the window's models and the CLI's JSON both read these.

#include "library/path_problem.h"
#include "library/tag_store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

// Photos in scope: these folders (or single photos) and below; empty = the whole library.
using TagScope = std::vector<std::string>;

struct ScoredPhoto {
    std::int64_t photoId = 0;
    std::string path;
    float score = 0;
};

// A label left out of a run because one of its prompts is longer than the model's context.
struct SkippedLabel {
    std::string label;
    std::string source;                    // "file:line"
    std::string prompt;                    // its longest prompt
    int tokens = 0;                        // that prompt's length, start and end included
    int contextLength = 0;                 // what the model reads
};

// A zero-shot run: every photo in scope against a label vocabulary.
struct ZeroShotTagRequest {
    std::string labels = "builtin";        // "builtin" or a vocabulary file
    std::string templates = "imagenet80";  // a built-in set or a template file
    TagScope scope;
    bool multi = false;                    // multi-label (thresholds) rather than top-K
    int topK = 5;
    std::string thresholdMethod = "margin";
    std::optional<double> threshold;       // multi: the method's value (default: its own)
    double minProbability = 0;             // single: drop tags below this probability
};

struct ZeroShotTagResult {
    std::int64_t photos = 0;               // photos in scope
    std::int64_t tagged = 0;               // photos given at least one tag
    std::int64_t labels = 0;
    std::int64_t labelsEncoded = 0;        // labels whose embeddings were not cached yet
    std::vector<SkippedLabel> skippedLabels; // too long for the model, checked before encoding
    WriteSummary written;
    std::string templateSet;               // its name
    std::size_t templates = 0;
    double threshold = 0;                  // multi: the method's value used
    double encodeSeconds = 0, scoreSeconds = 0, seconds = 0;
    std::vector<std::int64_t> photoIds;    // scope, ascending
    std::vector<std::vector<NewTag>> tags; // per photo of photoIds, best first
};

// Tag review: one label scored over the scope, for choosing its cut-off by eye.
struct LabelScoresRequest {
    std::string tag;
    std::string labels = "builtin";        // where the tag's synonyms come from
    std::string templates = "imagenet80";
    TagScope scope;
};

struct LabelScores {
    std::string tag;
    std::string templateKey;               // the template set's cache key (name and digest)
    TagScope scope;
    std::vector<ScoredPhoto> photos;       // every indexed photo in scope, best first

    // Photos whose cosine is at least `cutOff` (a prefix of `photos`).
    std::size_t passing(float cutOff) const;
};

// Writes the automatic tags of `tag` at `cutOff`, from the scores the review computed.
struct ThresholdApplyRequest {
    std::string tag;
    float cutOff = 0;
};

struct ThresholdApplyResult {
    std::int64_t photos = 0;               // photos scored
    std::int64_t tagged = 0;               // photos at or above the cut-off
    WriteSummary written;
};

// Tag by example: a linear probe from photos marked as examples (and counter-examples).
struct FewShotTagRequest {
    std::string tag;
    std::string templates = "imagenet80";  // the tag's text embedding is the probe's prior
    TagScope scope;
    std::vector<std::int64_t> examples;
    std::vector<std::int64_t> counterExamples;
    bool textPrior = true;                 // false: learn from the examples alone
    int backgroundPhotos = 1000;           // random library photos used as weak negatives
    double threshold = 0.5;                // probability needed to tag a photo
    double l2 = 1e-3;                      // the probe's penalty towards its prior
    std::uint64_t seed = 0;                // which background photos
};

struct FewShotTagResult {
    std::int64_t photos = 0;               // photos scored
    std::int64_t examples = 0, counterExamples = 0, background = 0;
    bool textPrior = false;
    std::vector<ScoredPhoto> tagged;       // best first
    WriteSummary written;
};

struct TagExportRequest {
    std::string format;                    // "csv", "json" or "xmp" (sidecars next to the photos)
    std::string outFile;                   // csv, json; empty: the text is returned
    TagScope scope;
};

struct TagExportResult {
    std::int64_t photos = 0;               // photos with at least one tag exported
    std::int64_t tags = 0;                 // tag rows written (csv, json)
    std::int64_t sidecars = 0;             // xmp
    std::vector<PathProblem> problems;     // xmp: files that could not be written
    struct Sidecar {
        std::string photo, sidecar;
        std::int64_t added = 0;            // keywords added
        bool created = false;
        std::string error;                 // why it could not be written (also in problems)
    };
    std::vector<Sidecar> sidecarWrites;    // xmp, one per photo in order
    std::string text;                      // csv, json without outFile
};

}  // namespace clipdesk
