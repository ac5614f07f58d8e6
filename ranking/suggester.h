// Suggest: as-you-type suggestions for the search box (GET /v1/suggest), in every language of
// the search.
//
//   q = "kleiderk"  -> "kleiderkammer" (7), "kleiderkammern" (2), "Kleiderkammer" … and the
//                      initiatives whose titles start with "kleiderk"
//   q = "مترجم"     -> "مترجم عربي" (a lexicon phrase), "Dolmetschen" (its concept in German)
//
// q splits into the finished words and the word being typed (the last one, unless q ends in a
// space). Candidates:
//   word     completions of the word being typed from the index's words, most frequent
//            first; from its third letter also those of its one-edit variants (a deleted,
//            swapped, replaced or added letter after the first), when the exact prefix leaves
//            room;
//   phrase   frequent phrases of the corpus (in two or more records) and lexicon entries of
//            the typed words' languages that start with everything typed;
//   concept  for such an entry of another language than German, the German word of its
//            concept ("مترج" -> "مترجم عربي", "Dolmetschen");
//   title    titles starting with what was typed.
// Finished words that match nothing are spell-corrected first (Xapian's suggestion, as in
// search; stop words are left as typed); the word being typed is completed, never corrected.
// Each suggestion's text is the finished words plus the completion, and its count is the
// number of initiatives that match every one of its words under the request's filters (active
// only unless status is given) — what a search for it shows in its first tier (exact up to
// kExactCountLimit, then Xapian's estimate, flagged count_exact=false; dictionary translations
// of foreign words that name no concept are not looked up for counts). Candidates are counted
// best first (frequent completions, lexicon entries, corpus phrases, the other completions,
// one-edit variants') until `limit` + 2 find something, at most 20 per request, within the
// count budget (SuggestInputs::count_budget, time spent walking matches): once it is spent, a
// candidate is shown only when proven to find something, with Xapian's estimate
// (count_exact=false), so that a keystroke never waits for exact counts. The initiatives with
// the finished words are gathered once per revision (up to 3,000) to count completions in.
// Suggestions with no such initiative are left out, and of inflected forms of one word only the
// most frequent is kept. Order: log2(1 + count) plus a bonus for specific kinds (phrase, concept)
// and a penalty for one-edit variants, ties by text. Counts are cached per index revision; an
// estimate forced by the budget stands in only for requests whose budget is spent too (the others
// count it again).
//
// Not thread-safe (reads the caller's Xapian::Database), like Searcher.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "ranking/facet_cache.h"
#include "ranking/search_request.h"
#include "ranking/suggest_index.h"

namespace hilfsnetz::ranking {

inline constexpr int kDefaultSuggestions = 8;
inline constexpr int kMaxSuggestions = 20;
inline constexpr size_t kSuggestInitiatives = 5;
// Counts are exact up to this many initiatives and estimated beyond, like the search's total
// (SearcherOptions::exact_total_limit).
inline constexpr unsigned kExactCountLimit = 500;

struct SuggestRequest {
  std::string q;
  Filters filters;
  std::string lang;  // as SearchRequest::lang
  int limit = kDefaultSuggestions;
};

struct Suggestion {
  std::string text;         // what the search box would hold: finished words + completion
  std::string kind;         // "word", "phrase", "concept", "title"
  uint64_t count = 0;       // initiatives matching every word of `text` under the filters
  bool count_exact = true;  // false: Xapian's estimate (more than kExactCountLimit)
  std::string concept_id;   // kind "concept" (and lexicon phrases): the concept's id
};

struct SuggestedInitiative {
  std::string id;
  std::string title;
  std::string district;
  std::string neighbourhood;
};

struct SuggestResult {
  std::string language;                  // of q, as the search reads it ("" when undecided)
  std::optional<std::string> corrected;  // q with its finished words corrected, when any was
  std::vector<Suggestion> suggestions;
  std::vector<SuggestedInitiative> initiatives;  // titles starting with q
};

struct SuggestInputs {
  const Xapian::Database& db;
  const SuggestIndex& index;
  const SuggestRequest& request;
  // Time for exact counts (SearcherOptions::suggest_count_budget); zero: unlimited.
  std::chrono::microseconds count_budget{0};
};

Result<SuggestResult> Suggest(const SuggestInputs& in);

}  // namespace hilfsnetz::ranking
