// Script of a word, to choose the candidate languages of a query word of unknown language.
// Decided by the first letter with a specific script (digits and marks are skipped).
// Pure function, thread-safe.
#pragma once

#include <string_view>

namespace hilfsnetz::text {

enum class Script { kLatin, kArabic, kCyrillic, kOther };

Script WordScript(std::string_view word);

}  // namespace hilfsnetz::text
