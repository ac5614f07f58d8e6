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

// Folds what keyboards and writers vary in Arabic-script and Cyrillic text, so that a query
// typed on another keyboard meets the record: Arabic-script vowel marks (harakat, U+064B..065F,
// U+0670, Quranic marks U+06D6..06ED) and the tatweel U+0640 are dropped (hamza-carrying
// alefs stay: Xapian's Arabic stemmer folds them itself, and needs them to tell the article
// from a word's own alef: ألمانية); Persian yeh ی and keheh ک become Arabic ي and ك (Persian typed
// on an Arabic keyboard and vice versa; Xapian's Arabic stemmer knows the Arabic letters), alef
// maksura ى becomes ي; heh with yeh ۀ becomes ه; the zero-width non-joiner (Persian
// "کلاس‌ها") is dropped; Arabic-Indic and Persian digits become ASCII digits; the
// apostrophes U+2019 and U+02BC (Ukrainian "сім’я") become U+0027.
icu::UnicodeString FoldScriptVariants(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < in.length();) {
    const UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED) ||
        c == 0x0640 || c == 0x200C) {
      continue;
    }
    switch (c) {
      case 0x06CC:
      case 0x0649:
        out.append(static_cast<UChar32>(0x064A));
        continue;
      case 0x06A9:
        out.append(static_cast<UChar32>(0x0643));
        continue;
      case 0x06C0:
        out.append(static_cast<UChar32>(0x0647));
        continue;
      case 0x2019:
      case 0x02BC:
        out.append(static_cast<UChar32>(0x0027));
        continue;
      default:
        break;
    }
    if (c >= 0x0660 && c <= 0x0669) {
      out.append(static_cast<UChar32>('0' + (c - 0x0660)));
    } else if (c >= 0x06F0 && c <= 0x06F9) {
      out.append(static_cast<UChar32>('0' + (c - 0x06F0)));
    } else {
      out.append(c);
    }
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
  FoldScriptVariants(s).toUTF8String(out);
  return out;
}

}  // namespace hilfsnetz::text
