// Parses the URL parameters of GET /v1/search into a typed ranking::SearchRequest, or the
// first problem found as an ApiError naming the parameter (and its valid values).
//
// Rules: unknown parameters are refused (so a typo never silently drops a filter); q at most
// 500 characters; filters may repeat (values OR-ed); page 1..1000, per_page 1..100; every value
// must be valid UTF-8. district accepts spelling variants; near accepts "lat,lon", a Berlin
// postcode, an Ortsteil, a Kiez or a Bezirk. vector is "v1,v2,…" (finite 32-bit numbers, at most
// kMaxVectorValues); it implies mode=hybrid and is refused with mode=lexical or a sort other
// than relevance. Its dimension is checked against the index by the caller. lang names the
// language q is written in (de, en, ar, uk, ru, tr, fa; default: detected); prefix=last
// matches q's last word as a prefix unless q ends in a space (prefix=none, the default,
// matches whole words). facets lists district, need, topic, language, status, neighbourhood
// (comma-separated or repeated); sums=funding_gap_eur adds the open EUR over every match and
// per facet bucket.
#pragma once

#include <map>
#include <string>
#include <variant>

#include "ranking/search_request.h"
#include "ranking/suggester.h"
#include "server/api_error.h"

namespace hilfsnetz::server {

using Params = std::multimap<std::string, std::string>;

inline constexpr size_t kMaxVectorValues = 4096;

std::variant<ranking::SearchRequest, ApiError> ParseSearchParams(const Params& params);

// GET /v1/suggest: q (required, 1..500 characters: the text typed so far), the filters of
// search (district, neighbourhood, need, topic, language, status), lang, limit (1..20,
// default 8). Same rules and messages as ParseSearchParams.
std::variant<ranking::SuggestRequest, ApiError> ParseSuggestParams(const Params& params);

// A location for near=: nullopt when unknown.
std::optional<geo::LatLon> ResolvePlace(const std::string& value);

}  // namespace hilfsnetz::server
