// SearcherPool: one ranking::Searcher per concurrent search (Xapian handles are not
// thread-safe), leased for one request and refreshed on lease so committed writes and newly
// published generations are seen without a restart. Bounded: when every searcher is busy for
// longer than the wait limit, Lease() fails with ResourceExhausted (HTTP 503 + Retry-After)
// rather than letting requests pile up.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "ranking/searcher.h"

namespace hilfsnetz::server {

class SearcherPool {
 public:
  class Lease {
   public:
    Lease(SearcherPool* pool, std::unique_ptr<ranking::Searcher> s)
        : pool_(pool), s_(std::move(s)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (s_) pool_->Return(std::move(s_));
    }
    ranking::Searcher* operator->() { return s_.get(); }
    ranking::Searcher& operator*() { return *s_; }

   private:
    SearcherPool* pool_;
    std::unique_ptr<ranking::Searcher> s_;
  };

  // Opens `size` searchers on index_dir. Errors as ranking::Searcher::Open.
  static Result<std::unique_ptr<SearcherPool>> Open(const std::string& index_dir, int size,
                                                    std::chrono::milliseconds max_wait,
                                                    const ranking::SearcherOptions& options = {});

  // A refreshed searcher, or ResourceExhausted after max_wait, or the Refresh error.
  Result<Lease> Acquire();

 private:
  SearcherPool() = default;
  void Return(std::unique_ptr<ranking::Searcher> s);

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<ranking::Searcher>> idle_;  // guarded by mu_
  std::chrono::milliseconds max_wait_{0};
};

}  // namespace hilfsnetz::server
