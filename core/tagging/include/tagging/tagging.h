#pragma once
// The tagging module's public API: zero-shot tagging with prompt ensembles, tag by example
// (linear probe), label thresholds, tag export and XMP sidecars.
// Everything else in core/tagging/ is private to the module (not on any other target's include
// path). Include the part you need to keep builds fast; this header names them all.

#include "tagging/few_shot_tagger.h"
#include "tagging/label_encoder.h"
#include "tagging/label_statistics.h"
#include "tagging/label_threshold.h"
#include "tagging/label_vocabulary.h"
#include "tagging/library_embeddings.h"
#include "tagging/linear_probe.h"
#include "tagging/multi_label_metrics.h"
#include "tagging/prompt_resources.h"
#include "tagging/tag_export.h"
#include "tagging/tag_scoring.h"
#include "tagging/tagging_evaluation.h"
#include "tagging/tagging_progress.h"
#include "tagging/template_set.h"
#include "tagging/text_lines.h"
#include "tagging/xmp_sidecar.h"
#include "tagging/zero_shot_tagger.h"
