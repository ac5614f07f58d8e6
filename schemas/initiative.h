// Initiative: the typed record of one initiative (schemas/initiative.schema.json is the
// client contract; schemas/codec/initiative_codec.h converts between the two).
//
// Plain data: no JSON, no Xapian. Every value here has been validated by the codec:
// enums are enums, the district of a Berlin record is canonical, timestamps are parsed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/berlin.h"

namespace hilfsnetz::schemas {

enum class NeedType { kMoney, kGoods, kVolunteers, kExpertise, kSpace, kJobs };
enum class InitiativeStatus { kActive, kPaused, kCompleted };

// Wire names ("money", "active", …) and their inverse; nullopt when unknown.
std::string_view NeedTypeName(NeedType t);
std::optional<NeedType> ParseNeedType(std::string_view name);
std::string_view InitiativeStatusName(InitiativeStatus s);
std::optional<InitiativeStatus> ParseInitiativeStatus(std::string_view name);

// The controlled topic list, in schema order.
const std::vector<std::string>& TopicNames();
bool IsTopic(std::string_view name);
inline constexpr NeedType kAllNeedTypes[] = {NeedType::kMoney,      NeedType::kGoods,
                                             NeedType::kVolunteers, NeedType::kExpertise,
                                             NeedType::kSpace,      NeedType::kJobs};

struct Need {
  NeedType type = NeedType::kVolunteers;
  std::string description;
  std::optional<double> amount_eur;
  std::optional<double> raised_eur;
  std::optional<double> quantity;
  std::optional<double> hours;

  // amount_eur - raised_eur when both are known and positive, else 0. An absent raised_eur
  // counts as 0 raised (a money need of 500 with nothing reported raised has a gap of 500);
  // over-funding gives 0, never a negative gap.
  double FundingGap() const;
  friend bool operator==(const Need&, const Need&) = default;
};

struct Contact {
  std::string email;
  std::string website;
  friend bool operator==(const Contact&, const Contact&) = default;
};

struct Initiative {
  std::string id;
  std::string title;
  std::string summary;
  std::string description;
  std::string organisation;
  std::string language;  // BCP 47 primary tag; "" when absent (the indexer detects it)
  std::string city = "Berlin";
  std::string district;       // canonical for Berlin records (given or derived)
  std::string neighbourhood;  // as given, or the canonical Ortsteil when derived
  std::string postcode;
  std::optional<geo::LatLon> location;  // given, or derived from postcode / Ortsteil
  std::vector<std::string> topics;
  std::vector<std::string> target_groups;
  std::vector<std::string> languages_spoken;
  std::vector<Need> needs;
  InitiativeStatus status = InitiativeStatus::kActive;
  std::string created_at;  // RFC 3339 as given ("" when absent)
  std::string updated_at;
  int64_t created_unix = 0;  // seconds since the epoch, 0 when absent
  int64_t updated_unix = 0;
  std::optional<Contact> contact;
  std::vector<float> embedding;  // empty when the record brings none

  // Sum of FundingGap() over money needs.
  double FundingGap() const;
  bool IsBerlin() const;
  // Field-by-field equality (used by round-trip tests).
  friend bool operator==(const Initiative&, const Initiative&) = default;
};

// One problem with one field of an input record, in both user languages.
struct FieldError {
  std::string field;  // path such as "district", "needs[1].type", "location.lat"
  std::string en;     // "unknown district \"Kreuzkölln\"; valid: Mitte, …"
  std::string de;     // "unbekannter Bezirk „Kreuzkölln“; gültig: Mitte, …"
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

}  // namespace hilfsnetz::schemas
