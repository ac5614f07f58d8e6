#include "text/stopwords.h"

#include "text/normalizer.h"

namespace hilfsnetz::text {

void StopwordSet::Add(std::string_view language, std::string_view table) {
  auto& set = words_[std::string(language)];
  ForEachTableLine(table, [&set](std::string_view line) { set.insert(NormalizeWord(line)); });
}

bool StopwordSet::Contains(const std::string& language, const std::string& word) const {
  const auto it = words_.find(language);
  return it != words_.end() && it->second.count(word) > 0;
}

}  // namespace hilfsnetz::text
