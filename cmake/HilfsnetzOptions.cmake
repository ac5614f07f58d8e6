# Build options, all prefixed HN_ (as LevelDB prefixes LEVELDB_).
option(HN_BUILD_TESTS "Build the test binaries" ON)
option(HN_BUILD_BENCH "Build the benchmarks in bench/" OFF)
option(HN_WERROR "Treat warnings as errors (CI)" OFF)
option(HN_SANITIZE "Build with AddressSanitizer and UBSan" OFF)

if(HN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
