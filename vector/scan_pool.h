// ScanPool: a small persistent pool that runs the parts of one scan in parallel.
//
// Internal to vector/. Starting a std::thread per query costs tens of microseconds (measured
// in bench/vector_bench.cc); a pool of sleeping workers woken by a condition variable costs
// less, and the calling thread always runs parts itself, so a query never waits for a worker
// that is busy with another query: if no worker is free, the caller runs every part.
//
// Thread-safety: Run() may be called concurrently from any number of threads. The destructor
// must not run concurrently with Run().
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace hilfsnetz::vector::internal {

class ScanPool {
 public:
  // Starts `workers` threads (0 is allowed: Run() then runs everything on the caller).
  explicit ScanPool(std::size_t workers);
  ~ScanPool();
  ScanPool(const ScanPool&) = delete;
  ScanPool& operator=(const ScanPool&) = delete;

  std::size_t workers() const { return threads_.size(); }

  // Calls fn(i) once for each i in [0, parts), on the caller and on idle workers, and returns
  // when all calls have returned. fn must not throw.
  void Run(std::size_t parts, const std::function<void(std::size_t)>& fn);

 private:
  struct Job;
  void WorkerLoop();
  static bool RunOnePart(Job& job);

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;  // guarded by mu_
  bool stopping_ = false;                   // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace hilfsnetz::vector::internal
