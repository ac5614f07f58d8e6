#include "text/synonyms.h"

#include <algorithm>

#include "text/stopwords.h"

namespace hilfsnetz::text {
namespace {

void AddUnique(std::vector<std::string>& to, const std::string& s) {
  if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

void SynonymTable::Load(std::string_view table, const StemsOf& stems_of) {
  ForEachTableLine(table, [&](std::string_view line) {
    std::vector<std::string> group;
    while (!line.empty()) {
      const size_t semi = line.find(';');
      const std::string_view entry = Trim(line.substr(0, semi));
      line = semi == std::string_view::npos ? std::string_view() : line.substr(semi + 1);
      if (entry.empty()) continue;
      for (const std::string& stem : stems_of(entry)) AddUnique(group, stem);
    }
    for (const std::string& stem : group) {
      std::vector<std::string>& synonyms = map_[stem];
      for (const std::string& other : group) {
        if (other != stem) AddUnique(synonyms, other);
      }
    }
  });
}

const std::vector<std::string>& SynonymTable::Lookup(const std::string& stem) const {
  static const std::vector<std::string> kNone;
  const auto it = map_.find(stem);
  return it == map_.end() ? kNone : it->second;
}

}  // namespace hilfsnetz::text
