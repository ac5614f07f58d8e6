// TaskPool: a fixed set of long-lived worker threads that run submitted tasks in FIFO order,
// so that one request can use both cores without starting threads.
//
// Why not std::async: each call starts a fresh thread, and a fresh thread has none of the
// per-thread state the analyser keeps (ICU break iterators, Snowball stemmers, the
// decompounder's cache: text/analyzer.h). Building that state cost ~3 ms per recommendation
// at 100k initiatives, more than the work moved to the thread. A pool's workers build it once.
//
// A task that no worker has started when its result is wanted runs on the waiting thread
// (Task::Get): a busy pool never leaves a request waiting behind other requests' tasks, and
// a task never waits for a worker that waits for it.
//
//   Task<std::vector<int>> t = TaskPool::Shared().Submit([&] { return Scan(); });
//   Other();
//   std::vector<int> hits = t.Get();  // rethrows what the task threw
//
// Tasks must not block on other tasks (ParallelFor and Get may be called from a task: they
// run what no worker has started themselves). Thread-safety: Submit and ParallelFor are
// thread-safe; a Task belongs to the thread that submitted it (Get at most once).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace hilfsnetz {

template <class R>
class Task {
 public:
  Task(Task&& other) noexcept : state_(std::move(other.state_)) {}
  Task& operator=(Task&&) = delete;
  Task(const Task&) = delete;
  // A task whose result was never asked for is dropped if no worker has started it, and
  // waited for if one has: it may refer to the submitter's locals.
  ~Task() {
    if (state_ && state_->claimed.exchange(true)) state_->result.wait();
  }

  // The task's result; runs it here if no worker has started it. Rethrows its exception.
  // At most once.
  R Get() {
    std::shared_ptr<State> state = std::move(state_);
    if (!state->claimed.exchange(true)) state->run();
    return state->result.get();
  }

 private:
  friend class TaskPool;
  struct State {
    std::atomic<bool> claimed{false};
    std::packaged_task<R()> run;
    std::future<R> result;
  };
  explicit Task(std::shared_ptr<State> state) : state_(std::move(state)) {}
  std::shared_ptr<State> state_;
};

class TaskPool {
 public:
  // `threads` workers (at least one).
  explicit TaskPool(std::size_t threads);
  // Runs the queued tasks that no caller claimed, then joins the workers.
  ~TaskPool();
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  // The process's pool: one worker per hardware thread (at least one).
  static TaskPool& Shared();

  std::size_t size() const { return workers_.size(); }

  // Calls fn(i) once for each i in [0, parts) on the calling thread and on at most
  // `max_threads` - 1 workers that are free to help, and returns when every call has
  // returned (a parallel for: a vector scan split into row ranges). fn must not throw.
  void ParallelFor(std::size_t parts, std::size_t max_threads,
                   const std::function<void(std::size_t)>& fn);

  template <class F>
  Task<std::invoke_result_t<F&>> Submit(F f) {
    using R = std::invoke_result_t<F&>;
    auto state = std::make_shared<typename Task<R>::State>();
    state->run = std::packaged_task<R()>(std::move(f));
    state->result = state->run.get_future();
    Enqueue([state] {
      if (!state->claimed.exchange(true)) state->run();
    });
    return Task<R>(std::move(state));
  }

 private:
  void Enqueue(std::function<void()> job);
  void Work();

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> workers_;
};

}  // namespace hilfsnetz
