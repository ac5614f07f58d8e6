// WorkQueue: the API's worker threads and its admission control. A request that needs a
// searcher runs here, never on an I/O thread; when `threads` requests run and `max_queued`
// more wait, the next is refused at once (503 + Retry-After) instead of queueing without bound
// — a burst then costs the clients a retry, not every client a long wait.
//
// Thread-safety: TryPost may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hilfsnetz::server {

class WorkQueue {
 public:
  WorkQueue(size_t threads, size_t max_queued);
  // Runs what was accepted, then joins the threads.
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // False (and `job` dropped) when the queue is full.
  bool TryPost(std::function<void()> job);

  size_t threads() const { return threads_.size(); }
  // Jobs waiting or running.
  size_t pending() const;

 private:
  void Work();

  const size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  size_t running_ = 0;                       // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace hilfsnetz::server
