// DictdFile: one dictionary in the dictd format that Debian's FreeDict packages install
// (dict-freedict-eng-deu: /usr/share/dictd/freedict-eng-deu.index and .dict.dz).
//
// NAME.index: one line per entry, "headword<TAB>offset<TAB>length", offset and length in
// dictd's base64 (A-Z a-z 0-9 + /, most significant digit first), into the uncompressed
// text of NAME.dict.dz. NAME.dict.dz: gzip with dictzip's "RA" extra field, which lists the
// compressed sizes of fixed-size chunks compressed independently (Z_FULL_FLUSH), so one
// entry is read by inflating one or two chunks (random access, ~0.2 ms), or the whole text
// once. Entries whose headword starts with "00-database" or "00database" are the
// dictionary's own metadata and are left out of entries().
//
// Thread-safety: immutable after Open; Read and ReadAll are thread-safe (pread, local state).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace hilfsnetz::text {

class DictdFile {
 public:
  struct Entry {
    std::string headword;  // as written in the index
    uint64_t offset = 0;   // into the uncompressed text
    uint32_t length = 0;
  };

  // Opens `base` + ".index" and `base` + ".dict.dz". NotFound when either is missing;
  // DataLoss naming the file and line (index) or what is wrong (dict.dz) when malformed.
  static Result<std::unique_ptr<DictdFile>> Open(const std::string& base);
  ~DictdFile();
  DictdFile(const DictdFile&) = delete;
  DictdFile& operator=(const DictdFile&) = delete;

  const std::vector<Entry>& entries() const { return entries_; }
  // The text of one entry: its headword line, then its body.
  Result<std::string> Read(const Entry& e) const;
  // The whole uncompressed text (for dictionaries read in full).
  Result<std::string> ReadAll() const;

 private:
  DictdFile() = default;
  Result<std::string> Chunk(size_t index) const;

  std::string dict_path_;
  int fd_ = -1;
  std::vector<Entry> entries_;
  uint32_t chunk_length_ = 0;            // uncompressed bytes per chunk
  std::vector<uint64_t> chunk_offsets_;  // file offset of each chunk; one past the last
};

}  // namespace hilfsnetz::text
