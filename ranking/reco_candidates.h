// Candidates of a recommendation or a similar list: which initiatives may be recommended
// (Eligibility) and the two sources that find them before anything is read from a record —
// the nearest initiatives by embedding (VectorCandidates) and the best BM25 matches of the
// company's words with a bonus for offered need types (LexicalCandidates). Both apply
// eligibility before their top-k cut, so a radius or an exclusion never leaves a list short.
//
// Thread-safety: functions; RecoSources::db is used from the calling thread only, except that
// VectorCandidates and CompanyVector read only the shared, immutable embeddings and may run
// on another thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "geo/berlin.h"
#include "ranking/facet_cache.h"
#include "ranking/need_matcher.h"
#include "ranking/reco_sources.h"
#include "schemas/company.h"

namespace hilfsnetz::ranking {

inline constexpr size_t kCandidatesPerSource = 200;
// The BM25 candidate query takes the stems of this many words (offers first, then industry
// and description); more cost time at 100k initiatives without changing nDCG@10 (40 words
// took 100-130 ms there with the search box's query).
inline constexpr size_t kCandidateWords = 12;

// Which documents may be recommended: active, not excluded, within the radius.
struct Eligibility {
  const FacetCache& cache;
  uint16_t active = 0;
  std::vector<Xapian::docid> excluded;  // sorted
  std::optional<geo::Circle> within;    // only initiatives located in it

  bool operator()(Xapian::docid id) const;
  // The radius part alone: true without a radius.
  bool Within(const FacetCache::Codes& c) const;
};

// Active initiatives, none of `excluded_ids` (unknown ids are ignored), no radius.
Eligibility MakeEligibility(const RecoSources& src, const std::vector<std::string>& excluded_ids);

// Eligibility as a Xapian::MatchDecider: the filter applies before the top-k cut.
struct EligibleDecider : Xapian::MatchDecider {
  explicit EligibleDecider(const Eligibility& e) : ok(e) {}
  bool operator()(const Xapian::Document& doc) const override { return ok(doc.get_docid()); }
  const Eligibility& ok;
};

// The document of initiative `id`; 0 when there is none.
Xapian::docid DocOfId(const Xapian::Database& db, const std::string& id);

// The rows of `semantic` whose initiative is active, as a bitset over rows (bit r of word
// r / 64): the vector candidates' filter when no radius is asked for, built once per revision
// instead of once per request (a pass over every row, ~1 ms at 100k initiatives).
std::vector<uint64_t> ActiveRows(const FacetCache& cache, const SemanticIndex& semantic);

// The company's embedding, unit length: its own `embedding` if given (dimension checked by
// the caller), else the index's embedder over name, industry, description and offers (and,
// for a profile not in German, the German names of the concepts it names); empty when the
// index has no embeddings.
std::vector<float> CompanyVector(const RecoSources& src, const schemas::CompanyProfile& p);

// How exactly VectorCandidates finds its k on a large index (an int4 scan, then float32).
enum class VectorRecall {
  kExact,        // the exact k nearest: the scan's top 10 × k re-scored (a list shown as it is)
  kApproximate,  // the scan's top k re-scored (candidates that are ranked again)
};

// The k eligible initiatives nearest to `q` (none when q is empty or the index has no
// embeddings), nearest first; `self` is left out. `max_threads`: threads of the scan (0: the
// index's default, every core); the answer does not depend on it.
std::vector<Xapian::docid> VectorCandidates(const RecoSources& src, const std::vector<float>& q,
                                            const Eligibility& ok, size_t k, Xapian::docid self = 0,
                                            VectorRecall recall = VectorRecall::kExact,
                                            size_t max_threads = 0);

// The k eligible initiatives that best match the stems of the company's first kCandidateWords
// words (offers first, then industry and description) and the concepts of its offers
// (`offers`: CompanyContext::offer_things, parallel to p.offers), plus a bonus for a need of
// an offered type. `worded` (optional): the candidates that match a word or concept, not the
// bonus alone, sorted by docid.
std::vector<Xapian::docid> LexicalCandidates(const RecoSources& src,
                                             const schemas::CompanyProfile& p,
                                             const std::vector<NamedThings>& offers,
                                             const Eligibility& ok, size_t k,
                                             std::vector<Xapian::docid>* worded = nullptr);

}  // namespace hilfsnetz::ranking
