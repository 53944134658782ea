#pragma once
// main() of the GUI tests: a QApplication whose settings, data (libraries, models, prompt
// copies) and caches live in a temporary home, never the user's, in English.

#include <QApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

namespace clipdesk::test {

template <typename Test>
int runGuiTest(int argc, char* argv[], const char* applicationName) {
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath("config")));
    qputenv("XDG_DATA_HOME", QFile::encodeName(home.filePath("data")));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(home.filePath("cache")));
    qputenv("LANGUAGE", "en");
    QApplication app(argc, argv);
    QApplication::setApplicationName(applicationName);
    Test test;
    QTEST_SET_MAIN_SOURCE_PATH  // this folder: the tests' own
    return QTest::qExec(&test, argc, argv);
}

}  // namespace clipdesk::test
