#pragma once
// The test framework of the model and training tests: Qt Test in the full build; the part of
// Qt Test they use (qtest_subset.h) in a LibTorch-only build (CLIPDESK_CORE_ONLY), so that
// one source file serves both.

#ifdef CLIPDESK_TESTS_WITHOUT_QT
#include "qtest_subset.h"
#else
#include <QtTest/QtTest>
#endif

#include <sstream>
#include <string>

namespace clipdesk::test {

// The arguments streamed one after another: text(name, ": ", value) for QVERIFY2's messages.
template <typename... Parts>
std::string text(const Parts&... parts) {
    std::ostringstream out;
    (out << ... << parts);
    return out.str();
}

}  // namespace clipdesk::test
