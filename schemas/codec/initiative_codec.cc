// ParseInitiative: JSON text -> checked schemas::Initiative. nlohmann/json stays in the codec's
// .cc files (json_reader.cc has the helpers shared with company_codec.cc); its exceptions are
// caught there or here and become FieldErrors.
//
// The checks mirror schemas/initiative.schema.json one for one; tests/schemas runs both this
// code and a JSON Schema validator over the same fixtures to keep the two in agreement.
#include "schemas/codec/initiative_codec.h"

#include <limits>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "schemas/codec/derive_location.h"
#include "schemas/codec/json_reader.h"
#include "schemas/codec/messages.h"
#include "schemas/codec/rfc3339.h"
#include "schemas/codec/text_checks.h"

namespace hilfsnetz::schemas {
namespace {

using namespace codec_internal;  // NOLINT: this file is the codec

void ReadNeed(Reader& r, const Json& v, const std::string& path, Need& need) {
  if (!v.is_object()) {
    r.Add(WrongType(path, JsonKind::kObject));
    return;
  }
  const double inf = std::numeric_limits<double>::infinity();
  ReadNeedType(r, v, path, need.type);
  r.Text(v, "description", path, 0, 2000, need.description);
  need.amount_eur = r.Number(v, "amount_eur", path, 0, inf);
  need.raised_eur = r.Number(v, "raised_eur", path, 0, inf);
  need.quantity = r.Number(v, "quantity", path, 0, inf);
  need.hours = r.Number(v, "hours", path, 0, inf);
  r.RejectUnknown(v, path,
                  {"type", "description", "amount_eur", "raised_eur", "quantity", "hours"});
}

void ReadLists(Reader& r, const Json& doc, Initiative& out) {
  ReadTopics(r, doc, "topics", out.topics);
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
  ReadLocation(r, doc, out.location);
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
              {"a postcode of 4–5 digits", "eine Postleitzahl aus 4–5 Ziffern sein"}, out.postcode);
  ReadLocationAndContact(r, doc, out);
  ReadLists(r, doc, out);
  if (const Json* status = Reader::Find(doc, "status")) {
    auto parsed =
        status->is_string() ? ParseInitiativeStatus(status->get<std::string>()) : std::nullopt;
    if (parsed) {
      out.status = *parsed;
    } else {
      r.Add(NotOneOf("status", Shown(*status), "active, paused, completed"));
    }
  }
  ReadTimestamp(r, doc, "created_at", out.created_at, out.created_unix);
  ReadTimestamp(r, doc, "updated_at", out.updated_at, out.updated_unix);
  ReadEmbedding(r, doc, out.embedding);
  r.RejectUnknown(doc, "",
                  {"id",       "title",      "summary",       "description",      "organisation",
                   "language", "city",       "district",      "neighbourhood",    "postcode",
                   "location", "topics",     "target_groups", "languages_spoken", "needs",
                   "status",   "created_at", "updated_at",    "contact",          "embedding"});
}

ParsedInitiative Decode(std::string_view json_text) {
  ParsedInitiative result;
  auto& errors = result.errors;
  Json doc;
  if (!ParseJsonObject(json_text, doc, errors)) return result;
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

}  // namespace

ParsedInitiative ParseInitiative(std::string_view json_text) { return Decode(json_text); }

}  // namespace hilfsnetz::schemas
