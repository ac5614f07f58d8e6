// A minimal fork-join helper (internal to embed/): runs fn(begin, end) over contiguous
// slices of [0, n) on up to `threads` threads and waits for all. Slices are a pure function
// of n and threads; callers make results independent of the slicing (each index written by
// exactly one slice).
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace hilfsnetz::embed::internal {

// 0 -> hardware concurrency (at least 1).
inline int ResolveThreads(int threads) {
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

template <typename Fn>
void ParallelFor(size_t n, int threads, Fn&& fn) {
  const size_t t = std::min(n, static_cast<size_t>(std::max(1, threads)));
  if (t <= 1) {
    if (n > 0) fn(size_t{0}, n);
    return;
  }
  std::vector<std::thread> workers;
  workers.reserve(t - 1);
  const size_t step = (n + t - 1) / t;
  for (size_t begin = step; begin < n; begin += step) {
    workers.emplace_back([&fn, begin, end = std::min(n, begin + step)] { fn(begin, end); });
  }
  fn(size_t{0}, std::min(n, step));
  for (std::thread& w : workers) w.join();
}

}  // namespace hilfsnetz::embed::internal
