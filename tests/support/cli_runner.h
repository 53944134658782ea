#pragma once
// Runs the real clipdesk-cli (CLIPDESK_CLI_PATH) and parses its JSON Lines output.

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QtTest/QtTest>

#include <vector>

namespace clipdesk::test {

struct CliResult {
    int exitCode = -1;  // -1 if it crashed
    std::vector<nlohmann::json> lines;
    QString stderrText;
};

inline CliResult runCli(const QStringList& args, const QByteArray& stdinData = {},
                        const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(environment);
    p.start(CLIPDESK_CLI_PATH, args);
    if (!stdinData.isEmpty()) p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(300000)) qFatal("clipdesk-cli did not finish");
    CliResult r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.stderrText = QString::fromUtf8(p.readAllStandardError());
    for (const auto& line : p.readAllStandardOutput().split('\n'))
        if (!line.trimmed().isEmpty()) r.lines.push_back(nlohmann::json::parse(line.toStdString()));
    return r;
}

}  // namespace clipdesk::test
