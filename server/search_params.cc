#include "server/search_params.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

#include "core/loose_key.h"
#include "ranking/staff_syntax.h"
#include "text/query_language.h"

namespace hilfsnetz::server {
namespace {

using ranking::SearchRequest;

constexpr size_t kMaxQueryChars = 500;
// Values one filter parameter may list. Xapian's matcher recursed once per value of an OR-ed
// filter, its time growing quadratically (16,000 neighbourhood values: 5.3 s, issue 10); a
// page never sends more than a few, and Berlin has 12 Bezirke and 96 Ortsteile.
constexpr size_t kMaxFilterValues = 200;
const std::set<std::string> kKnown = {
    "q",      "district", "neighbourhood", "need", "topic",  "language",
    "status", "near",     "radius_km",     "sort", "page",   "per_page",
    "facets", "mode",     "vector",        "lang", "prefix", "sums"};
const std::set<std::string> kSingle = {"q",        "near", "radius_km", "sort", "page",
                                       "per_page", "mode", "vector",    "lang", "prefix"};

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::optional<long> ParseInt(const std::string& s) {
  long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> ParseDouble(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<std::string> TopicList() { return schemas::TopicNames(); }

// "v1,v2,…" -> floats; the first bad value is named by position (1-based).
std::optional<ApiError> ParseVector(const std::string& value, std::vector<float>& out) {
  if (value.empty()) {
    return InvalidParameter(
        "vector", "vector is empty; give comma-separated numbers such as 0.12,-0.5,1e-3",
        "vector ist leer; erwartet werden durch Kommas getrennte Zahlen wie 0.12,-0.5,1e-3");
  }
  const std::vector<std::string> parts = SplitCommas(value);
  if (parts.size() > kMaxVectorValues) {
    return InvalidParameter("vector",
                            "vector has " + std::to_string(parts.size()) + " values; at most " +
                                std::to_string(kMaxVectorValues) + " are allowed",
                            "vector hat " + std::to_string(parts.size()) + " Werte; höchstens " +
                                std::to_string(kMaxVectorValues) + " sind erlaubt");
  }
  out.clear();
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string part = parts[i];
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    auto v = ParseDouble(part);
    if (!v || std::abs(*v) > std::numeric_limits<float>::max()) {
      const std::string n = std::to_string(i + 1);
      return InvalidParameter(
          "vector",
          "vector: value " + n + " (\"" + part +
              "\") is not a finite 32-bit number; "
              "expected comma-separated numbers such as 0.12,-0.5,1e-3",
          "vector: Wert " + n + " („" + part +
              "“) ist keine endliche 32-Bit-Zahl; "
              "erwartet werden durch Kommas getrennte Zahlen wie 0.12,-0.5,1e-3");
    }
    out.push_back(static_cast<float>(*v));
  }
  return std::nullopt;
}

std::optional<ApiError> ApplyFilter(const std::string& key, const std::string& value,
                                    SearchRequest& req) {
  if (value.empty()) {
    return InvalidParameter(key, key + ": empty value", key + ": leerer Wert");
  }
  const ranking::Filters& f = req.filters;
  const size_t listed = key == "district"        ? f.districts.size()
                        : key == "neighbourhood" ? f.neighbourhoods.size()
                        : key == "need"          ? f.needs.size()
                        : key == "topic"         ? f.topics.size()
                        : key == "language"      ? f.languages.size()
                                                 : f.statuses.size();
  if (listed >= kMaxFilterValues) {
    const std::string n = std::to_string(kMaxFilterValues);
    return InvalidParameter(key, key + ": at most " + n + " values may be given",
                            key + ": höchstens " + n + " Werte sind erlaubt");
  }
  const auto& berlin = geo::Berlin::Get();
  if (key == "district") {
    const geo::District* d = berlin.FindDistrict(value);
    if (!d) {
      std::vector<std::string> valid;
      for (const auto& x : berlin.districts()) valid.push_back(x.name);
      return InvalidParameter(key, "unknown district \"" + value + "\"",
                              "unbekannter Bezirk „" + value + "“", valid);
    }
    req.filters.districts.push_back(d->name);
  } else if (key == "neighbourhood") {
    const geo::Ortsteil* o = berlin.FindOrtsteil(value);
    req.filters.neighbourhoods.push_back(o ? o->name : value);
  } else if (key == "need") {
    auto need = ranking::NeedTypeFromAlias(value);
    if (!need) {
      return InvalidParameter(key, "unknown need type \"" + value + "\"",
                              "unbekannte Bedarfsart „" + value + "“",
                              {"money", "goods", "volunteers", "expertise", "space", "jobs"});
    }
    req.filters.needs.push_back(*need);
  } else if (key == "topic") {
    auto topic = ranking::TopicFromAlias(value);
    if (!topic) {
      return InvalidParameter(key, "unknown topic \"" + value + "\"",
                              "unbekanntes Thema „" + value + "“", TopicList());
    }
    req.filters.topics.push_back(*topic);
  } else if (key == "language") {
    std::string tag = LooseKey(value);
    if (tag.size() < 2 || tag.size() > 3 ||
        tag.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) {
      return InvalidParameter(key, "language must be a BCP 47 primary tag such as de, en, ar",
                              "language muss ein Sprachkürzel wie de, en, ar sein");
    }
    req.filters.languages.push_back(tag);
  } else if (key == "status") {
    auto s = schemas::ParseInitiativeStatus(value);
    if (!s) {
      return InvalidParameter(key, "unknown status \"" + value + "\"",
                              "unbekannter Status „" + value + "“",
                              {"active", "paused", "completed"});
    }
    req.filters.statuses.push_back(*s);
  }
  return std::nullopt;
}

std::optional<ApiError> ApplySingle(const std::string& key, const std::string& value,
                                    SearchRequest& req) {
  if (key == "q") {
    if (CodePoints(value) > kMaxQueryChars) {
      return InvalidParameter("q", "q is too long: at most 500 characters",
                              "q ist zu lang: höchstens 500 Zeichen");
    }
    req.q = value;
  } else if (key == "page" || key == "per_page") {
    auto v = ParseInt(value);
    const long max = key == "page" ? 1000 : 100;
    if (!v || *v < 1 || *v > max) {
      return InvalidParameter(
          key, key + " must be a whole number from 1 to " + std::to_string(max),
          key + " muss eine ganze Zahl von 1 bis " + std::to_string(max) + " sein");
    }
    (key == "page" ? req.page : req.per_page) = static_cast<int>(*v);
  } else if (key == "sort") {
    static const std::map<std::string, ranking::SortOrder> kSorts = {
        {"relevance", ranking::SortOrder::kRelevance},
        {"newest", ranking::SortOrder::kNewest},
        {"distance", ranking::SortOrder::kDistance},
        {"funding_gap", ranking::SortOrder::kFundingGap}};
    auto it = kSorts.find(value);
    if (it == kSorts.end()) {
      return InvalidParameter("sort", "unknown sort \"" + value + "\"",
                              "unbekannte Sortierung „" + value + "“",
                              {"relevance", "newest", "distance", "funding_gap"});
    }
    req.sort = it->second;
  } else if (key == "near") {
    auto place = ResolvePlace(value);
    if (!place) {
      return InvalidParameter(
          "near", "near must be \"lat,lon\", a Berlin postcode, Ortsteil, Kiez or district",
          "near muss „lat,lon“, eine Berliner Postleitzahl, ein Ortsteil, Kiez oder Bezirk sein");
    }
    req.near = place;
  } else if (key == "radius_km") {
    auto v = ParseDouble(value);
    if (!v || *v <= 0 || *v > 1000) {
      return InvalidParameter("radius_km", "radius_km must be a number above 0 and at most 1000",
                              "radius_km muss eine Zahl über 0 und höchstens 1000 sein");
    }
    req.radius_km = v;
  } else if (key == "vector") {
    return ParseVector(value, req.vector);
  } else if (key == "lang") {
    const std::string tag = LooseKey(value);
    if (!text::IsQueryLanguage(tag)) {
      return InvalidParameter(
          "lang", "lang: the language q is written in must be one of de, en, ar, uk, ru, tr, fa",
          "lang: die Sprache von q muss eine von de, en, ar, uk, ru, tr, fa sein",
          {"de", "en", "ar", "uk", "ru", "tr", "fa"});
    }
    req.lang = tag;
  } else if (key == "prefix") {
    if (value == "last") {
      req.prefix = ranking::PrefixMode::kLast;
    } else if (value == "none") {
      req.prefix = ranking::PrefixMode::kNone;
    } else {
      return InvalidParameter("prefix", "unknown prefix mode \"" + value + "\"",
                              "unbekannter prefix-Modus „" + value + "“", {"none", "last"});
    }
  } else if (key == "mode") {
    if (value == "lexical") {
      req.mode = ranking::SearchMode::kLexical;
    } else if (value == "hybrid") {
      req.mode = ranking::SearchMode::kHybrid;
    } else {
      return InvalidParameter("mode", "unknown mode \"" + value + "\"",
                              "unbekannter Modus „" + value + "“", {"lexical", "hybrid"});
    }
  }
  return std::nullopt;
}

std::optional<ApiError> ApplyFacets(const std::string& value, SearchRequest& req) {
  static const std::map<std::string, ranking::FacetField> kFacets = {
      {"district", ranking::FacetField::kDistrict},
      {"need", ranking::FacetField::kNeed},
      {"topic", ranking::FacetField::kTopic},
      {"language", ranking::FacetField::kLanguage},
      {"status", ranking::FacetField::kStatus},
      {"neighbourhood", ranking::FacetField::kNeighbourhood}};
  for (const std::string& name : SplitCommas(value)) {
    auto it = kFacets.find(name);
    if (it == kFacets.end()) {
      return InvalidParameter("facets", "unknown facet \"" + name + "\"",
                              "unbekannte Facette „" + name + "“",
                              {"district", "need", "topic", "language", "status", "neighbourhood"});
    }
    if (std::find(req.facets.begin(), req.facets.end(), it->second) == req.facets.end()) {
      req.facets.push_back(it->second);
    }
  }
  return std::nullopt;
}

// sums=funding_gap_eur: the open EUR over every match and per facet bucket.
std::optional<ApiError> ApplySums(const std::string& value, SearchRequest& req) {
  for (const std::string& name : SplitCommas(value)) {
    if (name != "funding_gap_eur") {
      return InvalidParameter("sums", "unknown sum \"" + name + "\"",
                              "unbekannte Summe „" + name + "“", {"funding_gap_eur"});
    }
    if (req.sums.empty()) req.sums.push_back(ranking::SumField::kFundingGapEur);
  }
  return std::nullopt;
}

}  // namespace

std::optional<geo::LatLon> ResolvePlace(const std::string& value) {
  const auto comma = value.find(',');
  if (comma != std::string::npos) {
    auto lat = ParseDouble(value.substr(0, comma));
    auto lon = ParseDouble(value.substr(comma + 1));
    if (lat && lon && std::abs(*lat) <= 90 && std::abs(*lon) <= 180) return geo::LatLon{*lat, *lon};
    return std::nullopt;
  }
  const auto& berlin = geo::Berlin::Get();
  if (const geo::Postcode* p = berlin.FindPostcode(value)) return p->centroid;
  if (const geo::Ortsteil* o = berlin.FindOrtsteil(value)) return o->centroid;
  if (const geo::District* d = berlin.FindDistrict(value)) return d->centroid;
  if (const geo::Kiez* k = berlin.FindKiez(value)) return k->centroid;
  return std::nullopt;
}

std::variant<SearchRequest, ApiError> ParseSearchParams(const Params& params) {
  SearchRequest req;
  for (const auto& [key, value] : params) {
    if (!kKnown.count(key)) {
      std::vector<std::string> valid(kKnown.begin(), kKnown.end());
      return InvalidParameter(key, "unknown parameter \"" + key + "\"",
                              "unbekannter Parameter „" + key + "“", valid);
    }
    if (!IsValidUtf8(value)) {
      return InvalidParameter(key, key + " is not valid UTF-8", key + " ist kein gültiges UTF-8");
    }
    if (kSingle.count(key) && params.count(key) > 1) {
      return InvalidParameter(key, key + " may be given only once",
                              key + " darf nur einmal vorkommen");
    }
    std::optional<ApiError> err;
    if (key == "facets") {
      err = ApplyFacets(value, req);
    } else if (key == "sums") {
      err = ApplySums(value, req);
    } else if (kSingle.count(key)) {
      err = ApplySingle(key, value, req);
    } else {
      err = ApplyFilter(key, value, req);
    }
    if (err) return *err;
  }
  if (req.radius_km && !req.near) {
    return InvalidParameter("radius_km", "radius_km needs near", "radius_km braucht near");
  }
  if (req.sort == ranking::SortOrder::kDistance && !req.near) {
    return InvalidParameter("sort", "sort=distance needs near", "sort=distance braucht near");
  }
  if (!req.vector.empty()) {
    // A vector asks for hybrid search; it cannot be honoured by a lexical or non-relevance
    // search, so those are refused rather than silently ignoring it.
    if (params.count("mode") && req.mode != ranking::SearchMode::kHybrid) {
      return InvalidParameter("vector", "vector needs mode=hybrid (or no mode)",
                              "vector braucht mode=hybrid (oder keinen mode)");
    }
    if (req.sort != ranking::SortOrder::kRelevance) {
      return InvalidParameter(
          "vector", "vector orders by similarity and needs sort=relevance (or no sort)",
          "vector ordnet nach Ähnlichkeit und braucht sort=relevance (oder kein sort)");
    }
    req.mode = ranking::SearchMode::kHybrid;
  }
  return req;
}

std::variant<ranking::SuggestRequest, ApiError> ParseSuggestParams(const Params& params) {
  static const std::set<std::string> kSuggestKnown = {
      "q", "district", "neighbourhood", "need", "topic", "language", "status", "lang", "limit"};
  ranking::SuggestRequest out;
  SearchRequest filters;  // the filters are parsed as for search
  for (const auto& [key, value] : params) {
    if (!kSuggestKnown.count(key)) {
      return InvalidParameter(key, "unknown parameter \"" + key + "\"",
                              "unbekannter Parameter „" + key + "“",
                              std::vector<std::string>(kSuggestKnown.begin(), kSuggestKnown.end()));
    }
    if (!IsValidUtf8(value))
      return InvalidParameter(key, key + " is not valid UTF-8", key + " ist kein gültiges UTF-8");
    const bool single = key == "q" || key == "lang" || key == "limit";
    if (single && params.count(key) > 1) {
      return InvalidParameter(key, key + " may be given only once",
                              key + " darf nur einmal vorkommen");
    }
    std::optional<ApiError> err;
    if (key == "limit") {
      auto v = ParseInt(value);
      if (!v || *v < 1 || *v > ranking::kMaxSuggestions) {
        return InvalidParameter("limit", "limit must be a whole number from 1 to 20",
                                "limit muss eine ganze Zahl von 1 bis 20 sein");
      }
      out.limit = static_cast<int>(*v);
    } else if (single) {
      err = ApplySingle(key, value, filters);
    } else {
      err = ApplyFilter(key, value, filters);
    }
    if (err) return *err;
  }
  if (filters.q.find_first_not_of(" \t\n") == std::string::npos) {
    return InvalidParameter("q", "q is missing: give the text typed so far",
                            "q fehlt: bitte den bisher getippten Text angeben");
  }
  out.q = filters.q;
  out.lang = filters.lang;
  out.filters = std::move(filters.filters);
  return out;
}

}  // namespace hilfsnetz::server
