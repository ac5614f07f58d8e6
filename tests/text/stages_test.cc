// Each stage on its own (STYLE.md 2.7): a table per stage, plus the shared robustness
// contract every stage meets (empty and invalid UTF-8 input: no crash, sane output).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/normalizer.h"
#include "text/script.h"
#include "text/segmenter.h"
#include "text/stemmer.h"
#include "text/ukrainian_stem.h"
#include "text/umlaut.h"

namespace hilfsnetz::text {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Normalizer, Table) {
  const std::pair<const char*, const char*> cases[] = {
      {"Flüchtlinge", "flüchtlinge"},
      {"Flu\u0308chtlinge", "flüchtlinge"},
      {"FLÜCHTLINGE", "flüchtlinge"},
      {"Straße", "straße"},
      {"STRA\u1E9EE", "straße"},
      {"ﬁnden", "finden"},  // NFKC ligature
      {"Ｋｕｒｓ", "kurs"},
      {"İstanbul", "istanbul"},
      {"ΣΟΦΙΑ", "σοφια"},
      {"ABC", "abc"},
      {"\xff\xfe", ""},
      {"", ""},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(NormalizeWord(in), out) << in;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  for (const WordSpan& s : SegmentWords(text)) out.push_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

TEST(Segmenter, Table) {
  EXPECT_THAT(Words("Karl-Marx-Straße 12a"), ElementsAre("Karl", "Marx", "Straße", "12a"));
  EXPECT_THAT(Words("Lehrer:innen, Schüler*innen, Lehrer·innen"),
              ElementsAre("Lehrer", "innen", "Schüler", "innen", "Lehrer", "innen"));
  EXPECT_THAT(Words("z.B. ab 18:00 Uhr"), ElementsAre("z.B", "ab", "18", "00", "Uhr"));
  EXPECT_THAT(Words("🙂🙂 ... !"), IsEmpty());
  EXPECT_THAT(Words("مرحبا بكم"), ElementsAre("مرحبا", "بكم"));
  EXPECT_THAT(Words("a\xff"
                    "b"),
              ElementsAre("a", "b"));
}

TEST(Stemmer, Table) {
  EXPECT_EQ(Stem("de", "flüchtlinge"), "fluchtling");
  EXPECT_EQ(Stem("de", "fluechtlinge"), "fluchtling");
  EXPECT_EQ(Stem("de", "straße"), "strass");
  // The keep-s refinement: german2 alone gives "kur" for "kurs".
  EXPECT_EQ(Stem("de", "kurs"), "kurs");
  EXPECT_EQ(Stem("de", "kurse"), "kurs");
  EXPECT_EQ(Stem("de", "deutschkurs"), "deutschkurs");
  EXPECT_EQ(Stem("de", "monats"), "monat");
  EXPECT_EQ(Stem("en", "courses"), "cours");
  EXPECT_EQ(Stem("uk", "біженці"), "біженц");  // the light stemmer (UkrainianStem below)
  EXPECT_EQ(Stem("xx", "Wort"), "Wort");
  EXPECT_EQ(StemmerName("de-DE"), "german2");
  EXPECT_EQ(StemmerName("fa"), "");
  EXPECT_EQ(PrimaryTag("EN_us"), "en");
}

// Stems are kept per thread (a cache of at most 2^14 words per language, then emptied): the
// answer is the same the first time, from the cache, in another language, and after the cache
// was emptied.
TEST(Stemmer, KeptStemsAreTheStemsMade) {
  EXPECT_EQ(Stem("de", "kurse"), "kurs");
  EXPECT_EQ(Stem("de", "kurse"), "kurs");
  EXPECT_EQ(Stem("en", "kurse"), "kurs");
  EXPECT_EQ(Stem("en", "courses"), "cours");
  std::vector<std::string> first;
  for (int i = 0; i < (1 << 14) + 100; ++i) {
    first.push_back(Stem("de", "wort" + std::to_string(i) + "kurse"));
  }
  EXPECT_EQ(first[7], "wort7kurs");
  for (int i = 0; i < (1 << 14) + 100; i += 97) {
    ASSERT_EQ(Stem("de", "wort" + std::to_string(i) + "kurse"), first[static_cast<size_t>(i)]);
  }
  EXPECT_EQ(Stem("de", "flüchtlinge"), "fluchtling");
}

// Inflected forms people type meet the forms the lexicon and the records have.
TEST(UkrainianStem, InflectedFormsShareAStem) {
  const std::vector<std::vector<std::string>> groups = {
      {"курси", "курсів", "курсами", "курсах", "курс"},
      {"німецька", "німецької", "німецькою", "німецькі"},
      {"допомога", "допомогу", "допомоги", "допомогою"},
      {"завдання", "завданням", "завданнями"},
      {"домашнє", "домашнім", "домашня", "домашньої"},
      {"біженці", "біженців", "біженцям", "біженцями"},
      {"шукаємо", "шукають"},
      {"дитсадок", "дитсадку", "дитсадки", "дитсадків"},  // the fleeting vowel
      // Nouns whose forms end like an infinitive (-ти) or a past tense (-ла, -ли).
      {"документ", "документи", "документів", "документами"},
      {"робота", "роботи", "роботу", "роботою"},
      {"кімната", "кімнати", "кімнату"},
      {"школа", "школи", "школу", "школою"},
  };
  for (const auto& g : groups) {
    for (const std::string& w : g) EXPECT_EQ(UkrainianStem(w), UkrainianStem(g.front())) << w;
  }
  // Short words keep at least kMinUkrainianStem letters; the reflexive ending goes first.
  EXPECT_EQ(UkrainianStem("мова"), "мов");
  EXPECT_EQ(UkrainianStem("їх"), "їх");
  EXPECT_EQ(UkrainianStem("вчитися"), UkrainianStem("вчити"));
  // Different words stay apart.
  EXPECT_NE(UkrainianStem("курси"), UkrainianStem("кури"));
}

// A query's verb meets its other forms and its noun through the verb readings.
TEST(UkrainianStem, VerbReadingsReachOtherFormsAndTheNoun) {
  EXPECT_THAT(UkrainianVerbReadings("шукати"), Contains(UkrainianStem("шукаємо")));
  EXPECT_THAT(UkrainianVerbReadings("записати"), Contains(UkrainianStem("запис")));
  EXPECT_THAT(UkrainianVerbReadings("записатися"), Contains(UkrainianStem("запис")));
  EXPECT_THAT(UkrainianVerbReadings("допомогти"), Contains(UkrainianStem("допомога")));
  EXPECT_THAT(UkrainianVerbReadings("записала"), ElementsAre("записа", "запис"));
  // Only readings the stem does not give already, none shorter than kMinUkrainianStem.
  EXPECT_THAT(UkrainianVerbReadings("курси"), IsEmpty());
  EXPECT_THAT(UkrainianVerbReadings("мати"), IsEmpty());  // "ма", "м"
  EXPECT_THAT(Analyzer::Default().QueryStems("uk", "записати"),
              ElementsAre("записат", "записа", "запис"));
}

TEST(UmlautAlternates, Table) {
  EXPECT_THAT(UmlautAlternates("fluechtlinge"), ElementsAre("flüchtlinge"));
  EXPECT_THAT(UmlautAlternates("strasse"), ElementsAre("straße"));
  EXPECT_THAT(UmlautAlternates("fuer"), ElementsAre("für"));
  EXPECT_THAT(UmlautAlternates("muessen"), ElementsAre("müßen", "müssen", "mueßen"));
  EXPECT_THAT(UmlautAlternates("quelle"), IsEmpty());
  EXPECT_THAT(UmlautAlternates("neue"), IsEmpty());
  EXPECT_THAT(UmlautAlternates("kinder"), IsEmpty());
  EXPECT_EQ(UmlautAlternates("aeoeuessaeoeuess").size(), kMaxUmlautAlternates);
}

TEST(Script, Table) {
  EXPECT_EQ(WordScript("kurs"), Script::kLatin);
  EXPECT_EQ(WordScript("12"), Script::kLatin);
  EXPECT_EQ(WordScript("لاجئ"), Script::kArabic);
  EXPECT_EQ(WordScript("پناهنده"), Script::kArabic);
  EXPECT_EQ(WordScript("біженці"), Script::kCyrillic);
  EXPECT_EQ(WordScript("東京"), Script::kOther);
}

// The contract shared by all stages: empty and malformed input never crash.
TEST(Stages, SurviveEmptyAndInvalidInput) {
  for (const std::string& in : {std::string(), std::string("\xff"), std::string("\xc3"),
                                std::string("ab\xed\xa0\x80"
                                            "cd"),
                                std::string(3, '\0')}) {
    EXPECT_NO_FATAL_FAILURE(NormalizeWord(in));
    for (const WordSpan& s : SegmentWords(in)) EXPECT_LE(s.end, in.size());
    EXPECT_NO_FATAL_FAILURE(Stem("de", in));
    EXPECT_NO_FATAL_FAILURE(UmlautAlternates(in));
    EXPECT_NO_FATAL_FAILURE(WordScript(in));
  }
}

}  // namespace
}  // namespace hilfsnetz::text
