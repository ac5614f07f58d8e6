#include "server/work_queue.h"

#include <algorithm>

namespace hilfsnetz::server {

WorkQueue::WorkQueue(size_t threads, size_t max_queued) : max_queued_(max_queued) {
  for (size_t i = 0; i < std::max<size_t>(threads, 1); ++i)
    threads_.emplace_back([this] { Work(); });
}

WorkQueue::~WorkQueue() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

bool WorkQueue::TryPost(std::function<void()> job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() + running_ >= threads_.size() + max_queued_) {
      return false;
    }
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

size_t WorkQueue::pending() const {
  std::lock_guard lock(mu_);
  return queue_.size() + running_;
}

void WorkQueue::Work() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    job();
    std::lock_guard lock(mu_);
    --running_;
  }
}

}  // namespace hilfsnetz::server
