#include "ranking/recommender.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/index_layout.h"
#include "core/xapian_error.h"
#include "ranking/filter_query.h"
#include "ranking/query_builder.h"
#include "schemas/codec/initiative_codec.h"

namespace hilfsnetz::ranking {
namespace {

constexpr double kSecondsPerYear = 365.25 * 24 * 3600;
// Above this many rows the vector scan reads the int8 copy and re-scores exactly.
constexpr size_t kInt8Rows = 50000;

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
  schemas::ParsedInitiative parsed = schemas::ParseInitiative(db.get_document(id).get_data());
  if (!parsed.ok()) return DataLossError("stored record " + std::to_string(id) + " does not parse");
  return std::move(parsed.initiative);
}

std::vector<Xapian::docid> VectorCandidates(const RecoSources& src, const std::vector<float>& q,
                                            const Eligibility& ok, size_t k,
                                            Xapian::docid self = 0) {
  std::vector<Xapian::docid> out;
  if (!src.semantic || q.empty()) return out;
  const SemanticIndex& s = *src.semantic;
  vector::RowFilter filter = vector::RowFilter::FromPredicate(
      [&s, &ok, self](uint32_t row) { return s.DocOf(row) != self && ok(s.DocOf(row)); });
  vector::TopKOptions options;
  if (s.vectors().num_rows() > kInt8Rows) options.scan = vector::TopKOptions::Scan::kInt8Rescored;
  auto hits = s.vectors().TopK(q, k, &filter, options);
  if (!hits.ok()) return out;
  for (const vector::ScoredRow& r : *hits) out.push_back(s.DocOf(r.row));
  return out;
}

std::vector<Xapian::docid> LexicalCandidates(const RecoSources& src, const schemas::CompanyProfile& p,
                                             const Eligibility& ok, size_t k) {
  // What is offered says most about the initiatives that fit, so it goes first; the query is
  // cut at 12 words (at 100k initiatives, 40 words cost 100-130 ms per call, 12 words ~27 ms,
  // with the same nDCG@10 on the judged profiles).
  StaffQuery words;
  for (const schemas::Offer& o : p.offers) words.words += o.description + " ";
  words.words += p.industry + " " + p.description;
  PlanOptions options;
  options.coverage_bonus = false;
  options.spelling = false;
  options.max_words = 12;
  Xapian::Query query = BuildQueryPlan(words, src.db, options).query;
  std::vector<Xapian::Query> types;
  for (const schemas::Offer& o : p.offers) {
    types.emplace_back(std::string(layout::kPrefixNeed) + std::string(schemas::NeedTypeName(o.type)));
  }
  if (!types.empty()) {
    Xapian::Query bonus((new Xapian::FixedWeightPostingSource(1.0))->release());
    Xapian::Query need_types(Xapian::Query::OP_OR, types.begin(), types.end());
    query = Xapian::Query(Xapian::Query::OP_OR, query,
                          Xapian::Query(Xapian::Query::OP_FILTER, bonus, need_types));
  }
  query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                        Xapian::Query(std::string(layout::kPrefixStatus) + "active"));
  Xapian::Enquire enquire(src.db);
  enquire.set_query(query);
  std::vector<Xapian::docid> out;
  // Fetch extra to make room for the excluded and out-of-radius ones filtered below.
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(k * 2));
  for (auto it = mset.begin(); it != mset.end() && out.size() < k; ++it) {
    if (ok(*it)) out.push_back(*it);
  }
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

// Stage 1: a score from the caches alone, mirroring ScoreInitiative's weights.
// `home` is the company's Bezirk (looked up once per request), nullptr when it has none.
double QuickScore(const RecoSources& src, const schemas::CompanyProfile& p,
                  const geo::District* home, Xapian::docid id, const std::vector<float>& q,
                  int64_t now) {
  const FacetCache::Codes* c = src.cache.Find(id);
  if (!c) return 0;
  const RecoWeights w;
  int matched = 0;
  for (const schemas::Offer& o : p.offers) {
    const uint16_t code = src.cache.Code(FacetField::kNeed, std::string(schemas::NeedTypeName(o.type)));
    if (code == 0 || !((c->needs >> code) & 1u)) continue;
    if (o.type == schemas::NeedType::kMoney && c->funding_gap <= 0) continue;
    ++matched;
  }
  const double need = 1.0 - std::pow(0.4, matched);
  int topics = 0;
  for (const std::string& t : p.topics) {
    const uint16_t code = src.cache.Code(FacetField::kTopic, t);
    if (code && ((c->topics >> code) & 1u)) ++topics;
  }
  const double topic = p.topics.empty() ? 0.0 : static_cast<double>(topics) / static_cast<double>(p.topics.size());
  double prox = 0;
  const std::vector<std::string>& districts = src.cache.Names(FacetField::kDistrict);
  const std::string& district = c->district < districts.size() ? districts[c->district] : "";
  if (!p.district.empty() && p.district == district) {
    prox = 0.8;
  } else if (home && std::find(home->neighbours.begin(), home->neighbours.end(), district) !=
                          home->neighbours.end()) {
    prox = 0.5;
  } else if (p.location && c->has_location) {
    prox = 0.4 * std::exp(-geo::DistanceKm(*p.location, {c->lat, c->lon}) / 5.0);
  }
  const double age = c->updated_unix > 0 ? static_cast<double>(now - c->updated_unix) / kSecondsPerYear : 5;
  const double urgency = (c->funding_gap > 0 ? 0.6 : 0.0) + 0.4 * std::clamp(1.0 - age / 2.0, 0.0, 1.0);
  const double semantic = src.semantic ? std::max(0.0, src.semantic->Similarity(q, id)) : 0.0;
  return w.need_match * need + w.semantic * semantic + w.proximity * prox + w.topics * topic +
         w.urgency * urgency;
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

Eligibility MakeEligibility(const RecoSources& src, const std::vector<std::string>& excluded_ids) {
  Eligibility ok{src.cache, src.cache.Code(FacetField::kStatus, "active"), {}, std::nullopt, 0};
  for (const std::string& id : excluded_ids) {
    if (Xapian::docid d = DocOfId(src.db, id)) ok.excluded.push_back(d);
  }
  std::sort(ok.excluded.begin(), ok.excluded.end());
  return ok;
}

}  // namespace

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
  const std::vector<float> q = CompanyVector(src, p);
  std::vector<Xapian::docid> ids = VectorCandidates(src, q, ok, kCandidatesPerSource);
  std::vector<Xapian::docid> lexical = LexicalCandidates(src, p, ok, kCandidatesPerSource);
  ids.insert(ids.end(), lexical.begin(), lexical.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

  std::vector<std::pair<double, Xapian::docid>> quick;
  const geo::District* home = geo::Berlin::Get().FindDistrict(p.district);
  for (Xapian::docid id : ids) quick.emplace_back(QuickScore(src, p, home, id, q, now), id);
  const size_t precise =
      std::min(quick.size(), std::max(kPrecisePool, kPreciseFactor * static_cast<size_t>(p.limit)));
  std::partial_sort(quick.begin(), quick.begin() + static_cast<long>(precise), quick.end(),
                    [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });

  const CompanyContext ctx(p);
  std::vector<Scored> pool;
  for (size_t i = 0; i < precise; ++i) {
    const Xapian::docid id = quick[i].second;
    Result<schemas::Initiative> rec = Decode(src.db, id);
    if (!rec.ok()) return rec.status();
    const double semantic = src.semantic ? src.semantic->Similarity(q, id) : 0.0;
    ScoredInitiative s = ScoreInitiative(ctx, *rec, semantic, now);
    pool.push_back({id, {std::move(*rec), s.components, std::move(s.reasons)}});
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
    StaffQuery words;
    words.words = me->title + " " + me->summary;
    PlanOptions options;
    options.coverage_bonus = false;
    options.spelling = false;
    Xapian::Enquire enquire(src.db);
    enquire.set_query(BuildQueryPlan(words, src.db, options).query);
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit) * 2 + 1);
    for (auto it = mset.begin(); it != mset.end() && ids.size() < static_cast<size_t>(limit); ++it) {
      if (*it != self && ok(*it)) ids.push_back(*it);
    }
  }
  std::vector<SimilarHit> out;
  for (Xapian::docid d : ids) {
    Result<schemas::Initiative> rec = Decode(src.db, d);
    if (!rec.ok()) return rec.status();
    SimilarHit hit;
    hit.score = q.empty() ? 0.0 : src.semantic->Similarity(q, d);
    hit.reasons = SimilarityReasons(*me, *rec);
    hit.record = std::move(*rec);
    out.push_back(std::move(hit));
  }
  return out;
}

}  // namespace hilfsnetz::ranking
