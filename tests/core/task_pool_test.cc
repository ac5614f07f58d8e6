#include "core/task_pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace hilfsnetz {
namespace {

// Blocks the pool's only worker until Release(), so that later tasks stay queued.
struct Blocker {
  std::atomic<bool> started{false}, release{false};
  void Hold(TaskPool& pool, std::vector<Task<void>>& keep) {
    keep.push_back(pool.Submit([this] {
      started = true;
      while (!release) std::this_thread::yield();
    }));
    while (!started) std::this_thread::yield();
  }
  void Release() { release = true; }
};

TEST(TaskPool, ReturnsEveryTasksResult) {
  TaskPool pool(2);
  std::vector<Task<int>> tasks;
  for (int i = 0; i < 100; ++i) tasks.push_back(pool.Submit([i] { return i * i; }));
  int sum = 0;
  for (Task<int>& t : tasks) sum += t.Get();
  EXPECT_EQ(sum, 328350);  // sum of squares 0..99
}

TEST(TaskPool, AWaitingCallerRunsATaskNoWorkerStarted) {
  TaskPool pool(1);
  Blocker blocker;
  std::vector<Task<void>> keep;
  blocker.Hold(pool, keep);
  Task<std::thread::id> queued = pool.Submit([] { return std::this_thread::get_id(); });
  EXPECT_EQ(queued.Get(), std::this_thread::get_id());  // would hang if it waited for the worker
  blocker.Release();
  keep.front().Get();
}

TEST(TaskPool, WorkersAreReusedSoThreadLocalStateSurvives) {
  TaskPool pool(2);
  static thread_local int calls_on_this_thread = 0;
  std::vector<Task<std::pair<std::thread::id, int>>> tasks;
  for (int i = 0; i < 50; ++i) {
    tasks.push_back(
        pool.Submit([] { return std::pair(std::this_thread::get_id(), ++calls_on_this_thread); }));
  }
  std::set<std::thread::id> threads;
  int max_calls = 0;
  for (auto& t : tasks) {
    auto [id, calls] = t.Get();
    threads.insert(id);
    max_calls = std::max(max_calls, calls);
  }
  EXPECT_LE(threads.size(), 3u);  // two workers, plus this thread for tasks it claimed
  EXPECT_GT(max_calls, 1);        // some thread ran several tasks with its state intact
}

TEST(TaskPool, GetRethrowsTheTasksException) {
  TaskPool pool(2);
  Task<int> t = pool.Submit([]() -> int { throw std::runtime_error("task failed"); });
  try {
    t.Get();
    FAIL() << "Get did not throw";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "task failed");
  }
}

TEST(TaskPool, ADroppedTaskThatNoWorkerStartedNeverRuns) {
  TaskPool pool(1);
  Blocker blocker;
  std::vector<Task<void>> keep;
  blocker.Hold(pool, keep);
  std::atomic<int> runs{0};
  {
    Task<void> dropped = pool.Submit([&] { ++runs; });
  }
  std::atomic<bool> sentinel{false};
  Task<void> after = pool.Submit([&] { sentinel = true; });
  blocker.Release();
  while (!sentinel) std::this_thread::yield();  // FIFO: the worker has passed the dropped task
  EXPECT_EQ(runs.load(), 0);
}

TEST(TaskPool, ADroppedRunningTaskIsWaitedFor) {
  TaskPool pool(1);
  std::atomic<bool> started{false}, finished{false};
  {
    Task<void> t = pool.Submit([&] {
      started = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      finished = true;
    });
    while (!started) std::this_thread::yield();
  }  // the destructor must not return before the task has finished
  EXPECT_TRUE(finished.load());
}

TEST(TaskPool, ParallelForRunsEveryPartOnceForConcurrentCallers) {
  TaskPool pool(1);
  std::vector<std::thread> callers;
  std::vector<std::vector<int>> hits(3, std::vector<int>(16, 0));
  for (std::size_t c = 0; c < 3; ++c) {
    callers.emplace_back([&, c] {
      for (int round = 0; round < 200; ++round) {
        pool.ParallelFor(16, 16, [&](std::size_t i) { ++hits[c][i]; });
      }
    });
  }
  for (auto& t : callers) t.join();
  for (const auto& h : hits) EXPECT_EQ(h, std::vector<int>(16, 200));
}

TEST(TaskPool, ParallelForUsesFreeWorkersAndRespectsMaxThreads) {
  TaskPool pool(2);
  std::mutex mu;
  std::condition_variable all_arrived;
  std::set<std::thread::id> threads;
  pool.ParallelFor(8, 1, [&](std::size_t) {
    std::lock_guard<std::mutex> lock(mu);
    threads.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(threads, std::set<std::thread::id>{std::this_thread::get_id()});
  threads.clear();
  // Each part waits (at most 5 s) until three threads have taken part: the caller and both
  // idle workers must help.
  pool.ParallelFor(8, 3, [&](std::size_t) {
    std::unique_lock<std::mutex> lock(mu);
    threads.insert(std::this_thread::get_id());
    all_arrived.notify_all();
    all_arrived.wait_for(lock, std::chrono::seconds(5), [&] { return threads.size() >= 3; });
  });
  EXPECT_EQ(threads.size(), 3u);
}

// A task that runs a ParallelFor on a pool whose only worker is that task: the caller does
// every part itself instead of waiting for itself.
TEST(TaskPool, ParallelForInsideATaskDoesNotDeadlock) {
  TaskPool pool(1);
  Task<int> outer = pool.Submit([&] {
    std::atomic<int> sum{0};
    pool.ParallelFor(10, 2, [&](std::size_t i) { sum += static_cast<int>(i); });
    return sum.load();
  });
  EXPECT_EQ(outer.Get(), 45);
}

TEST(TaskPool, DestructionRunsTheQueuedTasks) {
  std::atomic<int> runs{0};
  std::vector<Task<void>> tasks;  // outlive the pool
  {
    TaskPool pool(1);
    for (int i = 0; i < 20; ++i) {
      tasks.push_back(pool.Submit([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ++runs;
      }));
    }
  }
  EXPECT_EQ(runs.load(), 20);
}

}  // namespace
}  // namespace hilfsnetz
