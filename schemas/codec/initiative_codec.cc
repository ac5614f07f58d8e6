// ParseInitiative: JSON text -> checked schemas::Initiative. nlohmann/json stays in this file
// (and the writer); its exceptions are caught here and become FieldErrors.
//
// The checks mirror schemas/initiative.schema.json one for one; tests/schemas runs both this
// code and a JSON Schema validator over the same fixtures to keep the two in agreement.
#include "schemas/codec/initiative_codec.h"

#include <cmath>
#include <initializer_list>
#include <limits>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/loose_key.h"
#include "schemas/codec/derive_location.h"
#include "schemas/codec/messages.h"
#include "schemas/codec/rfc3339.h"
#include "schemas/codec/text_checks.h"

namespace hilfsnetz::schemas {
namespace {

using Json = nlohmann::json;
using namespace codec_internal;  // NOLINT: this file is the codec

constexpr size_t kMaxDepth = 16;   // the schema needs 3
constexpr size_t kMaxErrors = 100;  // after that one "too many errors" entry ends the list
constexpr size_t kMaxEmbedding = 4096;

std::string Join(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}
std::string At(std::string_view prefix, size_t i) {
  return std::string(prefix) + "[" + std::to_string(i) + "]";
}

class Reader {
 public:
  explicit Reader(std::vector<FieldError>& errors) : errors_(errors) {}

  void Add(FieldError e) {
    if (errors_.size() < kMaxErrors) {
      errors_.push_back(std::move(e));
    } else if (errors_.size() == kMaxErrors) {
      errors_.push_back(TooManyErrors(kMaxErrors));
    }
  }

  // Reports every key of `obj` not in `known` as "<prefix>.<key>": unknown field.
  void RejectUnknown(const Json& obj, std::string_view prefix,
                     std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : obj.items()) {
      bool found = false;
      for (std::string_view k : known) found = found || k == key;
      if (!found) Add(UnknownField(Join(prefix, Truncated(key, 100))));
    }
  }

  // A string field with length limits (in code points). True when present and valid.
  bool Text(const Json& obj, std::string_view key, std::string_view prefix, size_t min_len,
            size_t max_len, std::string& out) {
    const Json* v = Find(obj, key);
    if (v == nullptr) return false;
    return TextValue(*v, Join(prefix, key), min_len, max_len, out);
  }

  bool TextValue(const Json& v, std::string path, size_t min_len, size_t max_len,
                 std::string& out) {
    if (!v.is_string()) {
      Add(WrongType(std::move(path), JsonKind::kString));
      return false;
    }
    const auto& s = v.get_ref<const std::string&>();
    const size_t n = CodePointCount(s);
    if (n < min_len) {
      Add(EmptyText(std::move(path)));
      return false;
    }
    if (n > max_len) {
      Add(TooLong(std::move(path), n, max_len));
      return false;
    }
    out = s;
    return true;
  }

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

  // A number in [min, max]; nullopt when absent or invalid.
  std::optional<double> Number(const Json& obj, std::string_view key, std::string_view prefix,
                               double min, double max) {
    const Json* v = Find(obj, key);
    if (v == nullptr) return std::nullopt;
    const std::string path = Join(prefix, key);
    if (!v->is_number()) {
      Add(WrongType(path, JsonKind::kNumber));
      return std::nullopt;
    }
    const double d = v->get<double>();
    if (d < min || d > max) {
      Add(max == std::numeric_limits<double>::infinity() && min == 0 ? Negative(path)
                                                                    : OutOfRange(path, min, max));
      return std::nullopt;
    }
    return d;
  }

  // The array at `key`, or nullptr (absent or not an array: the latter is reported).
  const Json* Array(const Json& obj, std::string_view key) {
    const Json* v = Find(obj, key);
    if (v != nullptr && !v->is_array()) {
      Add(WrongType(std::string(key), JsonKind::kArray));
      return nullptr;
    }
    return v;
  }

  // The object at `key`, or nullptr (absent or not an object: the latter is reported).
  const Json* Object(const Json& obj, std::string_view key, std::string path) {
    const Json* v = Find(obj, key);
    if (v != nullptr && !v->is_object()) {
      Add(WrongType(std::move(path), JsonKind::kObject));
      return nullptr;
    }
    return v;
  }

  static const Json* Find(const Json& obj, std::string_view key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }

 private:
  std::vector<FieldError>& errors_;
};

// Text of an enum value for messages: strings as they are, anything else as JSON.
std::string Shown(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string TopicList() {
  std::string out;
  for (const std::string& t : TopicNames()) out += (out.empty() ? "" : ", ") + t;
  return out;
}

std::string NeedTypeList() {
  std::string out;
  for (NeedType t : kAllNeedTypes) out += (out.empty() ? "" : ", ") + std::string(NeedTypeName(t));
  return out;
}

void ReadNeed(Reader& r, const Json& v, const std::string& path, Need& need) {
  if (!v.is_object()) {
    r.Add(WrongType(path, JsonKind::kObject));
    return;
  }
  const double inf = std::numeric_limits<double>::infinity();
  if (const Json* type = Reader::Find(v, "type")) {
    auto parsed = type->is_string() ? ParseNeedType(type->get<std::string>()) : std::nullopt;
    if (parsed) {
      need.type = *parsed;
    } else {
      r.Add(NotOneOf(Join(path, "type"), Shown(*type), NeedTypeList()));
    }
  } else {
    r.Add(MissingField(Join(path, "type")));
  }
  r.Text(v, "description", path, 0, 2000, need.description);
  need.amount_eur = r.Number(v, "amount_eur", path, 0, inf);
  need.raised_eur = r.Number(v, "raised_eur", path, 0, inf);
  need.quantity = r.Number(v, "quantity", path, 0, inf);
  need.hours = r.Number(v, "hours", path, 0, inf);
  r.RejectUnknown(v, path,
                  {"type", "description", "amount_eur", "raised_eur", "quantity", "hours"});
}

void ReadLists(Reader& r, const Json& doc, Initiative& out) {
  if (const Json* topics = r.Array(doc, "topics")) {
    std::set<std::string> seen;
    for (size_t i = 0; i < topics->size(); ++i) {
      const Json& t = (*topics)[i];
      if (!t.is_string() || !IsTopic(t.get_ref<const std::string&>())) {
        r.Add(NotOneOf(At("topics", i), Shown(t), TopicList()));
      } else if (!seen.insert(t.get<std::string>()).second) {
        r.Add(Duplicate(At("topics", i), t.get<std::string>()));
      } else {
        out.topics.push_back(t.get<std::string>());
      }
    }
  }
  if (const Json* groups = r.Array(doc, "target_groups")) {
    for (size_t i = 0; i < groups->size(); ++i) {
      std::string g;
      if (r.TextValue((*groups)[i], At("target_groups", i), 1, 100, g)) {
        out.target_groups.push_back(std::move(g));
      }
    }
  }
  if (const Json* langs = r.Array(doc, "languages_spoken")) {
    for (size_t i = 0; i < langs->size(); ++i) {
      std::string tag;
      if (!r.TextValue((*langs)[i], At("languages_spoken", i), 0, 10000, tag)) continue;
      if (IsLanguageTag(tag)) {
        out.languages_spoken.push_back(std::move(tag));
      } else {
        r.Add(BadFormat(At("languages_spoken", i), "a language tag such as de, ar or fa-AF",
                        "ein Sprachkürzel wie de, ar oder fa-AF sein"));
      }
    }
  }
  if (const Json* needs = r.Array(doc, "needs")) {
    for (size_t i = 0; i < needs->size(); ++i) {
      Need need;
      ReadNeed(r, (*needs)[i], At("needs", i), need);
      out.needs.push_back(std::move(need));
    }
  }
}

void ReadLocationAndContact(Reader& r, const Json& doc, Initiative& out) {
  if (const Json* loc = r.Object(doc, "location", "location")) {
    if (Reader::Find(*loc, "lat") == nullptr) r.Add(MissingField("location.lat"));
    if (Reader::Find(*loc, "lon") == nullptr) r.Add(MissingField("location.lon"));
    auto lat = r.Number(*loc, "lat", "location", -90, 90);
    auto lon = r.Number(*loc, "lon", "location", -180, 180);
    r.RejectUnknown(*loc, "location", {"lat", "lon"});
    if (lat && lon) out.location = geo::LatLon{*lat, *lon};
  }
  if (const Json* contact = r.Object(doc, "contact", "contact")) {
    Contact c;
    r.Formatted(*contact, "email", "contact", IsEmail,
                {"an e-mail address", "eine E-Mail-Adresse sein"}, c.email);
    if (CodePointCount(c.email) > 254) {
      r.Add(TooLong("contact.email", CodePointCount(c.email), 254));
    }
    r.Formatted(*contact, "website", "contact", IsWebsite,
                {"an http:// or https:// address", "eine http://- oder https://-Adresse sein"},
                c.website);
    if (CodePointCount(c.website) > 2000) {
      r.Add(TooLong("contact.website", CodePointCount(c.website), 2000));
    }
    r.RejectUnknown(*contact, "contact", {"email", "website"});
    if (!c.email.empty() || !c.website.empty()) out.contact = std::move(c);
  }
}

void ReadEmbedding(Reader& r, const Json& doc, Initiative& out) {
  const Json* emb = r.Array(doc, "embedding");
  if (emb == nullptr) return;
  if (emb->empty() || emb->size() > kMaxEmbedding) {
    r.Add(TooManyItems("embedding", 1, kMaxEmbedding));
    return;
  }
  out.embedding.reserve(emb->size());
  for (size_t i = 0; i < emb->size(); ++i) {
    const Json& x = (*emb)[i];
    if (!x.is_number()) {
      r.Add(WrongType(At("embedding", i), JsonKind::kNumber));
      continue;
    }
    const auto f = static_cast<float>(x.get<double>());
    if (!std::isfinite(f)) {  // C++ only: the schema cannot say "fits a float"
      r.Add(OutOfRange(At("embedding", i), -std::numeric_limits<float>::max(),
                       std::numeric_limits<float>::max()));
      continue;
    }
    out.embedding.push_back(f);
  }
}

void ReadTimestamp(Reader& r, const Json& doc, std::string_view key, std::string& text,
                   int64_t& unix_seconds) {
  std::string value;
  if (!r.Text(doc, key, "", 0, std::numeric_limits<size_t>::max(), value)) return;
  if (auto t = ParseRfc3339(value)) {
    text = std::move(value);
    unix_seconds = *t;
  } else {
    r.Add(BadTimestamp(std::string(key)));
  }
}

void ReadDocument(Reader& r, const Json& doc, Initiative& out) {
  if (Reader::Find(doc, "id") == nullptr) r.Add(MissingField("id"));
  r.Formatted(doc, "id", "", IsValidId,
              {"1–64 characters of A–Z, a–z, 0–9, '.', '_', '-'",
               "1–64 Zeichen aus A–Z, a–z, 0–9, '.', '_', '-' sein"},
              out.id);
  if (Reader::Find(doc, "title") == nullptr) r.Add(MissingField("title"));
  r.Text(doc, "title", "", 1, 300, out.title);
  r.Text(doc, "summary", "", 0, 2000, out.summary);
  r.Text(doc, "description", "", 0, 20000, out.description);
  r.Text(doc, "organisation", "", 0, 300, out.organisation);
  r.Formatted(doc, "language", "", IsLanguageSubtag,
              {"a 2–3 letter lower-case language code such as de or en",
               "ein Sprachkürzel aus 2–3 Kleinbuchstaben wie de oder en sein"},
              out.language);
  r.Text(doc, "city", "", 1, 100, out.city);
  r.Text(doc, "district", "", 0, 100, out.district);
  r.Text(doc, "neighbourhood", "", 0, 100, out.neighbourhood);
  r.Formatted(doc, "postcode", "", IsPostcode,
              {"a postcode of 4–5 digits", "eine Postleitzahl aus 4–5 Ziffern sein"},
              out.postcode);
  ReadLocationAndContact(r, doc, out);
  ReadLists(r, doc, out);
  if (const Json* status = Reader::Find(doc, "status")) {
    auto parsed = status->is_string() ? ParseInitiativeStatus(status->get<std::string>())
                                      : std::nullopt;
    if (parsed) {
      out.status = *parsed;
    } else {
      r.Add(NotOneOf("status", Shown(*status), "active, paused, completed"));
    }
  }
  ReadTimestamp(r, doc, "created_at", out.created_at, out.created_unix);
  ReadTimestamp(r, doc, "updated_at", out.updated_at, out.updated_unix);
  ReadEmbedding(r, doc, out);
  r.RejectUnknown(doc, "",
                  {"id", "title", "summary", "description", "organisation", "language", "city",
                   "district", "neighbourhood", "postcode", "location", "topics",
                   "target_groups", "languages_spoken", "needs", "status", "created_at",
                   "updated_at", "contact", "embedding"});
}

// Strips nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: ".
std::string ParseErrorDetail(const char* what) {
  std::string_view s(what);
  const size_t colon = s.find(": ");
  return std::string(colon == std::string_view::npos ? s : s.substr(colon + 2));
}

}  // namespace

ParsedInitiative ParseInitiative(std::string_view json_text) {
  ParsedInitiative result;
  auto& errors = result.errors;
  if (!IsValidUtf8(json_text)) {
    errors.push_back(InvalidUtf8());
    return result;
  }
  if (NestingDepth(json_text, kMaxDepth) > kMaxDepth) {
    errors.push_back(NestedTooDeeply(kMaxDepth));
    return result;
  }
  Json doc;
  try {
    doc = Json::parse(json_text.begin(), json_text.end());
  } catch (const Json::parse_error& e) {
    // nlohmann counts bytes from 1 (the last byte read); report the 0-based offset.
    errors.push_back(InvalidJson(e.byte > 0 ? e.byte - 1 : 0, ParseErrorDetail(e.what())));
    return result;
  } catch (const Json::exception& e) {  // e.g. number out of range
    errors.push_back(InvalidJson(0, ParseErrorDetail(e.what())));
    return result;
  }
  if (!doc.is_object()) {
    errors.push_back(NotAnObject());
    return result;
  }
  Reader reader(errors);
  try {
    ReadDocument(reader, doc, result.initiative);
  } catch (const Json::exception& e) {  // a bug in the reader; never let it escape
    errors.push_back(InvalidJson(0, ParseErrorDetail(e.what())));
    return result;
  }
  codec_internal::CanonicaliseGeography(result.initiative, errors);
  return result;
}

}  // namespace hilfsnetz::schemas
