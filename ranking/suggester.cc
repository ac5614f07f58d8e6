#include "ranking/suggester.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <set>

#include "core/index_layout.h"
#include "ranking/deadline_counter.h"
#include "ranking/docid_list_source.h"
#include "ranking/filter_query.h"
#include "ranking/query_builder.h"
#include "schemas/stored_record.h"
#include "text/analyzer.h"
#include "text/concept_lexicon.h"
#include "text/normalizer.h"
#include "text/query_analysis.h"
#include "text/script.h"
#include "text/stemmer.h"
#include "text/umlaut.h"

namespace hilfsnetz::ranking {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMinTypoLetters = 3;  // typo-tolerant completion from the third letter
constexpr size_t kConceptsPerLanguage = 6;
constexpr Xapian::doccount kMaxFinishedDocs = 3000;  // FinishedDocs: above this, count apart
constexpr size_t kConceptsForPhrase = 400;  // concepts with a word like the first one, checked
                                            // against everything typed
constexpr double kPhraseBonus = 0.5;        // a phrase or lexicon entry says more than a word
// The German word of a foreign entry: after the typed language's.
constexpr double kConceptBonus = -3.0;
constexpr double kTypoPenalty = -8.0;  // a one-edit variant's completion: after the exact ones
constexpr uint64_t kEstimatedBit = uint64_t{1} << 63;    // in counts: an estimate
constexpr uint64_t kProvisionalBit = uint64_t{1} << 62;  // in cached counts: cut short by a budget
// Candidates are counted best first until `limit` + kSpareCounts of them find something, at
// most kMaxCounted per request.
constexpr size_t kSpareCounts = 2;
constexpr size_t kMaxCounted = 20;

// Letters a typo may have replaced or dropped, by script (after the first letter).
std::vector<std::string> Alphabet(text::Script script) {
  std::string_view letters;
  switch (script) {
    case text::Script::kLatin:
      letters = "a b c d e f g h i j k l m n o p q r s t u v w x y z ä ö ü ß ç ğ ı ş";
      break;
    case text::Script::kCyrillic:
      letters = "а б в г ґ д е є ж з и і ї й к л м н о п р с т у ф х ц ч ш щ ь ю я ы э ъ ё";
      break;
    case text::Script::kArabic:
      letters = "ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي ة ء ئ ؤ پ چ ژ گ";
      break;
    case text::Script::kOther:
      break;
  }
  std::vector<std::string> out;
  size_t from = 0;
  while (from < letters.size()) {
    const size_t sp = letters.find(' ', from);
    out.emplace_back(
        letters.substr(from, sp == std::string_view::npos ? std::string_view::npos : sp - from));
    if (sp == std::string_view::npos) break;
    from = sp + 1;
  }
  return out;
}

// Code points of a word, as strings.
std::vector<std::string> CodePoints(const std::string& w) {
  std::vector<std::string> out;
  for (size_t i = 0; i < w.size();) {
    size_t n = 1;
    while (i + n < w.size() && (static_cast<unsigned char>(w[i + n]) & 0xC0) == 0x80) ++n;
    out.push_back(w.substr(i, n));
    i += n;
  }
  return out;
}

// Spellings one edit away from `w` (deletion, adjacent swap, replacement, insertion), keeping
// its first letter.
std::vector<std::string> OneEditAway(const std::string& w) {
  const std::vector<std::string> cp = CodePoints(w);
  const std::vector<std::string> alphabet = Alphabet(text::WordScript(w));
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& c : v) s += c;
    return s;
  };
  std::set<std::string> out;
  for (size_t i = 1; i < cp.size(); ++i) {
    std::vector<std::string> v = cp;
    v.erase(v.begin() + static_cast<long>(i));
    out.insert(join(v));
    if (i + 1 < cp.size()) {
      v = cp;
      std::swap(v[i], v[i + 1]);
      out.insert(join(v));
    }
    for (const std::string& a : alphabet) {
      v = cp;
      v[i] = a;
      out.insert(join(v));
      v = cp;
      v.insert(v.begin() + static_cast<long>(i), a);
      out.insert(join(v));
    }
  }
  out.erase(w);
  return std::vector<std::string>(out.begin(), out.end());
}

std::string FilterKey(const Filters& f) {
  std::string k;
  auto add = [&k](const std::vector<std::string>& v) {
    for (const std::string& s : v) k += s + ',';
    k += '|';
  };
  add(f.districts);
  add(f.neighbourhoods);
  for (schemas::NeedType n : f.needs) k += std::string(schemas::NeedTypeName(n)) + ',';
  k += '|';
  add(f.topics);
  add(f.languages);
  for (schemas::InitiativeStatus s : f.statuses)
    k += std::string(schemas::InitiativeStatusName(s)) + ',';
  return k;
}

struct Candidate {
  std::string text;
  std::string kind;
  std::string concept_id;
  double bonus = 0;
  std::string completion;  // kind "word": the completed word alone (text = finished + it)
  int priority = 0;        // counting order (kTopWords, kLexicon, kCorpus, kMoreWords, kTypos)
};

// The order candidates are counted in: the most frequent completions, the lexicon's entries
// and German words, the corpus's phrases, the other completions, one-edit variants'.
enum Priority { kTopWords = 0, kLexicon = 1, kCorpus = 2, kMoreWords = 3, kTypos = 4 };
constexpr size_t kTopWordCount = 4;

// Gathers the ids of the documents a match visits (in docid order), and stops the match by
// throwing TooMany once there are more than `limit`: one walk answers both "how many" and
// "which".
class IdCollector : public Xapian::MatchDecider {
 public:
  struct TooMany {};
  IdCollector(std::vector<Xapian::docid>& out, size_t limit) : out_(out), limit_(limit) {}
  bool operator()(const Xapian::Document& doc) const override {
    if (out_.size() == limit_) throw TooMany{};
    out_.push_back(doc.get_docid());
    return true;
  }

 private:
  std::vector<Xapian::docid>& out_;
  const size_t limit_;
};

class Builder {
 public:
  explicit Builder(const SuggestInputs& in)
      : in_(in),
        filter_key_(FilterKey(in.request.filters)),
        budget_(in.count_budget.count() > 0
                    ? std::chrono::duration_cast<Clock::duration>(in.count_budget)
                    : Clock::duration::max()) {}

  // Initiatives matching every word of `text` under the request's filters. Exact up to
  // kExactCountLimit, Xapian's estimate beyond (as the search's total; counting a frequent
  // word exactly at 100k initiatives took up to 0.2 s), flagged with kEstimatedBit.
  uint64_t Count(const std::string& text) {
    const std::string key = Key(text);
    if (auto cached = Cached(key)) return *cached;
    const QueryPlan plan = AllWordsPlan(text);
    uint64_t count = 0;
    bool complete = true;
    if (plan.has_text && !plan.query.empty())
      count = Matches(Filtered(plan.query), kExactCountLimit, &complete);
    Store(key, count, complete);
    return count;
  }

  // The initiatives with every one of the finished words under the filters (sorted), computed
  // once per revision (a person types several letters after the same finished words); nullptr
  // when there are more than kMaxFinishedDocs such initiatives (then completions are counted
  // on their own).
  const std::vector<Xapian::docid>* FinishedDocs(const std::string& finished) {
    if (finished_done_) return finished_docs_.get();
    finished_done_ = true;
    if (finished.empty()) return nullptr;
    const std::string key = Key(finished);
    if (auto cached = in_.index.CachedDocs(key)) {
      finished_docs_ = *cached;
      return finished_docs_.get();
    }
    auto docs = std::make_shared<std::vector<Xapian::docid>>();
    const QueryPlan plan = AllWordsPlan(finished);
    if (plan.has_text && !plan.query.empty()) {  // else no initiative has them all
      Xapian::Enquire e(in_.db);
      e.set_weighting_scheme(Xapian::BoolWeight());
      e.set_query(Filtered(plan.query));
      IdCollector collect(*docs, kMaxFinishedDocs);
      try {
        e.get_mset(0, 0, in_.db.get_doccount(), nullptr, &collect);
        std::sort(docs->begin(), docs->end());  // DocidListSource requires it
      } catch (const IdCollector::TooMany&) {
        docs.reset();
      }
    }
    finished_docs_ = docs;
    in_.index.StoreDocs(key, finished_docs_);
    return finished_docs_.get();
  }

  // Count(Join(finished, word)), computed among FinishedDocs when there are few of them.
  uint64_t CountCompletion(const std::string& finished, const std::string& word,
                           const std::string& text) {
    const std::string key = Key(text);
    if (auto cached = Cached(key)) return *cached;
    if (finished.empty()) return Count(text);
    const std::vector<Xapian::docid>* docs = FinishedDocs(finished);
    if (!docs) return CountWithFinished(finished, word, key);
    uint64_t count = 0;
    bool complete = true;
    const QueryPlan plan = AllWordsPlan(word);
    if (!docs->empty() && plan.has_text && !plan.query.empty()) {
      const Xapian::Query among(Xapian::Query::OP_FILTER, plan.query,
                                Xapian::Query((new DocidListSource(*docs))->release()));
      count = Matches(among, static_cast<Xapian::doccount>(docs->size()), &complete);
    }
    Store(key, count, complete);
    return count;
  }

  // Count(Join(finished, word)) from the finished words' query, built once, AND the word's.
  uint64_t CountWithFinished(const std::string& finished, const std::string& word,
                             const std::string& key) {
    if (!finished_plan_) finished_plan_ = AllWordsPlan(finished);
    const QueryPlan plan = AllWordsPlan(word);
    uint64_t count = 0;
    bool complete = true;
    if (finished_plan_->has_text && !finished_plan_->query.empty() && plan.has_text &&
        !plan.query.empty()) {
      count =
          Matches(Filtered(Xapian::Query(Xapian::Query::OP_AND, finished_plan_->query, plan.query)),
                  kExactCountLimit, &complete);
    }
    Store(key, count, complete);
    return count;
  }

  // A finished word that matches nothing, replaced by Xapian's spelling suggestion. A stop
  // word ("and", "for") is not searched for, so it is never a misspelling; nor is a word read
  // as another language than the corpus's German or English (Turkish "özel" is not "ziel":
  // the spelling data is the corpus's words).
  std::string Corrected(const text::QueryWord& w) {
    if (w.token.stopword || in_.db.term_exists(w.token.surface) || !w.concepts.empty())
      return w.token.surface;
    const auto corpus_language = [](const std::string& l) { return l == "de" || l == "en"; };
    if (!w.languages.empty() &&
        std::none_of(w.languages.begin(), w.languages.end(), corpus_language)) {
      return w.token.surface;
    }
    for (const std::string& s : w.token.stems) {
      if (in_.db.term_exists(std::string(layout::kPrefixStem) + s)) return w.token.surface;
    }
    const std::string fix = in_.db.get_spelling_suggestion(w.token.surface, 2);
    return fix.empty() ? w.token.surface : fix;
  }

  const SuggestInputs& in_;
  const std::string filter_key_;

 private:
  std::string Key(const std::string& text) const {
    return in_.request.lang + '\x1f' + text + '\x1f' + filter_key_;
  }

  // A count of this revision: exact ones always; an estimate forced by the budget (marked
  // kProvisionalBit) only once this request's budget is spent too, else it is counted again.
  std::optional<uint64_t> Cached(const std::string& key) const {
    std::optional<uint64_t> c = in_.index.CachedCount(key);
    if (!c || (*c & kProvisionalBit) == 0) return c;
    if (Spent()) return *c & ~kProvisionalBit;
    return std::nullopt;
  }
  void Store(const std::string& key, uint64_t count, bool complete) const {
    in_.index.StoreCount(key, complete ? count : count | kProvisionalBit);
  }

  // The number of documents `q` matches: exact up to `check` of them, else Xapian's estimate
  // with kEstimatedBit set. First from the posting lists' statistics alone, which suffice when
  // they prove more than `check` (a frequent word without filters) or none; then by walking
  // the matches until the count budget is spent. Past it (*complete = false: the answer
  // depends on the machine's speed), a candidate is shown only when something proves that it
  // finds initiatives — the statistics' lower bound or a document the cut-short walk saw —
  // with the statistics' estimate (at least what was seen); else 0, so that no suggestion
  // leads to an empty result.
  uint64_t Matches(const Xapian::Query& q, Xapian::doccount check, bool* complete) const {
    Xapian::Enquire e(in_.db);
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.set_query(q);
    auto estimate = [](const Xapian::MSet& m) {
      uint64_t count = m.get_matches_estimated();
      if (m.get_matches_lower_bound() != m.get_matches_upper_bound()) count |= kEstimatedBit;
      return count;
    };
    const Xapian::MSet bounds = e.get_mset(0, 0, Xapian::doccount{0});
    if (bounds.get_matches_lower_bound() > check || bounds.get_matches_upper_bound() == 0)
      return estimate(bounds);
    if (budget_ == Clock::duration::max()) return estimate(e.get_mset(0, 0, check));
    uint64_t seen = 0;
    if (!Spent()) {
      const Clock::time_point start = Clock::now();
      DeadlineCounter counter(start + (budget_ - walked_));
      try {
        const uint64_t count = estimate(e.get_mset(0, 0, check, nullptr, &counter));
        walked_ += Clock::now() - start;
        return count;
      } catch (const DeadlineCounter::Passed&) {
        walked_ += Clock::now() - start;
        seen = counter.accepted();
      }
    }
    *complete = false;
    if (seen == 0 && bounds.get_matches_lower_bound() == 0) return 0;
    return std::max<uint64_t>(seen, bounds.get_matches_estimated()) | kEstimatedBit;
  }

  // The search's query for `text` with every word required (PlanOptions::all_words).
  QueryPlan AllWordsPlan(const std::string& text) const {
    StaffQuery words;
    words.words = text;
    PlanOptions o;
    o.spelling = false;
    o.coverage_bonus = false;
    o.all_words = true;
    // Without dictionary lookups: a completion's words are read as the search reads them, but
    // a general dictionary entry costs a dictzip read per new word (~0.5 ms), many times per
    // keystroke; foreign words without a concept count their own forms only.
    o.translate = false;
    o.language = in_.request.lang;
    return BuildQueryPlan(words, in_.db, o);
  }
  Xapian::Query Filtered(const Xapian::Query& q) const {
    if (auto f = FilterQuery(in_.request.filters, /*default_active=*/true)) {
      return Xapian::Query(Xapian::Query::OP_FILTER, q, *f);
    }
    return q;
  }

  bool Spent() const { return walked_ >= budget_; }

  // Time for walking matches (SuggestInputs::count_budget; max: unlimited) and how much of it
  // is gone. Only the walks count: building a candidate's query costs about the same on any
  // index, and cutting it would only make small indexes' counts inexact.
  const Clock::duration budget_;
  mutable Clock::duration walked_{0};
  std::optional<QueryPlan> finished_plan_;
  bool finished_done_ = false;
  std::shared_ptr<const std::vector<Xapian::docid>> finished_docs_;
};

std::string PersianLetters(std::string s) {
  auto replace = [&s](std::string_view from, std::string_view to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
      s.replace(at, from.size(), to);
    }
  };
  replace("\xD9\x8A", "\xDB\x8C");  // ي -> ی
  replace("\xD9\x83", "\xDA\xA9");  // ك -> ک
  return s;
}

std::string Join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + " " + b;
}

// The entries of concept `c` in `language` whose words start with `prefix` (normalised words,
// umlauts optional), as the lexicon writes them: the first one in the lexicon's order, and
// when `prefix` is a whole entry, the first phrase that continues it with another word
// ("مترجم" -> "مترجم", "مترجم عربي"). Empty when none starts so.
std::vector<std::string> EntriesStartingWith(const text::Concept& c, std::string_view language,
                                             const std::string& prefix) {
  const std::string folded = text::StripUmlauts(prefix);
  std::vector<std::string> out;
  for (size_t l = 0; l < std::size(text::kLexiconLanguages); ++l) {
    if (text::kLexiconLanguages[l] != language) continue;
    bool whole = false;
    std::string longer;
    for (size_t e = 0; e < c.words[l].size(); ++e) {
      const std::string& typed = c.typed[l][e];
      if (typed.compare(0, folded.size(), folded) != 0) continue;
      if (out.empty()) out.push_back(c.words[l][e]);
      whole = whole || typed.size() == folded.size();
      if (longer.empty() && typed.size() > folded.size() && typed[folded.size()] == ' ')
        longer = c.words[l][e];
    }
    if (whole && !longer.empty() && longer != out.front()) out.push_back(longer);
  }
  return out;
}

}  // namespace

Result<SuggestResult> Suggest(const SuggestInputs& in) {
  const SuggestRequest& req = in.request;
  SuggestResult out;
  const size_t limit = static_cast<size_t>(std::clamp(req.limit, 1, kMaxSuggestions));
  const bool typing =
      !req.q.empty() && req.q.back() != ' ' && req.q.back() != '\t' && req.q.back() != '\n';
  text::QueryOptions qo;
  qo.language = req.lang;
  qo.prefix_last = typing;
  qo.translate = false;
  const text::QueryAnalysis qa = text::AnalyzeQuery(req.q, qo);
  out.language = qa.language;
  if (qa.words.empty()) return out;

  Builder b(in);
  // The finished words, corrected where they match nothing: normalised for lookups, and as
  // typed (or corrected) for the suggestions' text.
  std::string finished, finished_shown;
  bool corrected = false;
  for (const text::QueryWord& w : qa.words) {
    if (w.prefix) continue;
    const std::string c = b.Corrected(w);
    const bool fixed = c != w.token.surface;
    corrected = corrected || fixed;
    finished = Join(finished, c);
    finished_shown =
        Join(finished_shown, fixed ? c : req.q.substr(w.token.begin, w.token.end - w.token.begin));
  }
  const text::QueryWord* typed = typing ? &qa.words.back() : nullptr;
  const std::string full = Join(finished, typed ? typed->token.surface : "");
  if (corrected) out.corrected = full;
  // Persian written with Arabic ي/ك (how the index folds them) reads wrong: shown with ی/ک.
  const bool persian = qa.language == "fa";

  std::vector<Candidate> candidates;
  if (typed) {
    const std::string& p = typed->token.surface;
    std::vector<const SuggestIndex::Term*> words =
        in.index.Complete(SuggestIndex::Kind::kWord, p, limit + limit / 2);
    const size_t exact_count = words.size();
    if (words.size() < limit && CodePoints(p).size() >= kMinTypoLetters) {
      std::set<std::string> seen;
      for (const auto* t : words) seen.insert(t->text);
      std::vector<const SuggestIndex::Term*> near;
      for (const std::string& v : OneEditAway(p)) {
        for (const auto* t : in.index.Complete(SuggestIndex::Kind::kWord, v, limit)) {
          if (seen.insert(t->text).second) near.push_back(t);
        }
      }
      std::sort(near.begin(), near.end(),
                [](const auto* a, const auto* c) { return a->freq > c->freq; });
      for (size_t i = 0; i < near.size() && words.size() < limit + limit / 2; ++i)
        words.push_back(near[i]);
    }
    // Inflected forms of one word find the same initiatives: the most frequent stands for them.
    std::set<std::string> stems;
    const std::string stem_lang = typed->languages.empty() ? "de" : typed->languages.front();
    for (size_t i = 0; i < words.size(); ++i) {
      if (!stems.insert(text::Stem(stem_lang, words[i]->text)).second) continue;
      const bool exact = i < exact_count;
      const std::string shown = persian ? PersianLetters(words[i]->text) : words[i]->text;
      const int priority = !exact ? kTypos : i < kTopWordCount ? kTopWords : kMoreWords;
      candidates.push_back({Join(finished_shown, shown), "word", "", exact ? 0.0 : kTypoPenalty,
                            words[i]->text, priority});
    }
    // Lexicon entries of the typed words' languages that start with everything typed, and for
    // a foreign text the German word of their concept.
    const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
    std::vector<std::string> languages;  // of all the typed words
    for (const text::QueryWord& w : qa.words) {
      for (const std::string& l : w.languages) {
        if (std::find(languages.begin(), languages.end(), l) == languages.end())
          languages.push_back(l);
      }
    }
    if (languages.empty())
      languages.assign(std::begin(text::kLexiconLanguages), std::end(text::kLexiconLanguages));
    // Concepts with a word starting like the text: its first word when there are finished
    // words (then the entries are checked against everything typed), else the typed word.
    const std::string& first = qa.words.front().token.surface;
    const bool several = qa.words.size() > 1;
    for (const std::string& lang : languages) {
      for (text::ConceptId c : lexicon.Complete(
               lang, several ? first : p, several ? kConceptsForPhrase : kConceptsPerLanguage)) {
        const text::Concept& k = lexicon.Get(c);
        const std::vector<std::string> entries = EntriesStartingWith(k, lang, full);
        if (entries.empty()) continue;
        for (const std::string& entry : entries)
          candidates.push_back({entry, "phrase", k.id, kPhraseBonus, "", kLexicon});
        if (lang != "de")
          candidates.push_back({k.Label("de"), "concept", k.id, kConceptBonus, "", kLexicon});
      }
    }
  }
  for (const auto* t :
       in.index.Complete(SuggestIndex::Kind::kPhrase, typing ? full : full + " ", limit)) {
    candidates.push_back(
        {persian ? PersianLetters(t->text) : t->text, "phrase", "", kPhraseBonus, "", kCorpus});
  }

  // Count, drop what finds nothing, order.
  struct Scored {
    Suggestion s;
    double score;
  };
  std::vector<Scored> scored;
  std::set<std::string> seen;
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& c) { return a.priority < c.priority; });
  size_t counted = 0;
  size_t found = 0;
  for (Candidate& c : candidates) {
    if (!seen.insert(text::StripUmlauts(text::NormalizeWord(c.text))).second) continue;
    // Exact counts, for the best candidates until `limit` of them find something.
    if (found >= limit + kSpareCounts || ++counted > kMaxCounted) break;
    const uint64_t raw =
        c.completion.empty() ? b.Count(c.text) : b.CountCompletion(finished, c.completion, c.text);
    const uint64_t n = raw & ~kEstimatedBit;
    if (n == 0) continue;
    ++found;
    scored.push_back({{c.text, c.kind, n, (raw & kEstimatedBit) == 0, c.concept_id},
                      std::log2(1.0 + static_cast<double>(n)) + c.bonus});
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& c) {
    if (a.score != c.score) return a.score > c.score;
    return a.s.text < c.s.text;
  });
  for (size_t i = 0; i < scored.size() && out.suggestions.size() < limit; ++i)
    out.suggestions.push_back(scored[i].s);
  // A foreign text always shows the German word it stands for, if it has one.
  const auto is_concept = [](const auto& x) { return x.kind == "concept"; };
  const bool shown = std::any_of(out.suggestions.begin(), out.suggestions.end(), is_concept);
  const auto best =
      std::find_if(scored.begin(), scored.end(), [&](const Scored& x) { return is_concept(x.s); });
  if (!shown && best != scored.end() && out.suggestions.size() > 1)
    out.suggestions.back() = best->s;

  // Initiatives whose titles start with what was typed (under the filters).
  std::vector<Xapian::Query> titles;
  for (const auto* t :
       in.index.Complete(SuggestIndex::Kind::kTitle, full, 4 * kSuggestInitiatives)) {
    titles.emplace_back(std::string(layout::kPrefixTitle) + t->text);
  }
  if (!titles.empty()) {
    Xapian::Query q(Xapian::Query::OP_OR, titles.begin(), titles.end());
    if (auto f = FilterQuery(req.filters, /*default_active=*/true))
      q = Xapian::Query(Xapian::Query::OP_FILTER, q, *f);
    Xapian::Enquire e(in.db);
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.set_query(q);
    Xapian::MSet m = e.get_mset(0, static_cast<Xapian::doccount>(kSuggestInitiatives));
    for (auto it = m.begin(); it != m.end(); ++it) {
      Result<schemas::Initiative> r = schemas::DecodeStoredInitiative(it.get_document().get_data());
      if (!r.ok()) return r.status();
      out.initiatives.push_back({r->id, r->title, r->district, r->neighbourhood});
    }
  }
  return out;
}

}  // namespace hilfsnetz::ranking
