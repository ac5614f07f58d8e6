#include "ranking/query_builder.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/index_layout.h"
#include "text/analyzer.h"
#include "text/concept_lexicon.h"
#include "text/query_analysis.h"
#include "text/umlaut.h"

namespace hilfsnetz::ranking {
namespace {

using text::QueryWord;
using text::Token;

// Concepts a word being typed may complete to, per language of the word.
constexpr size_t kMaxPrefixConcepts = 8;
constexpr size_t kMinConceptPrefixLetters = 3;

std::string Z(const std::string& stem) { return std::string(layout::kPrefixStem) + stem; }

std::string K(text::ConceptId c) {
  return std::string(layout::kPrefixConcept) + text::ConceptLexicon::Default().Get(c).id;
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Xapian::Query Scaled(Xapian::Query q, double factor) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, factor);
}

Xapian::Query Wildcard(const std::string& prefix) {
  return Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, kPrefixExpansion,
                       Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
}

class Builder {
 public:
  explicit Builder(const Xapian::Database& db) : db_(db) {}

  // The query for one analysed word; empty Query when nothing in the index matches.
  Xapian::Query Word(const QueryWord& w, QueryPlan& plan) {
    const Token& t = w.token;
    std::vector<Xapian::Query> alts;
    const bool typed_exists = db_.term_exists(t.surface);
    if (typed_exists) alts.emplace_back(t.surface);
    plan.mark_surfaces.insert(t.surface);
    // Other spellings stand below the typed one, unless no record has the typed one: then
    // they are what the person meant ("fluechtlinge", "fluchtlinge" -> "flüchtlinge").
    const double alternate_weight = typed_exists ? 0.9 : 1.0;
    for (const std::string& a : Alternates(w, typed_exists)) {
      plan.mark_surfaces.insert(a);
      if (db_.term_exists(a)) alts.push_back(Scaled(Xapian::Query(a), alternate_weight));
    }
    std::vector<Xapian::Query> stems;
    for (const std::string& s : t.stems) {
      plan.mark_stems.insert(s);
      if (db_.term_exists(Z(s))) stems.emplace_back(Z(s));
    }
    if (!stems.empty()) {
      alts.emplace_back(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
    }
    if (!alts.empty()) {
      const double f = OwnLanguageFactor(w);
      if (f < 1.0) {
        Xapian::Query own(Xapian::Query::OP_OR, alts.begin(), alts.end());
        alts.assign(1, Scaled(own, f));
      }
    }
    if (t.parts.size() > 1) {
      std::vector<Xapian::Query> parts;
      bool all = true;
      for (const std::string& p : t.parts) {
        plan.mark_stems.insert(p);
        all = all && db_.term_exists(Z(p));
        parts.emplace_back(Z(p));
      }
      if (all)
        alts.push_back(
            Scaled(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()), 0.5));
    }
    if (w.prefix) AddPrefix(w, plan, alts);
    std::vector<text::ConceptId> concepts = w.concepts;
    if (w.prefix) AddCompletions(w, concepts);
    Xapian::Query meaning = Concepts(concepts, plan);
    if (!meaning.empty()) alts.push_back(Scaled(meaning, kConceptWeight));
    Xapian::Query broader = Concepts(w.broader_concepts, plan);
    if (!broader.empty()) alts.push_back(Scaled(broader, kBroaderConceptWeight));
    Xapian::Query translated = Translations(w, plan);
    if (!translated.empty()) alts.push_back(Scaled(translated, kTranslationWeight));
    if (alts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end());
  }

  // How rare the word is among the records of its own language, relative to how rare it is
  // among all records: BM25's idf within the language over its idf in the whole index. A
  // word of a language few records are written in is rare in the index even when it is
  // common in that language ("питань", of matters), and would outweigh what the query means.
  // 1 for German words and words of no known language.
  double OwnLanguageFactor(const QueryWord& w) {
    if (w.languages.empty() ||
        std::find(w.languages.begin(), w.languages.end(), "de") != w.languages.end())
      return 1.0;
    const double n_all = static_cast<double>(db_.get_doccount());
    const double n_lang = static_cast<double>(
        db_.get_termfreq(std::string(layout::kPrefixLanguage) + w.languages.front()));
    if (n_lang <= 0 || n_lang >= n_all) return 1.0;
    double df = static_cast<double>(db_.get_termfreq(w.token.surface));
    for (const std::string& s : w.token.stems) {
      df = std::max(df, static_cast<double>(db_.get_termfreq(Z(s))));
    }
    if (df <= 0) return 1.0;
    const double local_df = std::min(df, n_lang);
    const double idf_all = std::log((n_all - df + 0.5) / (df + 0.5));
    const double idf_lang = std::max(0.1, std::log((n_lang - local_df + 0.5) / (local_df + 0.5)));
    if (idf_all <= idf_lang) return 1.0;
    return idf_lang / idf_all;
  }

  // Xapian's spelling suggestion for a word without matches, analysed like the query.
  // Tries the word as typed, then its umlaut alternates ("fluechtlnge" -> "flüchtlnge", one
  // edit away from "flüchtlinge").
  std::optional<QueryWord> Corrected(const QueryWord& w) {
    const Token& t = w.token;
    std::string suggestion = db_.get_spelling_suggestion(t.surface, 2);
    for (size_t i = 0; suggestion.empty() && i < t.alternates.size(); ++i) {
      suggestion = db_.get_spelling_suggestion(t.alternates[i], 2);
    }
    if (suggestion.empty() || suggestion == t.surface) return std::nullopt;
    text::QueryOptions options;
    options.language = w.languages.size() == 1 ? w.languages.front() : "";
    text::QueryAnalysis a = text::AnalyzeQuery(suggestion, options);
    if (a.words.size() != 1) return std::nullopt;
    return std::move(a.words.front());
  }

  // OR of the K terms of the concepts present in the index (each adds its own weight: a record
  // about several of them ranks higher); marked for highlighting in `plan`.
  Xapian::Query Concepts(const std::vector<text::ConceptId>& concepts, QueryPlan& plan) {
    std::vector<Xapian::Query> terms;
    for (text::ConceptId c : concepts) {
      const std::string term = K(c);
      plan.mark_concepts.insert(term);
      if (db_.term_exists(term)) terms.emplace_back(term);
    }
    if (terms.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

  Xapian::Query Phrase(const std::string& text, QueryPlan& plan) {
    text::QueryAnalysis a = text::AnalyzeQuery(text, {});
    if (a.words.size() == 1) return Word(a.words.front(), plan);
    std::vector<Xapian::Query> terms;
    for (const QueryWord& w : a.words) {
      plan.mark_surfaces.insert(w.token.surface);
      terms.emplace_back(w.token.surface);
    }
    if (terms.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
  }

 private:
  // Digraph alternates, and for a German word typed without umlauts that no record has, the
  // written forms some record has.
  std::vector<std::string> Alternates(const QueryWord& w, bool typed_exists) {
    const Token& t = w.token;
    std::vector<std::string> out = t.alternates;
    const bool german = w.languages.empty() || std::find(w.languages.begin(), w.languages.end(),
                                                         "de") != w.languages.end();
    if (typed_exists || !out.empty() || !german || !WordIsAscii(t)) return out;
    for (std::string& r : text::UmlautRestorations(t.surface)) {
      if (db_.term_exists(r)) out.push_back(std::move(r));
    }
    return out;
  }

  static bool WordIsAscii(const Token& t) {
    for (unsigned char c : t.surface) {
      if (c >= 0x80) return false;
    }
    return !t.surface.empty();
  }

  // The index's words and stems that start with the word being typed: surfaces as typed and
  // with digraphs restored, stems (which have no umlauts) of the umlaut-free spelling.
  void AddPrefix(const QueryWord& w, QueryPlan& plan, std::vector<Xapian::Query>& alts) {
    const Token& t = w.token;
    if (CodePoints(t.surface) < kMinPrefixLetters) return;
    std::vector<std::string> surfaces = {t.surface};
    surfaces.insert(surfaces.end(), t.alternates.begin(), t.alternates.end());
    std::vector<Xapian::Query> expansions;
    std::set<std::string> stem_prefixes;
    for (const std::string& s : surfaces) {
      plan.mark_prefixes.insert(s);
      expansions.push_back(Wildcard(s));
      stem_prefixes.insert(text::StripUmlauts(s));
    }
    for (const std::string& s : stem_prefixes) expansions.push_back(Wildcard(Z(s)));
    alts.push_back(Xapian::Query(Xapian::Query::OP_OR, expansions.begin(), expansions.end()));
  }

  // Concepts with a word starting with the prefix, in the word's languages.
  static void AddCompletions(const QueryWord& w, std::vector<text::ConceptId>& concepts) {
    if (CodePoints(w.token.surface) < kMinConceptPrefixLetters) return;
    const auto& lexicon = text::ConceptLexicon::Default();
    std::vector<std::string> languages = w.languages;
    if (languages.empty())
      languages.assign(std::begin(text::kLexiconLanguages), std::end(text::kLexiconLanguages));
    for (const std::string& lang : languages) {
      for (text::ConceptId c : lexicon.Complete(lang, w.token.surface, kMaxPrefixConcepts)) {
        if (std::find(concepts.begin(), concepts.end(), c) == concepts.end()) concepts.push_back(c);
      }
    }
  }

  // The German stems of the word's dictionary translations that the index has (SYNONYM: one
  // word's several translations count as one).
  Xapian::Query Translations(const QueryWord& w, QueryPlan& plan) {
    std::vector<Xapian::Query> stems;
    for (const std::string& german : w.translations) {
      bool used = false;
      for (const Token& t :
           text::Analyzer::Default().Analyze(german, "de", text::Mode::kDocument)) {
        if (t.stopword) continue;
        const std::string term = Z(t.stems.front());
        if (!db_.term_exists(term)) continue;
        plan.mark_stems.insert(t.stems.front());
        stems.emplace_back(term);
        used = true;
      }
      if (used && std::find(plan.translations.begin(), plan.translations.end(), german) ==
                      plan.translations.end()) {
        plan.translations.push_back(german);
      }
    }
    if (stems.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
  }

  const Xapian::Database& db_;
};

// The word's query with kCoverageBonus added to the weight of every document it matches. The
// bonus is a source that matches every document with a fixed weight, AND_MAYBE'd to the word:
// the documents are the word's, the weight the word's plus the bonus, and the word's terms
// are read once (a FILTER of the bonus by the word, OR-ed beside the word, read them twice).
Xapian::Query WithCoverageBonus(const Xapian::Query& word) {
  Xapian::Query bonus((new Xapian::FixedWeightPostingSource(kCoverageBonus))->release());
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, word, bonus);
}

// Rebuilds q's words with corrections for did_you_mean.
std::string CorrectedText(const std::string& words, const std::vector<QueryWord>& tokens,
                          const std::vector<std::pair<size_t, std::string>>& fixes) {
  std::string out = words;
  for (auto it = fixes.rbegin(); it != fixes.rend(); ++it) {
    const Token& t = tokens[it->first].token;
    out.replace(t.begin, t.end - t.begin, it->second);
  }
  return out;
}

}  // namespace

QueryPlan BuildQueryPlan(const StaffQuery& staff, const Xapian::Database& db,
                         const PlanOptions& options) {
  QueryPlan plan;
  Builder b(db);
  text::QueryOptions qopts;
  qopts.language = options.language;
  qopts.prefix_last = options.prefix_last && staff.ends_with_word;
  qopts.translate = options.translate;
  const text::QueryAnalysis analysis = text::AnalyzeQuery(staff.words, qopts);
  plan.language = analysis.language;
  plan.language_given = analysis.language_given;
  for (text::ConceptId c : analysis.concepts) {
    plan.concepts.push_back(text::ConceptLexicon::Default().Get(c).id);
  }
  const std::vector<QueryWord>& tokens = analysis.words;
  bool all_stop = true;
  for (const QueryWord& w : tokens) all_stop = all_stop && w.token.stopword;

  std::vector<Xapian::Query> words;
  std::vector<text::ConceptId> related;  // of all words: weight only, no coverage, no match
  std::vector<std::pair<size_t, std::string>> fixes;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const QueryWord& w = tokens[i];
    if (w.token.stopword && !all_stop) continue;
    if (static_cast<size_t>(plan.word_count) >= options.max_words) break;
    ++plan.word_count;
    Xapian::Query q = b.Word(w, plan);
    if (q.empty() && options.spelling && !w.prefix) {
      if (auto fixed = b.Corrected(w)) {
        q = Scaled(b.Word(*fixed, plan), 0.8);
        fixes.emplace_back(i, fixed->token.surface);
      }
    }
    if (!q.empty()) words.push_back(q);
    for (text::ConceptId c : w.related_concepts) {
      if (std::find(related.begin(), related.end(), c) == related.end()) related.push_back(c);
    }
  }
  if (!fixes.empty()) plan.did_you_mean = CorrectedText(staff.words, tokens, fixes);

  Xapian::Query text;
  Xapian::Query matched;  // the documents of `text`: the bonus and related concepts add none
  if (options.all_words && static_cast<int>(words.size()) < plan.word_count) {
    text = Xapian::Query();  // a word matches nothing: no record has them all
  } else if (words.size() == 1) {
    text = words.front();
  } else if (options.all_words && words.size() > 1) {
    text = Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
  } else if (words.size() > 1) {
    matched = Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end());
    std::vector<Xapian::Query> scored;
    for (const Xapian::Query& w : words) {
      scored.push_back(options.coverage_bonus ? WithCoverageBonus(w) : w);
    }
    text = Xapian::Query(Xapian::Query::OP_OR, scored.begin(), scored.end());
  }
  if (matched.empty()) matched = text;
  // Concepts related to what the words name (their parents: reparieren for
  // "Fahrradwerkstatt") raise the records that match anyway, as records about a sibling of
  // what was asked are closer to it than records that only share a word; they add no record
  // and earn no coverage, so the set found and its facet counts stay those of the words.
  QueryPlan unmarked;  // what only raised a record is not highlighted as a match
  Xapian::Query rel = b.Concepts(related, unmarked);
  if (!text.empty() && !rel.empty()) {
    text = Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, Scaled(rel, kRelatedConceptWeight));
  }

  std::vector<Xapian::Query> phrases;
  for (const std::string& p : staff.phrases) {
    Xapian::Query q = b.Phrase(p, plan);
    phrases.push_back(q.empty() ? Xapian::Query() : q);  // Query(): matches nothing
  }
  if (!phrases.empty()) {
    Xapian::Query required(Xapian::Query::OP_AND, phrases.begin(), phrases.end());
    text = text.empty() ? required : Xapian::Query(Xapian::Query::OP_AND_MAYBE, required, text);
    matched = required;
  }
  // Words typed that match nothing at all (and no correction) leave the text empty although
  // the person asked for something: then nothing matches, rather than everything.
  plan.has_text = !text.empty() || plan.word_count > 0 || !staff.phrases.empty();
  // Never the static Xapian::Query::MatchAll: its reference count is not atomic, and searches
  // run in parallel threads (Xapian's documentation says as much; it crashed the server under
  // load). Query(std::string()) is the same query, owned by this thread; Query() matches nothing.
  if (text.empty()) text = plan.has_text ? Xapian::Query() : Xapian::Query(std::string());
  if (matched.empty()) matched = text;

  std::vector<Xapian::Query> excluded;
  QueryPlan ignored;
  for (const std::string& n : staff.negated) {
    Xapian::Query q = b.Phrase(n, ignored);
    if (!q.empty()) excluded.push_back(q);
  }
  if (!excluded.empty()) {
    const Xapian::Query any(Xapian::Query::OP_OR, excluded.begin(), excluded.end());
    text = Xapian::Query(Xapian::Query::OP_AND_NOT, text, any);
    matched = Xapian::Query(Xapian::Query::OP_AND_NOT, matched, any);
  }
  plan.query = text;
  plan.match_query = matched;
  return plan;
}

TieredWeight SplitWeight(const QueryPlan& plan, double weight) {
  if (plan.word_count <= 1) return {1, weight};
  const int tier = static_cast<int>(std::floor(weight / kCoverageBonus));
  return {tier, weight - tier * kCoverageBonus};
}

}  // namespace hilfsnetz::ranking
