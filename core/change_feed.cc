#include "core/change_feed.h"

#include <algorithm>

namespace hilfsnetz {

ChangeFeed& ChangeFeed::Global() {
  static ChangeFeed* feed = new ChangeFeed();  // never destroyed: used until exit
  return *feed;
}

void ChangeFeed::Tell(const std::string& path, Revision revision, const std::vector<DocId>& docs) {
  std::lock_guard<std::mutex> l(mu_);
  std::map<Revision, std::vector<DocId>>& commits = commits_[path];
  std::vector<DocId>& known = commits[revision];
  known.insert(known.end(), docs.begin(), docs.end());
  while (commits.size() > kKeep) commits.erase(commits.begin());
}

std::optional<std::vector<ChangeFeed::DocId>> ChangeFeed::Changed(const std::string& path,
                                                                  Revision from,
                                                                  Revision to) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = commits_.find(path);
  if (it == commits_.end() || to < from) return std::nullopt;
  std::vector<DocId> out;
  for (Revision r = from + 1; r <= to; ++r) {
    auto c = it->second.find(r);
    if (c == it->second.end()) return std::nullopt;
    out.insert(out.end(), c->second.begin(), c->second.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  ++hits_;
  return out;
}

uint64_t ChangeFeed::hits() const {
  std::lock_guard<std::mutex> l(mu_);
  return hits_;
}

}  // namespace hilfsnetz
