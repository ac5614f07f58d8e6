#include "server/searcher_pool.h"

namespace hilfsnetz::server {

Result<std::unique_ptr<SearcherPool>> SearcherPool::Open(const std::string& index_dir, int size,
                                                         std::chrono::milliseconds max_wait,
                                                         const ranking::SearcherOptions& options) {
  std::unique_ptr<SearcherPool> pool(new SearcherPool());
  pool->max_wait_ = max_wait;
  for (int i = 0; i < size; ++i) {
    auto s = ranking::Searcher::Open(index_dir, options);
    if (!s.ok()) return s.status();
    pool->idle_.push_back(std::move(*s));
  }
  return pool;
}

Result<SearcherPool::Lease> SearcherPool::Acquire() {
  std::unique_ptr<ranking::Searcher> s;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, max_wait_, [&] { return !idle_.empty(); })) {
      return ResourceExhaustedError("all searchers busy");
    }
    s = std::move(idle_.back());
    idle_.pop_back();
  }
  Lease lease(this, std::move(s));
  Status st = lease->Refresh();
  if (!st.ok()) return st;
  return lease;
}

void SearcherPool::Return(std::unique_ptr<ranking::Searcher> s) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(s));
  }
  cv_.notify_one();
}

}  // namespace hilfsnetz::server
