#include "indexer/build_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "core/index_layout.h"

namespace hilfsnetz::indexer {

Result<BuildLock> BuildLock::Acquire(const std::string& index_dir) {
  const std::string path = index_dir + "/LOCK";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return InternalError("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    std::string holder;
    char buf[32] = {};
    if (::pread(fd, buf, sizeof buf - 1, 0) > 0) holder = std::string(buf);
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == '\0')) holder.pop_back();
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return FailedPreconditionError(
          "another writer (an index build, or a server taking writes) is writing into " +
          index_dir + " (it holds " + path + (holder.empty() ? std::string() : ", pid " + holder) +
          "); one writer at a time per index directory (a server taking writes rebuilds with PUT "
          "/v1/initiatives: docs/writing.md)");
    }
    return InternalError("cannot lock " + path + ": " + std::strerror(err));
  }
  // Who holds it, for the message above. The lock is the flock, not this text: a failed write
  // only leaves the pid out of that message.
  const std::string pid = std::to_string(::getpid()) + "\n";
  const bool noted = ::ftruncate(fd, 0) == 0 &&
                     ::pwrite(fd, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  static_cast<void>(noted);
  return BuildLock(fd);
}

BuildLock::BuildLock(BuildLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

BuildLock& BuildLock::operator=(BuildLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

BuildLock::~BuildLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

Result<LockedIndex> LockIndex(const std::string& index_dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(index_dir, ec)) {
    return NotFoundError("no index directory " + index_dir);
  }
  Result<BuildLock> lock = BuildLock::Acquire(index_dir);
  if (!lock.ok()) return lock.status();
  Result<std::string> current = layout::ReadCurrent(index_dir);
  if (!current.ok()) return current.status();
  return LockedIndex{std::move(*lock), std::move(*current)};
}

}  // namespace hilfsnetz::indexer
