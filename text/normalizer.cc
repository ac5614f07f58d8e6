#include "text/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace hilfsnetz::text {
namespace {

// A noncharacter stands in for ß while case folding, which would otherwise map ß to "ss".
constexpr UChar32 kSharpSSentinel = 0xFDD0;

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Decodes UTF-8, skipping invalid sequences (UnicodeString::fromUTF8 would insert U+FFFD).
icu::UnicodeString DecodeLenient(std::string_view s) {
  icu::UnicodeString out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || c == kSharpSSentinel) continue;
    out.append(c);
  }
  return out;
}

}  // namespace

std::string NormalizeWord(std::string_view word) {
  std::string out;
  if (IsAscii(word)) {
    out.assign(word);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  if (U_FAILURE(err)) return out;
  icu::UnicodeString s = nfkc->normalize(DecodeLenient(word), err);
  if (U_FAILURE(err)) return out;
  s.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x00DF)),
                   icu::UnicodeString(kSharpSSentinel));
  s.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x1E9E)),
                   icu::UnicodeString(kSharpSSentinel));
  s.foldCase(U_FOLD_CASE_DEFAULT);
  s.findAndReplace(icu::UnicodeString(kSharpSSentinel),
                   icu::UnicodeString(static_cast<UChar32>(0x00DF)));
  s.findAndReplace(icu::UnicodeString(u"i\u0307", -1), icu::UnicodeString(u"i", -1));
  // Folding may leave decomposed sequences (e.g. "İ"); compose again.
  s = nfkc->normalize(s, err);
  if (U_FAILURE(err)) return std::string();
  s.toUTF8String(out);
  return out;
}

}  // namespace hilfsnetz::text
