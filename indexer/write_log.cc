#include "indexer/write_log.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/byte_io.h"
#include "core/index_layout.h"
#include "core/xapian_error.h"

namespace hilfsnetz::indexer {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kMagic = "HNWLOG1\n";
constexpr std::string_view kPrefix = "writes-";
constexpr std::string_view kSuffix = ".log";
// An entry's payload is a record (at most the codec's limits, well under this) plus its id.
constexpr uint32_t kMaxPayload = 64u << 20;

// An errno as a Status: a full disk or quota in the words IsDiskFull knows.
Status FromErrno(const std::string& what, int err) {
  if (err == ENOSPC || err == EDQUOT) {
    return UnavailableError(what + ": " + std::string(kDiskFull) + " (" + std::strerror(err) + ")");
  }
  return InternalError(what + ": " + std::strerror(err));
}

uint32_t Crc(std::string_view bytes) {
  return static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return FromErrno("writing " + path, errno);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// The file number of "writes-NNNNNNNNNN.log", or 0.
uint64_t FileNumber(const std::string& name) {
  if (name.size() <= kPrefix.size() + kSuffix.size() || name.rfind(kPrefix, 0) != 0 ||
      name.substr(name.size() - kSuffix.size()) != kSuffix) {
    return 0;
  }
  const std::string digits =
      name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  if (digits.empty() || digits.size() > 19 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return 0;
  }
  return std::stoull(digits);
}

// Reads the entries of one file. `valid` is set to the length of its intact prefix; an
// entry that is cut short or fails its CRC ends it.
Status ReadFile(const std::string& path, std::vector<LogEntry>* entries, uint64_t* valid,
                uint64_t* size, uint64_t* max_seq) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) return InternalError("reading " + path);
  const std::string bytes = buf.str();
  *size = bytes.size();
  *valid = 0;
  if (bytes.size() < kMagic.size()) return Status::Ok();  // created, magic never written
  if (std::string_view(bytes).substr(0, kMagic.size()) != kMagic) {
    return DataLossError(path + " is not a hilfsnetz write log (wrong magic)");
  }
  ByteReader r(std::string_view(bytes).substr(kMagic.size()));
  *valid = kMagic.size();
  while (r.remaining() > 0) {
    uint32_t length = 0, crc = 0;
    std::string_view payload;
    if (!r.U32(length) || !r.U32(crc) || length > kMaxPayload || !r.Bytes(length, payload) ||
        Crc(payload) != crc) {
      return Status::Ok();
    }
    ByteReader p(payload);
    LogEntry e;
    uint8_t kind = 0;
    std::string_view id;
    if (!p.U64(e.seq) || !p.U8(kind) || !p.String(id) ||
        (kind != static_cast<uint8_t>(LogEntry::Kind::kUpsert) &&
         kind != static_cast<uint8_t>(LogEntry::Kind::kDelete))) {
      return DataLossError(path + ": a malformed entry with a valid checksum at byte " +
                           std::to_string(*valid));
    }
    std::string_view json;
    p.Bytes(p.remaining(), json);
    e.kind = static_cast<LogEntry::Kind>(kind);
    e.id = std::string(id);
    e.json = std::string(json);
    *max_seq = std::max(*max_seq, e.seq);
    entries->push_back(std::move(e));
    *valid = kMagic.size() + r.position();
  }
  return Status::Ok();
}

}  // namespace

Result<WriteLog> WriteLog::Open(const std::string& generation_dir, std::vector<LogEntry>* entries) {
  WriteLog log;
  log.dir_ = generation_dir;
  std::vector<std::pair<uint64_t, std::string>> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(generation_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (const uint64_t n = FileNumber(name); n > 0) found.emplace_back(n, e.path().string());
  }
  if (ec) return InternalError("listing " + generation_dir + ": " + ec.message());
  std::sort(found.begin(), found.end());
  for (size_t i = 0; i < found.size(); ++i) {
    const std::string& path = found[i].second;
    uint64_t valid = 0, size = 0, max_seq = 0;
    if (Status s = ReadFile(path, entries, &valid, &size, &max_seq); !s.ok()) return s;
    if (valid < size) {
      if (i + 1 < found.size()) {
        return DataLossError(path + " is damaged at byte " + std::to_string(valid) +
                             " and is not the newest write log: acknowledged writes after it "
                             "cannot be replayed");
      }
      // The newest file's torn tail: an append that was never acknowledged. Cut it off.
      std::error_code rc;
      fs::resize_file(path, valid, rc);
      if (rc) return InternalError("cutting the torn tail of " + path + ": " + rc.message());
    }
    log.files_.push_back({path, max_seq});
    log.next_number_ = found[i].first + 1;
  }
  if (Status s = log.OpenNewFile(); !s.ok()) return s;
  return log;
}

uint64_t WriteLog::PendingBytes(const std::string& generation_dir) {
  uint64_t bytes = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(generation_dir, ec)) {
    if (FileNumber(e.path().filename().string()) == 0) continue;
    const uintmax_t size = fs::file_size(e.path(), ec);
    if (!ec && size > kMagic.size()) bytes += size - kMagic.size();
  }
  return bytes;
}

WriteLog::WriteLog(WriteLog&& o) noexcept
    : dir_(std::move(o.dir_)),
      files_(std::move(o.files_)),
      fd_(o.fd_),
      size_(o.size_),
      next_number_(o.next_number_),
      broken_(std::move(o.broken_)) {
  o.fd_ = -1;
}

WriteLog& WriteLog::operator=(WriteLog&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    dir_ = std::move(o.dir_);
    files_ = std::move(o.files_);
    fd_ = o.fd_;
    size_ = o.size_;
    next_number_ = o.next_number_;
    broken_ = std::move(o.broken_);
    o.fd_ = -1;
  }
  return *this;
}

WriteLog::~WriteLog() {
  if (fd_ >= 0) ::close(fd_);
}

Status WriteLog::OpenNewFile() {
  char name[64];
  std::snprintf(name, sizeof name, "writes-%010llu.log",
                static_cast<unsigned long long>(next_number_));
  const std::string path = dir_ + "/" + name;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return FromErrno("creating " + path, errno);
  Status s = WriteAll(fd, kMagic, path);
  if (s.ok() && ::fdatasync(fd) != 0) s = FromErrno("syncing " + path, errno);
  if (s.ok()) s = layout::SyncDirectory(dir_);
  if (!s.ok()) {
    ::close(fd);
    ::unlink(path.c_str());
    return s;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  size_ = kMagic.size();
  files_.push_back({path, 0});
  ++next_number_;
  return Status::Ok();
}

Status WriteLog::Append(const std::vector<LogEntry>& entries) {
  if (!broken_.ok()) return broken_;
  ByteWriter w;
  uint64_t max_seq = 0;
  for (const LogEntry& e : entries) {
    ByteWriter p;
    p.U64(e.seq);
    p.U8(static_cast<uint8_t>(e.kind));
    p.String(e.id);
    p.Bytes(e.json);
    w.U32(static_cast<uint32_t>(p.bytes().size()));
    w.U32(Crc(p.bytes()));
    w.Bytes(p.bytes());
    max_seq = std::max(max_seq, e.seq);
  }
  const std::string& path = files_.back().path;
  Status s = WriteAll(fd_, w.bytes(), path);
  if (s.ok() && ::fdatasync(fd_) != 0) s = FromErrno("syncing " + path, errno);
  if (s.ok()) {
    size_ += w.bytes().size();
    files_.back().max_seq = std::max(files_.back().max_seq, max_seq);
    return s;
  }
  // Nothing of a failed append may be replayed: cut the file back (and the offset with it).
  if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0 ||
      ::lseek(fd_, static_cast<off_t>(size_), SEEK_SET) < 0 || ::fdatasync(fd_) != 0) {
    broken_ = InternalError("the write log " + path +
                            " could not be cut back after a failed "
                            "append (" +
                            s.message() + "); restart the server");
  }
  return s;
}

Status WriteLog::Rotate() {
  if (!broken_.ok()) return broken_;
  if (files_.back().max_seq == 0) return Status::Ok();  // the newest file is still empty
  return OpenNewFile();
}

void WriteLog::DropApplied(uint64_t applied) {
  while (files_.size() > 1 && files_.front().max_seq <= applied) {
    std::error_code ec;
    fs::remove(files_.front().path, ec);  // left behind: replay skips it (seq <= applied)
    files_.erase(files_.begin());
  }
}

}  // namespace hilfsnetz::indexer
