#pragma once
// A folder under $TMPDIR (or /tmp) for one test, removed with everything in it afterwards.

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

namespace clipdesk::test {

class TemporaryDir {
public:
    TemporaryDir() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/clipdesk-test-XXXXXX";
        if (mkdtemp(pattern.data())) path_ = pattern;
    }
    ~TemporaryDir() {
        std::error_code ignored;
        if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
    }
    TemporaryDir(const TemporaryDir&) = delete;
    TemporaryDir& operator=(const TemporaryDir&) = delete;

    bool isValid() const { return !path_.empty(); }
    const std::string& path() const { return path_; }
    std::string filePath(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

}  // namespace clipdesk::test
