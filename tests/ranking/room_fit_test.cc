// When and for how many a room is offered and needed, in the seven languages
// (ranking/room_fit.h).
#include "ranking/room_fit.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace hilfsnetz::ranking {
namespace {

TEST(RoomFit, ReadsDaysPartsOfTheDayAndPeople) {
  struct Case {
    std::string text;
    int days, parts, people;  // people -1: none named
  };
  const std::vector<Case> cases = {
      {"Schulungsraum mit Beamer für 25 Personen, samstags und sonntags", 32 | 64, 0, 25},
      {"A 120 m² studio on Sunday afternoons", 64, 2, -1},
      {"Meeting and course rooms for up to 30 people, evenings and weekends", 96, 4, 30},
      {"Kursraum unter der Woche vormittags", 0, 1, -1},
      {"قاعة لخمسين شخصاً للقاء الشهري يوم الأحد", 64, 0, -1},
      {"مقهى المحمصة للأمسيات، مساء الأحد والاثنين", 64 | 1, 4, -1},
      {"Fester Raum für Treffen am Sonntag (ca. 60 Personen)", 64, 0, 60},
      {"Приміщення на 40 осіб у неділю після обіду", 64, 2, 40},
      {"Зал для встреч по субботам вечером", 32, 4, -1},
      {"Hafta sonu 40 kişilik bir salon", 96, 0, 40},
      {"Pazartesi akşamları mutfak", 1, 4, -1},
      {"سالن برای ۳۰ نفر، سه شنبه عصر", 2, 2, 30},  // Tuesday, not Saturday as well
      // Look-alikes that name no time: marketing (pazarlama), "among" (серед), a fourth.
      {"Pazarlama desteği", 0, 0, -1},
      {"серед інших кімнат", 0, 0, -1},
      {"Room for 2 to 3 desks", 0, 0, -1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const RoomTimes t = ReadRoomTimes(c.text);
    EXPECT_EQ(t.days, c.days);
    EXPECT_EQ(t.parts, c.parts);
    EXPECT_EQ(t.people.value_or(-1), c.people);
  }
}

TEST(RoomFit, ARoomFitsWhenItsTimesAndSizeAllowTheNeed) {
  struct Case {
    std::string offer, need;
    bool fits;
  };
  const std::vector<Case> cases = {
      {"A 120 m² studio on Sunday afternoons", "قاعة لخمسين شخصاً للقاء الشهري يوم الأحد", true},
      {"A 120 m² studio on Sunday afternoons", "Kursraum für Abendkurse montags bis freitags",
       false},
      {"A 120 m² studio on Sunday afternoons", "Raum für einen Yogakurs", true},  // no time
      // One alternative is enough: evenings on weekdays, or weekends.
      {"Meeting and course rooms for up to 30 people, evenings and weekends",
       "Meeting room for 15 people with projector, one evening a week", true},
      {"Meeting and course rooms for up to 30 people, evenings and weekends",
       "Kursraum dienstags vormittags", false},
      // Too small: 150 for 600 visitors; a group of 15 in a room for 30 fits.
      {"Event hall for up to 150 people, some weekends",
       "Event hall or ballroom for about 600 visitors on a Saturday in December", false},
      {"Schulungsraum für 25 Personen, samstags und sonntags", "Raum für 20 Personen am Samstag",
       true},
      {"Profiküche montags", "Küche für ein Kochprojekt am Montagabend", true},
      {"Profiküche montags", "Küche donnerstags", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.offer + " | " + c.need);
    EXPECT_EQ(RoomFit(c.offer, c.need), c.fits);
  }
}

}  // namespace
}  // namespace hilfsnetz::ranking
