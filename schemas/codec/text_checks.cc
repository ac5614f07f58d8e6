#include "schemas/codec/text_checks.h"

namespace hilfsnetz::schemas::codec_internal {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpaceOrNewline(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// True when every byte of `s` is non-empty and free of '@' and blanks.
bool IsAddressPart(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c == '@' || IsSpaceOrNewline(c)) return false;
  }
  return true;
}

}  // namespace

size_t CodePointCount(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool IsValidId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

bool IsLanguageSubtag(std::string_view s) {
  if (s.size() < 2 || s.size() > 3) return false;
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

bool IsLanguageTag(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsAsciiAlpha(s[i])) ++i;
  if (i < 2 || i > 3) return false;
  while (i < s.size()) {
    if (s[i] != '-') return false;
    size_t start = ++i;
    while (i < s.size() && (IsAsciiAlpha(s[i]) || IsAsciiDigit(s[i]))) ++i;
    if (i - start < 1 || i - start > 8) return false;
  }
  return true;
}

bool IsPostcode(std::string_view s) {
  if (s.size() < 4 || s.size() > 5) return false;
  for (char c : s) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

bool IsEmail(std::string_view s) {
  size_t at = s.find('@');
  if (at == std::string_view::npos) return false;
  return IsAddressPart(s.substr(0, at)) && IsAddressPart(s.substr(at + 1));
}

bool IsWebsite(std::string_view s) {
  std::string_view rest;
  if (s.starts_with("https://")) {
    rest = s.substr(8);
  } else if (s.starts_with("http://")) {
    rest = s.substr(7);
  } else {
    return false;
  }
  if (rest.empty()) return false;
  for (char c : rest) {
    if (IsSpaceOrNewline(c)) return false;
  }
  return true;
}

size_t NestingDepth(std::string_view text, size_t limit) {
  size_t depth = 0;
  size_t deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // skip the escaped character
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::string Truncated(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

std::string Quoted(std::string_view s, std::string_view open, std::string_view close,
                   size_t max_bytes) {
  std::string out(open);
  out += Truncated(s, max_bytes);
  out += close;
  return out;
}

}  // namespace hilfsnetz::schemas::codec_internal
