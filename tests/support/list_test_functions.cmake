# cmake -DSOURCE=test_x.cpp -DOUTPUT=test_x.moc -P list_test_functions.cmake
# Does moc's part for qtest_subset.h (builds without Qt): lists the test functions of the
# QTEST_*_MAIN(Class) class of SOURCE, the `void name()` declarations of its Q_SLOTS sections.
file(READ "${SOURCE}" content)
if(NOT content MATCHES "QTEST_[A-Z]+_MAIN\\(([A-Za-z_][A-Za-z0-9_]*)\\)")
  message(FATAL_ERROR "${SOURCE}: no QTEST_GUILESS_MAIN(Class) or QTEST_APPLESS_MAIN(Class)")
endif()
set(test_class "${CMAKE_MATCH_1}")

# One list element per line ([, ] and ; would split or join CMake list elements).
string(REGEX REPLACE "[][;\\\\]" "_" content "${content}")
string(REPLACE "\n" ";" lines "${content}")
set(in_slots FALSE)
set(entries "")
foreach(line IN LISTS lines)
  if(line MATCHES "Q_SLOTS[ \t]*:")
    set(in_slots TRUE)
  elseif(line MATCHES "^[ \t]*(public|private|protected)[ \t]*:" OR line MATCHES "^};")
    set(in_slots FALSE)
  elseif(in_slots AND line MATCHES "^[ \t]*void[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\\([ \t]*\\)")
    set(name "${CMAKE_MATCH_1}")
    if(NOT name MATCHES "_data$")
      string(APPEND entries "            {\"${name}\", &::${test_class}::${name}},\n")
    endif()
  endif()
endforeach()
if(entries STREQUAL "")
  message(FATAL_ERROR "${SOURCE}: no test functions (void name() in a Q_SLOTS section of ${test_class})")
endif()

file(WRITE "${OUTPUT}.tmp" "// Generated from ${SOURCE} by list_test_functions.cmake: the test functions of ${test_class}.
namespace clipdesk::test::subset {
template <>
struct TestFunctions<::${test_class}> {
    static constexpr const char* testCase = \"${test_class}\";
    static std::vector<std::pair<const char*, void (::${test_class}::*)()>> list() {
        return {
${entries}        };
    }
};
}  // namespace clipdesk::test::subset

static const bool clipdeskTestFunctionsRegistered = ::clipdesk::test::subset::registerTests<::${test_class}>();
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
