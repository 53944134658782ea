// Must not compile: photo_reader.h is private to the library module, and this file sees only
// the modules' public include directories (test private_headers_stay_private).
#include "library/photo_reader.h"
