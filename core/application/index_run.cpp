#include "application/index_run.h"

#include "application/use_case_error.h"
#include "clip/clip_embedder.h"
#include "library/photo_indexer.h"
#include "library/photo_library.h"

namespace clipdesk {
namespace {

void requireFolders(const std::vector<std::string>& folders) {
    for (const auto& folder : folders) {
        std::error_code ec;
        if (std::filesystem::is_directory(folder, ec)) continue;
        if (std::filesystem::exists(folder, ec))
            throw UseCaseError(UseCaseProblem::NotAFolder, folder, folder + ": not a folder");
        throw UseCaseError(UseCaseProblem::NoSuchFolder, folder, folder + ": no such folder");
    }
}

}  // namespace

IndexRunResult runIndex(const IndexRunRequest& request, const JobControl& control) {
    requireFolders(request.folders);
    IndexRunResult result;
    auto library = PhotoLibrary::open(request.libraryDir, LibraryAccess::Create);
    result.libraryDir = library->files().dir.string();
    result.repairNotice = library->repairNotice();
    if (request.folders.empty() && library->database().folders().empty())
        throw UseCaseError(UseCaseProblem::LibraryHasNoFolders, result.libraryDir,
                           result.libraryDir + ": the library has no folders yet; give the folders to index");
    std::string modelPath = request.model.path;
    if (modelPath.empty())
        if (const auto model = library->database().currentModel()) modelPath = model->modelPath;
    if (modelPath.empty() && request.defaultModel) modelPath = request.defaultModel();
    if (modelPath.empty())
        throw UseCaseError(UseCaseProblem::NoModel, "", "no model given: choose the CLIP model to index with");
    control.report(JobProgress{JobStage::Loading, 0, 0, modelPath});
    control.throwIfCancelled();
    auto embedder = openModel(modelPath, request.model, ModelTowers::imageOnly());
    result.precision = precisionName(embedder->precision());
    if (const auto& probe = embedder->precisionProbe())
        result.precisionProbe = IndexRunResult::Probe{probe->fp32ImagesPerSecond, probe->bf16ImagesPerSecond,
                                                      probe->minCosine, probe->reason, probe->fromCache};

    IndexOptions options = request.options;
    options.batchSize = request.model.batchSize;
    PhotoIndexer indexer(*library, *embedder, modelPath);
    result.summary = indexer.run(request.folders, options, control);
    return result;
}

}  // namespace clipdesk
