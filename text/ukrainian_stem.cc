#include "text/ukrainian_stem.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace hilfsnetz::text {
namespace {

// Inflectional endings, longest first within the list (UTF-8; every Cyrillic letter is 2 bytes).
// One line per kind of word, as the comments say.
// clang-format off
constexpr std::array<std::string_view, 48> kEndings = {
    // adjectives and pronouns
    "ього", "ьому", "ими", "іми", "ого", "ому", "ої", "ою", "ій", "ий", "им", "ім", "их", "іх",
    "ую", "юю", "ая", "яя", "еє",
    // nouns
    "ами", "ями", "ові", "еві", "єві", "ах", "ях", "ам", "ям", "ів", "їв", "ей", "ею", "єю",
    "ом", "ем", "єм",
    // verbs (finite forms; the infinitive -ти and the past -ла/-ло/-ли are not here, as they
    // are also the plural of nouns in -т and -л and the forms of nouns in -та and -ла:
    // документи, роботи, кімнати, школи. UkrainianVerbReadings gives a query their verb stems.)
    "уть", "ють", "ать", "ять", "ить", "іть", "емо", "ємо", "имо", "ете", "єте", "ите",
};
// clang-format on
// The infinitive and the past of verbs, which UkrainianStem leaves alone (see kEndings), and
// the theme vowels before them.
constexpr std::array<std::string_view, 4> kVerbEndings = {"ти", "ла", "ло", "ли"};
constexpr std::array<std::string_view, 4> kThemeVowels = {"а", "я", "и", "і"};
// One-letter endings, tried when no longer one applies.
constexpr std::array<std::string_view, 12> kShortEndings = {"а", "я", "о", "е", "є", "и",
                                                            "і", "ї", "у", "ю", "ь", "й"};

size_t Letters(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool EndsWith(std::string_view w, std::string_view end) {
  return w.size() >= end.size() && w.compare(w.size() - end.size(), end.size(), end) == 0;
}

// Removes the longest ending of `endings` that leaves kMinUkrainianStem letters.
bool StripOne(std::string& w, const auto& endings) {
  std::string_view best;
  for (std::string_view e : endings) {
    if (e.size() > best.size() && EndsWith(w, e) &&
        Letters(std::string_view(w).substr(0, w.size() - e.size())) >= kMinUkrainianStem) {
      best = e;
    }
  }
  if (best.empty()) return false;
  w.resize(w.size() - best.size());
  return true;
}

}  // namespace

std::string UkrainianStem(const std::string& word) {
  std::string w = word;
  for (std::string_view reflexive : {std::string_view("ся"), std::string_view("сь")}) {
    if (EndsWith(w, reflexive) && Letters(w) >= kMinUkrainianStem + 3) {
      w.resize(w.size() - reflexive.size());
      break;
    }
  }
  if (!StripOne(w, kEndings)) StripOne(w, kShortEndings);
  // A soft sign left before a removed ending ("домашнь-ої") belongs to the ending's sound.
  if (EndsWith(w, "ь") && Letters(w) > kMinUkrainianStem)
    w.resize(w.size() - std::string_view("ь").size());
  // The fleeting vowel of -ок/-ець/-ень nouns, gone in their other forms (дитсадок /
  // дитсадку, хлопець / хлопця, день / дня): dropped from the stem too.
  for (const auto& [full, fleeting] : {std::pair<std::string_view, std::string_view>{"ок", "к"},
                                       {"ець", "ц"},
                                       {"ец", "ц"},
                                       {"ень", "н"},
                                       {"ен", "н"}}) {
    if (EndsWith(w, full) && Letters(w) - Letters(full) + Letters(fleeting) >= kMinUkrainianStem) {
      w.resize(w.size() - full.size());
      w += fleeting;
      break;
    }
  }
  return w;
}

std::vector<std::string> UkrainianVerbReadings(const std::string& word) {
  std::string_view w = word;
  for (std::string_view reflexive : {std::string_view("ся"), std::string_view("сь")}) {
    if (EndsWith(w, reflexive) && Letters(w) >= kMinUkrainianStem + 3) {
      w.remove_suffix(reflexive.size());
      break;
    }
  }
  std::vector<std::string_view> readings;
  for (std::string_view ending : kVerbEndings) {
    if (!EndsWith(w, ending)) continue;
    const std::string_view stem = w.substr(0, w.size() - ending.size());
    readings.push_back(stem);
    // The theme vowel of the infinitive and the past (запис-а-ти, запис-а-ла) leads to the
    // noun (запис) as well.
    for (std::string_view vowel : kThemeVowels) {
      if (EndsWith(stem, vowel)) readings.push_back(stem.substr(0, stem.size() - vowel.size()));
    }
  }
  const std::string noun = UkrainianStem(word);
  std::vector<std::string> out;
  for (std::string_view r : readings) {
    if (Letters(r) >= kMinUkrainianStem && r != noun &&
        std::find(out.begin(), out.end(), r) == out.end())
      out.emplace_back(r);
  }
  return out;
}

}  // namespace hilfsnetz::text
