#include "server/api_keys.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cctype>

namespace hilfsnetz::server {
namespace {

constexpr std::string_view kHashPrefix = "sha256:";
constexpr size_t kMinKeyLength = 16;  // a key shorter than this is guessable; refused

ApiKeys::Digest Sha256(std::string_view text) {
  ApiKeys::Digest d{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), d.data());
  return d;
}

bool ParseHex(std::string_view hex, ApiKeys::Digest* out) {
  if (hex.size() != 2 * out->size()) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < out->size(); ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*out)[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return true;
}

std::vector<std::string_view> SplitSpaces(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

std::string_view TrimCr(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

Status ApiKeys::Add(std::string name, std::string_view scope, std::string_view key,
                    const std::string& where) {
  if (!IsValidKeyName(name)) {
    return InvalidArgumentError(where + ": name: must be 1 to 64 letters, digits, '-', '_' or '.'");
  }
  Key k;
  k.name = std::move(name);
  if (scope == "read") {
    k.scope = Scope::kRead;
  } else if (scope == "write") {
    k.scope = Scope::kWrite;
  } else {
    return InvalidArgumentError(where + ": scope: must be read or write, not \"" +
                                std::string(scope) + "\"");
  }
  if (key.substr(0, kHashPrefix.size()) == kHashPrefix) {
    if (!ParseHex(key.substr(kHashPrefix.size()), &k.digest)) {
      return InvalidArgumentError(where + ": key: sha256: must be followed by 64 hex digits");
    }
  } else if (key.size() < kMinKeyLength) {
    // Never echo the key itself: error messages end up in logs.
    return InvalidArgumentError(where + ": key: must be at least " + std::to_string(kMinKeyLength) +
                                " characters (hilfsnetz keys new makes one)");
  } else {
    k.digest = Sha256(key);
  }
  for (const Key& other : keys_) {
    if (other.name == k.name) {
      return InvalidArgumentError(where + ": name: \"" + k.name + "\" is given twice");
    }
  }
  keys_.push_back(std::move(k));
  return Status::Ok();
}

Result<ApiKeys> ApiKeys::ParseFile(std::string_view text, std::string_view source) {
  ApiKeys keys;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = TrimCr(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    const std::vector<std::string_view> f = SplitSpaces(line);
    if (f.empty() || f[0][0] == '#') continue;
    const std::string where = std::string(source) + " line " + std::to_string(line_no);
    if (f.size() != 3) {
      return InvalidArgumentError(where + ": expected three fields \"name scope key\", found " +
                                  std::to_string(f.size()));
    }
    if (Status s = keys.Add(std::string(f[0]), f[1], f[2], where); !s.ok()) return s;
  }
  return keys;
}

Result<ApiKeys> ApiKeys::ParseEnv(std::string_view value) {
  ApiKeys keys;
  size_t item = 0;
  while (!value.empty()) {
    const size_t comma = value.find(',');
    const std::string_view entry = TrimCr(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    ++item;
    if (entry.empty()) continue;
    const std::string where = "HILFSNETZ_API_KEYS entry " + std::to_string(item);
    const size_t a = entry.find(':');
    const size_t b = a == std::string_view::npos ? a : entry.find(':', a + 1);
    if (b == std::string_view::npos) {
      return InvalidArgumentError(where + ": expected \"name:scope:key\"");
    }
    if (Status s = keys.Add(std::string(entry.substr(0, a)), entry.substr(a + 1, b - a - 1),
                            entry.substr(b + 1), where);
        !s.ok()) {
      return s;
    }
  }
  return keys;
}

Status ApiKeys::Merge(const ApiKeys& other) {
  for (const Key& k : other.keys_) {
    for (const Key& mine : keys_) {
      if (mine.name == k.name) {
        return InvalidArgumentError("key name \"" + k.name +
                                    "\" is given both in --keys and in HILFSNETZ_API_KEYS");
      }
    }
  }
  keys_.insert(keys_.end(), other.keys_.begin(), other.keys_.end());
  return Status::Ok();
}

ApiKeys::Verdict ApiKeys::Check(std::string_view authorization, Scope needed) const {
  Verdict v;
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size()) return v;
  // The scheme is case-insensitive (RFC 9110 §11.1).
  for (size_t i = 0; i < kBearer.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
        std::tolower(static_cast<unsigned char>(kBearer[i]))) {
      return v;
    }
  }
  std::string_view presented = authorization.substr(kBearer.size());
  while (!presented.empty() && presented.front() == ' ') presented.remove_prefix(1);
  presented = TrimCr(presented);
  if (presented.empty()) return v;
  const Digest d = Sha256(presented);
  // Every digest is compared, whichever matches, so the time does not depend on which.
  const Key* found = nullptr;
  for (const Key& k : keys_) {
    if (CRYPTO_memcmp(k.digest.data(), d.data(), d.size()) == 0) found = &k;
  }
  if (!found) {
    v.outcome = Outcome::kUnknown;
    return v;
  }
  v.name = found->name;
  v.outcome = needed == Scope::kWrite && found->scope != Scope::kWrite ? Outcome::kWrongScope
                                                                       : Outcome::kAllowed;
  return v;
}

bool IsValidKeyName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  }
  return true;
}

std::string Sha256Hex(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const ApiKeys::Digest d = Sha256(text);
  std::string out;
  out.reserve(2 * d.size());
  for (uint8_t b : d) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

Result<std::string> NewApiKey() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return UnavailableError("the system's random source gave no bytes");
  }
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string key = "hn_";
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      key += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) key += kAlphabet[(acc << (6 - bits)) & 63];
  return key;
}

}  // namespace hilfsnetz::server
