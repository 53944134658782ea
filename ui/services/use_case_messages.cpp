#include "services/use_case_messages.h"

#include "application/use_case_error.h"

#include <QCoreApplication>

namespace clipdesk::ui {

namespace {

QString translatedProblem(UseCaseProblem problem, const QString& subject, const QString& what) {
    switch (problem) {
    case UseCaseProblem::NoSuchFolder: return QCoreApplication::translate("IndexJob", "%1: no such folder").arg(subject);
    case UseCaseProblem::NoModel: return QCoreApplication::translate("IndexJob", "No model: choose a CLIP model in Settings.");
    case UseCaseProblem::LibraryEmpty:
        return QCoreApplication::translate("TaggingJob", "The library is empty: add a folder of photos on the Library page.");
    case UseCaseProblem::NoIndexedPhotos:
        return QCoreApplication::translate("TaggingJob", "No photo of the library is indexed yet: index it on the Library page first.");
    case UseCaseProblem::NoIndexedPhotosInScope:
        return QCoreApplication::translate("TaggingJob", "No indexed photo in the chosen folders: index them on the Library page first.");
    case UseCaseProblem::ModelChanged:
        return QCoreApplication::translate("SearchService",
                  "%1: the model has changed since the library was indexed; re-index the library to search with it.")
            .arg(subject);
    case UseCaseProblem::NoTagName: return QCoreApplication::translate("TaggingJob", "Name the tag to learn.");
    case UseCaseProblem::NoExamples: return QCoreApplication::translate("TaggingJob", "Mark at least one photo as an example of the tag.");
    case UseCaseProblem::NoPairs: return QCoreApplication::translate("TrainingJob", "Choose a pairs file or a folder of photos.");
    case UseCaseProblem::NoBaseModel: return QCoreApplication::translate("TrainingJob", "Choose a model to fine-tune.");
    case UseCaseProblem::NoOutputFolder: return QCoreApplication::translate("TrainingJob", "Choose an output folder.");
    case UseCaseProblem::NoVocabulary: return QCoreApplication::translate("TrainingJob", "%1: the model has no BPE vocabulary beside it.").arg(subject);
    case UseCaseProblem::TooFewPairs:
        return QCoreApplication::translate("TrainingJob", "Too few training pairs for one batch of %1: lower the batch size.").arg(subject);
    case UseCaseProblem::NoCheckpoint: return QCoreApplication::translate("TrainingJob", "%1: no checkpoint to resume from.").arg(subject);
    case UseCaseProblem::InvalidThreshold:
        return QCoreApplication::translate("TaggingJob", "%1: not a usable threshold (NaN, infinite, or a probability outside 0 to 1).").arg(subject);
    case UseCaseProblem::QueryWithoutWords:
        return QCoreApplication::translate("SearchService",
                  "Query \"%1\": type some words describing the photos (not only punctuation or symbols).")
            .arg(subject);
    case UseCaseProblem::NoLabelFitsContext:
        return QCoreApplication::translate("TaggingJob",
                  "%1: no label fits this model's text context with these templates; choose shorter labels or "
                  "another template set.")
            .arg(subject);
    default: return what;
    }
}

}  // namespace

TranslatableText useCaseMessage(const std::exception& error) {
    const auto* e = dynamic_cast<const UseCaseError*>(&error);
    if (!e) return QString::fromStdString(error.what());
    return TranslatableText::deferred([problem = e->problem(), subject = QString::fromStdString(e->subject()),
                                       what = QString::fromStdString(e->what())] {
        return translatedProblem(problem, subject, what);
    });
}

}  // namespace clipdesk::ui
