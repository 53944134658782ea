# ccache for every compilation, precompiled headers that ccache can cache, and unity builds.
#
# ccache refuses a translation unit that uses a precompiled header unless its sloppiness
# allows pch_defines and time_macros and GCC is given -fpch-preprocess (ccache manual,
# "Precompiled headers"); include_file_mtime/ctime let it cache units whose .gch was just
# written. Without these, 43 % of this project's compilations (every unit of the targets with
# a precompiled LibTorch header) were compiled again on every build. Paths are made relative
# to the source folder, so that a fresh clone elsewhere finds the same cache entries.
find_program(CCACHE_PROGRAM ccache)
find_program(CLIPDESK_ENV_PROGRAM env)
if(CCACHE_PROGRAM AND CLIPDESK_ENV_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      "${CLIPDESK_ENV_PROGRAM}" "CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}" CCACHE_NOHASHDIR=true
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime "${CCACHE_PROGRAM}")
elseif(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()

# Precompiles HEADERS for TARGET's own translation units (LibTorch's headers cost 5-10 s of
# parsing per unit).
function(clipdesk_precompile_headers target)
  target_precompile_headers(${target} PRIVATE ${ARGN})
  if(CCACHE_PROGRAM AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -fpch-preprocess)
  endif()
endfunction()

# Unity builds: a target's sources are compiled eight to a unit, so LibTorch's and Qt's headers
# are parsed once per batch instead of once per file (README, "Set-up": about half the
# compiler's time of a cold build). A change to one file recompiles its batch: turn it off for
# a quick edit-compile loop with -DCMAKE_UNITY_BUILD=OFF.
if(NOT DEFINED CMAKE_UNITY_BUILD)
  set(CMAKE_UNITY_BUILD ON CACHE BOOL "Compile each target's sources in batches (unity build)")
endif()
