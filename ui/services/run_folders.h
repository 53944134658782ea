#pragma once
// One output folder per training run: Start never writes over an earlier run's model.

#include <QString>

namespace clipdesk::ui {

// True when `dir` holds an earlier run (a model, checkpoints or a training log).
bool holdsTrainingRun(const QString& dir);

// `dir` itself when it holds no run yet, else the first of "<dir>-2", "<dir>-3", … that
// does not.
QString freshRunFolder(const QString& dir);

}  // namespace clipdesk::ui
