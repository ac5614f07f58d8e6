#include "core/task_pool.h"

#include <algorithm>
#include <atomic>

namespace hilfsnetz {

TaskPool::TaskPool(std::size_t threads) {
  threads = std::max<std::size_t>(threads, 1);
  workers_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

TaskPool::~TaskPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

TaskPool& TaskPool::Shared() {
  // Never destroyed: tasks may still be queued while static destructors run.
  static TaskPool* pool = new TaskPool(std::thread::hardware_concurrency());
  return *pool;
}

void TaskPool::ParallelFor(std::size_t parts, std::size_t max_threads,
                           const std::function<void(std::size_t)>& fn) {
  std::atomic<std::size_t> next{0};
  auto claim_and_run = [&] {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < parts;) fn(i);
  };
  const std::size_t helpers =
      std::min({parts > 0 ? parts - 1 : 0, max_threads > 0 ? max_threads - 1 : 0, workers_.size()});
  std::vector<Task<void>> helping;
  helping.reserve(helpers);
  for (std::size_t h = 0; h < helpers; ++h) helping.push_back(Submit(claim_and_run));
  claim_and_run();
  // A helper no worker has started runs here and finds nothing left; a started one is
  // waited for.
  for (Task<void>& t : helping) t.Get();
}

void TaskPool::Enqueue(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void TaskPool::Work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to run
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();  // a claimed task is a no-op; exceptions are stored in the task's future
  }
}

}  // namespace hilfsnetz
