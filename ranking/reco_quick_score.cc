#include "ranking/reco_quick_score.h"

#include <algorithm>

#include "core/loose_key.h"

namespace hilfsnetz::ranking {
namespace {

constexpr double kSecondsPerYear = 365.25 * 24 * 3600;

}  // namespace

QuickProfile::QuickProfile(const FacetCache& cache, const CompanyContext& company)
    : topic_count(company.profile.topics.size()), location(company.profile.location) {
  const schemas::CompanyProfile& p = company.profile;
  for (const MoneyPurpose& m : company.money_purpose)
    money_purpose = money_purpose || !m.specific.empty();
  for (const schemas::Offer& o : p.offers) {
    const uint16_t code = cache.Code(FacetField::kNeed, std::string(schemas::NeedTypeName(o.type)));
    if (code != 0 && code < 32) offers.push_back({code, o.type});
    in_kind = in_kind || o.type == schemas::NeedType::kGoods ||
              o.type == schemas::NeedType::kSpace || o.type == schemas::NeedType::kExpertise;
    for (const schemas::NeedType n :
         {schemas::NeedType::kVolunteers, schemas::NeedType::kExpertise}) {
      if (!MeetsAcrossTypes(o.type, n)) continue;
      const uint16_t need = cache.Code(FacetField::kNeed, std::string(schemas::NeedTypeName(n)));
      if (need != 0 && need < 32) across.push_back(need);
    }
  }
  for (const std::string& t : p.topics) {
    if (const uint16_t code = cache.Code(FacetField::kTopic, t); code != 0 && code < 64)
      topics.push_back(code);
  }
  if (!p.district.empty()) district = cache.Code(FacetField::kDistrict, p.district);
  if (!p.neighbourhood.empty()) neighbourhood = cache.NeighbourhoodCode(LooseKey(p.neighbourhood));
  neighbour.assign(cache.Names(FacetField::kDistrict).size(), 0);
  if (const geo::District* home = geo::Berlin::Get().FindDistrict(p.district)) {
    for (const std::string& n : home->neighbours) {
      if (const uint16_t code = cache.Code(FacetField::kDistrict, n)) neighbour[code] = 1;
    }
  }
}

double QuickScore(const FacetCache& cache, const SemanticIndex* semantic, const QuickProfile& p,
                  Xapian::docid id, const std::vector<float>& q, int64_t now, const RecoWeights& w,
                  bool names_offered) {
  const FacetCache::Codes* c = cache.Find(id);
  if (!c) return 0;
  RecoComponents k;
  int topics = 0;
  for (const uint16_t code : p.topics) topics += static_cast<int>((c->topics >> code) & 1u);
  std::vector<double> strengths;
  bool money_offered = false;
  for (const QuickProfile::OfferCode& o : p.offers) {
    const bool money = o.type == schemas::NeedType::kMoney;
    money_offered = money_offered || money;
    if (!((c->needs >> o.need) & 1u)) continue;
    if (money && c->funding_gap <= 0) continue;
    // What cannot be read here is taken at its upper bound: 1 where the initiative names
    // what is offered; else what an offer that is not the same thing gets (reco_scoring.h)
    // — goods nothing, volunteers their hours, other help kSameKindOfHelp. The company's
    // topics can be read, the purpose a money offer states cannot.
    if (money) {
      strengths.push_back(MoneyMatchFor(p.money_purpose || p.topic_count == 0 || topics > 0));
    } else if (names_offered) {
      strengths.push_back(1.0);
    } else if (o.type != schemas::NeedType::kGoods) {
      strengths.push_back(o.type == schemas::NeedType::kVolunteers ? kAnyVolunteers
                                                                   : kSameKindOfHelp);
    }
  }
  // A need of another type might be met across types (the same thing: named), at most at
  // kAcrossTypes.
  for (const uint16_t code : p.across) {
    if (names_offered && ((c->needs >> code) & 1u)) strengths.push_back(kAcrossTypes);
  }
  // An open money need might be met in kind (reco_scoring.h, kInKindForMoney), at most fully.
  if (!money_offered && p.in_kind && c->funding_gap > 0) strengths.push_back(kInKindForMoney);
  k.need_match = CombineNeedMatches(strengths);
  k.topics =
      p.topic_count == 0 ? 0.0 : static_cast<double>(topics) / static_cast<double>(p.topic_count);
  PlaceRelation place = PlaceRelation::kUnknown;
  double km = 0;
  if (c->InNeighbourhood(p.neighbourhood)) {
    place = PlaceRelation::kSameOrtsteil;
  } else if (p.district != 0 && p.district == c->district) {
    place = PlaceRelation::kSameDistrict;
  } else if (c->district < p.neighbour.size() && p.neighbour[c->district]) {
    place = PlaceRelation::kNeighbourDistrict;
  } else if (p.location && c->has_location) {
    place = PlaceRelation::kElsewhere;
    km = geo::DistanceKm(*p.location, {c->lat, c->lon});
  }
  k.proximity = ProximityFor(place, km);
  const double years =
      c->updated_unix > 0 ? static_cast<double>(now - c->updated_unix) / kSecondsPerYear : 5;
  k.urgency = UrgencyFor(c->funding_gap > 0 ? 1.0 : 0.0, years);
  k.semantic = semantic ? std::max(0.0, semantic->Similarity(q, id)) : 0.0;
  return WeightedTotal(k, w);
}

}  // namespace hilfsnetz::ranking
