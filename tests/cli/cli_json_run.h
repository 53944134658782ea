#pragma once
// Runs clipdesk-cli for the tests that read its JSON Lines output.

#include "cli_process.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace clipdesk::test {

struct CliJsonResult {
    int exitCode = -1;  // -1 for a crash or a hung run
    bool hung = false;
    std::vector<nlohmann::json> lines;  // stdout's JSON lines (others, e.g. a CSV export, are left out)
    QString stderrText;                 // "(hung) ARGS" for a hung run
    QByteArray stdoutBytes;
};

struct CliRunOptions {
    int timeoutMs = 120000;
    bool asNobody = false;        // see prepareCliProcess
    QStringList environment;      // NAME=VALUE entries added to the child's environment
};

inline CliJsonResult runCliJson(const QStringList& args, const CliRunOptions& options = {}) {
    const auto run = runCliProcess(args, options.timeoutMs, options.asNobody, options.environment);
    CliJsonResult r;
    r.exitCode = run.exitCode;
    r.hung = run.hung;
    r.stderrText = run.hung ? "(hung) " + args.join(' ') : run.stderrText;
    r.stdoutBytes = run.stdoutBytes;
    for (const auto& line : run.stdoutBytes.split('\n')) {
        if (line.trimmed().isEmpty()) continue;
        auto parsed = nlohmann::json::parse(line.toStdString(), nullptr, /*allow_exceptions=*/false);
        if (!parsed.is_discarded()) r.lines.push_back(std::move(parsed));
    }
    return r;
}

}  // namespace clipdesk::test
