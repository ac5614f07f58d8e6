// Synonym stage: curated multilingual synonym groups, looked up by stem.
//
// The table (data/text/synonyms.txt) has one group per line, entries separated by ";"
// (e.g. "laptop; notebook; rechner; computer; pc"); '#' starts a comment line. Entries
// are single words; an entry that analyses to several words is ignored. Each entry is turned
// into stems by a caller-supplied function (the Analyzer's own query analysis, so synonyms
// meet the terms of documents and queries). Every stem of a group then maps to the stems of
// the group's other entries, in table order, deduplicated; a stem in several groups maps
// to the union.
//
// Thread-safety: Load() during construction only; Lookup() is const and thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hilfsnetz::text {

class SynonymTable {
 public:
  // Returns the stems of one entry; {} to skip the entry.
  using StemsOf = std::function<std::vector<std::string>(std::string_view entry)>;

  void Load(std::string_view table, const StemsOf& stems_of);

  // The synonyms' stems of `stem`, never containing `stem`; an empty vector when none.
  const std::vector<std::string>& Lookup(const std::string& stem) const;

  size_t size() const { return map_.size(); }

 private:
  std::unordered_map<std::string, std::vector<std::string>> map_;
};

}  // namespace hilfsnetz::text
