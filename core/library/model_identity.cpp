#include "library/model_identity.h"

#include "base/file_stamp.h"

#include "library/library_paths.h"
#include "base/sha256.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace clipdesk {

ModelIdentity identifyModel(const std::string& modelPath, const std::string& weightsPath, const ClipConfig& config,
                            const std::optional<ModelIdentity>& known) {
    struct stat st {};
    if (::stat(weightsPath.c_str(), &st) != 0)
        throw std::runtime_error(weightsPath + ": cannot read model weights: " + std::strerror(errno));
    ModelIdentity id;
    id.modelPath = normalisedPath(modelPath);
    id.weightsPath = normalisedPath(weightsPath);
    id.weightsSize = st.st_size;
    id.weightsMtimeNs = fileStamp(st).mtimeNs;
    id.name = config.name;
    id.embedDim = config.embedDim;
    id.imageSize = config.vision.imageSize;
    const bool unchanged = known && known->weightsPath == id.weightsPath && known->weightsSize == id.weightsSize &&
                           known->weightsMtimeNs == id.weightsMtimeNs && !known->weightsSha256.empty();
    id.weightsSha256 = unchanged ? known->weightsSha256 : sha256FileHex(id.weightsPath);
    id.identity = sha256Hex(id.weightsSha256 + "\n" + config.toJson());
    return id;
}

}  // namespace clipdesk
