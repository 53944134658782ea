#pragma once
// Why a use case refused to run, as one English line (what()) and as a kind the window maps
// to its translated text (ui/services/use_case_messages.cpp), with the file or folder named.

#include <stdexcept>
#include <string>

namespace clipdesk {

enum class UseCaseProblem {
    NoSuchFolder,           // subject: the folder
    NotAFolder,             // subject: the path
    LibraryHasNoFolders,    // subject: the library
    LibraryEmpty,           // no library.sqlite yet; subject: the library
    NoIndexedPhotos,        // subject: the library
    NoIndexedPhotosInScope, // subject: the library
    ModelChanged,           // the library's model files changed since indexing; subject: the model
    NotTheLibraryModel,     // --model names another model than the library's; subject: the model
    NoModel,                // no model chosen to index or search with
    NoBaseModel,            // training: no model to fine-tune and no configuration
    NoVocabulary,           // subject: the model
    VocabularyDoesNotFit,   // subject: the vocabulary
    NoPairs,                // no pairs file or folder chosen
    NoOutputFolder,
    TooFewPairs,            // fewer training pairs than one batch
    NoCheckpoint,           // resume without a checkpoint; subject: the output folder
    DeviceUnavailable,      // subject: the device
    NoTagName,
    NoExamples,
    NoLabelScores,          // apply before the label was scored; subject: the tag
    InvalidThreshold,       // NaN, infinite, or a probability outside [0, 1]; subject: the option
    NoLabelFitsContext,     // every label's prompts are longer than the model reads; subject: the vocabulary
    QueryWithoutWords,      // a text search that is empty or only punctuation and symbols; subject: the query
};

class UseCaseError : public std::runtime_error {
public:
    UseCaseError(UseCaseProblem problem, std::string subject, const std::string& message)
        : std::runtime_error(message), problem_(problem), subject_(std::move(subject)) {}
    UseCaseProblem problem() const { return problem_; }
    const std::string& subject() const { return subject_; }

private:
    UseCaseProblem problem_;
    std::string subject_;
};

}  // namespace clipdesk
