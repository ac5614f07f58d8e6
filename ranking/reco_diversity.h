// Diversity of a recommendation list: greedy maximal marginal relevance. Each pick maximises
// its score minus kDiversityPenalty × its similarity to the closest initiative already
// picked, similarity being the mean of topic overlap (Jaccard) and embedding cosine — so
// that ten near-identical Sprachcafés do not fill a company's first page.
//
// Thread-safety: a function of its inputs.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

#include "ranking/semantic_index.h"

namespace hilfsnetz::ranking {

// Chosen by hand when recommendations were built (issue 3), not tuned on the judged profiles:
// about the score of one shared topic out of two, so it reorders only near-equal candidates.
inline constexpr double kDiversityPenalty = 0.15;

struct DiversityItem {
  Xapian::docid id;
  double score;
  const std::vector<std::string>* topics;  // the initiative's topics; not null
};

// Indexes into `items` in the order picked, at most `limit`. `items` sorted by score
// (descending) gives ties to the earlier item; `semantic` nullptr compares topics alone.
std::vector<size_t> DiverseOrder(const std::vector<DiversityItem>& items,
                                 const SemanticIndex* semantic, size_t limit);

}  // namespace hilfsnetz::ranking
