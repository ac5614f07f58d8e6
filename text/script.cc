#include "text/script.h"

#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace hilfsnetz::text {

Script WordScript(std::string_view word) {
  const auto* p = reinterpret_cast<const uint8_t*>(word.data());
  const auto n = static_cast<int32_t>(word.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode code = uscript_getScript(c, &err);
    if (U_FAILURE(err)) continue;
    switch (code) {
      case USCRIPT_COMMON:
      case USCRIPT_INHERITED:
        continue;
      case USCRIPT_LATIN:
        return Script::kLatin;
      case USCRIPT_ARABIC:
        return Script::kArabic;
      case USCRIPT_CYRILLIC:
        return Script::kCyrillic;
      default:
        return Script::kOther;
    }
  }
  // Digits only: treat like Latin text (stems are the digits themselves).
  return Script::kLatin;
}

}  // namespace hilfsnetz::text
