#include "schemas/codec/rfc3339.h"

namespace hilfsnetz::schemas::codec_internal {
namespace {

// Reads exactly `digits` ASCII digits at `pos`; advances pos. -1 when they are not digits.
int ReadDigits(std::string_view s, size_t& pos, size_t digits) {
  if (pos + digits > s.size()) return -1;
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return value;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
// days_from_civil, http://howardhinnant.github.io/date_algorithms.html).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

std::optional<int64_t> ParseRfc3339(std::string_view s) {
  size_t pos = 0;
  const int year = ReadDigits(s, pos, 4);
  if (year < 0 || !Expect(s, pos, '-')) return std::nullopt;
  const int month = ReadDigits(s, pos, 2);
  if (month < 1 || month > 12 || !Expect(s, pos, '-')) return std::nullopt;
  const int day = ReadDigits(s, pos, 2);
  if (day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't')) return std::nullopt;
  ++pos;
  const int hour = ReadDigits(s, pos, 2);
  if (hour < 0 || hour > 23 || !Expect(s, pos, ':')) return std::nullopt;
  const int minute = ReadDigits(s, pos, 2);
  if (minute < 0 || minute > 59 || !Expect(s, pos, ':')) return std::nullopt;
  const int second = ReadDigits(s, pos, 2);
  if (second < 0 || second > 60) return std::nullopt;
  if (pos < s.size() && s[pos] == '.') {
    const size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;
  int64_t offset_seconds = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    const int off_h = ReadDigits(s, pos, 2);
    if (off_h < 0 || off_h > 23 || !Expect(s, pos, ':')) return std::nullopt;
    const int off_m = ReadDigits(s, pos, 2);
    if (off_m < 0 || off_m > 59) return std::nullopt;
    offset_seconds = sign * (off_h * 3600 + off_m * 60);
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const int64_t days = DaysFromCivil(year, month, day);
  // Local time minus its offset from UTC gives UTC.
  return days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
}

}  // namespace hilfsnetz::schemas::codec_internal
