# Build options, all prefixed HN_ (as LevelDB prefixes LEVELDB_).
option(HN_BUILD_TESTS "Build the test binaries" ON)
option(HN_BUILD_BENCH "Build the benchmarks in bench/" OFF)
option(HN_WERROR "Treat warnings as errors (CI)" OFF)
option(HN_SANITIZE "Build with AddressSanitizer and UBSan" OFF)
# One precompiled header of gtest, gmock, nlohmann/json, Xapian and the standard headers the
# tests use, built once (target hn_test_pch, tests/support/CMakeLists.txt) and reused by every
# test binary. On by default with clang, where it halved the compile time of the test files of
# the sanitizer build (417 -> 208 s of one core, scripts/test.sh's build-asan/); off with gcc,
# which reads its 200 MB .gch about as slowly as it parses the headers (422 -> 414 s).
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(HN_PCH_DEFAULT ON)
else()
  set(HN_PCH_DEFAULT OFF)
endif()
option(HN_PCH "Precompile the third-party headers of the tests once" ${HN_PCH_DEFAULT})
# libFuzzer harnesses (fuzz/, see fuzz/README.md). Every target is then instrumented for
# coverage as well, so the libraries a harness links report what the harness finds; the tests
# of the same build still run as usual (scripts/test.sh builds both in build-asan/).
option(HN_FUZZ "Also build the libFuzzer harnesses in fuzz/ (clang only; implies HN_SANITIZE)"
       OFF)
# How much coverage the instrumentation reports to libFuzzer: "full" (-fsanitize=fuzzer-no-link:
# edges, indirect calls, and every comparison's operands, which lets the fuzzer solve magic
# values; scripts/fuzz.sh) or "edges" (the edge counters and their table only: what libFuzzer
# needs to keep inputs that reach new code). The comparison callbacks sit in every loop of
# every test of the same build; scripts/test.sh, whose fuzzing is a 6-second smoke run per
# harness beside all the tests, takes "edges" (docs/testing.md).
set(HN_FUZZ_COVERAGE "full" CACHE STRING "Coverage for libFuzzer: full or edges")
set_property(CACHE HN_FUZZ_COVERAGE PROPERTY STRINGS full edges)

if(HN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HN_FUZZ=ON needs clang for libFuzzer, not ${CMAKE_CXX_COMPILER_ID}: "
                        "configure a fresh build directory with -DCMAKE_CXX_COMPILER=clang++ "
                        "(scripts/test.sh and scripts/fuzz.sh do)")
  endif()
  set(HN_SANITIZE ON CACHE BOOL "Build with AddressSanitizer and UBSan" FORCE)
  if(HN_FUZZ_COVERAGE STREQUAL "full")
    add_compile_options(-fsanitize=fuzzer-no-link)
  elseif(HN_FUZZ_COVERAGE STREQUAL "edges")
    add_compile_options(-fsanitize-coverage=inline-8bit-counters,pc-table)
  else()
    message(FATAL_ERROR "HN_FUZZ_COVERAGE is \"${HN_FUZZ_COVERAGE}\": use full or edges")
  endif()
endif()

if(HN_SANITIZE)
  # Undefined behaviour aborts (no recovery): a test fails and libFuzzer records the input,
  # instead of a line on stderr that nobody reads.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # clang 14 cannot compile C++20 coroutines (server/'s Asio code) with UBSan's function
    # check ("Cannot represent a difference across sections", llvm-project issue 49689); the
    # check only concerns calls through mistyped function pointers.
    add_compile_options(-fno-sanitize=function)
  endif()
endif()
