#include "ranking/reco_diversity.h"

#include <algorithm>

namespace hilfsnetz::ranking {
namespace {

double TopicJaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t shared = 0;
  for (const std::string& t : a) shared += static_cast<size_t>(std::count(b.begin(), b.end(), t));
  const size_t all = a.size() + b.size() - shared;
  return all == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(all);
}

}  // namespace

std::vector<size_t> DiverseOrder(const std::vector<DiversityItem>& items,
                                 const SemanticIndex* semantic, size_t limit) {
  // closest[i]: item i's similarity to the closest item picked so far, brought up to date
  // with each pick — one comparison per remaining item and pick, not one per pair of picks.
  std::vector<double> closest(items.size(), 0.0);
  std::vector<bool> used(items.size(), false);
  std::vector<size_t> picked;
  while (picked.size() < limit) {
    double best = -1e9;
    size_t best_i = items.size();
    for (size_t i = 0; i < items.size(); ++i) {
      if (used[i]) continue;
      const double value = items[i].score - kDiversityPenalty * closest[i];
      if (value > best) best = value, best_i = i;
    }
    if (best_i == items.size()) break;
    used[best_i] = true;
    picked.push_back(best_i);
    const DiversityItem& last = items[best_i];
    for (size_t i = 0; i < items.size(); ++i) {
      if (used[i]) continue;
      const double cos = semantic ? std::max(0.0, semantic->Similarity(items[i].id, last.id)) : 0.0;
      closest[i] =
          std::max(closest[i], 0.5 * TopicJaccard(*items[i].topics, *last.topics) + 0.5 * cos);
    }
  }
  return picked;
}

}  // namespace hilfsnetz::ranking
