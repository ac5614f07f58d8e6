// ParseCompanyProfile: JSON text -> checked schemas::CompanyProfile. The checks mirror
// schemas/company.schema.json one for one; tests/schemas runs both this code and a JSON Schema
// validator over the same fixtures to keep the two in agreement.
#include "schemas/codec/company_codec.h"

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "geo/berlin.h"
#include "schemas/codec/derive_location.h"
#include "schemas/codec/json_reader.h"
#include "schemas/codec/messages.h"
#include "schemas/codec/text_checks.h"

namespace hilfsnetz::schemas {
namespace {

using namespace codec_internal;  // NOLINT: this file is the codec

constexpr size_t kMaxOffers = 50;
constexpr size_t kMaxExcludeIds = 1000;
constexpr double kMaxRadiusKm = 1000;
constexpr size_t kUnlimited = std::numeric_limits<size_t>::max();

void ReadOffer(Reader& r, const Json& v, const std::string& path, Offer& offer) {
  if (!v.is_object()) {
    r.Add(WrongType(path, JsonKind::kObject));
    return;
  }
  const double inf = std::numeric_limits<double>::infinity();
  ReadNeedType(r, v, path, offer.type);
  r.Text(v, "description", path, 0, 2000, offer.description);
  // "quantity": "ca. 50 kg pro Woche" is not parsed (units and periods vary too much to read
  // reliably): the message says where such a text belongs.
  auto number = [&](std::string_view key) -> std::optional<double> {
    const Json* n = Reader::Find(v, key);
    if (n != nullptr && n->is_string()) {
      r.Add(BadFormat(Join(path, key),
                      "a number; an amount in words such as \"" +
                          Truncated(n->get<std::string>(), 60) + "\" belongs in the description",
                      "eine Zahl sein; eine Angabe in Worten wie „" +
                          Truncated(n->get<std::string>(), 60) + "“ gehört in die Beschreibung"));
      return std::nullopt;
    }
    return r.Number(v, key, path, 0, inf);
  };
  offer.amount_eur = number("amount_eur");
  offer.quantity = number("quantity");
  offer.hours = number("hours");
  r.RejectUnknown(v, path, {"type", "description", "amount_eur", "quantity", "hours"});
}

// An array at top-level `key` with at most `max_items` entries. Too many is reported, and the
// items are still checked (as a JSON Schema validator does).
const Json* BoundedArray(Reader& r, const Json& doc, std::string_view key, size_t max_items) {
  const Json* array = r.Array(doc, key);
  if (array != nullptr && array->size() > max_items) {
    r.Add(TooManyItems(std::string(key), 0, max_items));
  }
  return array;
}

void ReadOffers(Reader& r, const Json& doc, CompanyProfile& out) {
  const Json* offers = BoundedArray(r, doc, "offers", kMaxOffers);
  if (offers == nullptr) return;
  for (size_t i = 0; i < offers->size(); ++i) {
    Offer offer;
    ReadOffer(r, (*offers)[i], At("offers", i), offer);
    out.offers.push_back(std::move(offer));
  }
}

void ReadLanguages(Reader& r, const Json& doc, CompanyProfile& out) {
  const Json* langs = r.Array(doc, "languages");
  if (langs == nullptr) return;
  std::set<std::string> seen;
  for (size_t i = 0; i < langs->size(); ++i) {
    std::string tag;
    if (!r.TextValue((*langs)[i], At("languages", i), 0, kUnlimited, tag)) continue;
    if (!IsLanguageSubtag(tag)) {
      r.Add(BadFormat(At("languages", i), "a 2–3 letter lower-case language code such as de",
                      "ein Sprachkürzel aus 2–3 Kleinbuchstaben wie de sein"));
    } else if (!seen.insert(tag).second) {
      r.Add(Duplicate(At("languages", i), tag));
    } else {
      out.languages.push_back(std::move(tag));
    }
  }
}

void ReadExcludeIds(Reader& r, const Json& doc, CompanyProfile& out) {
  const Json* ids = BoundedArray(r, doc, "exclude_ids", kMaxExcludeIds);
  if (ids == nullptr) return;
  for (size_t i = 0; i < ids->size(); ++i) {
    std::string id;
    if (!r.TextValue((*ids)[i], At("exclude_ids", i), 0, kUnlimited, id)) continue;
    if (IsValidId(id)) {
      out.exclude_ids.push_back(std::move(id));
    } else {
      r.Add(BadFormat(At("exclude_ids", i),
                      "an initiative id: 1–64 characters of A–Z, a–z, 0–9, '.', '_', '-'",
                      "eine Initiativen-ID aus 1–64 Zeichen A–Z, a–z, 0–9, '.', '_', '-' sein"));
    }
  }
}

// radius_km: a number in (0, 1000] (the schema's exclusiveMinimum 0).
void ReadRadius(Reader& r, const Json& doc, CompanyProfile& out) {
  const Json* v = Reader::Find(doc, "radius_km");
  if (v == nullptr) return;
  if (!v->is_number()) {
    r.Add(WrongType("radius_km", JsonKind::kNumber));
    return;
  }
  const double d = v->get<double>();
  if (!(d > 0 && d <= kMaxRadiusKm)) {
    r.Add(BadFormat("radius_km", "greater than 0 and at most 1000",
                    "größer als 0 und höchstens 1000 sein"));
    return;
  }
  out.radius_km = d;
}

// weights: an object of known component names, each a number in [0, 1], not all 0.
void ReadWeights(Reader& r, const Json& doc, CompanyProfile& out) {
  const Json* w = r.Object(doc, "weights", "weights");
  if (w == nullptr) return;
  WeightOverrides& o = out.weights;
  o.need_match = r.Number(*w, "need_match", "weights", 0, 1);
  o.semantic = r.Number(*w, "semantic", "weights", 0, 1);
  o.proximity = r.Number(*w, "proximity", "weights", 0, 1);
  o.topics = r.Number(*w, "topics", "weights", 0, 1);
  o.languages = r.Number(*w, "languages", "weights", 0, 1);
  o.urgency = r.Number(*w, "urgency", "weights", 0, 1);
  r.RejectUnknown(*w, "weights",
                  {"need_match", "semantic", "proximity", "topics", "languages", "urgency"});
  bool all_given = true, all_zero = true;
  for (const std::optional<double>* v :
       {&o.need_match, &o.semantic, &o.proximity, &o.topics, &o.languages, &o.urgency}) {
    all_given = all_given && v->has_value();
    all_zero = all_zero && (!v->has_value() || **v == 0);
  }
  if (all_given && all_zero) {
    r.Add(BadFormat("weights", "a set of weights with at least one above 0",
                    "eine Menge von Gewichten mit mindestens einem über 0 sein"));
  }
}

// limit: an integer in [1, 100]. Like JSON Schema, 10.0 counts as an integer.
void ReadLimit(Reader& r, const Json& doc, CompanyProfile& out) {
  const Json* v = Reader::Find(doc, "limit");
  if (v == nullptr) return;
  const double d = v->is_number() ? v->get<double>() : 0.5;
  if (!v->is_number() || std::floor(d) != d) {
    r.Add(BadFormat("limit", "a whole number from 1 to 100", "eine ganze Zahl von 1 bis 100 sein"));
    return;
  }
  if (d < 1 || d > CompanyProfile::kMaxLimit) {
    r.Add(OutOfRange("limit", 1, CompanyProfile::kMaxLimit));
    return;
  }
  out.limit = static_cast<int>(d);
}

void ReadDocument(Reader& r, const Json& doc, CompanyProfile& out) {
  if (Reader::Find(doc, "name") == nullptr) r.Add(MissingField("name"));
  r.Text(doc, "name", "", 1, 200, out.name);
  r.Text(doc, "description", "", 0, 5000, out.description);
  r.Text(doc, "industry", "", 0, 200, out.industry);
  r.Text(doc, "district", "", 0, 100, out.district);
  r.Text(doc, "neighbourhood", "", 0, 100, out.neighbourhood);
  r.Formatted(doc, "postcode", "", IsPostcode,
              {"a postcode of 4–5 digits", "eine Postleitzahl aus 4–5 Ziffern sein"}, out.postcode);
  ReadLocation(r, doc, out.location);
  ReadOffers(r, doc, out);
  ReadTopics(r, doc, "topics", out.topics);
  ReadLanguages(r, doc, out);
  ReadRadius(r, doc, out);
  ReadExcludeIds(r, doc, out);
  ReadLimit(r, doc, out);
  ReadEmbedding(r, doc, out.embedding);
  ReadWeights(r, doc, out);
  r.RejectUnknown(doc, "",
                  {"name", "description", "industry", "district", "neighbourhood", "postcode",
                   "location", "offers", "topics", "languages", "radius_km", "exclude_ids", "limit",
                   "embedding", "weights"});
}

// The initiative rules, applied through a Berlin Initiative that carries only the
// geography, so that both records derive exactly alike.
void DeriveGeography(CompanyProfile& profile, std::vector<FieldError>& errors) {
  // A company's Ortsteil or Kiez is only there to place it: a name the tables do not know
  // would silently place it nowhere.
  if (!profile.neighbourhood.empty()) {
    const geo::Berlin& berlin = geo::Berlin::Get();
    if (!berlin.FindOrtsteil(profile.neighbourhood) && !berlin.FindKiez(profile.neighbourhood)) {
      // Through the reader's cap: the list may already be full (issue 10, found by fuzz/).
      Reader(errors).Add(
          BadFormat("neighbourhood", "a Berlin Ortsteil or Kiez, e.g. Wedding or Reuterkiez",
                    "ein Berliner Ortsteil oder Kiez sein, z. B. Wedding oder Reuterkiez"));
    }
  }
  Initiative place;
  place.neighbourhood = std::move(profile.neighbourhood);
  place.district = std::move(profile.district);
  place.postcode = std::move(profile.postcode);
  place.location = profile.location;
  codec_internal::CanonicaliseGeography(place, errors);
  profile.district = std::move(place.district);
  profile.neighbourhood = std::move(place.neighbourhood);
  profile.postcode = std::move(place.postcode);
  profile.location = place.location;
}

}  // namespace

ParsedCompany ParseCompanyProfile(std::string_view json_text) {
  ParsedCompany result;
  auto& errors = result.errors;
  Json doc;
  if (!ParseJsonObject(json_text, doc, errors)) return result;
  Reader reader(errors);
  try {
    ReadDocument(reader, doc, result.profile);
  } catch (const Json::exception& e) {  // a bug in the reader; never let it escape
    errors.push_back(InvalidJson(0, ParseErrorDetail(e.what())));
    return result;
  }
  DeriveGeography(result.profile, errors);
  return result;
}

}  // namespace hilfsnetz::schemas
