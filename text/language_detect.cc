// DetectLanguage (declared in analyzer.h): CLD2 over the valid UTF-8 of the text.
#include <algorithm>
#include <climits>
#include <cstdio>  // before CLD2: compact_lang_det.h uses FILE without including <cstdio>
#include <string>

// clang-format off
#include <cld2/public/compact_lang_det.h>
// clang-format on
#include <unicode/utf8.h>

#include "text/analyzer.h"

namespace hilfsnetz::text {
namespace {

// CLD2 requires valid UTF-8; invalid sequences become spaces.
std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(std::min<size_t>(text.size(), INT_MAX / 2));
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      out.push_back(' ');
    } else {
      out.append(text.data() + start, static_cast<size_t>(i - start));
    }
  }
  return out;
}

}  // namespace

namespace {

std::string Detect(std::string_view text, bool need_reliable) {
  const std::string valid = ValidUtf8(text);
  bool reliable = false;
  const CLD2::Language lang = CLD2::DetectLanguage(valid.data(), static_cast<int>(valid.size()),
                                                   /*is_plain_text=*/true, &reliable);
  if ((need_reliable && !reliable) || lang == CLD2::UNKNOWN_LANGUAGE) return "";
  std::string code = CLD2::LanguageCode(lang);
  code = code.substr(0, code.find('-'));  // "zh-Hant" -> "zh"
  // CLD2 still uses some withdrawn ISO 639-1 codes.
  if (code == "iw") return "he";
  if (code == "jw") return "jv";
  if (code == "in") return "id";
  if (code == "un" || code == "xxx") return "";
  return code;
}

}  // namespace

std::string DetectLanguage(std::string_view text) { return Detect(text, true); }

std::string GuessLanguage(std::string_view text) { return Detect(text, false); }

}  // namespace hilfsnetz::text
