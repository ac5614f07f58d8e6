#include "ranking/similar.h"

#include <algorithm>
#include <bit>
#include <set>

#include "core/index_layout.h"
#include "core/task_pool.h"
#include "ranking/need_matcher.h"
#include "ranking/query_builder.h"
#include "ranking/reco_candidates.h"
#include "schemas/stored_record.h"
#include "text/concept_lexicon.h"

namespace hilfsnetz::ranking {
namespace {

// Adds to `ids` (up to `limit`) eligible initiatives not in it, by shared topics (Jaccard) plus
// 0.5 for the same Bezirk, ties by docid: "similar" without embeddings and with few word
// matches still fills its list.
void FillByTopicsAndPlace(const RecoSources& src, const schemas::Initiative& me,
                          const Eligibility& ok, size_t limit, std::vector<Xapian::docid>& ids) {
  const FacetCache& cache = src.cache;
  uint64_t topics = 0;
  for (const std::string& t : me.topics) {
    if (const uint16_t code = cache.Code(FacetField::kTopic, t); code != 0 && code < 64)
      topics |= uint64_t{1} << code;
  }
  const uint16_t district =
      me.district.empty() ? 0 : cache.Code(FacetField::kDistrict, me.district);
  std::vector<std::pair<double, Xapian::docid>> scored;
  const std::set<Xapian::docid> have(ids.begin(), ids.end());
  for (Xapian::docid d = 1; d <= src.db.get_lastdocid(); ++d) {
    const FacetCache::Codes* c = cache.Find(d);
    if (!c || have.count(d) || !ok(d)) continue;
    const int shared = std::popcount(c->topics & topics);
    const int all = std::popcount(c->topics | topics);
    const double score = (all ? static_cast<double>(shared) / all : 0.0) +
                         (district && c->district == district ? 0.5 : 0.0);
    scored.emplace_back(-score, d);
  }
  const size_t want = std::min(scored.size(), limit - std::min(limit, ids.size()));
  std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(want), scored.end());
  for (size_t i = 0; i < want; ++i) ids.push_back(scored[i].second);
}

// The telling concepts in value `slot` of `doc` (kSlotConcepts, kSlotNeedConcepts).
std::vector<text::ConceptId> SlotConcepts(const Xapian::Document& doc, unsigned slot) {
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  const std::string list = doc.get_value(slot);
  std::vector<text::ConceptId> out;
  for (size_t from = 0; from < list.size();) {
    size_t to = list.find(layout::kListSeparator, from);
    if (to == std::string::npos) to = list.size();
    const int c = lexicon.Find(std::string_view(list).substr(from, to - from));
    if (c >= 0 && IsTellingConcept(c)) out.push_back(c);
    from = to + 1;
  }
  return out;
}

// What the indexer read in the record's texts: reading them again costs ~1 ms a record.
RecordConcepts StoredConcepts(const Xapian::Document& doc) {
  return {SlotConcepts(doc, layout::kSlotConcepts), SlotConcepts(doc, layout::kSlotNeedConcepts)};
}

}  // namespace

Result<std::vector<SimilarHit>> Similar(const RecoSources& src, const std::string& id, int limit) {
  const Xapian::docid self = DocOfId(src.db, id);
  if (self == 0) return NotFoundError("no initiative with id '" + id + "'");
  const Xapian::Document my_doc = src.db.get_document(self);
  Result<schemas::Initiative> me = schemas::DecodeStoredInitiative(my_doc.get_data());
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
    Xapian::MSet mset =
        enquire.get_mset(0, static_cast<Xapian::doccount>(limit), nullptr, &decider);
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
    if (ids.size() < static_cast<size_t>(limit))
      FillByTopicsAndPlace(src, *me, ok, static_cast<size_t>(limit), ids);
  }
  const Informative informative{
      [&](const std::string& topic) {
        return src.cache.ActiveShare(FacetField::kTopic, topic) < kInformativeShare;
      },
      [&](schemas::NeedType t) {
        return src.cache.ActiveShare(FacetField::kNeed, std::string(schemas::NeedTypeName(t))) <
               kInformativeShare;
      }};
  // The records and their concepts are read on this thread (the database belongs to it), then
  // decoded and explained in two halves, one on another thread.
  std::vector<std::string> data(ids.size());
  std::vector<RecordConcepts> concepts(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    const Xapian::Document doc = src.db.get_document(ids[i]);
    data[i] = doc.get_data();
    concepts[i] = StoredConcepts(doc);
  }
  const RecordConcepts my_concepts = StoredConcepts(my_doc);
  std::vector<SimilarHit> out(ids.size());
  std::vector<char> decoded(ids.size(), 0);  // not vector<bool>: both threads write to it
  auto explain = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      Result<schemas::Initiative> rec = schemas::DecodeStoredInitiative(data[i]);
      if (!rec.ok()) continue;
      SimilarHit& hit = out[i];
      hit.score = q.empty() ? 0.0 : src.semantic->Similarity(q, ids[i]);
      hit.reasons = SimilarityReasons(*me, *rec, informative, &my_concepts, &concepts[i]);
      if (hit.reasons.empty()) {  // nothing in common to name: the embeddings found it
        hit.reasons.push_back(
            {"similar_description", "Ähnliche Beschreibung", "Similar description"});
      }
      hit.record = std::move(*rec);
      decoded[i] = 1;
    }
  };
  const size_t half = ids.size() / 2;
  Task<void> second = TaskPool::Shared().Submit([&] { explain(half, ids.size()); });
  explain(0, half);
  second.Get();
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!decoded[i])
      return DataLossError("stored record " + std::to_string(ids[i]) + " is damaged");
  }
  return out;
}

}  // namespace hilfsnetz::ranking
