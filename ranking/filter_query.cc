#include "ranking/filter_query.h"

#include <string>
#include <vector>

#include "core/index_layout.h"
#include "core/loose_key.h"

namespace hilfsnetz::ranking {
namespace {

void AddAnyOf(std::string_view prefix, const std::vector<std::string>& values,
              std::vector<Xapian::Query>& out) {
  if (values.empty()) return;
  std::vector<Xapian::Query> terms;
  for (const std::string& v : values) terms.emplace_back(std::string(prefix) + v);
  out.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

std::optional<Xapian::Query> FilterQuery(const Filters& f, bool default_active) {
  std::vector<Xapian::Query> parts;
  AddAnyOf(layout::kPrefixDistrict, f.districts, parts);
  std::vector<std::string> hoods;
  for (const std::string& n : f.neighbourhoods) hoods.push_back(LooseKey(n));
  AddAnyOf(layout::kPrefixNeighbourhood, hoods, parts);
  std::vector<std::string> needs;
  for (schemas::NeedType n : f.needs) needs.emplace_back(schemas::NeedTypeName(n));
  AddAnyOf(layout::kPrefixNeed, needs, parts);
  AddAnyOf(layout::kPrefixTopic, f.topics, parts);
  AddAnyOf(layout::kPrefixLanguage, f.languages, parts);
  std::vector<std::string> statuses;
  for (schemas::InitiativeStatus s : f.statuses)
    statuses.emplace_back(schemas::InitiativeStatusName(s));
  if (statuses.empty() && default_active) statuses.emplace_back("active");
  AddAnyOf(layout::kPrefixStatus, statuses, parts);
  if (parts.empty()) return std::nullopt;
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::Query NearQuery(geo::LatLon centre, double radius_km) {
  Xapian::LatLongCoords c(Xapian::LatLongCoord(centre.lat, centre.lon));
  auto* source = new Xapian::LatLongDistancePostingSource(
      layout::kSlotLocation, c, Xapian::GreatCircleMetric(), radius_km * 1000.0);
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(source->release()), 0.0);
}

}  // namespace hilfsnetz::ranking
