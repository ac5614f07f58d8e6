#include "ranking/reco_candidates.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/index_layout.h"
#include "text/analyzer.h"
#include "text/concept_lexicon.h"
#include "text/query_analysis.h"

namespace hilfsnetz::ranking {
namespace {

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

// A term held by more than kMaxTermShare of all initiatives (and by more than
// kAlwaysKeptPostings, so that small indexes keep every word) is left out of the candidate
// query: it tells initiatives apart too little to choose 200 of them (BM25's idf of a term
// in 10% of the documents is half that of one in 1%), and such posting lists were most of
// the query's cost at 100k initiatives. Measured there with the judged profiles
// (bench/README.md): median 17.9 -> 7.8 ms together with ConceptQueries, the mean total of
// the top 10 0.5815 -> 0.5809 (0.05 gave 0.5786, 0.2 and 0.3 0.5813 and 0.5809 but 11 ms).
constexpr double kMaxTermShare = 0.1;
constexpr Xapian::doccount kAlwaysKeptPostings = 2000;
// And the query reads at most kPostingBudget × the index's documents postings (at least
// kBudgetFloor, so that small indexes keep every part), the rarest parts first: a rare term
// tells more (higher idf) and costs less. At 100k initiatives (bench/README.md, judged
// profiles, 10 calls each): no budget median 7.3-10.0 ms, 0.3 6.6-7.5, 0.2 5.8-6.0, 0.1 6.5
// ms; the mean precise total of the top 10 0.5843 / 0.5833 / 0.5837 / 0.5837.
constexpr double kPostingBudget = 0.2;
constexpr double kBudgetFloor = 20000;

// Dictionary translations per word of a profile not in German that enter its vector (best
// first; text::kMaxTranslations at most). Fold A's English profiles, nDCG@10: 1 0.901, 2
// 0.905, 3 0.904 (bench/README.md); the third is often another sense ("runs" -> "Läufe",
// "Gehege").
constexpr size_t kProfileTranslations = 2;

// The term's frequency (its postings) when it is discriminating, else 0. (One B-tree lookup
// per term: the query's parts are counted by this frequency too.)
Xapian::doccount Discriminating(const Xapian::Database& db, const std::string& term) {
  const Xapian::doccount tf = db.get_termfreq(term);
  const bool kept =
      tf > 0 && (tf <= kAlwaysKeptPostings ||
                 static_cast<double>(tf) <= kMaxTermShare * static_cast<double>(db.get_doccount()));
  return kept ? tf : 0;
}

// One part of the candidate query and the postings it reads (the sum of its terms'
// frequencies).
struct QueryPart {
  Xapian::Query query;
  Xapian::doccount postings = 0;
};

// The words of the candidate query: for each of the first kCandidateWords non-stop words its
// stems (Z terms, SYNONYM). Leaner than the search box's query (query_builder.h): no surface
// forms, umlaut alternates or compound parts, which match the same initiatives as the stems
// (or, for compound parts, initiatives the precise stage does not count as the same thing)
// but each add a posting list to merge; at 100k initiatives the candidate query cost more
// than all the rest of a recommendation (bench/README.md). Other words for the same thing
// come in through ConceptQueries.
std::vector<QueryPart> StemQueries(const Xapian::Database& db, const std::string& text) {
  const std::vector<text::Token> tokens = LeadingTokens(text);
  bool all_stop = true;
  for (const text::Token& t : tokens) all_stop = all_stop && t.stopword;
  std::vector<QueryPart> words;
  size_t counted = 0;
  for (const text::Token& t : tokens) {
    if (t.stopword && !all_stop) continue;
    if (counted++ >= kCandidateWords) break;
    std::vector<Xapian::Query> stems;
    Xapian::doccount postings = 0;
    for (const std::string& s : t.stems) {
      std::string term = std::string(layout::kPrefixStem) + s;
      if (const Xapian::doccount tf = Discriminating(db, term)) {
        postings += tf;
        stems.emplace_back(std::move(term));
      }
    }
    if (!stems.empty())
      words.push_back(
          {Xapian::Query(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end()), postings});
  }
  return words;
}

// The offers' concepts as the index's concept terms (K, indexed with their ancestors, so K of
// a concept finds it and everything narrower: "Brot" finds "Vollkornbrot"), and their
// ancestors below the root at kAncestorWeight ("Brot" finds a "Lebensmittel" need, as the
// need matcher grades it). One posting list per concept in any of the seven languages —
// expanding every word into its synonyms' stems instead made the query 40 terms long and
// cost 10-75 ms at 100k initiatives.
constexpr double kAncestorWeight = 0.5;

void ConceptQueries(const Xapian::Database& db, const std::vector<NamedThings>& offers,
                    std::vector<QueryPart>& out) {
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  std::set<text::ConceptId> seen;
  auto add = [&](text::ConceptId c, double weight) {
    if (lexicon.Get(c).parent < 0 || !seen.insert(c).second) return;  // roots say too little
    std::string term = std::string(layout::kPrefixConcept) + lexicon.Get(c).id;
    const Xapian::doccount postings = Discriminating(db, term);
    if (postings == 0) return;
    Xapian::Query q(term);
    out.push_back(
        {weight == 1.0 ? q : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, weight), postings});
  };
  for (const NamedThings& o : offers) {
    for (text::ConceptId c : o.concepts) add(c, 1.0);
  }
  for (const NamedThings& o : offers) {
    for (text::ConceptId c : o.concepts) {
      const std::vector<text::ConceptId> up = lexicon.WithAncestors(c);
      for (size_t i = 1; i < up.size(); ++i) add(up[i], kAncestorWeight);
    }
  }
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
      : docs_(docs),
        last_(static_cast<Xapian::docid>(docs->size() * 64)),
        weight_(weight),
        min_(min),
        max_(max) {
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
  OfferedNeedSource* clone() const override {
    return new OfferedNeedSource(docs_, weight_, min_, max_);
  }

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

}  // namespace

bool Eligibility::operator()(Xapian::docid id) const {
  const FacetCache::Codes* c = cache.Find(id);
  if (!c || c->status != active) return false;
  if (std::binary_search(excluded.begin(), excluded.end(), id)) return false;
  return Within(*c);
}

bool Eligibility::Within(const FacetCache::Codes& c) const {
  return !within || (c.has_location && within->Contains({c.lat, c.lon}));
}

Eligibility MakeEligibility(const RecoSources& src, const std::vector<std::string>& excluded_ids) {
  Eligibility ok{src.cache, src.cache.Code(FacetField::kStatus, "active"), {}, std::nullopt};
  for (const std::string& id : excluded_ids) {
    if (Xapian::docid d = DocOfId(src.db, id)) ok.excluded.push_back(d);
  }
  std::sort(ok.excluded.begin(), ok.excluded.end());
  return ok;
}

Xapian::docid DocOfId(const Xapian::Database& db, const std::string& id) {
  const std::string term = std::string(layout::kPrefixId) + id;
  Xapian::PostingIterator p = db.postlist_begin(term);
  return p == db.postlist_end(term) ? 0 : *p;
}

std::vector<uint64_t> ActiveRows(const FacetCache& cache, const SemanticIndex& semantic) {
  const Eligibility active{cache, cache.Code(FacetField::kStatus, "active"), {}, std::nullopt};
  const size_t rows = semantic.vectors().num_rows();
  std::vector<uint64_t> words((rows + 63) / 64, 0);
  for (uint32_t row = 0; row < rows; ++row) {
    if (semantic.vectors().IsLive(row) && active(semantic.DocOf(row)))
      words[row / 64] |= uint64_t{1} << (row % 64);
  }
  return words;
}

std::vector<float> CompanyVector(const RecoSources& src, const schemas::CompanyProfile& p) {
  if (!src.semantic) return {};
  if (!p.embedding.empty()) {
    std::vector<float> v = p.embedding;
    double norm = 0;
    for (float x : v) norm += double{x} * x;
    if (norm > 0)
      for (float& x : v) x = static_cast<float>(x / std::sqrt(norm));
    return v;
  }
  const embed::Embedder* e = src.semantic->embedder();
  if (!e) return {};
  embed::EmbedInput in;
  in.title = p.name + " " + p.industry;
  in.description = p.description;
  for (const schemas::Offer& o : p.offers) in.need_descriptions.push_back(o.description);
  // The embedder learnt its words from the corpus, mostly German: a profile in another
  // language is embedded with the German names of the concepts it names as well, in the
  // title (weighed most) — the search box's way of reaching German records from other
  // languages. Tuned on fold A (bench/README.md): English profiles 0.714 -> 0.776 nDCG@10.
  // (CLD2 first: reading a German profile into concepts would only cost time.) Its words are
  // read in that language too, as a record's are (features.cc, which then adds the German
  // names once more): they were stemmed as German ("cooking", "mentors") and missed the
  // English records' stems. Fold A 0.911 -> 0.916, sample 0.833 -> 0.829 (3 of its 25
  // profiles are English); without the title's names as well, fold A 0.913.
  std::string all = p.industry + ". " + p.description;
  for (const schemas::Offer& o : p.offers) all += ". " + o.description;
  if (const std::string language = text::DetectLanguage(all); language != "de") {
    in.language = language;
    const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
    // One reading of the words (~1 ms for a profile) serves the concepts and the translations.
    const text::QueryAnalysis analysis = text::AnalyzeQuery(all, {});
    for (text::ConceptId c : OfferThings(analysis).concepts)
      in.title += " " + lexicon.Get(c).Label("de");
    // Its words that name no concept reach the German records through their dictionary
    // translations, as a foreign query's do in the hybrid search (embed/features.cc,
    // QueryFeatures): analysed as German, weighed as the description. Fold A's English
    // profiles 0.897 -> 0.905 nDCG@10 (bench/README.md); German profiles are not read here.
    for (const text::QueryWord& w : analysis.words) {
      for (size_t k = 0; k < w.translations.size() && k < kProfileTranslations; ++k)
        in.german += w.translations[k] + " ";
    }
  }
  return e->Embed(in);
}

std::vector<Xapian::docid> VectorCandidates(const RecoSources& src, const std::vector<float>& q,
                                            const Eligibility& ok, size_t k, Xapian::docid self,
                                            VectorRecall recall, size_t max_threads) {
  std::vector<Xapian::docid> out;
  if (!src.semantic || q.empty()) return out;
  const SemanticIndex& s = *src.semantic;
  // The eligible rows as a bitset (a predicate filter is called from the scan threads for
  // every row that could enter the top k, a std::function call and a random read of the
  // facet cache each; a bitset lets the scan skip blocks): the active rows kept with the
  // caches minus the exclusions. A radius is a predicate beside it, asked only for the rows
  // that could still enter the top k: testing the distance of every active row while
  // building the bitset (~100,000 haversines at 100k initiatives, 5-8 ms) was most of a
  // recommendation within a radius. The rows passing are the same either way, and the scan's
  // result depends only on their scores (vector/top_k.h), so the candidates are too.
  const size_t rows = s.vectors().num_rows();
  std::vector<uint64_t> words;
  const bool kept_rows = src.active_rows && src.active_rows->size() == (rows + 63) / 64;
  if (kept_rows) {
    words = *src.active_rows;
    auto clear = [&](Xapian::docid d) {
      if (const std::optional<uint32_t> row = s.RowOf(d))
        words[*row / 64] &= ~(uint64_t{1} << (*row % 64));
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
  const vector::RowFilter filter =
      kept_rows && ok.within ? vector::RowFilter::FromBitsetAndPredicate(
                                   std::move(words),
                                   [&](uint32_t row) {
                                     const FacetCache::Codes* c = ok.cache.Find(s.DocOf(row));
                                     return c && ok.Within(*c);
                                   })
                             : vector::RowFilter::FromBitset(std::move(words));
  // Exact float32 on small indexes, the int4 scan with exact re-scoring on large ones
  // (recall@10 1.000 in bench/README.md, "Vector top-k"). kApproximate re-scores only the
  // scan's best k: a recommendation's candidates are ranked again by the quick score, so the
  // oversampling for an exact top k buys nothing there. At 100k initiatives 269 of the 330
  // top-10 entries of the judged profiles stayed, the mean precise total of the top 10 went
  // 0.5823 -> 0.5843.
  vector::TopKOptions options;
  options.scan = vector::TopKOptions::Scan::kAuto;
  if (recall == VectorRecall::kApproximate) options.rescore_candidates = k;
  options.max_threads = max_threads;
  auto hits = s.vectors().TopK(q, k, &filter, options);
  if (!hits.ok()) return out;
  for (const vector::ScoredRow& r : *hits) out.push_back(s.DocOf(r.row));
  return out;
}

std::vector<Xapian::docid> LexicalCandidates(const RecoSources& src,
                                             const schemas::CompanyProfile& p,
                                             const std::vector<NamedThings>& offers,
                                             const Eligibility& ok, size_t k,
                                             std::vector<Xapian::docid>* worded) {
  // What is offered says most about the initiatives that fit, so it goes first.
  std::string words;
  for (const schemas::Offer& o : p.offers) words += o.description + " ";
  words += p.industry + " " + p.description;
  std::vector<QueryPart> candidates = StemQueries(src.db, words);
  ConceptQueries(src.db, offers, candidates);
  // The rarest parts first, up to kPostingBudget postings in all (at least one part).
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const QueryPart& a, const QueryPart& b) { return a.postings < b.postings; });
  const double budget = std::max<double>(kBudgetFloor, kPostingBudget * src.db.get_doccount());
  std::vector<Xapian::Query> parts;
  double read = 0;
  for (const QueryPart& c : candidates) {
    if (!parts.empty() && read + c.postings > budget) break;
    read += c.postings;
    parts.push_back(c.query);
  }
  const Xapian::Query query = parts.empty()
                                  ? Xapian::Query()  // matches nothing (not the shared static)
                                  : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
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
  const auto n = static_cast<Xapian::doccount>(k);
  const bool has_words = query.get_type() != Xapian::Query::LEAF_MATCH_NOTHING;
  std::vector<Xapian::docid> out;
  if (!has_words) {
    // Only the bonus, the same for every typed initiative: Xapian would return the first n
    // eligible ones in docid order (its order for equal weights) after weighing and deciding
    // on all of them (a fifth of the index per type: 14 ms at 100k initiatives). The bitset
    // gives the same n directly.
    for (size_t w = 0; w < typed_docs.size() && out.size() < k; ++w) {
      for (uint64_t bits = typed_docs[w]; bits != 0 && out.size() < k; bits &= bits - 1) {
        const auto id =
            static_cast<Xapian::docid>(w * 64 + static_cast<size_t>(__builtin_ctzll(bits)));
        if (ok(id)) out.push_back(id);
      }
    }
    return out;
  }
  const EligibleDecider decider(ok);
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
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, typed));
    mset = enquire.get_mset(0, n, 0, nullptr, &decider);
    if (mset.size() < n || mset[n - 1].get_weight() <= kTypeBonus) {
      enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, query, typed));
      mset = enquire.get_mset(0, n, 0, nullptr, &decider);
    }
  }
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    out.push_back(*it);
    const Xapian::docid id = *it;
    const bool typed = id / 64 < typed_docs.size() && (typed_docs[id / 64] >> (id % 64) & 1u);
    if (worded && it.get_weight() > (typed ? kTypeBonus : 0.0)) worded->push_back(id);
  }
  if (worded) std::sort(worded->begin(), worded->end());
  return out;
}

}  // namespace hilfsnetz::ranking
