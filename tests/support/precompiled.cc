// The translation unit of target hn_test_pch (tests/support/CMakeLists.txt): it compiles the
// tests' precompiled header, which every test binary then reuses (HN_PCH). Nothing else.
