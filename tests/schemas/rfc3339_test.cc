#include "schemas/codec/rfc3339.h"

#include <gtest/gtest.h>

namespace hilfsnetz::schemas::codec_internal {
namespace {

TEST(Rfc3339, Parses) {
  struct Case {
    const char* text;
    int64_t unix_seconds;
  };
  for (const Case& c :
       {Case{"1970-01-01T00:00:00Z", 0}, Case{"2024-02-29T12:00:00Z", 1709208000},
        Case{"2024-05-01T14:30:00+02:00", 1714566600}, Case{"2024-05-01t12:30:00.999z", 1714566600},
        Case{"2024-05-01T07:30:00.5-05:00", 1714566600}, Case{"1969-12-31T23:59:59Z", -1},
        Case{"2016-12-31T23:59:60Z", 1483228800}, Case{"2000-01-01T00:00:00+00:00", 946684800}}) {
    auto parsed = ParseRfc3339(c.text);
    ASSERT_TRUE(parsed.has_value()) << c.text;
    EXPECT_EQ(*parsed, c.unix_seconds) << c.text;
  }
}

TEST(Rfc3339, Rejects) {
  for (const char* text :
       {"", "yesterday", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
        "2024-05-01 12:00:00Z", "2024-05-01T12:00:00", "2024-05-01T24:00:00Z",
        "2024-05-01T12:60:00Z", "2024-05-01T12:00:61Z", "2024-05-01T12:00:00.Z",
        "2024-05-01T12:00:00+2:00", "2024-05-01T12:00:00+02:00x", "24-05-01T12:00:00Z",
        "2024-5-01T12:00:00Z", "2024-05-01"}) {
    EXPECT_FALSE(ParseRfc3339(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace hilfsnetz::schemas::codec_internal
