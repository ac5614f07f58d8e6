// DocidListSource: a Xapian posting source over a sorted list of document ids, weight 0.
// OP_FILTER with it makes Xapian skip a query's posting lists straight to those documents:
// hybrid search finds which semantic hits the lexical query matches (instead of reading each
// document's term list, a disk read per hit), and suggestions count how many of the
// documents with the finished words also have each completion.
//
// REQUIRES: ids sorted ascending, unique. Not thread-safe (one per query, as Xapian clones it).
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include <xapian.h>

namespace hilfsnetz::ranking {

class DocidListSource : public Xapian::PostingSource {
 public:
  explicit DocidListSource(std::vector<Xapian::docid> ids) : ids_(std::move(ids)) {}
  void init(const Xapian::Database&) override { pos_ = 0, started_ = false; }
  Xapian::doccount get_termfreq_min() const override {
    return static_cast<Xapian::doccount>(ids_.size());
  }
  Xapian::doccount get_termfreq_est() const override {
    return static_cast<Xapian::doccount>(ids_.size());
  }
  Xapian::doccount get_termfreq_max() const override {
    return static_cast<Xapian::doccount>(ids_.size());
  }
  void next(double) override {
    if (started_) ++pos_;
    started_ = true;
  }
  void skip_to(Xapian::docid id, double) override {
    started_ = true;
    pos_ = static_cast<size_t>(
        std::lower_bound(ids_.begin() + static_cast<std::ptrdiff_t>(pos_), ids_.end(), id) -
        ids_.begin());
  }
  bool at_end() const override { return started_ && pos_ >= ids_.size(); }
  Xapian::docid get_docid() const override { return ids_[pos_]; }
  DocidListSource* clone() const override { return new DocidListSource(ids_); }

 private:
  std::vector<Xapian::docid> ids_;
  size_t pos_ = 0;
  bool started_ = false;
};

}  // namespace hilfsnetz::ranking
