// Little-endian byte writer and bounds-checked reader for hilfsnetz's binary formats (the
// embedder file, stored vectors, stored records). Fixed-width integers and IEEE-754 floats
// are written byte by byte in little-endian order, so the bytes are the same on every
// platform.
//
// ByteReader never reads past its input: every Read* returns false once the input is
// exhausted (and leaves the output unspecified), so a truncated blob cannot crash a parser.
//
// Thread-safety: plain values; not for concurrent use of one object.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hilfsnetz {

class ByteWriter {
 public:
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
  }
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void I32(int32_t v) { U32(static_cast<uint32_t>(v)); }
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void F32(float v) { U32(std::bit_cast<uint32_t>(v)); }
  void F64(double v) { U64(std::bit_cast<uint64_t>(v)); }
  void Bytes(std::string_view b) { out_.append(b); }
  // A u32 length followed by the bytes.
  void String(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    Bytes(s);
  }
  void Reserve(size_t n) { out_.reserve(n); }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  bool U32(uint32_t& v) {
    if (remaining() < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(Byte(i)) << (8 * i);
    pos_ += 4;
    return true;
  }
  bool U64(uint64_t& v) {
    if (remaining() < 8) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(Byte(i)) << (8 * i);
    pos_ += 8;
    return true;
  }
  bool U8(uint8_t& v) {
    if (remaining() < 1) return false;
    v = Byte(0);
    ++pos_;
    return true;
  }
  bool I64(int64_t& v) {
    uint64_t u = 0;
    if (!U64(u)) return false;
    v = static_cast<int64_t>(u);
    return true;
  }
  bool F64(double& v) {
    uint64_t u = 0;
    if (!U64(u)) return false;
    v = std::bit_cast<double>(u);
    return true;
  }
  bool I32(int32_t& v) {
    uint32_t u = 0;
    if (!U32(u)) return false;
    v = static_cast<int32_t>(u);
    return true;
  }
  bool F32(float& v) {
    uint32_t u = 0;
    if (!U32(u)) return false;
    v = std::bit_cast<float>(u);
    return true;
  }
  bool Bytes(size_t n, std::string_view& b) {
    if (remaining() < n) return false;
    b = in_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool String(std::string_view& s) {
    uint32_t n = 0;
    return U32(n) && Bytes(n, s);
  }
  size_t remaining() const { return in_.size() - pos_; }
  size_t position() const { return pos_; }

 private:
  uint8_t Byte(int i) const { return static_cast<uint8_t>(in_[pos_ + static_cast<size_t>(i)]); }

  std::string_view in_;
  size_t pos_ = 0;
};

// 64-bit FNV-1a over `bytes`: the integrity check at the end of a serialised embedder
// (detects damage, not tampering).
inline uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace hilfsnetz
