#include "schemas/initiative.h"

#include <algorithm>
#include <array>

#include "core/loose_key.h"

namespace hilfsnetz::schemas {
namespace {

constexpr std::array<std::string_view, 6> kNeedTypeNames = {"money",     "goods", "volunteers",
                                                            "expertise", "space", "jobs"};
constexpr std::array<std::string_view, 3> kStatusNames = {"active", "paused", "completed"};

}  // namespace

std::string_view NeedTypeName(NeedType t) { return kNeedTypeNames[static_cast<size_t>(t)]; }

std::optional<NeedType> ParseNeedType(std::string_view name) {
  for (NeedType t : kAllNeedTypes) {
    if (NeedTypeName(t) == name) return t;
  }
  return std::nullopt;
}

std::string_view InitiativeStatusName(InitiativeStatus s) {
  return kStatusNames[static_cast<size_t>(s)];
}

std::optional<InitiativeStatus> ParseInitiativeStatus(std::string_view name) {
  for (size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == name) return static_cast<InitiativeStatus>(i);
  }
  return std::nullopt;
}

const std::vector<std::string>& TopicNames() {
  // Must match the "topics" enum of schemas/initiative.schema.json (a test checks it).
  static const std::vector<std::string>* const kTopics = new std::vector<std::string>{
      "education", "language", "work",          "housing",     "health",  "children_youth",
      "women",     "elderly",  "disability",    "culture",     "sport",   "digital",
      "legal",     "arrival",  "neighbourhood", "environment", "animals", "poverty"};
  return *kTopics;
}

bool IsTopic(std::string_view name) {
  const auto& topics = TopicNames();
  return std::find(topics.begin(), topics.end(), name) != topics.end();
}

double Need::FundingGap() const {
  if (!amount_eur || *amount_eur <= 0) return 0;
  const double raised = raised_eur ? *raised_eur : 0;
  return std::max(0.0, *amount_eur - raised);
}

double Initiative::FundingGap() const {
  double gap = 0;
  for (const Need& need : needs) {
    if (need.type == NeedType::kMoney) gap += need.FundingGap();
  }
  return gap;
}

bool Initiative::IsBerlin() const { return LooseKey(city) == "berlin"; }

}  // namespace hilfsnetz::schemas
