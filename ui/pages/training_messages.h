#pragma once
// What the Training page says about a run and its data, as TranslatableText (in the page's
// translation context), so a status already shown follows a language switch.

#include "jobs/training_job.h"
#include "text/translatable_text.h"

namespace clipdesk {
struct TrainingProgress;
}

namespace clipdesk::ui {

struct PairsPreview;

TranslatableText trainingProgressMessage(const TrainingProgress& progress);
// step and total: the run's, counted across resumes.
TranslatableText trainingOutcomeMessage(const TrainingOutcome& outcome, qint64 step, qint64 total);
TranslatableText pairsPreviewMessage(const PairsPreview& preview);

}  // namespace clipdesk::ui
