// ResultCache: answers of /v1/search (GET and POST) and /v1/suggest kept by (the request, the
// index revision that answered it), so that the portal's repeating searches (the same few
// hundred queries typed by many people; the search box's prefixes, a suggest request per key
// pressed) are answered without running the match again.
//
// The key is the typed request (SearchCacheKey: every field that changes the answer, written
// in a fixed order, so "q=kita&district=Mitte" and "district=Mitte&q=kita" meet) followed by
// the generation and revision the lease's searcher read. A write, a rebuild or a rollback makes
// another revision, so no answer outlives the data it was computed from; the entries of the
// revision before are dropped when the first answer of another one is stored. Least recently used
// entries go first when the bytes exceed the budget. Off unless the server is given a budget
// (`serve --result-cache-mb`).
//
// Thread-safe (one mutex; a lookup is a hash and a list splice).
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "ranking/search_request.h"
#include "ranking/suggester.h"

namespace hilfsnetz::server {

// The request's part of the key; nullopt for a request that is not cached (a client's query
// vector: long, and never repeated).
std::optional<std::string> SearchCacheKey(const ranking::SearchRequest& request);
// The same for /v1/suggest (never equal to a search's key).
std::string SuggestCacheKey(const ranking::SuggestRequest& request);

class ResultCache {
 public:
  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    uint64_t evictions = 0;  // dropped for the budget or for a newer revision
    size_t entries = 0;
    size_t bytes = 0;  // keys and bodies
  };

  explicit ResultCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The body stored under `key` at `revision` (counted as a hit), else nullptr (a miss).
  std::shared_ptr<const std::string> Find(const std::string& key, const std::string& revision);
  // Stores `body`; an answer of another revision than the stored ones drops them first. A
  // body larger than a quarter of the budget is not stored.
  void Insert(const std::string& key, const std::string& revision, std::string body);

  Stats GetStats() const;

 private:
  struct Entry {
    std::string key;  // request key + '\n' + revision
    std::shared_ptr<const std::string> body;
  };
  void DropLocked(std::list<Entry>::iterator it);

  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first; guarded by mu_
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;  // guarded by mu_
  std::string revision_;  // the revision of the stored answers; guarded by mu_
  Stats stats_;           // guarded by mu_
};

}  // namespace hilfsnetz::server
