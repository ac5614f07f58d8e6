// CompanyProfile: what a company offers and where, sent as a query to find initiatives it
// could help (schemas/company.schema.json is the client contract; schemas/codec/
// company_codec.h parses it). A query, not a stored record: there is no id and no writer.
//
// Plain data: no JSON. Every value here has been validated by the codec: offer types are
// enums, the district is a canonical Bezirk, and district / neighbourhood / location hold
// what the codec could derive from one another.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "geo/berlin.h"
#include "schemas/initiative.h"

namespace hilfsnetz::schemas {

// One thing the company can give; mirrors Need (without raised_eur).
struct Offer {
  NeedType type = NeedType::kVolunteers;
  std::string description;
  std::optional<double> amount_eur;
  std::optional<double> quantity;
  std::optional<double> hours;
  friend bool operator==(const Offer&, const Offer&) = default;
};

// Scoring weights for one request (ranking::RecoWeights), each in [0, 1]; an absent one keeps
// the server's. For experiments: the components the answer reports add up to the score under
// the weights used.
struct WeightOverrides {
  std::optional<double> need_match, semantic, proximity, topics, languages, urgency;
  friend bool operator==(const WeightOverrides&, const WeightOverrides&) = default;
};

struct CompanyProfile {
  static constexpr int kDefaultLimit = 10;
  static constexpr int kMaxLimit = 100;

  std::string name;
  std::string description;
  std::string industry;
  std::string district;       // canonical Bezirk (given or derived); "" when unknown
  std::string neighbourhood;  // an Ortsteil or Kiez: given, or derived from location or postcode
  std::string postcode;       // as given; a non-Berlin postcode derives nothing
  std::optional<geo::LatLon> location;  // given, or the Berlin postcode's centroid
  std::vector<Offer> offers;
  std::vector<std::string> topics;       // controlled list (TopicNames()), unique
  std::vector<std::string> languages;    // ^[a-z]{2,3}$ tags, unique
  std::vector<std::string> exclude_ids;  // initiative ids the result must leave out
  std::optional<double> radius_km;       // in (0, 1000]; nullopt: no distance limit
  int limit = kDefaultLimit;             // 1..kMaxLimit results
  std::vector<float> embedding;          // empty when the client brings none
  WeightOverrides weights;
  friend bool operator==(const CompanyProfile&, const CompanyProfile&) = default;
};

}  // namespace hilfsnetz::schemas
