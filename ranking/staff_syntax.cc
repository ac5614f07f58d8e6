#include "ranking/staff_syntax.h"

#include <map>

#include "core/loose_key.h"
#include "geo/berlin.h"

namespace hilfsnetz::ranking {
namespace {

enum class Field { kDistrict, kNeighbourhood, kNeed, kTopic, kLanguage, kStatus };

std::optional<Field> FieldFromName(std::string_view name) {
  static const std::map<std::string, Field> kFields = {
      {"bezirk", Field::kDistrict},
      {"district", Field::kDistrict},
      {"kiez", Field::kNeighbourhood},
      {"ortsteil", Field::kNeighbourhood},
      {"neighbourhood", Field::kNeighbourhood},
      {"neighborhood", Field::kNeighbourhood},
      {"bedarf", Field::kNeed},
      {"need", Field::kNeed},
      {"thema", Field::kTopic},
      {"topic", Field::kTopic},
      {"sprache", Field::kLanguage},
      {"language", Field::kLanguage},
      {"status", Field::kStatus},
  };
  auto it = kFields.find(LooseKey(name));
  if (it == kFields.end()) return std::nullopt;
  return it->second;
}

std::string JoinTopics() {
  std::string out;
  for (const std::string& t : schemas::TopicNames()) out += (out.empty() ? "" : ", ") + t;
  return out;
}

Status QError(std::string en) { return InvalidFieldError("q", std::move(en)); }

// The spaces between pieces. One set for every check (issue 10, found by fuzz/): "-" before a
// tab, or a phrase of a newline, was taken for a negation or phrase of nothing, which turned
// hybrid search lexical-only or made a query match nothing.
constexpr std::string_view kSpaces = " \t\n";
bool IsBlank(std::string_view s) { return s.find_first_not_of(kSpaces) == std::string_view::npos; }

// Scans q into raw pieces. `pos` advances; returns false at the end.
struct Scanner {
  std::string_view q;
  size_t pos = 0;

  void SkipSpace() {
    while (pos < q.size() && (q[pos] == ' ' || q[pos] == '\t' || q[pos] == '\n')) ++pos;
  }
  // A quoted run (the opening quote at pos); unclosed quotes run to the end and set `unclosed`.
  std::string_view Quoted(bool* unclosed = nullptr) {
    size_t start = ++pos;
    size_t close = q.find('"', start);
    size_t end = close == std::string_view::npos ? q.size() : close;
    pos = close == std::string_view::npos ? q.size() : close + 1;
    if (unclosed) *unclosed = close == std::string_view::npos;
    return q.substr(start, end - start);
  }
  std::string_view Bare() {
    size_t start = pos;
    while (pos < q.size() && q[pos] != ' ' && q[pos] != '\t' && q[pos] != '\n' && q[pos] != '"') {
      ++pos;
    }
    return q.substr(start, pos - start);
  }
  // The next bare word without consuming it.
  std::string_view PeekBare() {
    size_t save = pos;
    SkipSpace();
    std::string_view w = (pos < q.size() && q[pos] != '"') ? Bare() : std::string_view();
    pos = save;
    return w;
  }
};

Status AddFilter(Field field, std::string_view value, Scanner& scan, StaffQuery& out) {
  const auto& berlin = geo::Berlin::Get();
  switch (field) {
    case Field::kDistrict: {
      const geo::District* d = berlin.FindDistrict(value);
      if (!d) {  // "bezirk:friedrichshain kreuzberg": try the next word too
        std::string_view next = scan.PeekBare();
        if (!next.empty()) {
          d = berlin.FindDistrict(std::string(value) + " " + std::string(next));
          if (d) {
            scan.SkipSpace();
            scan.Bare();
          }
        }
      }
      if (!d) {
        return QError("unknown district \"" + std::string(value) +
                      "\"; valid: " + berlin.DistrictNamesList());
      }
      out.filters.districts.push_back(d->name);
      return Status::Ok();
    }
    case Field::kNeighbourhood:
      out.filters.neighbourhoods.emplace_back(value);
      return Status::Ok();
    case Field::kNeed: {
      auto need = NeedTypeFromAlias(value);
      if (!need) {
        return QError("unknown need type \"" + std::string(value) +
                      "\"; valid: money, goods, volunteers, expertise, space, jobs");
      }
      out.filters.needs.push_back(*need);
      return Status::Ok();
    }
    case Field::kTopic: {
      auto topic = TopicFromAlias(value);
      if (!topic) {
        return QError("unknown topic \"" + std::string(value) + "\"; valid: " + JoinTopics());
      }
      out.filters.topics.push_back(*topic);
      return Status::Ok();
    }
    case Field::kLanguage:
      out.filters.languages.push_back(LooseKey(value));
      return Status::Ok();
    case Field::kStatus: {
      auto status = schemas::ParseInitiativeStatus(LooseKey(value));
      if (!status)
        return QError("unknown status \"" + std::string(value) +
                      "\"; valid: active, paused, completed");
      out.filters.statuses.push_back(*status);
      return Status::Ok();
    }
  }
  return Status::Ok();
}

void AppendWords(std::string& words, std::string_view w) {
  if (w.empty()) return;
  if (!words.empty()) words += ' ';
  words += w;
}

}  // namespace

std::optional<schemas::NeedType> NeedTypeFromAlias(std::string_view name) {
  using schemas::NeedType;
  static const std::map<std::string, NeedType> kAliases = {
      {"money", NeedType::kMoney},
      {"geld", NeedType::kMoney},
      {"spenden", NeedType::kMoney},
      {"finanzierung", NeedType::kMoney},
      {"goods", NeedType::kGoods},
      {"sachspenden", NeedType::kGoods},
      {"sachen", NeedType::kGoods},
      {"dinge", NeedType::kGoods},
      {"volunteers", NeedType::kVolunteers},
      {"ehrenamt", NeedType::kVolunteers},
      {"ehrenamtliche", NeedType::kVolunteers},
      {"freiwillige", NeedType::kVolunteers},
      {"expertise", NeedType::kExpertise},
      {"fachwissen", NeedType::kExpertise},
      {"beratung", NeedType::kExpertise},
      {"space", NeedType::kSpace},
      {"raum", NeedType::kSpace},
      {"raume", NeedType::kSpace},
      {"jobs", NeedType::kJobs},
      {"job", NeedType::kJobs},
      {"arbeitsplatze", NeedType::kJobs},
      {"praktika", NeedType::kJobs},
  };
  auto it = kAliases.find(LooseKey(name));
  if (it == kAliases.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> TopicFromAlias(std::string_view name) {
  static const std::map<std::string, std::string> kAliases = {
      {"bildung", "education"},     {"sprache", "language"},
      {"sprachen", "language"},     {"arbeit", "work"},
      {"wohnen", "housing"},        {"wohnung", "housing"},
      {"gesundheit", "health"},     {"kinder", "children_youth"},
      {"jugend", "children_youth"}, {"kinderundjugend", "children_youth"},
      {"frauen", "women"},          {"senioren", "elderly"},
      {"alter", "elderly"},         {"behinderung", "disability"},
      {"inklusion", "disability"},  {"kultur", "culture"},
      {"digitales", "digital"},     {"recht", "legal"},
      {"ankommen", "arrival"},      {"nachbarschaft", "neighbourhood"},
      {"umwelt", "environment"},    {"tiere", "animals"},
      {"armut", "poverty"},
  };
  const std::string key = LooseKey(name);
  for (const std::string& t : schemas::TopicNames()) {
    if (LooseKey(t) == key) return t;
  }
  auto it = kAliases.find(key);
  if (it == kAliases.end()) return std::nullopt;
  return it->second;
}

Result<StaffQuery> ParseStaffSyntax(std::string_view q) {
  StaffQuery out;
  Scanner scan{q};
  while (true) {
    scan.SkipSpace();
    if (scan.pos >= q.size()) break;
    bool negate = false;
    if (q[scan.pos] == '-') {
      negate = true;
      ++scan.pos;
      if (scan.pos >= q.size() || IsBlank(q.substr(scan.pos, 1))) continue;  // stray "-"
    }
    out.ends_with_word = false;
    if (q[scan.pos] == '"') {
      bool unclosed = false;
      std::string_view phrase = scan.Quoted(&unclosed);
      if (IsBlank(phrase)) continue;
      if (unclosed && !negate) {
        // Most likely a quote the person has not closed yet (or never meant): its words are
        // searched as words, not as a phrase that must stand exactly so.
        AppendWords(out.words, phrase);
        out.unclosed_quote = true;
        out.ends_with_word = true;
        continue;
      }
      (negate ? out.negated : out.phrases).emplace_back(phrase);
      continue;
    }
    std::string_view piece = scan.Bare();
    size_t colon = piece.find(':');
    if (!negate && colon != std::string_view::npos && colon > 0) {
      std::optional<Field> field = FieldFromName(piece.substr(0, colon));
      if (field) {
        std::string_view value = piece.substr(colon + 1);
        std::string quoted;
        if (value.empty() && scan.pos < q.size() && q[scan.pos] == '"') {
          quoted = std::string(scan.Quoted());
          value = quoted;
        }
        if (IsBlank(value)) {
          return QError(std::string(piece.substr(0, colon)) + ": needs a value");
        }
        Status s = AddFilter(*field, value, scan, out);
        if (!s.ok()) return s;
        continue;
      }
    }
    if (negate) {
      out.negated.emplace_back(piece);
    } else {
      AppendWords(out.words, piece);  // colons and other punctuation fall away in analysis
      out.ends_with_word = true;
    }
  }
  // A word still being typed ends the text; a trailing space means the person finished it.
  if (!q.empty() && (q.back() == ' ' || q.back() == '\t' || q.back() == '\n'))
    out.ends_with_word = false;
  return out;
}

}  // namespace hilfsnetz::ranking
