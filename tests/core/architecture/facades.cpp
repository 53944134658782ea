// Compiles every module's facade header on its own and together: a facade that names a header
// it cannot reach, or one that depends on being included after another, fails the build.
#include "application/application.h"
#include "base/base.h"
#include "catalogue/catalogue.h"
#include "clip/clip.h"
#include "library/library.h"
#include "tagging/tagging.h"
#include "training/training.h"
