#pragma once
// The catalogue module's public API: the catalogue of official CLIP checkpoints and their
// verified, resumable download and installation.
// Everything else in core/catalogue/ is private to the module (not on any other target's include
// path). Include the part you need to keep builds fast; this header names them all.

#include "catalogue/catalogue_location.h"
#include "catalogue/mirror_url.h"
#include "catalogue/model_catalogue.h"
#include "catalogue/model_installer.h"
#include "catalogue/model_store.h"
