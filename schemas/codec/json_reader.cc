// The JSON reading helpers shared by the record codecs. nlohmann's exceptions are caught
// here (parsing) or in the codecs (reading) and become FieldErrors.
#include "schemas/codec/json_reader.h"

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "core/loose_key.h"
#include "schemas/codec/text_checks.h"

namespace hilfsnetz::schemas::codec_internal {

std::string Join(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}

std::string At(std::string_view prefix, size_t i) {
  return std::string(prefix) + "[" + std::to_string(i) + "]";
}

void Reader::Add(FieldError e) {
  if (errors_.size() < kMaxErrors) {
    errors_.push_back(std::move(e));
  } else if (errors_.size() == kMaxErrors) {
    errors_.push_back(TooManyErrors(kMaxErrors));
  }
}

void Reader::RejectUnknown(const Json& obj, std::string_view prefix,
                           std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : obj.items()) {
    bool found = false;
    for (std::string_view k : known) found = found || k == key;
    if (!found) Add(UnknownField(Join(prefix, Truncated(key, 100))));
  }
}

bool Reader::Text(const Json& obj, std::string_view key, std::string_view prefix, size_t min_len,
                  size_t max_len, std::string& out) {
  const Json* v = Find(obj, key);
  if (v == nullptr) return false;
  return TextValue(*v, Join(prefix, key), min_len, max_len, out);
}

bool Reader::TextValue(const Json& v, std::string path, size_t min_len, size_t max_len,
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

std::optional<double> Reader::Number(const Json& obj, std::string_view key, std::string_view prefix,
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

const Json* Reader::Array(const Json& obj, std::string_view key) {
  const Json* v = Find(obj, key);
  if (v != nullptr && !v->is_array()) {
    Add(WrongType(std::string(key), JsonKind::kArray));
    return nullptr;
  }
  return v;
}

const Json* Reader::Object(const Json& obj, std::string_view key, std::string path) {
  const Json* v = Find(obj, key);
  if (v != nullptr && !v->is_object()) {
    Add(WrongType(std::move(path), JsonKind::kObject));
    return nullptr;
  }
  return v;
}

const Json* Reader::Find(const Json& obj, std::string_view key) {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

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

void ReadNeedType(Reader& r, const Json& obj, const std::string& path, NeedType& out) {
  if (const Json* type = Reader::Find(obj, "type")) {
    auto parsed = type->is_string() ? ParseNeedType(type->get<std::string>()) : std::nullopt;
    if (parsed) {
      out = *parsed;
    } else {
      r.Add(NotOneOf(Join(path, "type"), Shown(*type), NeedTypeList()));
    }
  } else {
    r.Add(MissingField(Join(path, "type")));
  }
}

void ReadLocation(Reader& r, const Json& doc, std::optional<geo::LatLon>& out) {
  const Json* loc = r.Object(doc, "location", "location");
  if (loc == nullptr) return;
  if (Reader::Find(*loc, "lat") == nullptr) r.Add(MissingField("location.lat"));
  if (Reader::Find(*loc, "lon") == nullptr) r.Add(MissingField("location.lon"));
  auto lat = r.Number(*loc, "lat", "location", -90, 90);
  auto lon = r.Number(*loc, "lon", "location", -180, 180);
  r.RejectUnknown(*loc, "location", {"lat", "lon"});
  if (lat && lon) out = geo::LatLon{*lat, *lon};
}

void ReadTopics(Reader& r, const Json& doc, std::string_view key, std::vector<std::string>& out) {
  const Json* topics = r.Array(doc, key);
  if (topics == nullptr) return;
  std::set<std::string> seen;
  for (size_t i = 0; i < topics->size(); ++i) {
    const Json& t = (*topics)[i];
    if (!t.is_string() || !IsTopic(t.get_ref<const std::string&>())) {
      r.Add(NotOneOf(At(key, i), Shown(t), TopicList()));
    } else if (!seen.insert(t.get<std::string>()).second) {
      r.Add(Duplicate(At(key, i), t.get<std::string>()));
    } else {
      out.push_back(t.get<std::string>());
    }
  }
}

void ReadEmbedding(Reader& r, const Json& doc, std::vector<float>& out) {
  const Json* emb = r.Array(doc, "embedding");
  if (emb == nullptr) return;
  if (emb->empty() || emb->size() > kMaxEmbedding) {
    r.Add(TooManyItems("embedding", 1, kMaxEmbedding));
    return;
  }
  out.reserve(emb->size());
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
    out.push_back(f);
  }
}

bool ParseJsonObject(std::string_view text, Json& doc, std::vector<FieldError>& errors) {
  if (!IsValidUtf8(text)) {
    errors.push_back(InvalidUtf8());
    return false;
  }
  if (NestingDepth(text, kMaxDepth) > kMaxDepth) {
    errors.push_back(NestedTooDeeply(kMaxDepth));
    return false;
  }
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // nlohmann counts bytes from 1 (the last byte read); report the 0-based offset.
    errors.push_back(InvalidJson(e.byte > 0 ? e.byte - 1 : 0, ParseErrorDetail(e.what())));
    return false;
  } catch (const Json::exception& e) {  // e.g. number out of range
    errors.push_back(InvalidJson(0, ParseErrorDetail(e.what())));
    return false;
  }
  if (!doc.is_object()) {
    errors.push_back(NotAnObject());
    return false;
  }
  return true;
}

// Strips nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: ".
// nlohmann quotes the bytes it read up to the failing one ("last read: '…'"), which can stop
// inside a multi-byte character of valid input; such bytes become U+FFFD, so the message
// stays valid UTF-8 (it is printed and sent in JSON answers). Found by fuzz/ (issue 10).
std::string ParseErrorDetail(const char* what) {
  std::string_view s(what);
  const size_t colon = s.find(": ");
  if (colon != std::string_view::npos) s.remove_prefix(colon + 2);
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (i + n <= s.size() && IsValidUtf8(s.substr(i, n))) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

}  // namespace hilfsnetz::schemas::codec_internal
