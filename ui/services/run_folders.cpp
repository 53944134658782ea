#include "services/run_folders.h"

#include <QDir>
#include <QFileInfo>

namespace clipdesk::ui {

bool holdsTrainingRun(const QString& dir) {
    const QDir folder(dir);
    return QFileInfo::exists(folder.filePath("model.safetensors")) || QFileInfo::exists(folder.filePath("checkpoints")) ||
           QFileInfo::exists(folder.filePath("train_log.jsonl"));
}

QString freshRunFolder(const QString& dir) {
    const QString base = QDir::cleanPath(dir);
    if (base.isEmpty() || !holdsTrainingRun(base)) return dir;
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1-%2").arg(base).arg(n);
        if (!holdsTrainingRun(candidate)) return candidate;
    }
}

}  // namespace clipdesk::ui
