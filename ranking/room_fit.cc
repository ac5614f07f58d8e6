#include "ranking/room_fit.h"

#include <cstdlib>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/analyzer.h"
#include "text/normalizer.h"

namespace hilfsnetz::ranking {
namespace {

constexpr uint8_t kMon = 1, kTue = 2, kWed = 4, kThu = 8, kFri = 16, kSat = 32, kSun = 64;
constexpr uint8_t kWeekdays = 31, kWeekend = kSat | kSun;
constexpr uint8_t kMorning = 1, kAfternoon = 2, kEvening = 4;

struct When {
  uint8_t days = 0;
  uint8_t parts = 0;
};

// Words as the segmenter gives them (normalised: lower case, Persian ی/ک as Arabic, no ZWNJ).
// Prefixes where the language inflects and no other common word begins so; whole words
// elsewhere (Turkish "pazar" is also a market in "pazarlama", Ukrainian "серед" "among").
struct Tables {
  std::vector<std::pair<std::string, When>> prefixes;
  std::unordered_map<std::string, When> words;
  std::unordered_map<std::string, When> pairs;  // "first second"
  std::vector<std::string> people;              // prefixes of words for people
};

const Tables& Get() {
  static const Tables* tables = [] {
    auto* t = new Tables;
    auto n = [](std::string_view w) { return text::NormalizeWord(w); };
    const std::vector<std::pair<const char*, When>> prefixes = {
        {"montag", {kMon, 0}},
        {"dienstag", {kTue, 0}},
        {"mittwoch", {kWed, 0}},
        {"donnerstag", {kThu, 0}},
        {"freitag", {kFri, 0}},
        {"samstag", {kSat, 0}},
        {"sonnabend", {kSat, 0}},
        {"sonntag", {kSun, 0}},
        {"wochenend", {kWeekend, 0}},
        {"werktag", {kWeekdays, 0}},
        {"wochentag", {kWeekdays, 0}},
        {"vormittag", {0, kMorning}},
        {"nachmittag", {0, kAfternoon}},
        {"abend", {0, kEvening}},
        {"monday", {kMon, 0}},
        {"tuesday", {kTue, 0}},
        {"wednesday", {kWed, 0}},
        {"thursday", {kThu, 0}},
        {"friday", {kFri, 0}},
        {"saturday", {kSat, 0}},
        {"sunday", {kSun, 0}},
        {"weekend", {kWeekend, 0}},
        {"weekday", {kWeekdays, 0}},
        {"morning", {0, kMorning}},
        {"afternoon", {0, kAfternoon}},
        {"evening", {0, kEvening}},
        {"понеділ", {kMon, 0}},
        {"вівтор", {kTue, 0}},
        {"п'ятниц", {kFri, 0}},
        {"пятниц", {kFri, 0}},
        {"субот", {kSat, 0}},
        {"неділ", {kSun, 0}},
        {"вихідн", {kWeekend, 0}},
        {"будн", {kWeekdays, 0}},
        {"вечор", {0, kEvening}},
        {"понедельник", {kMon, 0}},
        {"вторник", {kTue, 0}},
        {"четверг", {kThu, 0}},
        {"суббот", {kSat, 0}},
        {"воскресен", {kSun, 0}},
        {"выходн", {kWeekend, 0}},
        {"вечер", {0, kEvening}},
    };
    for (const auto& [w, when] : prefixes) t->prefixes.emplace_back(n(w), when);
    const std::vector<std::pair<const char*, When>> words = {
        {"morgens", {0, kMorning}},
        {"pazartesi", {kMon, 0}},
        {"pazartesileri", {kMon, 0}},
        {"salı", {kTue, 0}},
        {"salıları", {kTue, 0}},
        {"çarşamba", {kWed, 0}},
        {"çarşambaları", {kWed, 0}},
        {"perşembe", {kThu, 0}},
        {"perşembeleri", {kThu, 0}},
        {"cuma", {kFri, 0}},
        {"cumaları", {kFri, 0}},
        {"cumartesi", {kSat, 0}},
        {"cumartesileri", {kSat, 0}},
        {"pazar", {kSun, 0}},
        {"pazarları", {kSun, 0}},
        {"sabah", {0, kMorning}},
        {"sabahları", {0, kMorning}},
        {"akşam", {0, kEvening}},
        {"akşamları", {0, kEvening}},
        {"середа", {kWed, 0}},
        {"середу", {kWed, 0}},
        {"середи", {kWed, 0}},
        {"четвер", {kThu, 0}},
        {"четверга", {kThu, 0}},
        {"вранці", {0, kMorning}},
        {"зранку", {0, kMorning}},
        {"вдень", {0, kAfternoon}},
        {"вечір", {0, kEvening}},
        {"ввечері", {0, kEvening}},
        {"среда", {kWed, 0}},
        {"среду", {kWed, 0}},
        {"утром", {0, kMorning}},
        {"днём", {0, kAfternoon}},
        {"днем", {0, kAfternoon}},
        {"الاثنين", {kMon, 0}},
        {"الإثنين", {kMon, 0}},
        {"الثلاثاء", {kTue, 0}},
        {"الأربعاء", {kWed, 0}},
        {"الخميس", {kThu, 0}},
        {"الجمعة", {kFri, 0}},
        {"السبت", {kSat, 0}},
        {"الأحد", {kSun, 0}},
        {"صباحا", {0, kMorning}},
        {"صباحاً", {0, kMorning}},
        {"الصباح", {0, kMorning}},
        {"مساء", {0, kEvening}},
        {"مساءً", {0, kEvening}},
        {"المساء", {0, kEvening}},
        {"الأمسيات", {0, kEvening}},
        {"دوشنبه", {kMon, 0}},
        {"سه‌شنبه", {kTue, 0}},
        {"چهارشنبه", {kWed, 0}},
        {"پنجشنبه", {kThu, 0}},
        {"پنج‌شنبه", {kThu, 0}},
        {"جمعه", {kFri, 0}},
        {"جمعه‌ها", {kFri, 0}},
        {"شنبه", {kSat, 0}},
        {"شنبه‌ها", {kSat, 0}},
        {"یکشنبه", {kSun, 0}},
        {"یک‌شنبه", {kSun, 0}},
        {"یکشنبه‌ها", {kSun, 0}},
        {"صبح", {0, kMorning}},
        {"بعدازظهر", {0, kAfternoon}},
        {"عصر", {0, kAfternoon}},
        {"شب", {0, kEvening}},
    };
    for (const auto& [w, when] : words) t->words.emplace(n(w), when);
    const std::vector<std::pair<std::pair<const char*, const char*>, When>> pairs = {
        {{"hafta", "sonu"}, {kWeekend, 0}},    {{"hafta", "sonları"}, {kWeekend, 0}},
        {{"hafta", "içi"}, {kWeekdays, 0}},    {{"öğleden", "sonra"}, {0, kAfternoon}},
        {{"після", "обіду"}, {0, kAfternoon}}, {{"после", "обеда"}, {0, kAfternoon}},
        {{"بعد", "الظهر"}, {0, kAfternoon}},   {{"نهاية", "الأسبوع"}, {kWeekend, 0}},
        {{"آخر", "هفته"}, {kWeekend, 0}},      {{"سه", "شنبه"}, {kTue, 0}},
        {{"پنج", "شنبه"}, {kThu, 0}},          {{"یک", "شنبه"}, {kSun, 0}},
        {{"از", "ظهر"}, {0, kAfternoon}},
    };
    for (const auto& [p, when] : pairs) t->pairs.emplace(n(p.first) + " " + n(p.second), when);
    for (const char* w : {"person", "people",   "leute",  "menschen", "teilnehm",     "gäste",
                          "gaste",  "besucher", "guests", "visitors", "participants", "kişi",
                          "kisi",   "осіб",     "особ",   "люд",      "человек",      "чел",
                          "نفر",    "شخص",      "أشخاص",  "مشارك",    "زائر"})
      t->people.push_back(n(w));
    return t;
  }();
  return *tables;
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// An Arabic word with "و" (and) or "ب" (at) before it: "والأحد", "بالمساء".
const When* Word(const Tables& t, const std::string& w) {
  if (auto it = t.words.find(w); it != t.words.end()) return &it->second;
  for (const char* clitic : {"\xD9\x88", "\xD8\xA8"}) {  // و, ب
    if (StartsWith(w, clitic)) {
      if (auto it = t.words.find(w.substr(2)); it != t.words.end()) return &it->second;
    }
  }
  for (const auto& [prefix, when] : t.prefixes) {
    if (StartsWith(w, prefix)) return &when;
  }
  return nullptr;
}

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Each test: 0 unknown (not named on both sides), 1 named on both and overlapping, -1 named on
// both and disjoint.
int Overlap(uint8_t a, uint8_t b) {
  if (a == 0 || b == 0) return 0;
  return (a & b) != 0 ? 1 : -1;
}

}  // namespace

RoomTimes ReadRoomTimes(std::string_view text) {
  const Tables& t = Get();
  const std::vector<text::Token> tokens = text::Analyzer::Default().Segment(text);
  RoomTimes out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& w = tokens[i].surface;
    if (i + 1 < tokens.size()) {
      if (auto it = t.pairs.find(w + " " + tokens[i + 1].surface); it != t.pairs.end()) {
        out.days |= it->second.days;
        out.parts |= it->second.parts;
        ++i;  // "سه شنبه" is Tuesday, not also Saturday
        continue;
      }
    }
    if (const When* when = Word(t, w)) {
      out.days |= when->days;
      out.parts |= when->parts;
      continue;
    }
    // "25 Personen", "up to 150 people", "40 kişilik", "на 80 осіб".
    if (AllDigits(w) && w.size() <= 5) {
      for (size_t j = i + 1; j < tokens.size() && j <= i + 2; ++j) {
        bool people = false;
        for (const std::string& p : t.people) people = people || StartsWith(tokens[j].surface, p);
        if (people) {
          const int count = std::atoi(w.c_str());
          if (!out.people || count > *out.people) out.people = count;
          break;
        }
      }
    }
  }
  return out;
}

bool RoomFit(std::string_view offer, std::string_view need) {
  const RoomTimes o = ReadRoomTimes(offer), n = ReadRoomTimes(need);
  if (o.people && n.people && *n.people > kRoomTooSmall * *o.people) return false;
  const int days = Overlap(o.days, n.days), parts = Overlap(o.parts, n.parts);
  return !((days < 0 || parts < 0) && days <= 0 && parts <= 0);
}

}  // namespace hilfsnetz::ranking
