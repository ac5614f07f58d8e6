#include "ranking/hybrid_search.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/index_layout.h"
#include "core/loose_key.h"
#include "embed/embedder.h"
#include "ranking/docid_list_source.h"

namespace hilfsnetz::ranking {
namespace {

// Whether a document passes a Filters value, read from the caches (same semantics as
// FilterQuery: values of one field OR-ed, fields AND-ed, empty statuses = active when asked).
class FilterCheck {
 public:
  FilterCheck(const FacetCache& cache, const Filters& f, bool default_active) : cache_(cache) {
    for (const std::string& d : f.districts)
      districts_.push_back(cache.Code(FacetField::kDistrict, d));
    for (const std::string& n : f.neighbourhoods)
      hoods_.push_back(cache.NeighbourhoodCode(LooseKey(n)));
    for (schemas::NeedType n : f.needs)
      needs_.push_back(cache.Code(FacetField::kNeed, std::string(schemas::NeedTypeName(n))));
    for (const std::string& t : f.topics) topics_.push_back(cache.Code(FacetField::kTopic, t));
    for (const std::string& l : f.languages)
      languages_.push_back(cache.Code(FacetField::kLanguage, l));
    for (schemas::InitiativeStatus s : f.statuses) {
      statuses_.push_back(
          cache.Code(FacetField::kStatus, std::string(schemas::InitiativeStatusName(s))));
    }
    if (statuses_.empty() && default_active)
      statuses_.push_back(cache.Code(FacetField::kStatus, "active"));
    any_ = !f.districts.empty() || !f.neighbourhoods.empty() || !f.needs.empty() ||
           !f.topics.empty() || !f.languages.empty() || !statuses_.empty();
  }

  bool operator()(Xapian::docid id) const {
    if (!any_) return true;
    const FacetCache::Codes* c = cache_.Find(id);
    if (!c) return false;
    auto in = [](const auto& list, auto v) {
      return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
    };
    auto any_bit = [](const std::vector<uint16_t>& codes, uint64_t bits) {
      if (codes.empty()) return true;
      for (uint16_t code : codes) {
        if (code && ((bits >> code) & 1u)) return true;
      }
      return false;
    };
    const bool hood = hoods_.empty() || std::any_of(hoods_.begin(), hoods_.end(), [c](uint32_t h) {
                        return c->InNeighbourhood(h);
                      });
    return in(districts_, c->district) && hood && in(languages_, c->language) &&
           in(statuses_, uint16_t{c->status}) && any_bit(needs_, c->needs) &&
           any_bit(topics_, c->topics);
  }

 private:
  const FacetCache& cache_;
  std::vector<uint16_t> districts_, needs_, topics_, languages_, statuses_;
  std::vector<uint32_t> hoods_;
  bool any_ = false;
};

// Lexical ids among `ids` (those the filtered lexical query matches).
std::unordered_set<Xapian::docid> LexicalMatches(const Xapian::Database& db, const Xapian::Query& q,
                                                 std::vector<Xapian::docid> ids) {
  std::unordered_set<Xapian::docid> out;
  if (ids.empty()) return out;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  const auto n = static_cast<Xapian::doccount>(ids.size());
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, q,
                                  Xapian::Query((new DocidListSource(std::move(ids)))->release())));
  Xapian::MSet m = enquire.get_mset(0, n);
  for (auto it = m.begin(); it != m.end(); ++it) out.insert(*it);
  return out;
}

}  // namespace

std::vector<FusedHit> FuseRrf(const std::vector<std::pair<Xapian::docid, double>>& lexical,
                              const std::vector<bool>& full_coverage,
                              const std::vector<std::pair<Xapian::docid, double>>& semantic) {
  std::unordered_map<Xapian::docid, FusedHit> by_id;
  for (size_t r = 0; r < lexical.size(); ++r) {
    FusedHit& h = by_id[lexical[r].first];
    h.id = lexical[r].first;
    h.fused += 1.0 / (kRrfK + static_cast<double>(r + 1));
    h.lexical = lexical[r].second;
    h.tier = r < full_coverage.size() && full_coverage[r] ? 1 : 0;
  }
  for (size_t r = 0; r < semantic.size(); ++r) {
    FusedHit& h = by_id[semantic[r].first];
    h.id = semantic[r].first;
    h.fused += 1.0 / (kRrfK + static_cast<double>(r + 1));
    h.semantic = semantic[r].second;
  }
  std::vector<FusedHit> out;
  out.reserve(by_id.size());
  for (auto& [id, h] : by_id) out.push_back(h);
  std::sort(out.begin(), out.end(), [](const FusedHit& a, const FusedHit& b) {
    if (a.tier != b.tier) return a.tier > b.tier;
    if (a.fused != b.fused) return a.fused > b.fused;
    return a.id < b.id;
  });
  return out;
}

HybridPage HybridSearch(const HybridInputs& in) {
  const SearchRequest& req = in.request;
  const size_t depth = std::max(kHybridDepth, static_cast<size_t>(req.page * req.per_page));

  // Lexical list (with the facet spy over every lexical match when facets are asked for).
  Xapian::Enquire enquire(in.db);
  enquire.set_query(in.filtered_query);
  if (req.time_limit_s > 0) enquire.set_time_limit(req.time_limit_s);
  FacetSpy spy(in.cache, SumsCents(req));
  const Xapian::doccount all = in.db.get_doccount();
  Xapian::doccount check = std::min<Xapian::doccount>(all, in.exact_total_limit);
  if (NeedsSpy(req)) {
    enquire.add_matchspy(&spy);
    check = all;
  }
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(depth), check);
  enquire.clear_matchspies();
  std::vector<std::pair<Xapian::docid, double>> lexical;
  std::vector<bool> coverage;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const TieredWeight w = SplitWeight(in.plan, it.get_weight());
    lexical.emplace_back(*it, w.bm25);
    coverage.push_back(in.plan.word_count > 0 && w.tier >= in.plan.word_count);
  }

  // Semantic list: nearest by the query vector among documents passing every filter. The
  // vector is the client's (request.vector) or the embedding of the query's words.
  std::vector<std::pair<Xapian::docid, double>> semantic;
  const embed::Embedder* embedder = in.semantic.embedder();
  const bool constrained = !in.staff.phrases.empty() || !in.staff.negated.empty();
  std::vector<float> q;
  if (!req.vector.empty()) {
    q = req.vector;
  } else if (embedder && in.plan.has_text) {
    q = embedder->EmbedQuery(in.staff.words);
  }
  // Without words the vector alone orders every initiative that passes the filters (and the
  // -negations of q, which then restrict the scan: rare, so their matches are collected here).
  const bool vector_only = !in.plan.has_text && !q.empty();
  std::unordered_set<Xapian::docid> allowed;
  if (vector_only && constrained) {
    Xapian::Enquire all_matches(in.db);
    all_matches.set_query(in.filtered_query);
    all_matches.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet m = all_matches.get_mset(0, in.db.get_doccount());
    for (auto it = m.begin(); it != m.end(); ++it) allowed.insert(*it);
  }
  if (!q.empty() && (!constrained || vector_only)) {
    const bool default_active = in.staff.filters.statuses.empty();
    FilterCheck url(in.cache, req.filters, default_active),
        typed(in.cache, in.staff.filters, false);
    const FacetCache& cache = in.cache;
    const std::optional<geo::Circle> within =
        req.radius_km && req.near ? std::optional(geo::Circle::Around(*req.near, *req.radius_km))
                                  : std::nullopt;
    const SemanticIndex& s = in.semantic;
    vector::RowFilter filter = vector::RowFilter::FromPredicate([&](uint32_t row) {
      const Xapian::docid id = s.DocOf(row);
      if (!url(id) || !typed(id)) return false;
      if (vector_only && constrained && !allowed.count(id)) return false;
      if (!within) return true;
      const FacetCache::Codes* c = cache.Find(id);
      return c && c->has_location && within->Contains({c->lat, c->lon});
    });
    // kAuto: exact float32 on small indexes, a 4-bit scan with exact re-scoring on large ones
    // (recall@10 1.000 in bench/README.md, "Vector top-k"; a float32 scan of 100k rows costs
    // ~10 ms, which would dominate a hybrid query).
    vector::TopKOptions scan;
    scan.scan = vector::TopKOptions::Scan::kAuto;
    const size_t k = vector_only ? static_cast<size_t>(req.page * req.per_page) : depth;
    auto top = s.vectors().TopK(q, k, &filter, scan);
    if (top.ok()) {
      for (const vector::ScoredRow& r : *top) {
        if (vector_only || r.score >= kMinCosine) semantic.emplace_back(s.DocOf(r.row), r.score);
      }
    }
  }

  if (vector_only) {
    // The result set is the lexical one (every initiative passing the filters: total and
    // facets come from it); only the order is the vector's.
    HybridPage page;
    page.total = mset.get_matches_estimated();
    page.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    CollectFacets(spy, req, page.facets, page.sums);
    const size_t first = static_cast<size_t>((req.page - 1) * req.per_page);
    for (size_t i = first; i < semantic.size(); ++i) {
      FusedHit h;
      h.id = semantic[i].first;
      h.fused = semantic[i].second;
      h.semantic = semantic[i].second;
      page.hits.push_back(h);
    }
    return page;
  }

  // Result set = all lexical matches ∪ semantic hits; count the semantic-only ones.
  std::vector<Xapian::docid> sem_ids;
  for (const auto& [id, cos] : semantic) sem_ids.push_back(id);
  const auto lexical_too = LexicalMatches(in.db, in.filtered_query, sem_ids);
  HybridPage page;
  uint64_t semantic_only = 0;
  for (Xapian::docid id : sem_ids) {
    if (lexical_too.count(id)) continue;
    ++semantic_only;
    if (NeedsSpy(req)) spy.Count(id);
  }
  page.total = mset.get_matches_estimated() + semantic_only;
  page.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  CollectFacets(spy, req, page.facets, page.sums);

  std::vector<FusedHit> fused = FuseRrf(lexical, coverage, semantic);
  const size_t first = static_cast<size_t>((req.page - 1) * req.per_page);
  for (size_t i = first; i < fused.size() && i < first + static_cast<size_t>(req.per_page); ++i) {
    page.hits.push_back(fused[i]);
  }
  return page;
}

}  // namespace hilfsnetz::ranking
