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

std::vector<size_t> DiverseOrder(const std::vector<DiversityItem>& items, const SemanticIndex* semantic,
                                 size_t limit) {
  std::vector<size_t> picked;
  std::vector<bool> used(items.size(), false);
  while (picked.size() < limit) {
    double best = -1e9;
    size_t best_i = items.size();
    for (size_t i = 0; i < items.size(); ++i) {
      if (used[i]) continue;
      double closest = 0;
      for (const size_t j : picked) {
        const double cos = semantic ? std::max(0.0, semantic->Similarity(items[i].id, items[j].id)) : 0.0;
        closest = std::max(closest, 0.5 * TopicJaccard(*items[i].topics, *items[j].topics) + 0.5 * cos);
      }
      const double value = items[i].score - kDiversityPenalty * closest;
      if (value > best) best = value, best_i = i;
    }
    if (best_i == items.size()) break;
    used[best_i] = true;
    picked.push_back(best_i);
  }
  return picked;
}

}  // namespace hilfsnetz::ranking
