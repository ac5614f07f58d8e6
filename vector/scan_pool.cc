#include "vector/scan_pool.h"

#include <atomic>
#include <utility>

namespace hilfsnetz::vector::internal {

struct ScanPool::Job {
  const std::function<void(std::size_t)>* fn = nullptr;
  std::size_t parts = 0;
  std::atomic<std::size_t> next{0};  // next part to claim
  std::mutex mu;
  std::condition_variable finished;
  std::size_t done = 0;  // guarded by mu
};

ScanPool::ScanPool(std::size_t workers) {
  threads_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

ScanPool::~ScanPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

// Claims and runs one part of `job`; false when none was left to claim.
bool ScanPool::RunOnePart(Job& job) {
  const std::size_t i = job.next.fetch_add(1, std::memory_order_relaxed);
  if (i >= job.parts) return false;
  (*job.fn)(i);
  std::lock_guard<std::mutex> lock(job.mu);
  if (++job.done == job.parts) job.finished.notify_all();
  return true;
}

void ScanPool::Run(std::size_t parts, const std::function<void(std::size_t)>& fn) {
  if (parts == 0) return;
  if (parts == 1 || threads_.empty()) {
    for (std::size_t i = 0; i < parts; ++i) fn(i);
    return;
  }
  auto job = std::make_shared<Job>();
  job->fn = &fn;
  job->parts = parts;
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(job);
  }
  if (parts - 1 >= threads_.size()) {
    wake_.notify_all();
  } else {
    for (std::size_t i = 0; i + 1 < parts; ++i) wake_.notify_one();
  }
  while (RunOnePart(*job)) {
  }
  {
    // Every part is claimed: take the job off the queue so no worker picks it up again.
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      if (*it == job) {
        queue_.erase(it);
        break;
      }
    }
  }
  std::unique_lock<std::mutex> lock(job->mu);
  job->finished.wait(lock, [&] { return job->done == job->parts; });
}

void ScanPool::WorkerLoop() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      if (job->next.load(std::memory_order_relaxed) + 1 >= job->parts) queue_.pop_front();
    }
    while (RunOnePart(*job)) {
    }
  }
}

}  // namespace hilfsnetz::vector::internal
