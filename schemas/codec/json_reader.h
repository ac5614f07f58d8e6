// Internal to schemas/codec: the JSON reading helpers the record codecs share
// (initiative_codec.cc, company_codec.cc). Include only from schemas/codec/*.cc: it names
// nlohmann's type (forward-declared here; the .cc files include <nlohmann/json.hpp>), and the
// rest of the code base must not see nlohmann.
//
// Conventions every codec follows (initiative_codec.h states them for clients):
//   - Field paths: "title", "needs[1].type", "location.lat"; an unknown field is named by its
//     own path; errors about the whole input have field "".
//   - Each Reader call reports at most one error per value and never throws on user input.
//   - At most kMaxErrors errors are kept, then one "more than 100 errors" entry ends the list.
// Thread-safe: no shared mutable state (a Reader belongs to one parse).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "schemas/codec/messages.h"
#include "schemas/initiative.h"

namespace hilfsnetz::schemas::codec_internal {

using Json = nlohmann::json;

inline constexpr size_t kMaxDepth = 16;    // the schemas need 3
inline constexpr size_t kMaxErrors = 100;  // then one "too many errors" entry ends the list
inline constexpr size_t kMaxEmbedding = 4096;

// "prefix.key" (just "key" when prefix is empty) and "prefix[i]".
std::string Join(std::string_view prefix, std::string_view key);
std::string At(std::string_view prefix, size_t i);

class Reader {
 public:
  explicit Reader(std::vector<FieldError>& errors) : errors_(errors) {}

  // Appends `e` unless the error cap has been reached.
  void Add(FieldError e);

  // Reports every key of `obj` not in `known` as "<prefix>.<key>": unknown field.
  void RejectUnknown(const Json& obj, std::string_view prefix,
                     std::initializer_list<std::string_view> known);

  // A string field with length limits (in code points). True when present and valid.
  bool Text(const Json& obj, std::string_view key, std::string_view prefix, size_t min_len,
            size_t max_len, std::string& out);
  bool TextValue(const Json& v, std::string path, size_t min_len, size_t max_len, std::string& out);

  // A string field that must satisfy `check`; en/de describe the expected form.
  template <typename Check>
  void Formatted(const Json& obj, std::string_view key, std::string_view prefix, Check check,
                 std::pair<std::string_view, std::string_view> form, std::string& out) {
    std::string value;
    if (!Text(obj, key, prefix, 0, std::numeric_limits<size_t>::max(), value)) return;
    if (check(value)) {
      out = std::move(value);
    } else {
      Add(BadFormat(Join(prefix, key), form.first, form.second));
    }
  }

  // A number in [min, max]; nullopt when absent or invalid. With min 0 and max infinity
  // the out-of-range message is "must not be negative".
  std::optional<double> Number(const Json& obj, std::string_view key, std::string_view prefix,
                               double min, double max);

  // The array at top-level `key`, or nullptr (absent or not an array: the latter is
  // reported at `key`).
  const Json* Array(const Json& obj, std::string_view key);

  // The object at `key`, or nullptr (absent or not an object: the latter is reported).
  const Json* Object(const Json& obj, std::string_view key, std::string path);

  static const Json* Find(const Json& obj, std::string_view key);

 private:
  std::vector<FieldError>& errors_;
};

// Text of an enum value for messages: strings as they are, anything else as JSON.
std::string Shown(const Json& v);
// "education, language, …" and "money, goods, …" for enum error messages.
std::string TopicList();
std::string NeedTypeList();

// Reads the required "type" of a need or offer object at `path` into `out`; reports a
// missing or unknown type at "<path>.type".
void ReadNeedType(Reader& r, const Json& obj, const std::string& path, NeedType& out);
// Reads "location" {lat, lon} (both required, no other keys) of a top-level object.
void ReadLocation(Reader& r, const Json& doc, std::optional<geo::LatLon>& out);
// Reads top-level `key` as a list of unique topics ("topics[1]" for a bad or repeated one).
void ReadTopics(Reader& r, const Json& doc, std::string_view key, std::vector<std::string>& out);
// Reads top-level "embedding": 1..kMaxEmbedding numbers, each of which must fit a float.
void ReadEmbedding(Reader& r, const Json& doc, std::vector<float>& out);

// Parses `text` into `doc`, which must be a JSON object. On failure appends exactly one
// whole-input error (field "") and returns false: invalid UTF-8 (checked first), nesting
// deeper than kMaxDepth, invalid JSON at byte N (0-based), not an object. Never throws.
bool ParseJsonObject(std::string_view text, Json& doc, std::vector<FieldError>& errors);

// The part of a nlohmann exception message after its "[json.exception…] … : " prefix.
std::string ParseErrorDetail(const char* what);

}  // namespace hilfsnetz::schemas::codec_internal
