// ApiKeys: who may call the API, and with which scope. Keys come from a file (`serve --keys
// FILE`, one key per line: `name scope key`, the key in clear or as `sha256:<64 hex>`; `#`
// starts a comment) and from the environment (HILFSNETZ_API_KEYS, comma-separated
// `name:scope:key`). Only the SHA-256 digest of a key is kept; a presented key is hashed and
// compared with every stored digest in constant time, so neither the key nor the time taken
// tells which digest was close. A scope `write` includes `read`.
//
//   Result<ApiKeys> keys = ApiKeys::ParseFile(text, "keys.txt");
//   ApiKeys::Verdict v = keys->Check(req.Header("Authorization"), Scope::kWrite);
//   if (v.outcome != Outcome::kAllowed) ... 401 or 403
//
// Thread-safety: immutable after parsing; Check is const and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hilfsnetz::server {

enum class Scope { kRead, kWrite };

class ApiKeys {
 public:
  using Digest = std::array<uint8_t, 32>;
  struct Key {
    std::string name;
    Scope scope = Scope::kRead;
    Digest digest{};
  };

  enum class Outcome {
    kAllowed,
    kMissing,     // no "Authorization: Bearer …" header: 401
    kUnknown,     // a key that matches none: 401
    kWrongScope,  // a known key whose scope does not cover the route: 403
  };
  struct Verdict {
    Outcome outcome = Outcome::kMissing;
    std::string name;  // the key's name when it is known (for the access log, never the key)
  };

  // A key file. Errors name the source, the line and the field: "keys.txt line 3: scope:
  // must be read or write, not \"admin\"". Names are unique.
  static Result<ApiKeys> ParseFile(std::string_view text, std::string_view source);
  // HILFSNETZ_API_KEYS: "name:scope:key,name:scope:key" (a key may contain ':').
  static Result<ApiKeys> ParseEnv(std::string_view value);
  // This set's keys plus `other`'s; InvalidArgument when a name is in both.
  Status Merge(const ApiKeys& other);

  // `authorization`: the Authorization header's value ("" when absent).
  Verdict Check(std::string_view authorization, Scope needed) const;

  bool empty() const { return keys_.empty(); }
  const std::vector<Key>& keys() const { return keys_; }

 private:
  Status Add(std::string name, std::string_view scope, std::string_view key,
             const std::string& where);
  std::vector<Key> keys_;
};

// A key's name: 1 to 64 letters, digits, '-', '_' or '.'.
bool IsValidKeyName(std::string_view name);
// SHA-256 of `text` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view text);
// A fresh random key: "hn_" and 43 characters of base64url (256 bits from the OS).
Result<std::string> NewApiKey();

}  // namespace hilfsnetz::server
