#pragma once
// Core's plain value types as Qt meta-types, so jobs can send them across threads in queued
// signals. No mirrors: the window shows core's own progress and summaries.

#include "base/job_control.h"
#include "library/indexing_types.h"
#include "library/path_problem.h"
#include "training/training_report.h"

#include <QMetaType>

Q_DECLARE_METATYPE(clipdesk::JobProgress)
Q_DECLARE_METATYPE(clipdesk::IndexSummary)
Q_DECLARE_METATYPE(clipdesk::PathProblem)
Q_DECLARE_METATYPE(clipdesk::TrainingProgress)
Q_DECLARE_METATYPE(clipdesk::EvaluationSummary)
