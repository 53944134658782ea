#pragma once
// Runs clipdesk-cli (CLIPDESK_CLI_PATH) as the CLI tests do: the shared BPE vocabulary, no
// CLIPDESK_MODEL from the caller's environment, stdin closed.

#include "shared_data.h"

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <grp.h>
#include <unistd.h>

namespace clipdesk::test {

struct CliProcessResult {
    int exitCode = -1;  // -1 for a crash or a run killed after the time limit
    bool hung = false;  // killed after the time limit
    QString stderrText;
    QByteArray stdoutBytes;
};

// `asNobody`: when running as root, the command runs as user 'nobody' so that file
// permissions apply to it.
inline void prepareCliProcess(QProcess& p, bool asNobody = false) {
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("CLIPDESK_BPE_VOCAB", QString::fromStdString(bpeVocabPath().string()));
    env.remove("CLIPDESK_MODEL");
    p.setProcessEnvironment(env);
    if (asNobody && ::geteuid() == 0)
        p.setChildProcessModifier([] {
            if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(99);
        });
}

// Runs the CLI; a run that has not ended after `timeoutMs` is killed and reported as hung.
// `extraEnvironment`: NAME=VALUE entries added to the child's environment.
inline CliProcessResult runCliProcess(const QStringList& args, int timeoutMs, bool asNobody = false,
                                      const QStringList& extraEnvironment = {}) {
    QProcess p;
    prepareCliProcess(p, asNobody);
    if (!extraEnvironment.isEmpty()) {
        auto env = p.processEnvironment();
        for (const QString& entry : extraEnvironment) env.insert(entry.section('=', 0, 0), entry.section('=', 1));
        p.setProcessEnvironment(env);
    }
    p.start(CLIPDESK_CLI_PATH, args);
    p.closeWriteChannel();
    CliProcessResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.hung = true;
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.stderrText = QString::fromUtf8(p.readAllStandardError());
    r.stdoutBytes = p.readAllStandardOutput();
    return r;
}

}  // namespace clipdesk::test
