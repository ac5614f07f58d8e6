#include "ranking/filter_query.h"

#include <string>
#include <vector>

#include "core/index_layout.h"
#include "core/loose_key.h"

namespace hilfsnetz::ranking {
namespace {

void AddAnyOf(std::string_view prefix, const std::vector<std::string>& values,
              std::vector<std::vector<std::string>>& out) {
  if (values.empty()) return;
  std::vector<std::string>& terms = out.emplace_back();
  for (const std::string& v : values) terms.push_back(std::string(prefix) + v);
}

}  // namespace

std::vector<std::vector<std::string>> FilterTerms(const Filters& f, bool default_active) {
  std::vector<std::vector<std::string>> groups;
  AddAnyOf(layout::kPrefixDistrict, f.districts, groups);
  std::vector<std::string> hoods;
  for (const std::string& n : f.neighbourhoods) hoods.push_back(LooseKey(n));
  AddAnyOf(layout::kPrefixNeighbourhood, hoods, groups);
  std::vector<std::string> needs;
  for (schemas::NeedType n : f.needs) needs.emplace_back(schemas::NeedTypeName(n));
  AddAnyOf(layout::kPrefixNeed, needs, groups);
  AddAnyOf(layout::kPrefixTopic, f.topics, groups);
  AddAnyOf(layout::kPrefixLanguage, f.languages, groups);
  std::vector<std::string> statuses;
  for (schemas::InitiativeStatus s : f.statuses)
    statuses.emplace_back(schemas::InitiativeStatusName(s));
  if (statuses.empty() && default_active) statuses.emplace_back("active");
  AddAnyOf(layout::kPrefixStatus, statuses, groups);
  return groups;
}

std::optional<Xapian::Query> FilterQuery(const Filters& f, bool default_active) {
  std::vector<Xapian::Query> parts;
  for (const std::vector<std::string>& group : FilterTerms(f, default_active)) {
    std::vector<Xapian::Query> terms(group.begin(), group.end());
    parts.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }
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
