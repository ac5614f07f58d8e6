#include "text/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <limits>
#include <memory>

namespace hilfsnetz::text {
namespace {

// createWordInstance loads rule data and is slow; each thread clones a shared prototype
// once (ICU break iterators are not thread-safe, clones are independent).
icu::BreakIterator* ThreadWordIterator() {
  static const std::unique_ptr<icu::BreakIterator> prototype = [] {
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
    if (U_FAILURE(err)) bi.reset();
    return bi;
  }();
  thread_local std::unique_ptr<icu::BreakIterator> local(prototype ? prototype->clone() : nullptr);
  return local.get();
}

// Splits [begin, end) at the gender markers ':' and U+00B7 (encoded C2 B7).
void AppendSplitAtGenderMarks(std::string_view text, uint32_t begin, uint32_t end,
                              std::vector<WordSpan>& out) {
  uint32_t start = begin;
  for (uint32_t i = begin; i < end; ++i) {
    uint32_t mark = 0;
    if (text[i] == ':') {
      mark = 1;
    } else if (static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < end &&
               static_cast<unsigned char>(text[i + 1]) == 0xB7) {
      mark = 2;
    }
    if (mark == 0) continue;
    if (i > start) out.push_back({start, i});
    start = i + mark;
    i += mark - 1;
  }
  if (end > start) out.push_back({start, end});
}

}  // namespace

std::vector<WordSpan> SegmentWords(std::string_view text) {
  std::vector<WordSpan> out;
  if (text.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    text = text.substr(0, static_cast<size_t>(std::numeric_limits<int32_t>::max()));
  }
  icu::BreakIterator* bi = ThreadWordIterator();
  if (bi == nullptr || text.empty()) return out;
  UErrorCode err = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &err);
  if (U_FAILURE(err)) return out;
  bi->setText(&ut, err);
  if (U_FAILURE(err)) {
    utext_close(&ut);
    return out;
  }
  int32_t begin = bi->first();
  for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; begin = end, end = bi->next()) {
    const int32_t status = bi->getRuleStatus();
    if (status < UBRK_WORD_NUMBER || status >= UBRK_WORD_IDEO_LIMIT) continue;
    AppendSplitAtGenderMarks(text, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), out);
  }
  // Detach the iterator from the stack UText before it goes out of scope.
  UText empty = UTEXT_INITIALIZER;
  utext_openUTF8(&empty, "", 0, &err);
  bi->setText(&empty, err);
  utext_close(&ut);
  utext_close(&empty);
  return out;
}

}  // namespace hilfsnetz::text
