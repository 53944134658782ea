// How long the GUI thread stalls while Clipdesk works: the real MainWindow (offscreen)
// indexes a folder of photos on its worker thread, then shows and scrolls a result list of
// 100,000 photos from top to bottom, then the same photos as a timeline (dated an hour apart,
// newest first: ~140 month headers, each row laid out from its own size), while an
// EventLoopMonitor ticks every 5 ms. Prints one JSON line per phase with the longest gap
// between ticks (max_stall_ms).
//
//   clipdesk-bench-gui-stall [--photos DIR] [--copies N] [--model M] [--items N]

#include "jobs/index_job.h"
#include "main_window.h"
#include "models/search_result_model.h"
#include "monitoring/event_loop_monitor.h"
#include "pages/library_page.h"
#include "pages/search_page.h"
#include "settings/app_settings.h"
#include "settings/language_switcher.h"
#include "widgets/photo_grid_view.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace clipdesk::ui;

namespace {

void printPhase(const char* phase, const EventLoopMonitor& monitor, double seconds, const QString& extra) {
    std::printf("{\"phase\":\"%s\",\"seconds\":%.2f,\"max_stall_ms\":%.1f,\"stalls_over_50ms\":%lld,"
                "\"stalls_over_100ms\":%lld,\"ticks\":%lld%s}\n",
                phase, seconds, monitor.maxGapMs(), static_cast<long long>(monitor.gapsOver(50)),
                static_cast<long long>(monitor.gapsOver(100)), static_cast<long long>(monitor.ticks()),
                qPrintable(extra));
    std::fflush(stdout);
}

// Runs the event loop until `done` returns true.
void runUntil(const std::function<bool()>& done) {
    while (!done()) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
}

}  // namespace

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath("config")));
    qputenv("XDG_DATA_HOME", QFile::encodeName(home.filePath("data")));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(home.filePath("cache")));
    QApplication app(argc, argv);
    QApplication::setApplicationName("clipdesk-bench");

    QCommandLineParser parser;
    parser.addHelpOption();
    const QString shared = qEnvironmentVariable("CLIPDESK_SHARED_DIR", CLIPDESK_SHARED_DIR_DEFAULT);
    QCommandLineOption photosOption("photos", "Folder of photos to copy and index", "DIR", shared + "/data/photos");
    QCommandLineOption copiesOption("copies", "Copies of each photo to index", "N", "50");
    QCommandLineOption modelOption("model", "Model to index with (default: the bundled clipdesk-mini)", "M");
    QCommandLineOption itemsOption("items", "Rows of the result list to scroll", "N", "100000");
    parser.addOptions({photosOption, copiesOption, modelOption, itemsOption});
    parser.process(app);

    const QDir source(parser.value(photosOption));
    const QStringList names = source.entryList({"*.jpg", "*.jpeg", "*.png", "*.webp"}, QDir::Files, QDir::Name);
    if (names.isEmpty()) {
        std::fprintf(stderr, "no photos in %s\n", qPrintable(source.path()));
        return 1;
    }
    const QString photos = home.filePath("photos");
    QDir().mkpath(photos);
    const int copies = parser.value(copiesOption).toInt();
    QStringList paths;
    for (int c = 0; c < copies; ++c)
        for (const QString& name : names) {
            const QString to = QDir(photos).filePath(QString("%1-%2").arg(c, 4, 10, QChar('0')).arg(name));
            QFile::copy(source.filePath(name), to);
            paths << to;
        }

    AppSettings settings;
    settings.setLibraryDir(home.filePath("library"));
    if (parser.isSet(modelOption)) settings.setConfiguredModelPath(parser.value(modelOption));
    LanguageSwitcher languages;
    MainWindow window(settings, languages);
    window.resize(1280, 800);
    window.show();
    QCoreApplication::processEvents();

    EventLoopMonitor monitor(5);

    // Phase 1: indexing on the worker thread while the Library page shows progress.
    QSignalSpy finished(window.indexJob(), &IndexJob::finished);
    QElapsedTimer clock;
    monitor.start();
    clock.start();
    window.libraryPage()->addFolders({photos});
    runUntil([&] { return finished.count() > 0; });
    monitor.stop();
    const auto outcome = finished.at(0).at(0).value<IndexOutcome>();
    if (!outcome.error.isEmpty()) {
        std::fprintf(stderr, "indexing failed: %s\n", qPrintable(outcome.error.toString()));
        return 1;
    }
    printPhase("indexing", monitor, clock.elapsed() / 1000.0,
               QString(",\"photos\":%1,\"images_per_s\":%2,\"model\":\"%3\"")
                   .arg(outcome.summary.added + outcome.summary.updated)
                   .arg(outcome.summary.imagesPerSecond, 0, 'f', 1)
                   .arg(settings.effectiveModelPath()));

    // Phase 2: a result list of --items photos (the indexed ones, repeated), shown and scrolled
    // from top to bottom a page every 16 ms, thumbnails loading as rows come into view.
    const int items = parser.value(itemsOption).toInt();
    QList<PhotoHit> hits;
    hits.reserve(items);
    for (int i = 0; i < items; ++i) hits.push_back({paths[i % paths.size()], 1.0f - float(i) / float(items)});
    window.showPage(MainWindow::SearchTab);
    QCoreApplication::processEvents();
    QScrollBar* bar = window.searchPage()->resultView()->verticalScrollBar();
    const auto showAndScroll = [&](const char* phase, const QList<PhotoHit>& shown, SearchResultModel::Grouping grouping) {
        monitor.start();
        clock.restart();
        window.searchPage()->resultView()->setSectioned(grouping == SearchResultModel::Grouping::ByMonth);
        window.searchPage()->resultModel()->setHits(shown, grouping);
        int steps = 0;
        QTimer scroller;
        scroller.setInterval(16);
        bool done = false;
        QObject::connect(&scroller, &QTimer::timeout, [&] {
            if (bar->maximum() == 0 && steps < 50) {
                ++steps;  // the batched layout is still running
                return;
            }
            if (bar->value() >= bar->maximum()) {
                done = true;
                return;
            }
            bar->setValue(bar->value() + std::max(1, (bar->maximum() - bar->minimum()) / 400));
            ++steps;
        });
        scroller.start();
        runUntil([&] { return done; });
        scroller.stop();
        monitor.stop();
        printPhase(phase, monitor, clock.elapsed() / 1000.0,
                   QString(",\"items\":%1,\"rows\":%2,\"scroll_steps\":%3")
                       .arg(shown.size())
                       .arg(window.searchPage()->resultModel()->rowCount())
                       .arg(steps));
    };
    showAndScroll("scrolling", hits, SearchResultModel::Grouping::None);

    // Phase 3: the same photos as a browsed timeline.
    const QDateTime newest(QDate(2026, 6, 30), QTime(12, 0));
    for (int i = 0; i < items; ++i) {
        hits[i].scored = false;
        hits[i].date = newest.addSecs(-3600LL * i).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    bar->setValue(0);
    showAndScroll("timeline", hits, SearchResultModel::Grouping::ByMonth);
    return 0;
}
