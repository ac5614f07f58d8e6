#include "ranking/searcher.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>

#include <xapian.h>

#include "core/index_layout.h"
#include "core/loose_key.h"
#include "core/xapian_error.h"
#include "ranking/browse_index.h"
#include "ranking/facet_cache.h"
#include "ranking/filter_query.h"
#include "ranking/highlighter.h"
#include "ranking/hybrid_search.h"
#include "ranking/index_snapshot.h"
#include "ranking/match_bits.h"
#include "ranking/query_builder.h"
#include "ranking/reco_candidates.h"
#include "ranking/recommender.h"
#include "ranking/semantic_index.h"
#include "ranking/staff_syntax.h"
#include "schemas/codec/initiative_codec.h"
#include "schemas/stored_record.h"
#include "text/analyzer.h"
#include "text/concept_lexicon.h"

namespace hilfsnetz::ranking {
namespace {

constexpr int kSnippetWords = 30;
// How often a request starts again on the newest revision when writes keep discarding the one
// it reads (each commit may; a request that builds suggestions or vectors takes several ms).
constexpr int kRevisionRetries = 12;

void ApplySort(const SearchRequest& req, bool has_text, Xapian::Enquire& enquire) {
  switch (req.sort) {
    case SortOrder::kRelevance:
      if (!has_text) enquire.set_sort_by_value(layout::kSlotCreated, true);
      return;
    case SortOrder::kNewest:
      enquire.set_sort_by_value_then_relevance(layout::kSlotCreated, true);
      return;
    case SortOrder::kFundingGap:
      enquire.set_sort_by_value_then_relevance(layout::kSlotFundingGap, true);
      return;
    case SortOrder::kDistance: {
      Xapian::LatLongCoords centre(Xapian::LatLongCoord(req.near->lat, req.near->lon));
      auto* keymaker = new Xapian::LatLongDistanceKeyMaker(layout::kSlotLocation, centre);
      enquire.set_sort_by_key_then_relevance(keymaker->release(), false);
      return;
    }
  }
}

}  // namespace

struct Searcher::Impl {
  std::string dir;
  SearcherOptions options;
  std::string generation;
  Xapian::Database db;
  // The facet columns, embeddings and suggestions of db's revision, shared with the other
  // searchers of this process (ranking/index_snapshot.h).
  std::shared_ptr<const IndexSnapshot> snap;

  // Takes the snapshot of db's revision (built, or patched from an earlier one, by whichever
  // searcher got there first). Reads the database, so a writer's commits can discard that
  // revision (IsRevisionDiscarded); `snap` changes only when the snapshot is whole.
  Status TakeSnapshot() {
    if (snap && snap->revision() == db.get_revision()) return Status::Ok();
    Result<std::shared_ptr<const IndexSnapshot>> s = IndexSnapshot::For(Path(), db);
    if (!s.ok()) return s.status();
    snap = std::move(*s);
    return Status::Ok();
  }
  const FacetCache& facets() const { return snap->facets(); }
  const SemanticIndex* semantic() const { return snap->semantic(); }
  std::string Path() const { return dir + "/" + generation; }

  // Reopens at the newest revision and takes its snapshot.
  Status Reopen() {
    return GuardXapian("reopening index", [&]() -> Status {
      db.reopen();
      return TakeSnapshot();
    });
  }

  // Runs `body` with Xapian's errors turned into a Status. When a writer's commits discarded
  // the revision being read (a reader two commits behind: DatabaseModifiedError), reopens at
  // the newest revision, reloads the caches and runs it again — every kind of request, not
  // only searches, meets this while a server takes writes.
  Status Guarded(const std::string& what, const std::function<Status()>& body) {
    for (int attempt = 0; attempt < kRevisionRetries; ++attempt) {
      Status s = GuardXapian(what, [&]() -> Status { return body(); });
      if (!IsRevisionDiscarded(s)) return s;
      // A nested guard (building suggestions, vectors) may have turned it into a Status.
      // Reopen until the caches are built on one revision, then run the body again.
      do {
        s = Reopen();
      } while (IsRevisionDiscarded(s) && ++attempt < kRevisionRetries);
      if (IsRevisionDiscarded(s)) break;  // out of retries: the message below, not Xapian's
      if (!s.ok()) return s;
    }
    return UnavailableError(what + ": the index changed during the request " +
                            std::to_string(kRevisionRetries) + " times; try again");
  }

  RecoSources Sources() const {
    return {db, facets(), semantic(), snap->active_rows(), options.reco_weights};
  }

  Status OpenGeneration(const std::string& name) {
    const std::string path = dir + "/" + name;
    return GuardXapian("opening index " + path, [&]() -> Status {
      Xapian::Database fresh(path);
      Status s = layout::CheckIndexVersion(fresh, path, text::kAnalyzerVersion);
      if (!s.ok()) return s;
      Result<std::shared_ptr<const IndexSnapshot>> snapshot = IndexSnapshot::For(path, fresh);
      if (!snapshot.ok()) return snapshot.status();
      db = fresh;
      generation = name;
      snap = std::move(*snapshot);
      return Status::Ok();
    });
  }

  Hit MakeHit(const Xapian::MSetIterator& it, const SearchRequest& req, const QueryPlan& plan,
              schemas::Initiative record) {
    Hit hit = Decorate(req, plan, std::move(record), *it);
    if (!plan.has_text) return hit;
    // The reported score folds the tier in so that it never increases down the list.
    const TieredWeight w = SplitWeight(plan, it.get_weight());
    hit.tier = w.tier;
    hit.bm25 = w.bm25;
    hit.score = w.tier + w.bm25 / (w.bm25 + kScoreScale);
    return hit;
  }

  // Index positions of the words of `doc` that named the query's concepts, or a concept below
  // one of them ("Brot" for a query naming "Lebensmittel"), from kSlotConceptSpans.
  std::set<uint32_t> ConceptPositions(Xapian::docid doc, const QueryPlan& plan) {
    std::set<uint32_t> out;
    if (plan.mark_concepts.empty()) return out;
    const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
    const std::string spans =
        db.get_document(doc, Xapian::DOC_ASSUME_VALID).get_value(layout::kSlotConceptSpans);
    layout::ForEachConceptSpan(
        spans, [&](std::string_view id, const std::vector<unsigned>& positions) {
          const int c = lexicon.Find(id);
          if (c < 0) return;
          for (text::ConceptId a : lexicon.WithAncestors(static_cast<text::ConceptId>(c))) {
            if (plan.mark_concepts.count(std::string(layout::kPrefixConcept) + lexicon.Get(a).id)) {
              out.insert(positions.begin(), positions.end());
              return;
            }
          }
        });
    return out;
  }

  // Distance and highlights of a hit.
  Hit Decorate(const SearchRequest& req, const QueryPlan& plan, schemas::Initiative record,
               Xapian::docid doc) {
    Hit hit;
    if (req.near && record.location) hit.distance_km = geo::DistanceKm(*req.near, *record.location);
    const std::set<uint32_t> positions = ConceptPositions(doc, plan);
    MarkTerms terms{&plan.mark_surfaces, &plan.mark_stems, &plan.mark_prefixes, &positions, 0};
    // Position bases of the fields as the indexer laid them out (core/index_layout.h); only
    // concept positions use them, so without those the fields are not segmented for them.
    auto words = [&](const std::string& text) {
      return positions.empty()
                 ? 0u
                 : static_cast<unsigned>(text::Analyzer::Default().Segment(text).size());
    };
    const unsigned org_base = layout::NextFieldBase(0, record.title.empty(), words(record.title));
    const unsigned summary_base =
        layout::NextFieldBase(org_base, record.organisation.empty(), words(record.organisation));
    const unsigned description_base =
        layout::NextFieldBase(summary_base, record.summary.empty(), words(record.summary));
    hit.highlights.title = HighlightText(record.title, record.language, terms);
    terms.base = summary_base;
    hit.highlights.summary = HighlightText(record.summary, record.language, terms);
    terms.base = description_base;
    hit.highlights.description =
        HighlightSnippet(record.description, record.language, terms, kSnippetWords);
    hit.record = std::move(record);
    return hit;
  }

  // What the search made of q (QueryInfo) and notes for the person searching.
  static void Explain(const SearchRequest& req, const StaffQuery& staff, const QueryPlan& plan,
                      SearchResult& result) {
    const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
    result.query.language = plan.language;
    result.query.language_given = plan.language_given;
    for (const std::string& id : plan.concepts) {
      const int c = lexicon.Find(id);
      if (c < 0) continue;
      const text::Concept& k = lexicon.Get(static_cast<text::ConceptId>(c));
      result.query.concepts.push_back({k.id, k.Label("de"), k.Label("en")});
      const std::string& label = k.Label("de");
      // A German label the person did not type themselves is a word the search added.
      const bool typed =
          label.empty() || LooseKey(req.q).find(LooseKey(label)) != std::string::npos;
      if (!typed && std::find(result.query.expanded.begin(), result.query.expanded.end(), label) ==
                        result.query.expanded.end()) {
        result.query.expanded.push_back(label);
      }
    }
    for (const std::string& german : plan.translations) {
      if (std::find(result.query.expanded.begin(), result.query.expanded.end(), german) ==
          result.query.expanded.end()) {
        result.query.expanded.push_back(german);
      }
    }
    if (staff.unclosed_quote) {
      result.notices.push_back(
          {"unclosed_quote",
           "The quote was not closed: its words were searched as words, not as a phrase.",
           "Das Anführungszeichen wurde nicht geschlossen: die Wörter wurden einzeln gesucht, "
           "nicht als Phrase."});
    }
    if (req.near && req.sort == SortOrder::kRelevance) {
      const std::string radius = req.radius_km ? " within " + FormatKm(*req.radius_km) + " km" : "";
      const std::string radius_de =
          req.radius_km ? " im Umkreis von " + FormatKm(*req.radius_km) + " km" : "";
      if (plan.has_text) {
        result.notices.push_back(
            {"near_by_relevance",
             "Ordered by relevance" + radius + "; sort=distance orders by distance.",
             "Nach Relevanz sortiert" + radius_de + "; sort=distance sortiert nach Entfernung."});
      } else {
        result.notices.push_back(
            {"near_by_newest", "Ordered by newest" + radius + "; sort=distance orders by distance.",
             "Die neuesten zuerst" + radius_de + "; sort=distance sortiert nach Entfernung."});
      }
    }
  }

  static std::string FormatKm(double km) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", km);
    return buf;
  }

  Result<SearchResult> RunHybrid(const SearchRequest& req, const StaffQuery& staff,
                                 const QueryPlan& plan, const Xapian::Query& query) {
    HybridPage page = HybridSearch(
        {db, facets(), *semantic(), req, staff, plan, query, options.exact_total_limit});
    SearchResult result;
    result.total = page.total;
    result.total_exact = page.total_exact;
    result.did_you_mean = plan.did_you_mean;
    result.facets = std::move(page.facets);
    result.sums = std::move(page.sums);
    for (const FusedHit& f : page.hits) {
      Result<schemas::Initiative> rec =
          schemas::DecodeStoredInitiative(db.get_document(f.id).get_data());
      if (!rec.ok()) return rec.status();
      Hit hit = Decorate(req, plan, std::move(*rec), f.id);
      hit.tier = f.tier;
      hit.score = hit.tier + f.fused;
      hit.lexical_score = f.lexical;
      hit.semantic_score = f.semantic;
      result.hits.push_back(std::move(hit));
    }
    return result;
  }

  // The filter groups of a request (FilterTerms), for BrowseIndex::Match.
  static std::vector<std::vector<std::string>> FilterGroups(const SearchRequest& req,
                                                            const StaffQuery& staff) {
    std::vector<std::vector<std::string>> groups =
        FilterTerms(req.filters, /*default_active=*/staff.filters.statuses.empty());
    for (std::vector<std::string>& g : FilterTerms(staff.filters, /*default_active=*/false)) {
      groups.push_back(std::move(g));
    }
    return groups;
  }

  // The exact total, facet counts and sums of the documents in `match`.
  void CountMatches(const BrowseIndex& browse, const BrowseIndex::Bits& match,
                    const SearchRequest& req, SearchResult& result) {
    result.total = BrowseIndex::Count(match);
    result.total_exact = true;
    if (!NeedsSpy(req)) return;
    FacetSpy spy(facets(), SumsCents(req));
    const bool by_document =
        SumsCents(req) || std::find(req.facets.begin(), req.facets.end(),
                                    FacetField::kNeighbourhood) != req.facets.end();
    if (by_document) {  // Ortsteile and cents: per document, as the spy counts them
      for (size_t w = 0; w < match.size(); ++w) {
        for (uint64_t bits = match[w]; bits; bits &= bits - 1) {
          spy.Count(static_cast<Xapian::docid>(w * 64 + std::countr_zero(bits)));
        }
      }
    } else {
      for (FacetField f : req.facets) browse.CountInto(match, f, spy);
    }
    CollectFacets(spy, req, result.facets, result.sums);
  }

  // The total and facets of a search with words from bitsets (ranking/match_bits.h): the words'
  // match set read from their posting lists, AND the filters' bitsets. False (nothing set)
  // when the query or a radius needs Xapian's own match to count.
  bool CountFromBits(const SearchRequest& req, const StaffQuery& staff, const QueryPlan& plan,
                     SearchResult& result) {
    if (req.near && req.radius_km) return false;
    Result<std::shared_ptr<const BrowseIndex>> index = snap->Browse(db);
    if (!index.ok()) return false;
    const BrowseIndex& browse = **index;
    std::optional<BrowseIndex::Bits> match = MatchBits(db, plan.match_query, browse.words());
    if (!match) return false;
    const BrowseIndex::Bits filtered = browse.Match(FilterGroups(req, staff));
    for (size_t w = 0; w < match->size(); ++w) (*match)[w] &= filtered[w];
    CountMatches(browse, *match, req, result);
    return true;
  }

  // A search without words from the snapshot's BrowseIndex: the same documents, order, total
  // and facet counts as the filtered match Run would make (ranking_test compares them).
  Result<SearchResult> Browse(const SearchRequest& req, const StaffQuery& staff,
                              const QueryPlan& plan) {
    Result<std::shared_ptr<const BrowseIndex>> index = snap->Browse(db);
    if (!index.ok()) return index.status();
    const BrowseIndex& browse = **index;
    const BrowseIndex::Bits match = browse.Match(FilterGroups(req, staff));
    SearchResult result;
    CountMatches(browse, match, req, result);
    const auto first = static_cast<size_t>((req.page - 1) * req.per_page);
    for (Xapian::docid d : browse.Page(match, first, static_cast<size_t>(req.per_page))) {
      Result<schemas::Initiative> rec =
          schemas::DecodeStoredInitiative(db.get_document(d).get_data());
      if (!rec.ok()) return rec.status();
      result.hits.push_back(Decorate(req, plan, std::move(*rec), d));
    }
    return result;
  }

  Result<SearchResult> Run(const SearchRequest& req) {
    if (req.sort == SortOrder::kDistance && !req.near) {
      return InvalidFieldError("sort", "distance needs near");
    }
    Result<StaffQuery> staff = ParseStaffSyntax(req.q);
    if (!staff.ok()) return staff.status();
    PlanOptions plan_options;
    plan_options.prefix_last = req.prefix == PrefixMode::kLast;
    plan_options.language = req.lang;
    QueryPlan plan = BuildQueryPlan(*staff, db, plan_options);
    std::vector<Xapian::Query> filters;
    // The default "active only" steps aside when q names a status itself (status:paused).
    const bool default_active = staff->filters.statuses.empty();
    if (auto f = FilterQuery(req.filters, default_active)) filters.push_back(*f);
    if (auto f = FilterQuery(staff->filters, /*default_active=*/false)) filters.push_back(*f);
    if (req.near && req.radius_km) filters.push_back(NearQuery(*req.near, *req.radius_km));
    auto filtered = [&](const Xapian::Query& q) {
      if (filters.empty()) return q;
      return Xapian::Query(Xapian::Query::OP_FILTER, q,
                           Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    };
    const Xapian::Query query = filtered(plan.query);
    if (!req.vector.empty()) {
      // A client vector is only meaningful for hybrid search by relevance (search_params
      // refuses the rest) over an index of embeddings of the same dimension.
      if (req.mode != SearchMode::kHybrid || req.sort != SortOrder::kRelevance) {
        return InvalidFieldError("vector", "needs mode=hybrid and sort=relevance");
      }
      if (!semantic()) return InvalidFieldError("vector", "this index holds no embeddings");
      if (static_cast<int>(req.vector.size()) != semantic()->dimensions()) {
        return InvalidFieldError(
            "vector", "has " + std::to_string(req.vector.size()) + " values; the index holds " +
                          std::to_string(semantic()->dimensions()) + "-dimensional embeddings");
      }
    }
    // Hybrid needs a query vector: the client's, or the embedding of q by the index's own
    // embedder (an index of provided vectors has none).
    if (req.mode == SearchMode::kHybrid && req.sort == SortOrder::kRelevance && semantic() &&
        (!req.vector.empty() || semantic()->embedder())) {
      Result<SearchResult> hybrid = RunHybrid(req, *staff, plan, query);
      if (hybrid.ok()) Explain(req, *staff, plan, *hybrid);
      return hybrid;
    }
    // A browse (no words, no negation, no radius), newest first: from bitsets, not a match.
    if (!plan.has_text && staff->negated.empty() && !(req.near && req.radius_km) &&
        (req.sort == SortOrder::kRelevance || req.sort == SortOrder::kNewest)) {
      Result<SearchResult> browsed = Browse(req, *staff, plan);
      if (browsed.ok()) Explain(req, *staff, plan, *browsed);
      return browsed;
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    if (req.time_limit_s > 0) enquire.set_time_limit(req.time_limit_s);
    ApplySort(req, plan.has_text, enquire);
    const Xapian::doccount all = db.get_doccount();
    Xapian::doccount check = std::min<Xapian::doccount>(all, options.exact_total_limit);
    FacetSpy spy(facets(), SumsCents(req));
    // Facets and sums are exact: every match must be counted. Ordered by relevance, the page
    // comes from a pruned match (Xapian skips what cannot reach it) and the counts from the
    // match set of plan.match_query (the same documents without what only weighs): as bitsets
    // read from the posting lists where it can (CountFromBits), else from a second, unweighted
    // Xapian match with the facet spy. Either is cheaper than weighing every match. Any other
    // order sees every match anyway, so one match does both.
    const bool count_apart = NeedsSpy(req) && plan.has_text && req.sort == SortOrder::kRelevance;
    SearchResult counts;
    const bool bits_counted = count_apart && CountFromBits(req, *staff, plan, counts);
    std::optional<Xapian::doccount> counted;
    if (bits_counted) {
      counted = static_cast<Xapian::doccount>(counts.total);
    } else if (count_apart) {
      Xapian::Enquire counting(db);
      counting.set_query(filtered(plan.match_query));
      counting.set_weighting_scheme(Xapian::BoolWeight());
      if (req.time_limit_s > 0) counting.set_time_limit(req.time_limit_s);
      counting.add_matchspy(&spy);
      const Xapian::MSet every = counting.get_mset(0, 0, all);
      if (every.get_matches_lower_bound() == every.get_matches_upper_bound()) {
        counted = every.get_matches_estimated();
      }
    } else if (NeedsSpy(req)) {
      enquire.add_matchspy(&spy);
      check = all;
    }
    const auto first = static_cast<Xapian::doccount>((req.page - 1) * req.per_page);
    Xapian::MSet mset = enquire.get_mset(first, static_cast<Xapian::doccount>(req.per_page), check);
    enquire.clear_matchspies();

    SearchResult result;
    result.total = counted ? *counted : mset.get_matches_estimated();
    result.total_exact =
        counted || mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    result.did_you_mean = plan.did_you_mean;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Result<schemas::Initiative> rec =
          schemas::DecodeStoredInitiative(it.get_document().get_data());
      if (!rec.ok()) return rec.status();
      result.hits.push_back(MakeHit(it, req, plan, std::move(*rec)));
    }
    if (bits_counted) {
      result.facets = std::move(counts.facets);
      result.sums = std::move(counts.sums);
    } else {
      CollectFacets(spy, req, result.facets, result.sums);
    }
    Explain(req, *staff, plan, result);
    return result;
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

Result<std::unique_ptr<Searcher>> Searcher::Open(const std::string& index_dir,
                                                 const SearcherOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->dir = index_dir;
  impl->options = options;
  Result<std::string> current = layout::ReadCurrent(index_dir);
  if (!current.ok()) return current.status();
  Status s = impl->OpenGeneration(*current);
  if (!s.ok()) return s;
  return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
}

Status Searcher::Refresh() {
  Result<std::string> current = layout::ReadCurrent(impl_->dir);
  if (!current.ok()) return current.status();
  if (*current != impl_->generation) return impl_->OpenGeneration(*current);
  // The next revision's snapshot is being built (by the writer, right after its commit): keep
  // this revision until it is ready rather than wait for it in a request.
  if (impl_->snap && IndexSnapshot::NewerBeingBuilt(impl_->Path(), impl_->snap->revision())) {
    return Status::Ok();
  }
  // Also when nothing new was committed: an earlier Refresh may have reopened and then failed
  // to take the snapshot (TakeSnapshot is a no-op when it has it).
  Status s = GuardXapian("reopening index", [&]() -> Status {
    impl_->db.reopen();
    return impl_->TakeSnapshot();
  });
  // Caches half built on a revision a commit discarded: build them again on the newest.
  for (int attempt = 1; IsRevisionDiscarded(s) && attempt < kRevisionRetries; ++attempt) {
    s = impl_->Reopen();
  }
  if (!IsRevisionDiscarded(s)) return s;
  return UnavailableError("reopening index: the index changed while its caches were built " +
                          std::to_string(kRevisionRetries) + " times; try again");
}

Result<SearchResult> Searcher::Search(const SearchRequest& request) {
  Result<SearchResult> out = InternalError("search did not run");
  Status s = impl_->Guarded("search", [&]() -> Status {
    out = impl_->Run(request);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

// The clock of "now" for urgency and newness.
static int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<SuggestResult> Searcher::Suggest(const SuggestRequest& request) {
  Result<SuggestResult> out = InternalError("suggest did not run");
  Status s = impl_->Guarded("suggest", [&]() -> Status {
    Result<std::shared_ptr<const SuggestIndex>> index = impl_->snap->Suggest(impl_->db);
    if (!index.ok()) return index.status();
    out = ranking::Suggest({impl_->db, **index, request, impl_->options.suggest_count_budget});
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<Recommendation>> Searcher::Recommend(const schemas::CompanyProfile& profile) {
  Result<std::vector<Recommendation>> out = InternalError("recommend did not run");
  Status s = impl_->Guarded("recommend", [&]() -> Status {
    out = ranking::Recommend(impl_->Sources(), profile, NowUnix());
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<SimilarHit>> Searcher::Similar(const std::string& id, int limit) {
  Result<std::vector<SimilarHit>> out = InternalError("similar did not run");
  Status s = impl_->Guarded("similar", [&]() -> Status {
    out = ranking::Similar(impl_->Sources(), id, limit);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::string> Searcher::GetJson(const std::string& id) {
  Result<schemas::Initiative> record = Get(id);
  if (!record.ok()) return record.status();
  return schemas::SerializeInitiative(*record);
}

Result<schemas::Initiative> Searcher::Get(const std::string& id) {
  Result<schemas::Initiative> out = NotFoundError("no initiative with id '" + id + "'");
  Status s = impl_->Guarded("get", [&]() -> Status {
    const std::string term = std::string(layout::kPrefixId) + id;
    Xapian::PostingIterator p = impl_->db.postlist_begin(term);
    if (p != impl_->db.postlist_end(term))
      out = schemas::DecodeStoredInitiative(impl_->db.get_document(*p).get_data());
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

uint64_t Searcher::DocCount() const { return impl_->db.get_doccount(); }
const std::string& Searcher::generation() const { return impl_->generation; }
uint64_t Searcher::revision() const { return impl_->snap->revision(); }

std::optional<EmbeddingInfo> Searcher::Embeddings() const {
  const SemanticIndex* s = impl_->semantic();
  if (!s) return std::nullopt;
  return EmbeddingInfo{s->embedder() ? "trained" : "provided", s->dimensions()};
}

}  // namespace hilfsnetz::ranking
