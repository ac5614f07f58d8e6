// Harness support (not product code): writes a parsed SearchRequest / SuggestRequest back as
// URL parameters or as a POST /v1/search body, and compares requests field by field. The
// server has no such writer; the fuzzers use this one to check that what the parsers return
// is canonical: parsing the written form again gives the same request (district spellings
// already canonical, numbers written in their shortest exact form, and so on).
#pragma once

#include <charconv>
#include <string>

#include <nlohmann/json.hpp>

#include "core/loose_key.h"
#include "fuzz/fail.h"
#include "ranking/search_request.h"
#include "ranking/suggester.h"
#include "server/search_params.h"

namespace hilfsnetz::fuzz {

// The shortest text that reads back (strtod) as the same number.
template <typename T>
std::string Shortest(T v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) Fail("to_chars");
  return std::string(buf, end);
}

inline void PutFilters(const ranking::Filters& f, server::Params& out) {
  for (const auto& v : f.districts) out.emplace("district", v);
  for (const auto& v : f.neighbourhoods) out.emplace("neighbourhood", v);
  for (auto v : f.needs) out.emplace("need", std::string(schemas::NeedTypeName(v)));
  for (const auto& v : f.topics) out.emplace("topic", v);
  for (const auto& v : f.languages) out.emplace("language", v);
  for (auto v : f.statuses) out.emplace("status", std::string(schemas::InitiativeStatusName(v)));
}

inline server::Params ToParams(const ranking::SearchRequest& r) {
  static const char* const kSorts[] = {"relevance", "newest", "distance", "funding_gap"};
  server::Params p;
  if (!r.q.empty()) p.emplace("q", r.q);
  PutFilters(r.filters, p);
  if (r.near) p.emplace("near", Shortest(r.near->lat) + "," + Shortest(r.near->lon));
  if (r.radius_km) p.emplace("radius_km", Shortest(*r.radius_km));
  p.emplace("sort", kSorts[static_cast<int>(r.sort)]);
  p.emplace("page", std::to_string(r.page));
  p.emplace("per_page", std::to_string(r.per_page));
  std::string facets;
  for (auto f : r.facets) facets += (facets.empty() ? "" : ",") + std::string(FacetFieldName(f));
  if (!facets.empty()) p.emplace("facets", facets);
  for (auto f : r.sums) p.emplace("sums", std::string(SumFieldName(f)));
  p.emplace("mode", r.mode == ranking::SearchMode::kHybrid ? "hybrid" : "lexical");
  p.emplace("prefix", r.prefix == ranking::PrefixMode::kLast ? "last" : "none");
  if (!r.lang.empty()) p.emplace("lang", r.lang);
  std::string vector;
  for (float x : r.vector) vector += (vector.empty() ? "" : ",") + Shortest(x);
  if (!vector.empty()) p.emplace("vector", vector);
  return p;
}

// The POST /v1/search body of the same request: repeated keys become arrays, the vector an
// array of numbers (as a client sends it).
inline std::string ToBody(const ranking::SearchRequest& r) {
  nlohmann::json body = nlohmann::json::object();
  for (const auto& [key, value] : ToParams(r)) {
    if (key == "vector") continue;
    if (body.contains(key)) {
      if (!body[key].is_array()) body[key] = nlohmann::json::array({body[key]});
      body[key].push_back(value);
    } else {
      body[key] = value;
    }
  }
  if (!r.vector.empty()) {
    nlohmann::json v = nlohmann::json::array();
    for (float x : r.vector) v.push_back(static_cast<double>(x));
    body["vector"] = std::move(v);
  }
  return body.dump();
}

inline server::Params ToParams(const ranking::SuggestRequest& r) {
  server::Params p;
  p.emplace("q", r.q);
  PutFilters(r.filters, p);
  if (!r.lang.empty()) p.emplace("lang", r.lang);
  p.emplace("limit", std::to_string(r.limit));
  return p;
}

inline bool SameFilters(const ranking::Filters& a, const ranking::Filters& b) {
  return a.districts == b.districts && a.neighbourhoods == b.neighbourhoods && a.needs == b.needs &&
         a.topics == b.topics && a.languages == b.languages && a.statuses == b.statuses;
}

inline bool SameRequest(const ranking::SearchRequest& a, const ranking::SearchRequest& b) {
  const bool same_near = a.near.has_value() == b.near.has_value() &&
                         (!a.near || (a.near->lat == b.near->lat && a.near->lon == b.near->lon));
  return a.q == b.q && SameFilters(a.filters, b.filters) && same_near &&
         a.radius_km == b.radius_km && a.sort == b.sort && a.page == b.page &&
         a.per_page == b.per_page && a.facets == b.facets && a.sums == b.sums && a.mode == b.mode &&
         a.prefix == b.prefix && a.lang == b.lang && a.vector == b.vector;
}

inline bool SameRequest(const ranking::SuggestRequest& a, const ranking::SuggestRequest& b) {
  return a.q == b.q && SameFilters(a.filters, b.filters) && a.lang == b.lang && a.limit == b.limit;
}

// Error answers are sent to the client: a 400 with details in both languages, and a
// problem+json body that is valid UTF-8 (ToJson must not throw) whatever bytes the request
// held (an unknown parameter's name is quoted unchecked).
inline void CheckError(const server::ApiError& e) {
  if (e.HttpStatus() != 400) Fail("a parse error is a 400");
  if (e.detail_en.empty() || e.detail_de.empty()) Fail("a parse error has both details");
  if (!IsValidUtf8(e.ToJson("/v1/search"))) Fail("problem+json is valid UTF-8");
}

}  // namespace hilfsnetz::fuzz
