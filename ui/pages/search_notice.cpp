#include "pages/search_notice.h"

#include "settings/app_settings.h"
#include "settings/language_switcher.h"

#include "application/query_languages.h"

#include "clip/model_files.h"
#include "text/language_names.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace clipdesk::ui {
namespace {

// A folder, or the folder of a weights file.
QString modelFolder(const QString& path) {
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    if (canonical.isEmpty()) return QDir::cleanPath(info.absoluteFilePath());
    return QFileInfo(canonical).isDir() ? canonical : QFileInfo(canonical).absolutePath();
}

bool isBundledModel(const QString& path) {
    const auto bundled = bundledModelFolder();
    return bundled && !path.isEmpty() && sameModelLocation(path, QString::fromStdString(*bundled));
}

QString shown(const QString& path) { return QDir::toNativeSeparators(path).toHtmlEscaped(); }

}  // namespace

QueryLanguageAdvice queryLanguageAdvice(const AppSettings& settings, const QString& modelPath) {
    return adviseQueryLanguage(LanguageSwitcher::resolve(settings.language()).toStdString(),
                               modelQueryLanguages(modelPath.toStdString()));
}

bool sameModelLocation(const QString& a, const QString& b) {
    if (a.isEmpty() || b.isEmpty()) return a == b;
    return modelFolder(a) == modelFolder(b);
}

QStringList searchNotices(const AppSettings& settings, const LibraryOverview& overview) {
    QStringList notes;
    const QString indexedWith = overview.modelPath;
    const QString chosen = settings.effectiveModelPath();
    if (!indexedWith.isEmpty()) {
        const QString name = overview.modelName.isEmpty() ? QFileInfo(indexedWith).fileName() : overview.modelName;
        notes << QCoreApplication::translate("clipdesk::ui::SearchPage", "Searching with <b>%1</b>, the model this library was indexed with (<tt>%2</tt>).")
                     .arg(name.toHtmlEscaped(), shown(indexedWith));
        if (!chosen.isEmpty() && !sameModelLocation(indexedWith, chosen))
            notes << QCoreApplication::translate("clipdesk::ui::SearchPage", "<b>Settings name another model</b> (<tt>%1</tt>). Searches keep using %2 until you re-index "
                        "the library with the new model on the Library page (Index), or choose %2 again in Settings.")
                         .arg(shown(chosen), name.toHtmlEscaped());
    }
    const QString inUse = indexedWith.isEmpty() ? chosen : indexedWith;
    if (isBundledModel(inUse)) {
        notes << QCoreApplication::translate("clipdesk::ui::SearchPage", "<b>You are using clipdesk-mini</b>, the small demo model that comes with Clipdesk. It was trained "
                    "only on Fashion-MNIST clothing pictures, so it recognises clothing categories (T-shirt, trousers, "
                    "pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot), not general photos. For real "
                    "photo search, download a CLIP checkpoint (for example <tt>openai/clip-vit-base-patch32</tt> from "
                    "Hugging Face: <tt>model.safetensors</tt>, <tt>config.json</tt>, <tt>preprocessor_config.json</tt>, "
                    "<tt>merges.txt</tt> in one folder) and choose its folder in Settings, then re-index.");
    } else if (inUse.isEmpty()) {
        notes << QCoreApplication::translate("clipdesk::ui::SearchPage", "<b>No model.</b> Choose a CLIP model folder or weights file in Settings.");
    }
    const auto advice = queryLanguageAdvice(settings, inUse);
    if (advice.mismatch && advice.windowLanguage == "zh")
        notes << QCoreApplication::translate("clipdesk::ui::SearchPage", "<b>This model does not understand Chinese queries</b>; it reads %1 only. "
                    "For Chinese search, download a Chinese-capable model in Settings ▸ Known models (Chinese-CLIP) and "
                    "re-index the library with it.")
                     .arg(languageNames(advice.modelLanguages));
    if (overview.exists || !overview.dir.isEmpty()) {
        if (overview.folders.isEmpty())
            notes << QCoreApplication::translate("clipdesk::ui::SearchPage", "The library is empty: add a folder of photos on the Library page.");
        else if (overview.indexedCount == 0)
            notes << QCoreApplication::translate("clipdesk::ui::SearchPage", "No photo is indexed yet: index the library on the Library page.");
    }
    return notes;
}

}  // namespace clipdesk::ui
