// Internal to schemas/codec: RFC 3339 date-time parsing.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hilfsnetz::schemas::codec_internal {

// Parses an RFC 3339 date-time such as "2024-05-01T12:30:00Z" or
// "2024-05-01t14:30:00.250+02:00" into whole seconds since the Unix epoch (UTC; fractional
// seconds are dropped, rounding towards negative infinity).
//
// Accepts exactly the strings matched by the "timestamp" pattern of initiative.schema.json,
// and additionally requires a real calendar date (no 2023-02-29, no 2024-04-31). A leap
// second (":60") is accepted and counted as the first second of the next minute.
// Returns nullopt otherwise. Thread-safe.
std::optional<int64_t> ParseRfc3339(std::string_view text);

}  // namespace hilfsnetz::schemas::codec_internal
