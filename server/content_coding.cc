#include "server/content_coding.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace hilfsnetz::server {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  while (true) {
    const size_t comma = s.find(',');
    std::string item = Trim(s.substr(0, comma));
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

// Inflates zlib (`window_bits` 15), gzip (31) or raw deflate (-15) data.
DecodeOutcome Inflate(const std::string& in, int window_bits, size_t limit, std::string& out) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) return DecodeOutcome::kCorrupt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  out.clear();
  char chunk[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof(chunk);
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      return DecodeOutcome::kCorrupt;  // also a body cut short (Z_BUF_ERROR: no progress)
    }
    const size_t n = sizeof(chunk) - z.avail_out;
    if (out.size() + n > limit) {
      inflateEnd(&z);
      return DecodeOutcome::kTooLarge;
    }
    out.append(chunk, n);
  }
  const bool trailing = z.avail_in != 0;  // bytes after the end of the stream
  inflateEnd(&z);
  return trailing ? DecodeOutcome::kCorrupt : DecodeOutcome::kOk;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  bool star = false;
  for (const std::string& item : SplitList(accept_encoding)) {
    const size_t semi = item.find(';');
    const std::string coding = Trim(std::string_view(item).substr(0, semi));
    bool zero = false;
    if (semi != std::string::npos) {
      std::string params = item.substr(semi + 1);
      params.erase(std::remove(params.begin(), params.end(), ' '), params.end());
      zero = params.rfind("q=0", 0) == 0 && params.find_first_not_of("0.", 2) == std::string::npos;
    }
    if (coding == "gzip" || coding == "x-gzip") return !zero;
    if (coding == "*") star = !zero;
  }
  return star;
}

std::string GzipCompress(std::string_view body, int level) {
  z_stream z{};
  // 31 = a gzip header and trailer around the deflate stream; memLevel 8 is zlib's default.
  if (deflateInit2(&z, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::string();
  std::string out(deflateBound(&z, static_cast<uLong>(body.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

DecodeOutcome DecodeBody(std::string_view coding, std::string body, size_t limit,
                         std::string& out) {
  std::vector<std::string> codings = SplitList(coding);
  std::string current = std::move(body);
  // Codings are listed in the order they were applied: undo the last first.
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    if (*it == "identity") continue;
    int bits = 0;
    if (*it == "gzip" || *it == "x-gzip") {
      bits = 31;
    } else if (*it == "deflate") {
      // RFC 9110's "deflate" is the zlib format; some clients send raw deflate: try both.
      bits = current.size() >= 2 && (static_cast<unsigned char>(current[0]) & 0x0f) == 8 &&
                     ((static_cast<unsigned char>(current[0]) << 8) |
                      static_cast<unsigned char>(current[1])) %
                             31 ==
                         0
                 ? 15
                 : -15;
    } else {
      return DecodeOutcome::kUnsupported;
    }
    std::string next;
    const DecodeOutcome r = Inflate(current, bits, limit, next);
    if (r != DecodeOutcome::kOk) return r;
    current = std::move(next);
  }
  if (current.size() > limit) return DecodeOutcome::kTooLarge;
  out = std::move(current);
  return DecodeOutcome::kOk;
}

}  // namespace hilfsnetz::server
