#include "clip/model/model_towers.h"

namespace clipdesk {

const char* towersName(ModelTowers towers) {
    if (towers.image && towers.text) return "image and text";
    if (towers.image) return "image";
    if (towers.text) return "text";
    return "none";
}

}  // namespace clipdesk
