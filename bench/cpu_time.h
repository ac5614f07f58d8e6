// CpuMs: this process's CPU time, for the benchmarks that run on the shared 2-core machine,
// where wall time measures the neighbours too (bench/commit_cost.cc, bench/prepare_cost.cc).
#pragma once

#include <ctime>

namespace hilfsnetz::bench {

// CPU time of all this process's threads so far, in ms.
inline double CpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

}  // namespace hilfsnetz::bench
