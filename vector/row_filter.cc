#include "vector/row_filter.h"

#include <utility>

namespace hilfsnetz::vector {

RowFilter RowFilter::FromBitset(std::vector<uint64_t> words) {
  RowFilter f;
  f.words_ = std::move(words);
  f.has_words_ = true;
  return f;
}

RowFilter RowFilter::FromBitsetAndPredicate(std::vector<uint64_t> words, Predicate predicate) {
  RowFilter f;
  f.words_ = std::move(words);
  f.has_words_ = true;
  f.predicate_ = std::move(predicate);
  return f;
}

RowFilter RowFilter::FromRows(std::span<const uint32_t> rows) {
  RowFilter f;
  f.has_words_ = true;
  for (uint32_t r : rows) {
    const std::size_t w = r / 64;
    if (w >= f.words_.size()) f.words_.resize(w + 1, 0);
    f.words_[w] |= uint64_t{1} << (r % 64);
  }
  return f;
}

RowFilter RowFilter::FromPredicate(Predicate predicate) {
  RowFilter f;
  f.predicate_ = std::move(predicate);
  return f;
}

}  // namespace hilfsnetz::vector
