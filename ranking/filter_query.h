// Filter queries: boolean Xapian queries for the request's filters (no weight).
// Values of one field are OR-ed; fields are AND-ed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "geo/berlin.h"
#include "ranking/search_request.h"

namespace hilfsnetz::ranking {

// The filters as index terms: one group per field that filters, a document passes when it has
// a term of every group. With default_active, an empty status list means "active only" (what
// the portal shows by default).
std::vector<std::vector<std::string>> FilterTerms(const Filters& filters, bool default_active);

// FilterTerms as a query; nullopt when no filter applies.
std::optional<Xapian::Query> FilterQuery(const Filters& filters, bool default_active);

// Initiatives whose location lies within radius_km of centre (great-circle distance).
Xapian::Query NearQuery(geo::LatLon centre, double radius_km);

}  // namespace hilfsnetz::ranking
