// RoomFit: does a room offered fit a room needed in when and for how many? Read from the two
// texts in any of the seven languages: the days ("sonntags", "on Sundays", "يوم الأحد",
// "в неділю", "pazar günü", "یکشنبه", weekends, weekdays), the parts of the day (mornings,
// afternoons, evenings) and the number of people ("für 25 Personen", "up to 150 people",
// "40 kişilik", "на 80 осіб"). A dance studio on Sunday afternoons is no room for a course on
// weekday evenings, a hall for 150 no hall for 600 visitors; the judged sets grade rooms on
// other days 0 or 1 (bench/quality/README.md).
//
//   RoomFit("Schulungsraum, samstags und sonntags", "Kursraum montags abends") -> false
//
// Thread-safe: functions of immutable tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hilfsnetz::ranking {

struct RoomTimes {
  uint8_t days = 0;           // bit 0 Monday … bit 6 Sunday; 0: none named
  uint8_t parts = 0;          // bit 0 morning, 1 afternoon, 2 evening; 0: none named
  std::optional<int> people;  // the largest number of people named
};
RoomTimes ReadRoomTimes(std::string_view text);

// A need of more people than the offer names by this factor does not fit ("Saal für 600"
// in a hall for 150); less does (a group of 15 in a room for 30).
inline constexpr double kRoomTooSmall = 1.25;

// False when the two name days or parts of the day and none of what both name overlaps
// (each named on both sides and disjoint, none named on both sides and overlapping: "evenings
// and weekends" still fits "Monday evening", by the evening), or when the need names more
// people than the room takes. True when they do not say.
bool RoomFit(std::string_view offer, std::string_view need);

}  // namespace hilfsnetz::ranking
