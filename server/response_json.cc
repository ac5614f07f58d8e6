#include "server/response_json.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace hilfsnetz::server {
namespace {

// ordered_json: fields and facet values keep the order written here (facets by count).
using json = nlohmann::ordered_json;

double Round(double v, double scale) { return std::round(v * scale) / scale; }

// Integral amounts print as integers (700, not 700.0).
json Number(double v) {
  if (std::abs(v) < 9e15 && v == std::floor(v)) return static_cast<int64_t>(v);
  return v;
}

// Cents as EUR: an integer when whole; else the double nearest to the decimal, which prints
// as that decimal (cents below 2^53 are exact in a double).
json Eur(int64_t cents) {
  if (cents % 100 == 0) return cents / 100;
  return static_cast<double>(cents) / 100.0;
}

json NeedJson(const schemas::Need& n) {
  json j = {{"type", std::string(schemas::NeedTypeName(n.type))}};
  if (!n.description.empty()) j["description"] = n.description;
  if (n.amount_eur) j["amount_eur"] = Number(*n.amount_eur);
  if (n.raised_eur) j["raised_eur"] = Number(*n.raised_eur);
  if (n.quantity) j["quantity"] = Number(*n.quantity);
  if (n.hours) j["hours"] = Number(*n.hours);
  return j;
}

json HitJson(const ranking::Hit& hit) {
  const schemas::Initiative& r = hit.record;
  json needs = json::array();
  for (const schemas::Need& n : r.needs) needs.push_back(NeedJson(n));
  json j = {
      {"id", r.id},
      {"title", r.title},
      {"summary", r.summary},
      {"district", r.district},
      {"neighbourhood", r.neighbourhood},
      {"topics", r.topics},
      {"needs", needs},
      {"status", std::string(schemas::InitiativeStatusName(r.status))},
      {"language", r.language},
      {"score", Round(hit.score, 1e4)},
      {"tier", hit.tier},
      {"highlights",
       {{"title", hit.highlights.title},
        {"summary", hit.highlights.summary},
        {"description", hit.highlights.description}}},
  };
  if (r.FundingGap() > 0) j["funding_gap_eur"] = Number(r.FundingGap());
  if (hit.distance_km) j["distance_km"] = Round(*hit.distance_km, 1e3);
  if (hit.lexical_score || hit.semantic_score) {
    json c = json::object();
    c["lexical"] = hit.lexical_score ? json(Round(*hit.lexical_score, 1e4)) : json(nullptr);
    c["semantic"] = hit.semantic_score ? json(Round(*hit.semantic_score, 1e4)) : json(nullptr);
    j["components"] = c;
  } else if (hit.bm25) {
    j["components"] = {{"lexical", Round(*hit.bm25, 1e4)}};
  }
  return j;
}

json ReasonsJson(const std::vector<ranking::Reason>& reasons) {
  json out = json::array();
  for (const ranking::Reason& r : reasons) {
    json j = {{"code", r.code}, {"de", r.de}, {"en", r.en}};
    if (!r.component.empty()) {
      j["component"] = r.component;
      j["share"] = Round(r.share, 1e3);
    }
    out.push_back(std::move(j));
  }
  return out;
}

// The fields of a record every ranked list shows.
json RecordSummaryJson(const schemas::Initiative& r) {
  json needs = json::array();
  for (const schemas::Need& n : r.needs) needs.push_back(NeedJson(n));
  return {{"id", r.id},
          {"title", r.title},
          {"summary", r.summary},
          {"district", r.district},
          {"neighbourhood", r.neighbourhood},
          {"topics", r.topics},
          {"needs", needs}};
}

}  // namespace

std::string RecommendationsJson(const std::vector<ranking::Recommendation>& hits,
                                const schemas::CompanyProfile& profile) {
  json notices = json::array();
  if (!profile.location && profile.district.empty()) {
    // Never a silent zero: say why no hit is near.
    if (!profile.postcode.empty()) {
      notices.push_back(
          {{"code", "no_proximity"},
           {"en",
            "Postcode " + profile.postcode +
                " is not in Berlin: proximity is not applied (give a location to measure from)."},
           {"de",
            "Die Postleitzahl " + profile.postcode +
                " liegt nicht in Berlin: die Nähe zählt nicht (mit location wird sie gemessen)."}});
    } else {
      notices.push_back(
          {{"code", "no_proximity"},
           {"en",
            "The profile names no place (district, neighbourhood, postcode or location): proximity "
            "is not applied."},
           {"de",
            "Das Profil nennt keinen Ort (district, neighbourhood, postcode oder location): die "
            "Nähe zählt nicht."}});
    }
  }
  json list = json::array();
  for (const ranking::Recommendation& h : hits) {
    const ranking::RecoComponents& c = h.components;
    json j = RecordSummaryJson(h.record);
    j["score"] = Round(c.total, 1e4);
    j["components"] = {
        {"need_match", Round(c.need_match, 1e4)}, {"semantic", Round(c.semantic, 1e4)},
        {"proximity", Round(c.proximity, 1e4)},   {"topics", Round(c.topics, 1e4)},
        {"languages", Round(c.languages, 1e4)},   {"urgency", Round(c.urgency, 1e4)},
        {"fairness", Round(c.fairness, 1e4)}};
    // weight × component: these add up to the score.
    json contributions = json::object();
    for (const auto& [name, value] : ranking::Contributions(c, h.weights))
      contributions[std::string(name)] = Round(value, 1e4);
    j["contributions"] = contributions;
    j["reasons"] = ReasonsJson(h.reasons);
    list.push_back(j);
  }
  json out{{"hits", list}};
  if (!notices.empty()) out["notices"] = notices;
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string SimilarJson(const std::vector<ranking::SimilarHit>& hits) {
  json list = json::array();
  for (const ranking::SimilarHit& h : hits) {
    json j = RecordSummaryJson(h.record);
    j["score"] = Round(h.score, 1e4);
    j["reasons"] = ReasonsJson(h.reasons);
    list.push_back(j);
  }
  return json{{"hits", list}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string SearchResultJson(const ranking::SearchResult& result,
                             const ranking::SearchRequest& req) {
  json hits = json::array();
  for (const ranking::Hit& h : result.hits) hits.push_back(HitJson(h));
  json facets = json::object();
  for (const auto& [field, counts] : result.facets) {
    json values = json::object();
    for (const auto& [value, count] : counts) values[value] = count;
    facets[std::string(ranking::FacetFieldName(field))] = values;
  }
  json j = {
      {"total", result.total}, {"total_exact", result.total_exact},
      {"page", req.page},      {"per_page", req.per_page},
      {"hits", hits},          {"facets", facets},
  };
  if (!result.sums.empty()) {
    // "sums": {"funding_gap_eur": 1234.5}, "facet_sums": {"funding_gap_eur": {"district":
    // {"Mitte": 500, …}}}: the buckets of "facets", in their order, with their EUR.
    json sums = json::object(), facet_sums = json::object();
    for (const auto& [field, sum] : result.sums) {
      const std::string name(ranking::SumFieldName(field));
      sums[name] = Eur(sum.total_cents);
      json per_facet = json::object();
      for (const auto& [facet, buckets] : sum.facets) {
        json values = json::object();
        for (const auto& [value, cents] : buckets) values[value] = Eur(cents);
        per_facet[std::string(ranking::FacetFieldName(facet))] = values;
      }
      facet_sums[name] = per_facet;
    }
    j["sums"] = sums;
    j["facet_sums"] = facet_sums;
  }
  if (result.did_you_mean) j["did_you_mean"] = *result.did_you_mean;
  json query = {
      {"language", result.query.language.empty() ? json(nullptr) : json(result.query.language)},
      {"language_given", result.query.language_given},
      {"expanded", result.query.expanded}};
  json concepts = json::array();
  for (const ranking::QueryInfo::Concept& c : result.query.concepts) {
    concepts.push_back({{"id", c.id}, {"de", c.de}, {"en", c.en}});
  }
  query["concepts"] = concepts;
  j["query"] = query;
  if (!result.notices.empty()) {
    json notices = json::array();
    for (const ranking::Notice& n : result.notices)
      notices.push_back({{"code", n.code}, {"en", n.en}, {"de", n.de}});
    j["notices"] = notices;
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string SuggestResultJson(const ranking::SuggestResult& result,
                              const ranking::SuggestRequest& req) {
  json suggestions = json::array();
  for (const ranking::Suggestion& s : result.suggestions) {
    json j = {{"text", s.text}, {"kind", s.kind}, {"count", s.count}};
    if (!s.count_exact) j["count_exact"] = false;
    if (!s.concept_id.empty()) j["concept"] = s.concept_id;
    suggestions.push_back(j);
  }
  json initiatives = json::array();
  for (const ranking::SuggestedInitiative& i : result.initiatives) {
    initiatives.push_back({{"id", i.id},
                           {"title", i.title},
                           {"district", i.district},
                           {"neighbourhood", i.neighbourhood}});
  }
  json j = {{"q", req.q},
            {"language", result.language.empty() ? json(nullptr) : json(result.language)},
            {"suggestions", suggestions},
            {"initiatives", initiatives}};
  if (result.corrected) j["corrected"] = *result.corrected;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace hilfsnetz::server
