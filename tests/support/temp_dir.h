// TempDir: a fresh, unique directory under testing::TempDir(), removed (recursively) when the
// object is destroyed. Hermetic test fixtures never use fixed paths (STYLE 2.10).
//
//   hilfsnetz::testing::TempDir dir;
//   BuildIndex(in, dir.Path("index"), {});
//
// Not copyable; movable. Aborts the test (ADD_FAILURE + empty path) if mkdtemp fails.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

namespace hilfsnetz::testing {

class TempDir {
 public:
  TempDir() {
    std::string base = ::testing::TempDir();
    if (base.empty() || base.back() != '/') base += '/';
    std::string tmpl = base + "hilfsnetz-test-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp failed for " << tmpl;
      return;
    }
    path_ = tmpl;
  }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempDir& operator=(TempDir&& other) noexcept {
    if (this != &other) {
      TempDir old(std::move(*this));
      path_ = std::exchange(other.path_, {});
    }
    return *this;
  }

  const std::string& path() const { return path_; }
  // path()/name (not created).
  std::string Path(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace hilfsnetz::testing
