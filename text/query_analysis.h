// AnalyzeQuery: what the search box's words mean, in whatever language they are typed.
//
//   QueryAnalysis q = AnalyzeQuery("دورة لغة ألمانية", {});
//   q.language == "ar"; q.words[0].concepts == {deutschkurs, ...}
//
// 1. Segment and normalise the text (Analyzer::Segment: the same words the index has).
// 2. Detect the query's language and each word's candidate languages (query_language.h), or
//    take the language the caller names.
// 3. Analyse each word for its languages (Analyzer::AnalyzeQueryWord: stems, stop words,
//    umlaut alternates, compound parts).
// 4. Find the concepts the words name (ConceptLexicon::Match in each language the words may
//    be in): a run of words naming a concept gives the concept to each of its words.
// 5. A word of another language than German that names no concept gets German translations
//    from the FreeDict dictionaries (Dictionaries::Default, kMaxTranslations).
// The query planner (ranking/query_builder.h) turns each word into its terms plus its
// concepts' index terms (K<id>) at a lower weight: one mechanism for synonyms and
// translations.
//
// Thread-safe (pure function over the shipped tables).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"
#include "text/concept_lexicon.h"

namespace hilfsnetz::text {

struct QueryWord {
  Token token;                         // analysed for `languages`
  std::vector<std::string> languages;  // candidate languages, best first ({} = by surface)
  std::vector<ConceptId> concepts;     // concepts named by a run of words including this one
  // Concepts the word also names that are ancestors of one in `concepts` named by a run of no
  // more words ("Elternbildung": bildung beside elternbildung), weighted lower.
  std::vector<ConceptId> broader_concepts;
  // The parents of `concepts` that are not roots and not named by the word themselves: what
  // a sibling of the named concept shares with it ("Fahrradwerkstatt" -> reparieren, which a
  // repair café has too). They only raise records that match the query anyway
  // (ranking/query_builder.h).
  std::vector<ConceptId> related_concepts;
  bool prefix = false;  // the last word, still being typed (QueryOptions)
  // German words for this word from the general dictionaries (dictionary.h), for words of
  // another language that name no concept; best first.
  std::vector<std::string> translations;
};

struct QueryAnalysis {
  std::string language;  // of the query; "" when undecided
  bool language_given = false;
  std::vector<QueryWord> words;     // every word, stop words flagged, in order
  std::vector<ConceptId> concepts;  // distinct, in order of first mention
};

inline constexpr size_t kMaxTranslations = 3;

struct QueryOptions {
  std::string language;      // "" detects; else one of kLexiconLanguages (IsQueryLanguage)
  bool prefix_last = false;  // mark the last word as a prefix unless the text ends in a space
  bool translate = true;     // look words up in the dictionaries (step 5)
};

QueryAnalysis AnalyzeQuery(std::string_view text, const QueryOptions& options);

}  // namespace hilfsnetz::text
