// ConceptLexicon: the portal's concepts (needs, services, goods, groups, topics, institutions)
// with their words in de, en, ar, uk, ru, tr and fa — one source of concepts for search and
// recommendations. The tables are data/text/concepts/*.txt (format: the README there),
// compiled into the binary.
//
//   const ConceptLexicon& lex = ConceptLexicon::Default();
//   std::vector<Token> tokens = Analyzer::Default().Analyze("Abenddeutschkurse", "de", kDocument);
//   for (const ConceptMatch& m : lex.Match(tokens, "de")) ...  // deutschkurs, tokens [0, 1)
//
// Matching (the same for records and queries): every entry is analysed like text of its
// language in document mode (one stem per word, stop words left out). An entry matches a run
// of consecutive non-stop-word tokens whose stems equal the entry's (a stem of fewer than four
// letters cut from a longer word, and every word of an entry marked "!", only as the entry
// writes that word: "!glasses" is not a glass door). A German single-word
// entry of at least 4 letters (not marked "=") also matches a compound ending in it: the
// token's compound parts end with the entry's stem or the entry's own parts
// ("kinderkleiderkammer" = kinder + kleiderkammer). Only entries of the text's language match.
//
// Thread-safety: immutable after construction; all methods are const and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/result.h"
#include "text/analyzer.h"

namespace hilfsnetz::text {

// The seven languages of the lexicon, in file order.
inline constexpr std::string_view kLexiconLanguages[] = {"de", "en", "ar", "uk", "ru", "tr", "fa"};

using ConceptId = uint32_t;

struct Concept {
  std::string id;                  // "deutschkurs"; index term K<id>
  int parent = -1;                 // index into ConceptLexicon::concepts(); -1 for a root
  std::string kind;                // service, goods, activity, group, topic, place, ...
  std::vector<std::string> needs;  // need/offer types it can be: money, goods, volunteers, ...
  // Entries as written (without a leading "=" or "!"), per language in kLexiconLanguages order.
  std::vector<std::vector<std::string>> words;
  // The same entries as their normalised words joined by one space, umlauts stripped
  // ("Kleiderkammer" -> "kleiderkammer", "Sprachcafé für alle" -> "sprachcafé für alle"),
  // for matching what someone is typing (suggestions).
  std::vector<std::vector<std::string>> typed;
  std::string source;

  // The first entry in `language` ("de": "Deutschkurs"); "" when none.
  const std::string& Label(std::string_view language) const;
};

struct ConceptMatch {
  ConceptId id = 0;
  uint32_t first = 0;  // token indices [first, last) of the matched run
  uint32_t last = 0;
};

// `matches` without the runs that lie inside a longer matched run: those name nothing of their
// own ("haltbare Lebensmittel" is long-life food, not food of any kind). Order kept.
std::vector<ConceptMatch> Outermost(const std::vector<ConceptMatch>& matches);

class ConceptLexicon {
 public:
  // The lexicon of data/text/concepts/*.txt, analysed with Analyzer::Default(). Built on first
  // use. The shipped tables are checked by tests; should one be malformed anyway, Default()
  // is empty (search falls back to the words as typed) and LoadErrors() names the files and
  // lines (the server logs them at start-up).
  static const ConceptLexicon& Default();

  // Parses lexicon files (name, text) and analyses their entries with `analyzer`.
  // InvalidArgument naming "file:line: problem" for every malformed block (unknown field,
  // missing language, unknown parent, a parent cycle, an entry that analyses to no word).
  static Result<std::unique_ptr<ConceptLexicon>> Parse(
      const std::vector<std::pair<std::string, std::string_view>>& files, const Analyzer& analyzer);
  // As Parse, but keeps what is well-formed: a malformed entry or field is left out, a block
  // with a duplicate id is left out, an unknown parent or a cycle makes a root; the problems
  // are in LoadErrors().
  static std::unique_ptr<ConceptLexicon> Load(
      const std::vector<std::pair<std::string, std::string_view>>& files, const Analyzer& analyzer);

  const std::vector<Concept>& concepts() const { return concepts_; }
  const Concept& Get(ConceptId c) const { return concepts_[c]; }
  // The index of the concept with this id; -1 when unknown.
  int Find(std::string_view id) const;
  // `c` and its ancestors, `c` first.
  std::vector<ConceptId> WithAncestors(ConceptId c) const;
  // True when `ancestor` is `c` or one of its ancestors.
  bool IsA(ConceptId c, ConceptId ancestor) const;

  // Concepts named by runs of `tokens` (Analyze output in document mode for `language`; query
  // tokens analysed in that language). Ordered by first token, then longer runs first.
  std::vector<ConceptMatch> Match(const std::vector<Token>& tokens,
                                  std::string_view language) const;

  // Match over a record's text in `language`; for German text also the English words in it
  // (ASCII words that are no German words, matched against the English entries with English
  // stems): German records write "Refugees on Rails", "Coding-Kurse", "Welcome Café", while
  // "Art" (kind) or "Bank" stay German. The indexer and the highlighter use this.
  std::vector<ConceptMatch> MatchText(const std::vector<Token>& tokens,
                                      std::string_view language) const;

  // Concepts with an entry word in `language` that starts with `prefix` (a normalised word
  // being typed; umlauts optional: "kleiderk", "fluchtl"), distinct, at most `limit`, in the
  // order of the words' spelling.
  std::vector<ConceptId> Complete(std::string_view language, const std::string& prefix,
                                  size_t limit) const;

  // True when some entry of `language` has this word (a normalised word; compared by its
  // stem in `language`, or as written for entry words whose stem is too short to tell words
  // apart) — query language detection.
  bool HasWord(std::string_view language, const std::string& word) const;

  // Problems found while loading (empty for the shipped tables).
  const std::vector<std::string>& LoadErrors() const { return load_errors_; }

 private:
  struct Entry {
    ConceptId concept_id;
    std::vector<std::string> keys;  // stems of the entry's words, stop words left out
    // Per key: the word as the entry writes it (umlauts stripped) when its stem is shorter
    // than kMinStemLetters and cut from a longer word — it then matches only that word
    // ("perde", not everything Turkish stems to "per"); "" when the stem is enough.
    std::vector<std::string> written;
    // German single words that extend to compounds: the entry's stem alone and, if it is a
    // compound itself, its parts. Empty otherwise.
    std::vector<std::vector<std::string>> heads;
    std::string language;
    std::string text;       // as written
    std::string where;      // file:line
    bool reduced = false;   // stop words were left out of it
    bool disabled = false;  // refused by CheckReducedEntries
  };
  ConceptLexicon() = default;
  // `tokens`: the entry's words as Analyze gives them in document mode for `language`.
  void AddEntry(ConceptId c, std::string_view language, std::string_view text,
                const std::vector<Token>& tokens, std::vector<std::string>& errors,
                const std::string& where);
  void CheckReducedEntries(std::vector<std::string>& errors);
  // Whether token `t` has the written form entry `e` asks for its key `k` (if any).
  static bool AsWritten(const Entry& e, size_t k, const Token& t);

  std::vector<Concept> concepts_;
  std::unordered_map<std::string, int> by_id_;
  std::vector<Entry> entries_;
  // language + '\x1f' + first key -> entries; language + '\x1f' + last head part -> entries.
  std::unordered_map<std::string, std::vector<uint32_t>> by_first_key_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_head_;
  std::unordered_map<std::string, uint32_t> key_counts_;  // keys matched by their stem
  std::unordered_set<std::string> written_words_;         // language + word, matched as written
  // language -> (entry word without umlauts, concept), sorted, for Complete().
  std::unordered_map<std::string, std::vector<std::pair<std::string, ConceptId>>>
      words_by_language_;  // language + '\x1f' + any entry key
  std::vector<std::string> load_errors_;
};

}  // namespace hilfsnetz::text
