#include "text/dictd.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hilfsnetz::text {
namespace {

constexpr unsigned char kFlagHcrc = 0x02;
constexpr unsigned char kFlagExtra = 0x04;
constexpr unsigned char kFlagName = 0x08;
constexpr unsigned char kFlagComment = 0x10;

// dictd's base64 number: digits A-Z a-z 0-9 + /, most significant first.
bool DecodeNumber(std::string_view s, uint64_t& out) {
  out = 0;
  if (s.empty() || s.size() > 10) return false;
  for (char c : s) {
    int d = -1;
    if (c >= 'A' && c <= 'Z')
      d = c - 'A';
    else if (c >= 'a' && c <= 'z')
      d = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      d = c - '0' + 52;
    else if (c == '+')
      d = 62;
    else if (c == '/')
      d = 63;
    if (d < 0) return false;
    out = out * 64 + static_cast<uint64_t>(d);
  }
  return true;
}

bool ReadExact(int fd, void* buf, size_t n, uint64_t offset) {
  auto* p = static_cast<char*>(buf);
  while (n > 0) {
    const ssize_t got = ::pread(fd, p, n, static_cast<off_t>(offset));
    if (got <= 0) return false;
    p += got;
    n -= static_cast<size_t>(got);
    offset += static_cast<uint64_t>(got);
  }
  return true;
}

// Inflates one raw-deflate chunk.
Result<std::string> InflateRaw(const std::string& in, size_t expect) {
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return InternalError("zlib inflateInit2 failed");
  std::string out(expect, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_SYNC_FLUSH);
  const size_t produced = out.size() - z.avail_out;
  inflateEnd(&z);
  if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
    return DataLossError("corrupt dictzip chunk");
  out.resize(produced);
  return out;
}

}  // namespace

DictdFile::~DictdFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<DictdFile>> DictdFile::Open(const std::string& base) {
  std::unique_ptr<DictdFile> f(new DictdFile());
  const std::string index_path = base + ".index";
  f->dict_path_ = base + ".dict.dz";
  std::ifstream index(index_path);
  if (!index) return NotFoundError("dictionary index " + index_path + " is missing");
  // A line is a headword and two numbers: ~25 bytes (FreeDict's indexes: 20-30). Room for at
  // most 4M entries up front (freedict-eng-deu has 464k in 10.8 MB); a larger file grows.
  std::error_code size_error;
  const uintmax_t bytes = std::filesystem::file_size(index_path, size_error);
  if (!size_error)
    f->entries_.reserve(static_cast<size_t>(std::min<uintmax_t>(bytes / 25, 1u << 22)));
  std::string line;
  size_t line_no = 0;
  while (std::getline(index, line)) {
    ++line_no;
    if (line.empty()) continue;
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string::npos ? std::string::npos : line.find('\t', t1 + 1);
    uint64_t offset = 0, length = 0;
    if (t2 == std::string::npos ||
        !DecodeNumber(std::string_view(line).substr(t1 + 1, t2 - t1 - 1), offset) ||
        !DecodeNumber(std::string_view(line).substr(t2 + 1), length) || length > (1u << 24)) {
      return DataLossError(index_path + ":" + std::to_string(line_no) +
                           ": expected headword<TAB>offset<TAB>length in dictd base64");
    }
    std::string head = line.substr(0, t1);
    if (head.rfind("00-database", 0) == 0 || head.rfind("00database", 0) == 0) continue;
    f->entries_.push_back({std::move(head), offset, static_cast<uint32_t>(length)});
  }

  f->fd_ = ::open(f->dict_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (f->fd_ < 0) return NotFoundError("dictionary data " + f->dict_path_ + " is missing");
  unsigned char head[12];
  if (!ReadExact(f->fd_, head, sizeof head, 0) || head[0] != 0x1f || head[1] != 0x8b ||
      head[2] != 8 || (head[3] & kFlagExtra) == 0) {
    return DataLossError(f->dict_path_ + " is not a dictzip file (gzip with an RA field)");
  }
  const size_t xlen = head[10] | (static_cast<size_t>(head[11]) << 8);
  std::string extra(xlen, '\0');
  if (!ReadExact(f->fd_, extra.data(), xlen, 12))
    return DataLossError(f->dict_path_ + ": truncated header");
  uint64_t pos = 12 + xlen;
  // Subfields: SI1 SI2 LEN(2) DATA; dictzip's is "RA": VER(2) CHLEN(2) CHCNT(2) SIZES(2 each).
  std::vector<uint32_t> sizes;
  for (size_t i = 0; i + 4 <= extra.size();) {
    const size_t len = static_cast<unsigned char>(extra[i + 2]) |
                       (static_cast<size_t>(static_cast<unsigned char>(extra[i + 3])) << 8);
    if (extra[i] == 'R' && extra[i + 1] == 'A' && len >= 6 && i + 4 + len <= extra.size()) {
      auto u16 = [&](size_t at) {
        return static_cast<uint32_t>(
            static_cast<unsigned char>(extra[at]) |
            (static_cast<uint32_t>(static_cast<unsigned char>(extra[at + 1])) << 8));
      };
      f->chunk_length_ = u16(i + 6);
      const uint32_t count = u16(i + 8);
      if (len < 6 + 2 * static_cast<size_t>(count)) break;
      for (uint32_t c = 0; c < count; ++c) sizes.push_back(u16(i + 10 + 2 * c));
    }
    i += 4 + len;
  }
  if (sizes.empty() || f->chunk_length_ == 0)
    return DataLossError(f->dict_path_ + " has no dictzip RA field");
  for (unsigned char flag : {kFlagName, kFlagComment}) {
    if ((head[3] & flag) == 0) continue;
    char c = 1;
    while (c != 0) {
      if (!ReadExact(f->fd_, &c, 1, pos++))
        return DataLossError(f->dict_path_ + ": truncated header");
    }
  }
  if (head[3] & kFlagHcrc) pos += 2;
  for (uint32_t s : sizes) {
    f->chunk_offsets_.push_back(pos);
    pos += s;
  }
  f->chunk_offsets_.push_back(pos);
  return f;
}

Result<std::string> DictdFile::Chunk(size_t index) const {
  if (index + 1 >= chunk_offsets_.size())
    return DataLossError(dict_path_ + ": entry beyond the last chunk");
  std::string in(chunk_offsets_[index + 1] - chunk_offsets_[index], '\0');
  if (!ReadExact(fd_, in.data(), in.size(), chunk_offsets_[index])) {
    return DataLossError(dict_path_ + ": truncated chunk " + std::to_string(index));
  }
  return InflateRaw(in, chunk_length_);
}

Result<std::string> DictdFile::Read(const Entry& e) const {
  std::string out;
  const uint64_t end = e.offset + e.length;
  for (uint64_t at = e.offset; at < end;) {
    const size_t chunk = static_cast<size_t>(at / chunk_length_);
    Result<std::string> text = Chunk(chunk);
    if (!text.ok()) return text.status();
    const uint64_t chunk_start = static_cast<uint64_t>(chunk) * chunk_length_;
    const size_t from = static_cast<size_t>(at - chunk_start);
    if (from >= text->size()) return DataLossError(dict_path_ + ": entry beyond the data");
    const size_t n = static_cast<size_t>(std::min<uint64_t>(end - at, text->size() - from));
    out.append(*text, from, n);
    at += n;
  }
  return out;
}

Result<std::string> DictdFile::ReadAll() const {
  std::string out;
  for (size_t i = 0; i + 1 < chunk_offsets_.size(); ++i) {
    Result<std::string> text = Chunk(i);
    if (!text.ok()) return text.status();
    out += *text;
  }
  return out;
}

}  // namespace hilfsnetz::text
