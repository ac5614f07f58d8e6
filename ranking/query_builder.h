// QueryBuilder: from the search box's words to a Xapian::Query, built from the same analysis
// the indexer used (text::AnalyzeQuery; no Xapian::QueryParser).
//
// Per query word w (stop words dropped unless the query has nothing else):
//   exact surface (1.0)  OR  umlaut alternates (0.9; 1.0 when the typed form is in no record)
//   OR  stems (SYNONYM, 1.0)  OR  AND(compound parts) (0.5)
//   OR  the concepts w names, as their index terms K<id> (kConceptWeight)
//   OR  German dictionary translations of a foreign word naming no concept (kTranslationWeight)
// Exact forms thus rank above ue/ss-digraph forms above stripped vowels, and a word's own
// forms above what it means in other words or languages: synonyms and translations are one
// mechanism, the concept lexicon (text/concept_lexicon.h), so "دورة لغة ألمانية" finds the
// records tagged deutschkurs below the Arabic records that use these words. A word typed
// without its umlauts that no record has ("fluchtlinge") gets the written forms records have
// ("flüchtlinge") as alternates. A word with no term in the index is replaced by Xapian's
// spelling suggestion (edit distance ≤ 2), which also yields did_you_mean — except the word
// still being typed (prefix), which is completed, never corrected.
//
// The last word as a prefix (PlanOptions::prefix_last and StaffQuery::ends_with_word): its
// terms as above OR the index's words and stems starting with it (the kPrefixExpansion most
// frequent, from kMinPrefixLetters letters) OR the concepts whose words start with it.
//
// Several words: each matched word adds kCoverageBonus (the word AND_MAYBE a
// FixedWeightPostingSource), so documents with more of the words rank first (all of them
// before most of them) and BM25 orders documents with the same coverage; documents with only
// some words are still returned. SplitWeight reads the tier and BM25 back from a match's
// weight (the one place that knows how they are packed). Phrases are required; negations
// excluded.
//
// Related concepts (the parents of what the words name, text::QueryWord::related_concepts)
// only raise documents that match anyway (AND_MAYBE, kRelatedConceptWeight): they add no
// document, no coverage and no highlight.
//
// Thread-safety: not thread-safe (reads the caller's Xapian::Database).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "ranking/staff_syntax.h"

namespace hilfsnetz::ranking {

// Weight added per matched query word; larger than any BM25 sum of a word's terms.
inline constexpr double kCoverageBonus = 1000.0;
// Weight of a word's concepts (K terms) relative to its own forms.
inline constexpr double kConceptWeight = 0.5;
// Weight of broader concepts a word names beside a more specific one ("Elternbildung": bildung).
inline constexpr double kBroaderConceptWeight = 0.25;
// Weight of the parents of the concepts the words name ("Fahrradwerkstatt" -> reparieren).
inline constexpr double kRelatedConceptWeight = 0.25;
// Weight of a word's dictionary translations (German stems), below concepts: general
// dictionaries know every sense of a word, the lexicon the portal's.
inline constexpr double kTranslationWeight = 0.3;
// Prefix matching: at most this many index terms per prefix, from this many letters on.
inline constexpr unsigned kPrefixExpansion = 30;
inline constexpr size_t kMinPrefixLetters = 2;

struct QueryPlan {
  Xapian::Query query;  // every document (Query(std::string())) when there is no text (browse)
  // The documents `query` matches, without what only weighs (the coverage bonus, related
  // concepts): what exact facet counts and totals count. Smaller than `query` (the bonus
  // repeats every word), and meant to be run unweighted (Xapian::BoolWeight).
  Xapian::Query match_query;
  bool has_text = false;
  int word_count = 0;                   // words counted for coverage
  std::set<std::string> mark_surfaces;  // for highlighting
  std::set<std::string> mark_stems;
  std::set<std::string> mark_concepts;  // K terms (with prefix) whose positions are marked
  std::set<std::string> mark_prefixes;  // surfaces and stems starting with these are marked
  std::optional<std::string> did_you_mean;
  // What the query was read as: its language ("" when undecided) and the concepts its words
  // name (ids, in order), for the response's "query" object.
  std::string language;
  bool language_given = false;
  std::vector<std::string> concepts;
  std::vector<std::string> translations;  // German dictionary words the query was searched with

  std::string DebugString() const { return query.get_description(); }
};

struct PlanOptions {
  bool coverage_bonus = true;  // rank by number of matched words first (search box)
  bool spelling = true;        // replace words without match by Xapian's suggestion
  size_t max_words = 64;       // words past this are ignored (long texts as queries)
  bool prefix_last = false;    // the last word (if still being typed) matches as a prefix
  std::string language;        // the query's language when the caller knows it ("" detects)
  bool all_words = false;      // require every word (AND) instead of ranking by coverage (counts)
  bool translate = true;       // dictionary translations of foreign words (text::QueryOptions)
};

QueryPlan BuildQueryPlan(const StaffQuery& staff, const Xapian::Database& db,
                         const PlanOptions& options = {});

// A match weight of QueryPlan::query taken apart: how many of the plan's words the document
// matches (1 for a plan of one word or only phrases) and the BM25 part that orders documents
// matching as many words.
struct TieredWeight {
  int tier = 0;
  double bm25 = 0;
};
TieredWeight SplitWeight(const QueryPlan& plan, double weight);

}  // namespace hilfsnetz::ranking
