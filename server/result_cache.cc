#include "server/result_cache.h"

#include <cstdio>

namespace hilfsnetz::server {
namespace {

// A field of SearchRequest that changes the answer must be part of the key: this fails to
// compile when one is added (or removed), so that SearchCacheKey is looked at.
static_assert(sizeof(ranking::SearchRequest) == 352,
              "SearchRequest changed: add the new field to SearchCacheKey, then update the size");
static_assert(sizeof(ranking::SuggestRequest) == 216,
              "SuggestRequest changed: add the new field to SuggestCacheKey, then update the size");

void Put(std::string& out, std::string_view field) {
  // Every field ends with \x1e, and no field value holds it (a URL parameter could: it is
  // escaped), so no two requests share a key.
  for (char c : field) {
    if (c == '\x1e' || c == '\\') out += '\\';
    out += c;
  }
  out += '\x1e';
}

void PutNumber(std::string& out, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  Put(out, buf);
}

template <typename T, typename F>
void PutList(std::string& out, const std::vector<T>& values, F&& text) {
  std::string joined;
  for (const T& v : values) {
    Put(joined, text(v));
  }
  Put(out, joined);
}

void PutFilters(std::string& out, const ranking::Filters& f) {
  auto same = [](const std::string& s) { return s; };
  PutList(out, f.districts, same);
  PutList(out, f.neighbourhoods, same);
  PutList(out, f.needs, [](schemas::NeedType t) { return std::string(schemas::NeedTypeName(t)); });
  PutList(out, f.topics, same);
  PutList(out, f.languages, same);
  PutList(out, f.statuses, [](schemas::InitiativeStatus s) {
    return std::string(schemas::InitiativeStatusName(s));
  });
}

}  // namespace

std::optional<std::string> SearchCacheKey(const ranking::SearchRequest& r) {
  if (!r.vector.empty()) return std::nullopt;
  std::string out;
  Put(out, "search");
  Put(out, r.q);
  PutFilters(out, r.filters);
  if (r.near) {
    PutNumber(out, r.near->lat);
    PutNumber(out, r.near->lon);
  } else {
    Put(out, "");
  }
  if (r.radius_km) {
    PutNumber(out, *r.radius_km);
  } else {
    Put(out, "");
  }
  PutNumber(out, static_cast<int>(r.sort));
  PutNumber(out, r.page);
  PutNumber(out, r.per_page);
  PutList(out, r.facets, [](ranking::FacetField f) { return std::string(FacetFieldName(f)); });
  PutList(out, r.sums, [](ranking::SumField f) { return std::string(SumFieldName(f)); });
  PutNumber(out, static_cast<int>(r.mode));
  PutNumber(out, static_cast<int>(r.prefix));
  Put(out, r.lang);
  return out;
}

std::string SuggestCacheKey(const ranking::SuggestRequest& r) {
  std::string out;
  Put(out, "suggest");
  Put(out, r.q);
  PutFilters(out, r.filters);
  Put(out, r.lang);
  PutNumber(out, r.limit);
  return out;
}

std::shared_ptr<const std::string> ResultCache::Find(const std::string& key,
                                                     const std::string& revision) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = index_.find(key + '\n' + revision);
  if (it == index_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  ++stats_.hits;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->body;
}

void ResultCache::Insert(const std::string& key, const std::string& revision, std::string body) {
  std::string full = key + '\n' + revision;
  const size_t size = full.size() + body.size();
  if (size > max_bytes_ / 4) return;
  std::lock_guard<std::mutex> l(mu_);
  if (revision != revision_) {
    stats_.evictions += lru_.size();
    lru_.clear();
    index_.clear();
    stats_.bytes = 0;
    revision_ = revision;
  }
  if (auto it = index_.find(full); it != index_.end()) DropLocked(it->second);
  lru_.push_front({full, std::make_shared<const std::string>(std::move(body))});
  index_.emplace(std::move(full), lru_.begin());
  stats_.bytes += size;
  while (stats_.bytes > max_bytes_ && !lru_.empty()) {
    DropLocked(std::prev(lru_.end()));
    ++stats_.evictions;
  }
}

void ResultCache::DropLocked(std::list<Entry>::iterator it) {
  stats_.bytes -= it->key.size() + it->body->size();
  index_.erase(it->key);
  lru_.erase(it);
}

ResultCache::Stats ResultCache::GetStats() const {
  std::lock_guard<std::mutex> l(mu_);
  Stats s = stats_;
  s.entries = lru_.size();
  return s;
}

}  // namespace hilfsnetz::server
