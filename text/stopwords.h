// Stop-word stage: tells whether a normalised word is a stop word of a language.
//
// Stop words are flagged on tokens (Token::stopword), never dropped: the query planner
// decides what to do with them (e.g. keep them for phrases, weight them down otherwise).
// Tables are the reviewed lists in data/text/stopwords-<lang>.txt: one word per line, lines
// starting with '#' are comments. Words are normalised with NormalizeWord at load.
//
// Thread-safety: Add() only during construction; Contains() is const and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace hilfsnetz::text {

class StopwordSet {
 public:
  // Adds the words of `table` to `language` (a primary tag such as "de").
  void Add(std::string_view language, std::string_view table);

  // True when `word` (already normalised) is a stop word of `language`.
  bool Contains(const std::string& language, const std::string& word) const;

 private:
  std::unordered_map<std::string, std::unordered_set<std::string>> words_;
};

// Calls fn(line) for each non-empty line of `table` that is not a '#' comment, with
// surrounding white space (including '\r') trimmed. Shared by the table loaders.
template <typename Fn>
void ForEachTableLine(std::string_view table, Fn fn) {
  while (!table.empty()) {
    const size_t nl = table.find('\n');
    std::string_view line = table.substr(0, nl);
    table = nl == std::string_view::npos ? std::string_view() : table.substr(nl + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    fn(line);
  }
}

}  // namespace hilfsnetz::text
