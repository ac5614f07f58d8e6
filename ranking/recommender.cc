#include "ranking/recommender.h"

#include <algorithm>

#include "core/task_pool.h"
#include "ranking/reco_candidates.h"
#include "ranking/reco_diversity.h"
#include "ranking/reco_quick_score.h"
#include "schemas/stored_record.h"

namespace hilfsnetz::ranking {
namespace {

// Records read per chunk of the precise stage: scoring a chunk on another thread overlaps
// with reading the next (reading 40 records took 1.2 ms at 100k initiatives, decoding and
// scoring them 0.7 ms); smaller chunks wake the pool more often for the same overlap.
constexpr size_t kReadChunk = 8;

struct Scored {
  Xapian::docid id;
  Recommendation rec;
};

}  // namespace

Result<std::vector<Recommendation>> Recommend(const RecoSources& src,
                                              const schemas::CompanyProfile& p, int64_t now) {
  if (!p.embedding.empty() &&
      (!src.semantic || static_cast<int>(p.embedding.size()) != src.semantic->dimensions())) {
    return InvalidFieldError(
        "embedding", "has dimension " + std::to_string(p.embedding.size()) + ", the index has " +
                         (src.semantic ? std::to_string(src.semantic->dimensions())
                                       : std::string("no embeddings")));
  }
  Eligibility ok = MakeEligibility(src, p.exclude_ids);
  if (p.radius_km) {
    std::optional<geo::LatLon> centre = p.location;
    if (!centre) {
      if (const geo::District* d = geo::Berlin::Get().FindDistrict(p.district))
        centre = d->centroid;
    }
    if (!centre) {
      return InvalidFieldError("radius_km",
                               "needs a location, postcode or district to measure from");
    }
    ok.within = geo::Circle::Around(*centre, *p.radius_km);
  }
  // The two candidate sources are independent: the company's embedding and the vector scan
  // (shared, immutable embedder and matrix) run on another thread while this one runs the
  // BM25 query on its own database. The scan stays on that one thread: split over the pool it
  // woke a third thread for two cores, and this thread, whose BM25 query is the longer side,
  // waited for a core (at 100k initiatives and load ~5, stage timers: BM25 done at 4.0 ms
  // instead of 3.2, the whole request 5.8 instead of 4.7 ms; the scan alone takes ~1 ms and
  // still ends first). The candidates are the same whatever the threads (vector/top_k.h).
  std::vector<float> q;
  Task<std::vector<Xapian::docid>> by_vector = TaskPool::Shared().Submit([&] {
    q = CompanyVector(src, p);
    return VectorCandidates(src, q, ok, kCandidatesPerSource, 0, VectorRecall::kApproximate,
                            /*max_threads=*/1);
  });
  const CompanyContext ctx(p);  // the offers' concepts: the candidate query's and stage 2's
  std::vector<Xapian::docid> worded;
  std::vector<Xapian::docid> lexical =
      LexicalCandidates(src, p, ctx.offer_things, ok, kCandidatesPerSource, &worded);
  std::vector<Xapian::docid> ids = by_vector.Get();  // q is set from here on
  ids.insert(ids.end(), lexical.begin(), lexical.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

  std::vector<std::pair<double, Xapian::docid>> quick;
  const QuickProfile quick_profile(src.cache, ctx);
  const RecoWeights weights = EffectiveWeights(src.weights, p.weights);
  for (Xapian::docid id : ids) {
    const bool names = std::binary_search(worded.begin(), worded.end(), id);
    quick.emplace_back(
        QuickScore(src.cache, src.semantic, quick_profile, id, q, now, weights, names), id);
  }
  const size_t precise =
      std::min(quick.size(), std::max(kPrecisePool, kPreciseFactor * static_cast<size_t>(p.limit)));
  std::partial_sort(quick.begin(), quick.begin() + static_cast<long>(precise), quick.end(),
                    [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first > b.first : a.second < b.second;
                    });

  // The precise stage: the stored records are read here (the database belongs to this
  // thread) in docid order (neighbouring B-tree blocks), kReadChunk at a time; each chunk is
  // decoded and scored on the task pool while the next one is read (pure functions of the
  // record, the profile and the shared embeddings), the last one here.
  std::vector<size_t> by_docid(precise);
  for (size_t i = 0; i < precise; ++i) by_docid[i] = i;
  std::sort(by_docid.begin(), by_docid.end(),
            [&](size_t a, size_t b) { return quick[a].second < quick[b].second; });
  std::vector<std::string> data(precise);
  std::vector<Scored> pool(precise);
  std::vector<double> semantic(precise, 0.0);
  std::vector<char> decoded(precise, 0);  // not vector<bool>: threads write to it
  auto score_range = [&](size_t from, size_t to) {
    for (size_t j = from; j < to; ++j) {
      const size_t i = by_docid[j];
      const Xapian::docid id = quick[i].second;
      Result<schemas::Initiative> rec = schemas::DecodeStoredInitiative(data[i]);
      if (!rec.ok()) continue;
      semantic[i] = src.semantic ? src.semantic->Similarity(q, id) : 0.0;
      // Ranked by the components alone; the reasons are written below for what is shown.
      const RecoComponents c = ScoreComponents(ctx, *rec, semantic[i], now, weights);
      pool[i] = {id, {std::move(*rec), c, {}, weights}};
      decoded[i] = 1;
    }
  };
  std::vector<Task<void>> scoring;
  for (size_t from = 0; from < precise; from += kReadChunk) {
    const size_t to = std::min(precise, from + kReadChunk);
    for (size_t j = from; j < to; ++j)
      data[by_docid[j]] = src.db.get_document(quick[by_docid[j]].second).get_data();
    if (to < precise) {
      scoring.push_back(
          TaskPool::Shared().Submit([&score_range, from, to] { score_range(from, to); }));
    } else {
      score_range(from, to);
    }
  }
  for (Task<void>& t : scoring) t.Get();
  for (size_t i = 0; i < precise; ++i) {
    if (!decoded[i])
      return DataLossError("stored record " + std::to_string(quick[i].second) + " is damaged");
  }
  std::vector<size_t> order(precise);  // pool indices by total, best first (stable)
  for (size_t i = 0; i < precise; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return pool[a].rec.components.total > pool[b].rec.components.total;
  });
  std::vector<DiversityItem> items;
  items.reserve(precise);
  for (const size_t i : order)
    items.push_back({pool[i].id, pool[i].rec.components.total, &pool[i].rec.record.topics});
  std::vector<Recommendation> out;
  for (const size_t k : DiverseOrder(items, src.semantic, static_cast<size_t>(p.limit))) {
    const size_t i = order[k];
    // The same scorer once more with its reasons (a few of the pool: the reasons cost more
    // than the scores); the components are the ones the pool was ranked by.
    ScoredInitiative s = ScoreInitiative(ctx, pool[i].rec.record, semantic[i], now, weights);
    pool[i].rec.components = s.components;
    pool[i].rec.reasons = std::move(s.reasons);
    out.push_back(std::move(pool[i].rec));
  }
  return out;
}

}  // namespace hilfsnetz::ranking
