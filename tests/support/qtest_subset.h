#pragma once
// The part of Qt Test that the model and training tests use, for a LibTorch-only build
// without Qt (CLIPDESK_CORE_ONLY): a QObject test class whose private Q_SLOTS are the test
// functions (initTestCase, init, cleanup, cleanupTestCase included), QVERIFY, QVERIFY2,
// QCOMPARE (fuzzy for floating point, as Qt's), QFAIL, QSKIP, qInfo and QTEST_GUILESS_MAIN /
// QTEST_APPLESS_MAIN. It prints Qt Test's lines (PASS, FAIL!, SKIP, QINFO, Totals) and exits
// with the number of failed functions, so CTest's SKIP_REGULAR_EXPRESSION "SKIP   :" works
// unchanged. Where moc would list the slots, list_test_functions.cmake writes the "<test>.moc"
// that every test includes.

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <exception>
#include <functional>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace clipdesk::test::subset {
template <typename Test>
struct TestFunctions;  // specialised in the generated "<test>.moc"
}  // namespace clipdesk::test::subset

#define Q_OBJECT template <typename> friend struct ::clipdesk::test::subset::TestFunctions;
#define Q_SLOTS

class QObject {
public:
    virtual ~QObject() = default;
};

namespace clipdesk::test::subset {

struct Run {
    std::string testCase, function;
    bool failed = false, skipped = false;
    int passed = 0, failures = 0, skips = 0;
};

inline Run& current() {
    static Run run;
    return run;
}

inline void report(const char* tag, const std::string& message, const char* file = nullptr, int line = 0) {
    const auto& r = current();
    std::printf("%s: %s::%s()%s%s\n", tag, r.testCase.c_str(), r.function.c_str(), message.empty() ? "" : " ",
                message.c_str());
    if (file) std::printf("   Loc: [%s(%d)]\n", file, line);
    std::fflush(stdout);
}

inline void fail(const std::string& message, const char* file, int line) {
    current().failed = true;
    report("FAIL!  ", message, file, line);
}

inline void skip(const std::string& message, const char* file, int line) {
    current().skipped = true;
    report("SKIP   ", message, file, line);
}

template <typename T, typename = void>
struct IsRange : std::false_type {};
template <typename T>
struct IsRange<T, std::void_t<decltype(std::begin(std::declval<const T&>()))>> : std::true_type {};

template <typename T>
std::string toString(const T& value) {
    std::ostringstream out;
    if constexpr (std::is_same_v<T, bool>) {
        out << (value ? "true" : "false");
    } else if constexpr (std::is_enum_v<T>) {
        out << static_cast<long long>(value);
    } else if constexpr (std::is_arithmetic_v<T>) {
        out.precision(std::numeric_limits<T>::max_digits10);
        out << +value;
    } else if constexpr (std::is_convertible_v<const T&, std::string>) {
        out << '"' << std::string(value) << '"';
    } else if constexpr (IsRange<T>::value) {
        out << '(';
        for (auto it = std::begin(value); it != std::end(value); ++it) out << (it == std::begin(value) ? "" : ", ") << toString(*it);
        out << ')';
    } else {
        out << "<value>";
    }
    return out.str();
}

// Qt's QCOMPARE: floating point through qFuzzyCompare (or exactly equal), the rest with ==.
template <typename A, typename E>
bool same(const A& actual, const E& expected) {
    if constexpr (std::is_floating_point_v<A> || std::is_floating_point_v<E>) {
        using T = std::common_type_t<A, E>;
        const T a = static_cast<T>(actual), e = static_cast<T>(expected);
        if (a == e || (std::isnan(a) && std::isnan(e))) return true;
        const T factor = std::is_same_v<T, float> ? T(100000) : T(1000000000000);
        return std::abs(a - e) * factor <= std::min(std::abs(a), std::abs(e));
    } else {
        return actual == expected;
    }
}

template <typename A, typename E>
bool compare(const A& actual, const E& expected, const char* actualText, const char* expectedText, const char* file,
             int line) {
    if (same(actual, expected)) return true;
    fail(std::string("Compared values are not the same\n   Actual   (") + actualText + "): " + toString(actual) +
             "\n   Expected (" + expectedText + "): " + toString(expected),
         file, line);
    return false;
}

inline std::function<int(int, char**)>& registeredMain() {
    static std::function<int(int, char**)> main;
    return main;
}

inline bool isSpecial(const std::string& name) {
    return name == "initTestCase" || name == "cleanupTestCase" || name == "init" || name == "cleanup";
}

// Runs the test functions (those named on the command line, else all) the way Qt Test does:
// initTestCase, then init / function / cleanup for each, then cleanupTestCase.
template <typename Test>
int exec(int argc, char** argv) {
    const auto functions = TestFunctions<Test>::list();
    auto find = [&](const std::string& name) -> void (Test::*)() {
        for (const auto& [n, f] : functions)
            if (name == n) return f;
        return nullptr;
    };
    std::vector<std::string> selected;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-functions") {
            for (const auto& f : functions)
                if (!isSpecial(f.first)) std::printf("%s()\n", f.first);
            return 0;
        }
        if (arg.empty() || arg[0] == '-') continue;  // Qt Test's options: not supported, ignored
        const std::string name = arg.substr(0, arg.find('('));
        if (!find(name) || isSpecial(name)) {
            std::fprintf(stderr, "Unknown test function: '%s' (-functions lists them)\n", name.c_str());
            return 1;
        }
        selected.push_back(name);
    }
    if (selected.empty())
        for (const auto& f : functions)
            if (!isSpecial(f.first)) selected.push_back(f.first);

    auto& run = current();
    run.testCase = TestFunctions<Test>::testCase;
    std::printf("********* Start testing of %s *********\n", run.testCase.c_str());
    std::printf("Config: Clipdesk's Qt Test subset (CLIPDESK_CORE_ONLY, no Qt)\n");
    Test test;
    // Calls one slot (when it exists) under `function`'s name; false once that function failed or skipped.
    auto call = [&](const char* slot, const std::string& function) {
        run.function = function;
        if (const auto f = find(slot)) {
            try {
                (test.*f)();
            } catch (const std::exception& e) {
                fail(std::string("Caught unhandled exception: ") + e.what(), nullptr, 0);
            } catch (...) {
                fail("Caught unhandled exception", nullptr, 0);
            }
        }
        return !run.failed && !run.skipped;
    };
    auto tally = [&](const std::string& function) {
        run.function = function;
        if (run.failed)
            ++run.failures;
        else if (run.skipped)
            ++run.skips;
        else {
            ++run.passed;
            report("PASS   ", "");
        }
        run.failed = run.skipped = false;
    };
    const bool setUp = call("initTestCase", "initTestCase");
    tally("initTestCase");
    if (setUp) {
        for (const auto& name : selected) {
            if (call("init", name)) call(name.c_str(), name);
            const bool failed = run.failed, skipped = run.skipped;
            run.failed = run.skipped = false;
            call("cleanup", name);
            run.failed = run.failed || failed;
            run.skipped = run.skipped || skipped;
            tally(name);
        }
    }
    call("cleanupTestCase", "cleanupTestCase");
    tally("cleanupTestCase");
    std::printf("Totals: %d passed, %d failed, %d skipped, 0 blacklisted\n", run.passed, run.failures, run.skips);
    std::printf("********* Finished testing of %s *********\n", run.testCase.c_str());
    return std::min(run.failures, 127);
}

template <typename Test>
bool registerTests() {
    registeredMain() = exec<Test>;
    return true;
}

inline int runRegistered(int argc, char** argv) {
    if (!registeredMain()) {
        std::fprintf(stderr, "no test functions: the generated .moc file was not included\n");
        return 1;
    }
    return registeredMain()(argc, argv);
}

}  // namespace clipdesk::test::subset

namespace QTest {
inline bool currentTestFailed() { return ::clipdesk::test::subset::current().failed; }
}  // namespace QTest

#define QVERIFY(condition)                                                                                     \
    do {                                                                                                       \
        if (!static_cast<bool>(condition)) {                                                                   \
            ::clipdesk::test::subset::fail("'" #condition "' returned FALSE. ()", __FILE__, __LINE__);         \
            return;                                                                                            \
        }                                                                                                      \
    } while (false)

#define QVERIFY2(condition, message)                                                                           \
    do {                                                                                                       \
        if (!static_cast<bool>(condition)) {                                                                   \
            ::clipdesk::test::subset::fail("'" #condition "' returned FALSE. (" + std::string(message) + ")",  \
                                           __FILE__, __LINE__);                                                \
            return;                                                                                            \
        }                                                                                                      \
    } while (false)

#define QCOMPARE(actual, expected)                                                                             \
    do {                                                                                                       \
        if (!::clipdesk::test::subset::compare(actual, expected, #actual, #expected, __FILE__, __LINE__))     \
            return;                                                                                            \
    } while (false)

#define QFAIL(message)                                                                                         \
    do {                                                                                                       \
        ::clipdesk::test::subset::fail(message, __FILE__, __LINE__);                                           \
        return;                                                                                                \
    } while (false)

#define QSKIP(message)                                                                                         \
    do {                                                                                                       \
        ::clipdesk::test::subset::skip(message, __FILE__, __LINE__);                                           \
        return;                                                                                                \
    } while (false)

inline void qInfo(const char* format, ...) __attribute__((format(printf, 1, 2)));
inline void qInfo(const char* format, ...) {
    char buffer[4096];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    ::clipdesk::test::subset::report("QINFO  ", buffer);
}

#define QTEST_MAIN_IMPL_ \
    int main(int argc, char** argv) { return ::clipdesk::test::subset::runRegistered(argc, argv); }
#define QTEST_GUILESS_MAIN(TestClass) QTEST_MAIN_IMPL_
#define QTEST_APPLESS_MAIN(TestClass) QTEST_MAIN_IMPL_
