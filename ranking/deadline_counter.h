// DeadlineCounter: a match decider that counts the documents a match visits and stops the
// match once a deadline is past, by throwing Passed out of Enquire::get_mset. Xapian lets a
// decider's exception through and releases what the match holds; the database and the
// Enquire stay usable. Suggestions count their candidates under a time budget with it.
//
//   DeadlineCounter counter(deadline);
//   try {
//     n = enquire.get_mset(0, 0, check, nullptr, &counter).get_matches_estimated();
//   } catch (const DeadlineCounter::Passed&) {
//     // counter.accepted() documents up to docid counter.last()
//   }
//
// Xapian's own Enquire::set_time_limit is not used: in 1.4 its POSIX timer notifies on a
// separate thread, which may still write to the match's flag after the match has ended.
//
// Not thread-safe (one per match).
#pragma once

#include <chrono>
#include <cstdint>

#include <xapian.h>

namespace hilfsnetz::ranking {

class DeadlineCounter : public Xapian::MatchDecider {
 public:
  using Clock = std::chrono::steady_clock;
  struct Passed {};

  explicit DeadlineCounter(Clock::time_point deadline) : deadline_(deadline) {}

  // Accepts every document; throws Passed (after counting it) once the deadline is past.
  bool operator()(const Xapian::Document& doc) const override {
    ++accepted_;
    last_ = doc.get_docid();
    if (Clock::now() >= deadline_) throw Passed{};
    return true;
  }

  uint64_t accepted() const { return accepted_; }  // documents seen so far
  Xapian::docid last() const { return last_; }     // the last of them (0: none)

 private:
  const Clock::time_point deadline_;
  mutable uint64_t accepted_ = 0;
  mutable Xapian::docid last_ = 0;
};

}  // namespace hilfsnetz::ranking
