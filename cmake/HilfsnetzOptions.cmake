# Build options, all prefixed HN_ (as LevelDB prefixes LEVELDB_).
option(HN_BUILD_TESTS "Build the test binaries" ON)
option(HN_BUILD_BENCH "Build the benchmarks in bench/" OFF)
option(HN_WERROR "Treat warnings as errors (CI)" OFF)
option(HN_SANITIZE "Build with AddressSanitizer and UBSan" OFF)

if(HN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# libFuzzer harnesses (fuzz/, see fuzz/README.md). Every target is instrumented for coverage
# and built with ASan+UBSan, so the libraries a harness links report what the harness finds;
# UB aborts (no recovery) so that libFuzzer records it as a crash with its input.
option(HN_FUZZ "Build the libFuzzer harnesses in fuzz/ (clang only)" OFF)
if(HN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HN_FUZZ=ON needs clang for libFuzzer, not ${CMAKE_CXX_COMPILER_ID}: "
                        "configure a fresh build directory with -DCMAKE_CXX_COMPILER=clang++ "
                        "(scripts/fuzz.sh does)")
  endif()
  # -fno-sanitize=function: clang 14 cannot compile C++20 coroutines (server/'s Asio code)
  # with UBSan's function check ("Cannot represent a difference across sections",
  # llvm-project issue 49689); the check only concerns calls through mistyped pointers.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=function
                      -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
