#include "core/loose_key.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace hilfsnetz {

bool IsValidUtf8(std::string_view text) {
  int32_t i = 0;
  const auto n = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::string LooseKey(std::string_view name) {
  if (!IsValidUtf8(name)) return {};
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  if (U_FAILURE(err)) return {};
  icu::UnicodeString folded =
      nfkc_cf->normalize(icu::UnicodeString::fromUTF8(
                             icu::StringPiece(name.data(), static_cast<int32_t>(name.size()))),
                         err);
  icu::UnicodeString decomposed = nfd->normalize(folded, err);
  if (U_FAILURE(err)) return {};
  std::u32string kept;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (!u_isalnum(c)) continue;
    kept.push_back(static_cast<char32_t>(c));
  }
  std::u32string out;
  for (size_t i = 0; i < kept.size(); ++i) {
    char32_t c = kept[i];
    if (c == U'e' && !out.empty() &&
        (out.back() == U'a' || out.back() == U'o' || out.back() == U'u')) {
      continue;  // ae/oe/ue -> a/o/u
    }
    out.push_back(c);
  }
  std::string utf8;
  for (char32_t c : out) icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(utf8);
  return utf8;
}

}  // namespace hilfsnetz
