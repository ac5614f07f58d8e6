// The cheap first stage of a recommendation: reco_scoring.h's formulas and weights over the
// facet cache alone, so that hundreds of candidates are ranked without reading a record and
// only the best few reach the precise stage (ScoreInitiative).
//
// Thread-safety: QuickProfile is immutable once built; QuickScore is a function of its inputs.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <xapian.h>

#include "geo/berlin.h"
#include "ranking/facet_cache.h"
#include "ranking/reco_scoring.h"
#include "ranking/semantic_index.h"
#include "schemas/company.h"

namespace hilfsnetz::ranking {

// What stage 1 needs of the profile, as facet codes (looked up once per request, not per
// candidate).
struct QuickProfile {
  struct OfferCode {
    uint16_t need;  // FacetField::kNeed code, never 0
    schemas::NeedType type;
  };
  std::vector<OfferCode> offers;
  std::vector<uint16_t> topics;  // the codes of the profile's topics that some document has
  size_t topic_count = 0;        // all the profile's topics
  bool in_kind = false;          // it offers goods, space or expertise (money needs in kind)
  // A money offer says what it funds (CompanyContext::money_purpose): whether a gap lies in
  // that purpose is read from the record, so any open gap is bounded at a full match.
  bool money_purpose = false;
  // The need codes its offers might meet across types (reco_scoring.h, kAcrossTypes).
  std::vector<uint16_t> across;
  uint16_t district = 0;        // the company's district code; 0 = none or no document has it
  uint32_t neighbourhood = 0;   // the company's Ortsteil code; 0 = none or no document has it
  std::vector<char> neighbour;  // by district code: a neighbouring Bezirk of the company's
  std::optional<geo::LatLon> location;

  QuickProfile(const FacetCache& cache, const CompanyContext& company);
};

// Stage 1: reco_scoring.h's formulas and weights over the facet cache alone. Inputs it cannot
// read are taken at their upper bound (a need of an offered type met fully; an open funding
// gap being all that was asked), so a candidate it ranks low cannot score high in stage 2 for
// those reasons; languages and fairness (at most kFairnessBonus) are skipped.
// `names_offered`: whether the initiative's text names a word or concept of the offers (it
// matched the lexical candidate query; LexicalCandidates' `worded`). Where it does not, a need
// of an offered type is bounded by what an offer gets that is not the same thing (goods 0,
// volunteers kAnyVolunteers, other help kSameKindOfHelp), and no need is met across types:
// without this, every initiative with a goods need was bounded at a full match, and the 40
// read in stage 2 were chosen by embedding alone among them. Bounds only as far as the
// lexical candidates reach: an initiative beyond its top k (found by embedding) that names an
// offer is bounded too low. Tuning folds A, B, D and the sample, with kAcrossTypes: 0.920,
// 0.882, 0.663, 0.845 -> 0.918, 0.872, 0.696, 0.852 (docs/recommendations.md).
double QuickScore(const FacetCache& cache, const SemanticIndex* semantic, const QuickProfile& p,
                  Xapian::docid id, const std::vector<float>& q, int64_t now, const RecoWeights& w,
                  bool names_offered);

}  // namespace hilfsnetz::ranking
