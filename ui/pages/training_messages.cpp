#include "pages/training_messages.h"

#include "pages/training_page.h"
#include "services/pairs_preview.h"
#include "training/training_report.h"

#include <QDir>

namespace clipdesk::ui {

TranslatableText trainingProgressMessage(const TrainingProgress& s) {
    return translatable([epoch = s.epoch, step = s.step, total = s.totalSteps, loss = s.loss, rate = s.samplesPerSecond,
                         eta = s.etaSeconds] {
        return TrainingPage::tr("Epoch %1, step %2 of %3, loss %4, %5 pairs/s, about %6 s left")
            .arg(epoch + 1)
            .arg(step)
            .arg(total)
            .arg(QString::number(loss, 'f', 4))
            .arg(QString::number(rate, 'f', 1))
            .arg(qint64(eta + 0.5));
    });
}

TranslatableText trainingOutcomeMessage(const TrainingOutcome& o, qint64 step, qint64 total) {
    return translatable([o, step, total] {
        if (!o.error.isEmpty()) return TrainingPage::tr("Training failed: %1").arg(o.error.toString());
        if (o.stopped)
            return TrainingPage::tr("Stopped at step %1 of %2; Resume continues from the checkpoint.").arg(step).arg(total);
        return TrainingPage::tr("Done: step %1 of %2 (%3 in this session, %4 s). The model is in %5.")
            .arg(step)
            .arg(total)
            .arg(o.steps)
            .arg(QString::number(o.seconds, 'f', 1))
            .arg(QDir::toNativeSeparators(o.outDir));
    });
}

TranslatableText pairsPreviewMessage(const PairsPreview& preview) {
    return translatable([error = preview.error, total = int(preview.total), classes = preview.classNames.size()] {
        if (!error.isEmpty()) return TrainingPage::tr("These pairs can't be used: %1").arg(error);
        if (classes > 0) return TrainingPage::tr("%n pair(s) in %1 classes; a few of them:", nullptr, total).arg(classes);
        return TrainingPage::tr("%n pair(s); a few of them:", nullptr, total);
    });
}

}  // namespace clipdesk::ui
