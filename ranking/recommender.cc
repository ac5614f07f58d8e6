#include "ranking/recommender.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <set>
#include <unordered_map>

#include "core/index_layout.h"
#include "core/loose_key.h"
#include "core/task_pool.h"
#include "core/xapian_error.h"
#include "ranking/filter_query.h"
#include "ranking/query_builder.h"
#include "schemas/stored_record.h"
#include "text/analyzer.h"
#include "text/concept_lexicon.h"

namespace hilfsnetz::ranking {
namespace {

constexpr double kSecondsPerYear = 365.25 * 24 * 3600;

// Which documents may be recommended: active, not excluded, within the radius.
struct Eligibility {
  const FacetCache& cache;
  uint16_t active = 0;
  std::vector<Xapian::docid> excluded;  // sorted
  std::optional<geo::LatLon> centre;
  double radius_km = 0;

  bool operator()(Xapian::docid id) const {
    const FacetCache::Codes* c = cache.Find(id);
    if (!c || c->status != active) return false;
    if (std::binary_search(excluded.begin(), excluded.end(), id)) return false;
    if (centre) {
      if (!c->has_location) return false;
      if (geo::DistanceKm(*centre, {c->lat, c->lon}) > radius_km) return false;
    }
    return true;
  }
};

Xapian::docid DocOfId(const Xapian::Database& db, const std::string& id) {
  const std::string term = std::string(layout::kPrefixId) + id;
  Xapian::PostingIterator p = db.postlist_begin(term);
  return p == db.postlist_end(term) ? 0 : *p;
}

Result<schemas::Initiative> Decode(const Xapian::Database& db, Xapian::docid id) {
  return schemas::DecodeStoredInitiative(db.get_document(id).get_data());
}

std::vector<Xapian::docid> VectorCandidates(const RecoSources& src, const std::vector<float>& q,
                                            const Eligibility& ok, size_t k,
                                            Xapian::docid self = 0) {
  std::vector<Xapian::docid> out;
  if (!src.semantic || q.empty()) return out;
  const SemanticIndex& s = *src.semantic;
  // The eligible rows as a bitset (a predicate filter is called from the scan threads for
  // every row that could enter the top k, a std::function call and a random read of the
  // facet cache each; a bitset lets the scan skip blocks): the active rows kept with the
  // caches minus the exclusions, or, for a radius, built in one pass in row order.
  const size_t rows = s.vectors().num_rows();
  std::vector<uint64_t> words;
  if (src.active_rows && !ok.centre && src.active_rows->size() == (rows + 63) / 64) {
    words = *src.active_rows;
    auto clear = [&](Xapian::docid d) {
      if (const std::optional<uint32_t> row = s.RowOf(d)) words[*row / 64] &= ~(uint64_t{1} << (*row % 64));
    };
    for (Xapian::docid d : ok.excluded) clear(d);
    if (self) clear(self);
  } else {
    words.assign((rows + 63) / 64, 0);
    for (uint32_t row = 0; row < rows; ++row) {
      const Xapian::docid d = s.DocOf(row);
      if (d != self && ok(d)) words[row / 64] |= uint64_t{1} << (row % 64);
    }
  }
  const vector::RowFilter filter = vector::RowFilter::FromBitset(std::move(words));
  // Exact float32 on small indexes, the int4 scan with exact re-scoring on large ones
  // (recall@10 1.000 in bench/README.md, "Vector top-k").
  vector::TopKOptions options;
  options.scan = vector::TopKOptions::Scan::kAuto;
  auto hits = s.vectors().TopK(q, k, &filter, options);
  if (!hits.ok()) return out;
  for (const vector::ScoredRow& r : *hits) out.push_back(s.DocOf(r.row));
  return out;
}

// The analysed tokens of `text`, at least its first kCandidateWords non-stop words. Company
// descriptions run to hundreds of words, and analysing them all cost more than the words the
// query takes; a prefix cut by text::PrefixCut gives exactly the first tokens.
std::vector<text::Token> LeadingTokens(std::string_view text) {
  const text::Analyzer& analyzer = text::Analyzer::Default();
  constexpr size_t kPrefixBytes = 40 * kCandidateWords;  // room for stop words and punctuation
  const size_t cut = text::PrefixCut(text, kPrefixBytes);
  if (cut < text.size()) {
    std::vector<text::Token> tokens = analyzer.Analyze(text.substr(0, cut), "", text::Mode::kQuery);
    size_t content = 0;
    for (const text::Token& t : tokens) content += t.stopword ? 0 : 1;
    if (content >= kCandidateWords) return tokens;
  }
  return analyzer.Analyze(text, "", text::Mode::kQuery);
}

// The words of the candidate query: for each of the first kCandidateWords non-stop words its
// stems (Z terms, SYNONYM) OR its synonyms' stems at half weight — "Rechner" must still find
// the initiatives that ask for laptops. Leaner than the search box's query (query_builder.h):
// no surface forms, umlaut alternates or compound parts, which match the same initiatives
// as the stems (or, for compound parts, initiatives the precise stage does not count as the
// same thing) but each add a posting list to merge; at 100k initiatives the candidate query
// cost more than all the rest of a recommendation (bench/README.md).
Xapian::Query StemQuery(const Xapian::Database& db, const std::string& text) {
  const std::vector<text::Token> tokens = LeadingTokens(text);
  bool all_stop = true;
  for (const text::Token& t : tokens) all_stop = all_stop && t.stopword;
  std::vector<Xapian::Query> words;
  size_t counted = 0;
  for (const text::Token& t : tokens) {
    if (t.stopword && !all_stop) continue;
    if (counted++ >= kCandidateWords) break;
    std::vector<Xapian::Query> stems, synonyms;
    std::set<std::string> seen(t.stems.begin(), t.stems.end());
    for (const std::string& s : t.stems) {
      std::string term = std::string(layout::kPrefixStem) + s;
      if (db.term_exists(term)) stems.emplace_back(std::move(term));
    }
    for (const std::string& s : t.stems) {
      for (const std::string& syn : text::ConceptLexicon::Default().SynonymStems(s)) {
        if (!seen.insert(syn).second) continue;
        std::string term = std::string(layout::kPrefixStem) + syn;
        if (db.term_exists(term)) synonyms.emplace_back(std::move(term));
      }
    }
    std::vector<Xapian::Query> alts;
    if (!stems.empty()) alts.emplace_back(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
    if (!synonyms.empty()) {
      alts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                        Xapian::Query(Xapian::Query::OP_SYNONYM, synonyms.begin(), synonyms.end()), 0.5);
    }
    if (!alts.empty()) words.emplace_back(Xapian::Query::OP_OR, alts.begin(), alts.end());
  }
  return words.empty() ? Xapian::Query()  // matches nothing (not the shared static, see query_builder.cc)
                       : Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end());
}

// Weight kTypeBonus for every initiative with a need of one of the offered types: the union of
// the facet cache's need-type bitsets. Same matches and weights as FixedWeightPostingSource
// filtered by the XR need-type terms, but it tests and skips through a bitset (12.5 KB at
// 100k initiatives) instead of merging posting lists, which made the bonus cost more than
// the words.
class OfferedNeedSource : public Xapian::PostingSource {
 public:
  // `docs` (bit d = docid d) must outlive the match. `min` and `max` bound the number of
  // matches (the largest need-type term's frequency and their sum).
  OfferedNeedSource(const std::vector<uint64_t>* docs, double weight, Xapian::doccount min,
                    Xapian::doccount max)
      : docs_(docs), last_(static_cast<Xapian::docid>(docs->size() * 64)), weight_(weight),
        min_(min), max_(max) {
    set_maxweight(weight);
  }
  void init(const Xapian::Database&) override { at_ = 0; }
  Xapian::doccount get_termfreq_min() const override { return min_; }
  Xapian::doccount get_termfreq_est() const override { return (min_ + max_) / 2; }
  Xapian::doccount get_termfreq_max() const override { return max_; }
  double get_weight() const override { return weight_; }
  void next(double) override { Advance(at_ + 1); }
  void skip_to(Xapian::docid id, double) override {
    if (id > at_) Advance(id);
  }
  bool check(Xapian::docid id, double) override {
    at_ = id;
    return at_ >= last_ || Test(at_);  // false: "not here", the caller moves on
  }
  bool at_end() const override { return at_ >= last_; }
  Xapian::docid get_docid() const override { return at_; }
  OfferedNeedSource* clone() const override { return new OfferedNeedSource(docs_, weight_, min_, max_); }

 private:
  bool Test(Xapian::docid id) const { return ((*docs_)[id / 64] >> (id % 64)) & 1u; }
  // The first set bit at or after `from` (last_ when none).
  void Advance(Xapian::docid from) {
    at_ = last_;
    for (size_t w = from / 64; w < docs_->size(); ++w) {
      uint64_t bits = (*docs_)[w];
      if (w == from / 64) bits &= ~uint64_t{0} << (from % 64);
      if (bits) {
        at_ = static_cast<Xapian::docid>(w * 64 + static_cast<size_t>(__builtin_ctzll(bits)));
        return;
      }
    }
  }
  const std::vector<uint64_t>* docs_;
  Xapian::docid last_;  // one past the last docid the bitset can hold
  double weight_;
  Xapian::doccount min_, max_;
  Xapian::docid at_ = 0;
};

// Eligibility as a Xapian::MatchDecider: the filter applies before the top-k cut.
struct EligibleDecider : Xapian::MatchDecider {
  explicit EligibleDecider(const Eligibility& e) : ok(e) {}
  bool operator()(const Xapian::Document& doc) const override { return ok(doc.get_docid()); }
  const Eligibility& ok;
};

std::vector<Xapian::docid> LexicalCandidates(const RecoSources& src, const schemas::CompanyProfile& p,
                                             const Eligibility& ok, size_t k) {
  // What is offered says most about the initiatives that fit, so it goes first.
  std::string words;
  for (const schemas::Offer& o : p.offers) words += o.description + " ";
  words += p.industry + " " + p.description;
  const Xapian::Query query = StemQuery(src.db, words);
  // Initiatives with a need of an offered type get a bonus of kTypeBonus, words or not.
  // Scored as OR, every such initiative (a fifth of all per type) is a match to rank; as
  // AND_MAYBE, only those with a word are. Both give the same first k as soon as the k-th
  // AND_MAYBE weight is above the bonus (a bonus-only match weighs exactly the bonus) — the
  // rule at 100k initiatives — so that runs first; on small indexes the OR runs as well.
  constexpr double kTypeBonus = 1.0;
  std::vector<uint64_t> typed_docs;  // union of the offered types' need bitsets
  Xapian::doccount min = 0, max = 0;
  uint32_t seen = 0;
  for (const schemas::Offer& o : p.offers) {
    const std::string type(schemas::NeedTypeName(o.type));
    const uint16_t code = src.cache.Code(FacetField::kNeed, type);
    if (code == 0 || code >= 32 || (seen >> code & 1u)) continue;
    seen |= uint32_t{1} << code;
    const std::vector<uint64_t>& docs = src.cache.NeedDocs(code);
    if (typed_docs.size() < docs.size()) typed_docs.resize(docs.size(), 0);
    for (size_t w = 0; w < docs.size(); ++w) typed_docs[w] |= docs[w];
    const Xapian::doccount tf = src.db.get_termfreq(std::string(layout::kPrefixNeed) + type);
    min = std::max(min, tf);
    max += tf;
  }
  max = std::min(max, src.db.get_doccount());
  min = std::min(min, max);
  const EligibleDecider decider(ok);
  const auto n = static_cast<Xapian::doccount>(k);
  const bool has_words = query.get_type() != Xapian::Query::LEAF_MATCH_NOTHING;
  Xapian::Enquire enquire(src.db);
  // BM25 without length normalisation (b = 0): the candidates only have to be found — the
  // quick score ranks them without BM25 — and normalising reads every matching document's
  // length, which was most of the query's time at 100k initiatives.
  enquire.set_weighting_scheme(Xapian::BM25Weight(1, 0, 1, 0, 0.5));
  Xapian::MSet mset;
  if (seen == 0) {
    enquire.set_query(query);
    mset = enquire.get_mset(0, n, 0, nullptr, &decider);
  } else {
    const Xapian::Query typed(
        (new OfferedNeedSource(&typed_docs, kTypeBonus, min, max))->release());
    bool done = false;
    if (has_words) {
      enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, typed));
      mset = enquire.get_mset(0, n, 0, nullptr, &decider);
      done = mset.size() == n && mset[n - 1].get_weight() > kTypeBonus;
    }
    if (!done) {
      enquire.set_query(has_words ? Xapian::Query(Xapian::Query::OP_OR, query, typed) : typed);
      mset = enquire.get_mset(0, n, 0, nullptr, &decider);
    }
  }
  std::vector<Xapian::docid> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
  return out;
}

std::vector<float> CompanyVector(const RecoSources& src, const schemas::CompanyProfile& p) {
  if (!src.semantic) return {};
  if (!p.embedding.empty()) {
    std::vector<float> v = p.embedding;
    double norm = 0;
    for (float x : v) norm += double{x} * x;
    if (norm > 0) for (float& x : v) x = static_cast<float>(x / std::sqrt(norm));
    return v;
  }
  const embed::Embedder* e = src.semantic->embedder();
  if (!e) return {};
  embed::EmbedInput in;
  in.title = p.name + " " + p.industry;
  in.description = p.description;
  for (const schemas::Offer& o : p.offers) in.need_descriptions.push_back(o.description);
  return e->Embed(in);
}

// What stage 1 needs of the profile, as facet codes (looked up once per request, not per
// candidate).
struct QuickProfile {
  struct OfferCode {
    uint16_t need;  // FacetField::kNeed code, never 0
    bool money;
  };
  std::vector<OfferCode> offers;
  std::vector<uint16_t> topics;  // the codes of the profile's topics that some document has
  size_t topic_count = 0;        // all the profile's topics
  uint16_t district = 0;         // the company's district code; 0 = none or no document has it
  uint32_t neighbourhood = 0;    // the company's Ortsteil code; 0 = none or no document has it
  std::vector<char> neighbour;   // by district code: a neighbouring Bezirk of the company's
  std::optional<geo::LatLon> location;

  QuickProfile(const FacetCache& cache, const schemas::CompanyProfile& p)
      : topic_count(p.topics.size()), location(p.location) {
    for (const schemas::Offer& o : p.offers) {
      const uint16_t code = cache.Code(FacetField::kNeed, std::string(schemas::NeedTypeName(o.type)));
      if (code != 0 && code < 32) offers.push_back({code, o.type == schemas::NeedType::kMoney});
    }
    for (const std::string& t : p.topics) {
      if (const uint16_t code = cache.Code(FacetField::kTopic, t); code != 0 && code < 64) topics.push_back(code);
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
};

// Stage 1: reco_scoring.h's formulas and weights over the facet cache alone. Inputs it cannot
// read are taken at their upper bound (a need of an offered type met fully; an open funding
// gap being all that was asked), so a candidate it ranks low cannot score high in stage 2 for
// those reasons; languages and fairness (at most kFairnessBonus) are skipped.
double QuickScore(const RecoSources& src, const QuickProfile& p, Xapian::docid id,
                  const std::vector<float>& q, int64_t now, const RecoWeights& w) {
  const FacetCache::Codes* c = src.cache.Find(id);
  if (!c) return 0;
  RecoComponents k;
  std::vector<double> strengths;
  for (const QuickProfile::OfferCode& o : p.offers) {
    if (!((c->needs >> o.need) & 1u)) continue;
    if (o.money && c->funding_gap <= 0) continue;
    strengths.push_back(1.0);
  }
  k.need_match = CombineNeedMatches(strengths);
  int topics = 0;
  for (const uint16_t code : p.topics) topics += static_cast<int>((c->topics >> code) & 1u);
  k.topics = p.topic_count == 0 ? 0.0 : static_cast<double>(topics) / static_cast<double>(p.topic_count);
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
  const double years = c->updated_unix > 0 ? static_cast<double>(now - c->updated_unix) / kSecondsPerYear : 5;
  k.urgency = UrgencyFor(c->funding_gap > 0 ? 1.0 : 0.0, years);
  k.semantic = src.semantic ? std::max(0.0, src.semantic->Similarity(q, id)) : 0.0;
  return WeightedTotal(k, w);
}

double TopicJaccard(const schemas::Initiative& a, const schemas::Initiative& b) {
  size_t shared = 0;
  for (const std::string& t : a.topics) shared += std::count(b.topics.begin(), b.topics.end(), t);
  const size_t all = a.topics.size() + b.topics.size() - shared;
  return all == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(all);
}

struct Scored {
  Xapian::docid id;
  Recommendation rec;
};

// Greedy maximal marginal relevance: each pick maximises total - penalty * similarity to the
// closest already picked.
std::vector<Recommendation> PickDiverse(std::vector<Scored> pool, const RecoSources& src, int limit) {
  std::vector<Recommendation> out;
  std::vector<const Scored*> picked;
  std::vector<bool> used(pool.size(), false);
  while (out.size() < static_cast<size_t>(limit)) {
    double best = -1e9;
    size_t best_i = pool.size();
    for (size_t i = 0; i < pool.size(); ++i) {
      if (used[i]) continue;
      double closest = 0;
      for (const Scored* s : picked) {
        double cos = src.semantic ? std::max(0.0, src.semantic->Similarity(pool[i].id, s->id)) : 0.0;
        closest = std::max(closest, 0.5 * TopicJaccard(pool[i].rec.record, s->rec.record) + 0.5 * cos);
      }
      const double value = pool[i].rec.components.total - kDiversityPenalty * closest;
      if (value > best) best = value, best_i = i;
    }
    if (best_i == pool.size()) break;
    used[best_i] = true;
    picked.push_back(&pool[best_i]);
    out.push_back(pool[best_i].rec);
  }
  return out;
}

// Adds to `ids` (up to `limit`) eligible initiatives not in it, by shared topics (Jaccard) plus
// 0.5 for the same Bezirk, ties by docid: "similar" without embeddings and with few word
// matches still fills its list.
void FillByTopicsAndPlace(const RecoSources& src, const schemas::Initiative& me, const Eligibility& ok, size_t limit,
                          std::vector<Xapian::docid>& ids) {
  const FacetCache& cache = src.cache;
  uint64_t topics = 0;
  for (const std::string& t : me.topics) {
    if (const uint16_t code = cache.Code(FacetField::kTopic, t); code != 0 && code < 64) topics |= uint64_t{1} << code;
  }
  const uint16_t district = me.district.empty() ? 0 : cache.Code(FacetField::kDistrict, me.district);
  std::vector<std::pair<double, Xapian::docid>> scored;
  const std::set<Xapian::docid> have(ids.begin(), ids.end());
  for (Xapian::docid d = 1; d <= src.db.get_lastdocid(); ++d) {
    const FacetCache::Codes* c = cache.Find(d);
    if (!c || have.count(d) || !ok(d)) continue;
    const int shared = std::popcount(c->topics & topics);
    const int all = std::popcount(c->topics | topics);
    const double score = (all ? static_cast<double>(shared) / all : 0.0) + (district && c->district == district ? 0.5 : 0.0);
    scored.emplace_back(-score, d);
  }
  const size_t want = std::min(scored.size(), limit - std::min(limit, ids.size()));
  std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(want), scored.end());
  for (size_t i = 0; i < want; ++i) ids.push_back(scored[i].second);
}

Eligibility MakeEligibility(const RecoSources& src, const std::vector<std::string>& excluded_ids) {
  Eligibility ok{src.cache, src.cache.Code(FacetField::kStatus, "active"), {}, std::nullopt, 0};
  for (const std::string& id : excluded_ids) {
    if (Xapian::docid d = DocOfId(src.db, id)) ok.excluded.push_back(d);
  }
  std::sort(ok.excluded.begin(), ok.excluded.end());
  return ok;
}

}  // namespace

std::vector<uint64_t> ActiveRows(const FacetCache& cache, const SemanticIndex& semantic) {
  const Eligibility active{cache, cache.Code(FacetField::kStatus, "active"), {}, std::nullopt, 0};
  const size_t rows = semantic.vectors().num_rows();
  std::vector<uint64_t> words((rows + 63) / 64, 0);
  for (uint32_t row = 0; row < rows; ++row) {
    if (active(semantic.DocOf(row))) words[row / 64] |= uint64_t{1} << (row % 64);
  }
  return words;
}

Result<std::vector<Recommendation>> Recommend(const RecoSources& src,
                                              const schemas::CompanyProfile& p, int64_t now) {
  if (!p.embedding.empty() && (!src.semantic || static_cast<int>(p.embedding.size()) != src.semantic->dimensions())) {
    return InvalidArgumentError(
        "embedding: has dimension " + std::to_string(p.embedding.size()) + ", the index has " +
        (src.semantic ? std::to_string(src.semantic->dimensions()) : std::string("no embeddings")));
  }
  Eligibility ok = MakeEligibility(src, p.exclude_ids);
  if (p.radius_km) {
    ok.centre = p.location;
    if (!ok.centre) {
      if (const geo::District* d = geo::Berlin::Get().FindDistrict(p.district)) ok.centre = d->centroid;
    }
    if (!ok.centre) {
      return InvalidArgumentError("radius_km: needs a location, postcode or district to measure from");
    }
    ok.radius_km = *p.radius_km;
  }
  // The two candidate sources are independent: the company's embedding and the vector scan
  // (shared, immutable embedder and matrix) run on another thread while this one runs the
  // BM25 query on its own database.
  std::vector<float> q;
  Task<std::vector<Xapian::docid>> by_vector = TaskPool::Shared().Submit([&] {
    q = CompanyVector(src, p);
    return VectorCandidates(src, q, ok, kCandidatesPerSource);
  });
  std::vector<Xapian::docid> lexical = LexicalCandidates(src, p, ok, kCandidatesPerSource);
  std::vector<Xapian::docid> ids = by_vector.Get();  // q is set from here on
  ids.insert(ids.end(), lexical.begin(), lexical.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

  std::vector<std::pair<double, Xapian::docid>> quick;
  const QuickProfile quick_profile(src.cache, p);
  const RecoWeights weights = EffectiveWeights(src.weights, p.weights);
  for (Xapian::docid id : ids) quick.emplace_back(QuickScore(src, quick_profile, id, q, now, weights), id);
  const size_t precise =
      std::min(quick.size(), std::max(kPrecisePool, kPreciseFactor * static_cast<size_t>(p.limit)));
  std::partial_sort(quick.begin(), quick.begin() + static_cast<long>(precise), quick.end(),
                    [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });

  // The precise stage: the stored records are read here (the database belongs to this
  // thread), then decoded and scored in two halves, one on another thread (pure functions
  // of the record, the profile and the shared embeddings).
  const CompanyContext ctx(p);
  std::vector<std::string> data(precise);
  std::vector<size_t> by_docid(precise);  // read in docid order: neighbouring B-tree blocks
  for (size_t i = 0; i < precise; ++i) by_docid[i] = i;
  std::sort(by_docid.begin(), by_docid.end(), [&](size_t a, size_t b) { return quick[a].second < quick[b].second; });
  for (size_t i : by_docid) data[i] = src.db.get_document(quick[i].second).get_data();
  std::vector<Scored> pool(precise);
  std::vector<char> decoded(precise, 0);  // not vector<bool>: both threads write to it
  auto score_range = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      const Xapian::docid id = quick[i].second;
      Result<schemas::Initiative> rec = schemas::DecodeStoredInitiative(data[i]);
      if (!rec.ok()) continue;
      const double semantic = src.semantic ? src.semantic->Similarity(q, id) : 0.0;
      ScoredInitiative s = ScoreInitiative(ctx, *rec, semantic, now, weights);
      pool[i] = {id, {std::move(*rec), s.components, std::move(s.reasons), weights}};
      decoded[i] = 1;
    }
  };
  const size_t half = precise / 2;
  Task<void> second = TaskPool::Shared().Submit([&] { score_range(half, precise); });
  score_range(0, half);
  second.Get();
  for (size_t i = 0; i < precise; ++i) {
    if (!decoded[i]) return DataLossError("stored record " + std::to_string(quick[i].second) + " is damaged");
  }
  std::stable_sort(pool.begin(), pool.end(), [](const Scored& a, const Scored& b) {
    return a.rec.components.total > b.rec.components.total;
  });
  return PickDiverse(std::move(pool), src, p.limit);
}

Result<std::vector<SimilarHit>> Similar(const RecoSources& src, const std::string& id, int limit) {
  const Xapian::docid self = DocOfId(src.db, id);
  if (self == 0) return NotFoundError("no initiative with id '" + id + "'");
  Result<schemas::Initiative> me = Decode(src.db, self);
  if (!me.ok()) return me.status();
  Eligibility ok = MakeEligibility(src, {});
  std::vector<Xapian::docid> ids;
  std::vector<float> q;
  if (src.semantic && src.semantic->RowOf(self)) {
    auto row = src.semantic->vectors().Row(*src.semantic->RowOf(self));
    q.assign(row.begin(), row.end());
    ids = VectorCandidates(src, q, ok, static_cast<size_t>(limit), self);
  } else {
    // Without embeddings: the record's words, eligibility applied before the cut (so the list
    // fills whenever enough initiatives pass), then initiatives sharing topics or the Bezirk.
    ok.excluded.insert(std::upper_bound(ok.excluded.begin(), ok.excluded.end(), self), self);
    StaffQuery words;
    words.words = me->title + " " + me->summary;
    PlanOptions options;
    options.coverage_bonus = false;
    options.spelling = false;
    Xapian::Enquire enquire(src.db);
    enquire.set_query(BuildQueryPlan(words, src.db, options).query);
    const EligibleDecider decider(ok);
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit), nullptr, &decider);
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
    if (ids.size() < static_cast<size_t>(limit)) FillByTopicsAndPlace(src, *me, ok, static_cast<size_t>(limit), ids);
  }
  const Informative informative{
      [&](const std::string& topic) { return src.cache.ActiveShare(FacetField::kTopic, topic) < kInformativeShare; },
      [&](schemas::NeedType t) {
        return src.cache.ActiveShare(FacetField::kNeed, std::string(schemas::NeedTypeName(t))) < kInformativeShare;
      }};
  std::vector<SimilarHit> out;
  for (Xapian::docid d : ids) {
    Result<schemas::Initiative> rec = Decode(src.db, d);
    if (!rec.ok()) return rec.status();
    SimilarHit hit;
    hit.score = q.empty() ? 0.0 : src.semantic->Similarity(q, d);
    hit.reasons = SimilarityReasons(*me, *rec, informative);
    if (hit.reasons.empty()) {  // nothing in common to name: the embeddings found it
      hit.reasons.push_back({"similar_description", "Ähnliche Beschreibung", "Similar description"});
    }
    hit.record = std::move(*rec);
    out.push_back(std::move(hit));
  }
  return out;
}

}  // namespace hilfsnetz::ranking
