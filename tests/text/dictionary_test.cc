// The FreeDict dictionaries (text/dictd.h, text/dictionary.h): entries read by random access
// equal the whole text's, translations parsed from the dictionaries' formats, German words for
// English, Turkish and Russian words, and missing or malformed files named, never a crash.
// Reads the dictionaries scripts/setup.sh installs (/usr/share/dictd).
#include "text/dictionary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/support/temp_dir.h"
#include "text/normalizer.h"

namespace hilfsnetz::text {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const char kDictDir[] = "/usr/share/dictd";

TEST(DictdTranslations, ParsesTheFreeDictLayouts) {
  // eng-deu: the first line holds the German words; indented lines are examples and notes.
  EXPECT_THAT(DictdTranslations("Abblaserohr <neut>, Ausblaserohr <neut> [techn.]\n"
                                "         Note: Metallurgie\n"
                                "      \"blow-off pipes\"  - Abblaserohre\n",
                                "latin", 2),
              ElementsAre("Abblaserohr", "Ausblaserohr"));
  // ara-eng: numbered senses.
  EXPECT_THAT(DictdTranslations("1. Aduncous\n2. Adunque\n", "latin", 2),
              ElementsAre("Aduncous", "Adunque"));
  // deu-rus: Russian senses between German definitions; only the wanted script counts.
  EXPECT_THAT(DictdTranslations("1. вечер 2.\ndie Tageszeit nach dem Nachmittag\n 3.\n2. запад\n",
                                "cyrillic", 2),
              ElementsAre("вечер", "запад"));
  // Pronunciations, cross references, abbreviations and long phrases are no translations.
  EXPECT_THAT(DictdTranslations("deutsch /dˈɔʏtʃ/ <adj> dt., Deutsch\nsee: {German language}\n",
                                "latin", 2),
              ElementsAre("deutsch", "Deutsch"));
  EXPECT_THAT(DictdTranslations("ein sehr langer Ausdruck hier\n", "latin", 3), IsEmpty());
}

TEST(DictdFile, RandomAccessReadsWhatTheWholeTextHolds) {
  auto f = DictdFile::Open(std::string(kDictDir) + "/freedict-tur-deu");
  ASSERT_TRUE(f.ok()) << f.status();
  Result<std::string> all = (*f)->ReadAll();
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_GT((*f)->entries().size(), 500u);
  for (const DictdFile::Entry& e : (*f)->entries()) {
    Result<std::string> one = (*f)->Read(e);
    ASSERT_TRUE(one.ok()) << e.headword << ": " << one.status();
    EXPECT_EQ(*one, all->substr(e.offset, e.length)) << e.headword;
  }
}

TEST(DictdFile, RandomAccessAcrossChunksOfTheLargeDictionary) {
  auto f = DictdFile::Open(std::string(kDictDir) + "/freedict-eng-deu");
  ASSERT_TRUE(f.ok()) << f.status();
  const auto& entries = (*f)->entries();
  ASSERT_GT(entries.size(), 400000u);
  Result<std::string> all = (*f)->ReadAll();  // ~80 MB, 1,365 chunks of ~58 KB
  ASSERT_TRUE(all.ok()) << all.status();
  for (size_t i = 0; i < entries.size(); i += entries.size() / 97) {
    Result<std::string> one = (*f)->Read(entries[i]);
    ASSERT_TRUE(one.ok()) << entries[i].headword;
    EXPECT_EQ(*one, all->substr(entries[i].offset, entries[i].length)) << entries[i].headword;
  }
}

TEST(Dictionaries, GermanWordsForEnglishTurkishAndRussian) {
  const Dictionaries& d = Dictionaries::Default();
  for (const DictionarySource& s : d.sources())
    EXPECT_TRUE(s.loaded) << s.name << ": " << s.problem;
  EXPECT_THAT(d.ToGerman("en", "umbrella", 3), Contains("Regenschirm"));
  EXPECT_THAT(d.ToGerman("en", "umbrellas", 3), Contains("Regenschirme"));
  EXPECT_THAT(d.ToGerman("tr", "şemsiye", 3), Contains("regenschirm"));
  EXPECT_THAT(d.ToGerman("ru", "зонтик", 3), Contains("regenschirm"));
  EXPECT_LE(d.ToGerman("en", "help", 3).size(), 3u);
  EXPECT_THAT(d.ToGerman("de", "Schirm", 3), IsEmpty());      // German needs no translation
  EXPECT_THAT(d.ToGerman("uk", "парасолька", 3), IsEmpty());  // no Ukrainian dictionary in Debian
  EXPECT_THAT(d.ToGerman("en", "qqqxqq", 3), IsEmpty());
}

TEST(Dictionaries, MissingFilesAreNamedAndLeftOut) {
  auto d = Dictionaries::Load("/nonexistent-hilfsnetz-dictd");
  ASSERT_FALSE(d->sources().empty());
  for (const DictionarySource& s : d->sources()) {
    EXPECT_FALSE(s.loaded) << s.name;
    EXPECT_THAT(s.problem, HasSubstr("/nonexistent-hilfsnetz-dictd/" + s.name)) << s.name;
  }
  EXPECT_THAT(d->ToGerman("en", "umbrella", 3), IsEmpty());
  EXPECT_THAT(d->ToGerman("tr", "şemsiye", 3), IsEmpty());
}

TEST(Dictionaries, MalformedFilesAreNamedAndLeftOut) {
  testing::TempDir dir;
  {
    std::ofstream index(dir.path() + "/freedict-eng-deu.index");
    index << "umbrella\tnot base64!\tA\n";
    std::ofstream data(dir.path() + "/freedict-eng-deu.dict.dz");
    data << "plain text, no gzip";
    std::ofstream tur_index(dir.path() + "/freedict-tur-deu.index");
    tur_index << "şemsiye\tA\tB\n";
    std::ofstream tur_data(dir.path() + "/freedict-tur-deu.dict.dz");
    tur_data << "\x1f\x8b\x08\x00 not dictzip";
  }
  auto d = Dictionaries::Load(dir.path());
  std::map<std::string, std::string> problems;
  for (const DictionarySource& s : d->sources()) problems[s.name] = s.problem;
  EXPECT_THAT(problems["freedict-eng-deu"], HasSubstr("freedict-eng-deu.index:1"));
  EXPECT_THAT(problems["freedict-tur-deu"], HasSubstr("freedict-tur-deu.dict.dz"));
  EXPECT_THAT(d->ToGerman("en", "umbrella", 3), IsEmpty());
}

}  // namespace
}  // namespace hilfsnetz::text
