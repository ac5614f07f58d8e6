// Behaviour of text::Analyzer beyond the golden table: offsets, robustness, stop words,
// language detection, thread-safety.
#include "text/analyzer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace hilfsnetz::text {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

const Analyzer& A() { return Analyzer::Default(); }

std::vector<std::string> Surfaces(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back(t.surface);
  return out;
}

std::string FirstStem(std::string_view word, std::string_view language = "de") {
  const std::vector<Token> tokens = A().Analyze(word, language, Mode::kDocument);
  return tokens.size() == 1 && tokens[0].stems.size() == 1 ? tokens[0].stems[0] : "<none>";
}

TEST(Analyzer, UmlautAndCaseVariantsShareStem) {
  for (const char* word : {"Flüchtlinge", "Flüchtlingen", "fluechtlinge", "FLUCHTLINGE",
                           "Flu\u0308chtlinge", "Flüchtling"}) {
    SCOPED_TRACE(word);
    EXPECT_EQ(FirstStem(word), "fluchtling");
  }
  EXPECT_EQ(A().Analyze("Flu\u0308chtlinge", "de", Mode::kDocument)[0].surface, "flüchtlinge");
}

TEST(Analyzer, StrasseQueryGetsAlternateAndSameStemAsStrasse) {
  const std::vector<Token> q = A().Analyze("strasse", "", Mode::kQuery);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].surface, "strasse");
  EXPECT_THAT(q[0].alternates, ElementsAre("straße"));
  EXPECT_THAT(q[0].stems, Contains(FirstStem("Straße")));
  EXPECT_EQ(FirstStem("Straße"), "strass");
}

TEST(Analyzer, DocumentModeHasOneStemAndNoAlternates) {
  for (const char* lang : {"de", "en", "ar", "uk", "tr", "fa", ""}) {
    for (const Token& t :
         A().Analyze("Fluechtlinge strasse لاجئين біженці", lang, Mode::kDocument)) {
      SCOPED_TRACE(std::string(lang) + " " + t.surface);
      EXPECT_EQ(t.stems.size(), 1u);
      EXPECT_TRUE(t.alternates.empty());
    }
  }
}

TEST(Analyzer, QueryAlternatesNeverContainSurfaceAndAreBounded) {
  for (const Token& t :
       A().Analyze("muessen fuer strassen aerger wasserstrassenpass", "", Mode::kQuery)) {
    EXPECT_THAT(t.alternates, Not(Contains(t.surface)));
    EXPECT_LE(t.alternates.size(), 4u);
  }
}

TEST(Analyzer, UnknownLanguageQueryStemsByScript) {
  const std::vector<Token> t = A().Analyze("Kurse courses біженці اللاجئين", "", Mode::kQuery);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].stems.front(), "kurs");  // German first
  EXPECT_THAT(t[1].stems, Contains("cours"));
  EXPECT_THAT(t[2].stems, ElementsAre("біженц", FirstStem("біженці", "ru")));  // Ukrainian, Russian
  // Arabic, first the stem as typed (a bare alef also gets the hamza readings, analyzer.h).
  EXPECT_EQ(t[3].stems.front(), FirstStem("اللاجئين", "ar"));
}

TEST(Analyzer, UnknownDocumentLanguageIsGerman) {
  EXPECT_EQ(FirstStem("Kinder", ""), "kind");
  EXPECT_EQ(FirstStem("Kinder", "xx"), "kind");
  EXPECT_EQ(FirstStem("Kinder", "de-AT"), "kind");
  EXPECT_EQ(FirstStem("біженці", "uk"), "біженц");  // text/ukrainian_stem.h
}

TEST(Analyzer, OffsetsReferToOriginalNfdText) {
  const std::string text = "Die Flu\u0308chtlinge kommen";
  const std::vector<Token> t = A().Analyze(text, "de", Mode::kDocument);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[1].surface, "flüchtlinge");
  EXPECT_EQ(t[1].begin, 4u);
  EXPECT_EQ(t[1].end, 17u);  // "Flu" + U+0308 (2 bytes) + "chtlinge"
  EXPECT_EQ(text.substr(t[1].begin, t[1].end - t[1].begin), "Flu\u0308chtlinge");
  EXPECT_EQ(t[2].begin, 18u);
}

TEST(Analyzer, OffsetsSkipEmojiAndPunctuation) {
  const std::string text = "🙂 Hilfe! (Deutschkurse), 2-Zimmer – ‚Café‘…🙂";
  const std::vector<Token> t = A().Analyze(text, "de", Mode::kDocument);
  std::vector<std::string> slices;
  for (const Token& tok : t) {
    ASSERT_LT(tok.begin, tok.end);
    ASSERT_LE(tok.end, text.size());
    slices.push_back(text.substr(tok.begin, tok.end - tok.begin));
  }
  EXPECT_THAT(slices, ElementsAre("Hilfe", "Deutschkurse", "2", "Zimmer", "Café"));
  for (size_t i = 0; i < t.size(); ++i) EXPECT_EQ(t[i].position, i + 1);
}

TEST(Analyzer, HyphenatedCompoundsAreSeparateWords) {
  EXPECT_THAT(Surfaces(A().Analyze("Karl-Marx-Straße", "de", Mode::kDocument)),
              ElementsAre("karl", "marx", "straße"));
}

TEST(Analyzer, InvalidUtf8DoesNotCrash) {
  const std::string cases[] = {std::string("\xff\xfe\xfd"),         std::string("Hilfe\xc3"),
                               std::string("\xc3\x28Kurs\xe2\x82"), std::string("\xed\xa0\x80"),
                               std::string("\xf4\x90\x80\x80 ok"),  std::string(1, '\0')};
  for (const std::string& text : cases) {
    for (Mode mode : {Mode::kDocument, Mode::kQuery}) {
      for (const Token& t : A().Analyze(text, "", mode)) EXPECT_LE(t.end, text.size());
    }
    EXPECT_NO_FATAL_FAILURE(DetectLanguage(text));
  }
  EXPECT_THAT(Surfaces(A().Analyze("Kinder\xffHilfe", "de", Mode::kDocument)),
              ElementsAre("kinder", "hilfe"));
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    std::string text(static_cast<size_t>(rng() % 64), '\0');
    for (char& c : text) c = static_cast<char>(rng() & 0xFF);
    for (const Token& t : A().Analyze(text, "", Mode::kQuery)) {
      ASSERT_LT(t.begin, t.end);
      ASSERT_LE(t.end, text.size());
    }
  }
}

TEST(Analyzer, EmptyInput) {
  EXPECT_TRUE(A().Analyze("", "de", Mode::kDocument).empty());
  EXPECT_TRUE(A().Analyze(" ,.;🙂 ", "", Mode::kQuery).empty());
}

TEST(Analyzer, StopWordsAreFlaggedNotDropped) {
  const std::vector<Token> t = A().Analyze("Hilfe für die Kinder", "de", Mode::kDocument);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_FALSE(t[0].stopword);
  EXPECT_TRUE(t[1].stopword);
  EXPECT_TRUE(t[2].stopword);
  EXPECT_FALSE(t[3].stopword);
  // Content words that the raw stopwords-iso list contains are not stop words here.
  for (const Token& tok :
       A().Analyze("gut neu gross arbeit zeit ende tag jahr", "de", Mode::kDocument)) {
    EXPECT_FALSE(tok.stopword) << tok.surface;
  }
  EXPECT_TRUE(A().Analyze("the", "en", Mode::kDocument)[0].stopword);
  EXPECT_TRUE(A().Analyze("the", "", Mode::kQuery)[0].stopword);
}

TEST(Analyzer, DebugStringRendering) {
  Token t;
  t.surface = "fluechtlinge";
  t.alternates = {"flüchtlinge"};
  t.stems = {"fluchtling"};
  t.position = 1;
  EXPECT_EQ(t.DebugString(), "fluechtlinge|flüchtlinge[1] ~fluchtling");
  Token u;
  u.surface = "deutschkurse";
  u.stems = {"deutschkurs"};
  u.parts = {"deutsch", "kurs"};
  u.position = 3;
  u.stopword = true;
  EXPECT_EQ(u.DebugString(), "deutschkurse[3] ~deutschkurs =deutsch+kurs (stop)");
  EXPECT_EQ(Analyzer::DebugString({t, u}), t.DebugString() + " " + u.DebugString());
}

TEST(Analyzer, ConcurrentUseGivesSameResults) {
  const std::string text = "Deutschkurse für Geflüchtete in der Karl-Marx-Straße, fluechtlinge";
  const std::string expected = Analyzer::DebugString(A().Analyze(text, "", Mode::kQuery));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 200; ++round) {
        if (Analyzer::DebugString(A().Analyze(text, "", Mode::kQuery)) != expected) {
          ++mismatches[static_cast<size_t>(i)];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_THAT(mismatches, ElementsAre(0, 0, 0, 0));
}

TEST(DetectLanguage, Paragraphs) {
  EXPECT_EQ(DetectLanguage("Wir bieten kostenlose Deutschkurse für Geflüchtete an. Die Kurse "
                           "finden zweimal pro Woche im Nachbarschaftshaus statt, und alle "
                           "sind herzlich willkommen."),
            "de");
  EXPECT_EQ(DetectLanguage("We are looking for volunteers who can help refugees with their "
                           "homework and accompany them to appointments with the authorities."),
            "en");
  EXPECT_EQ(DetectLanguage("نحن نبحث عن متطوعين لمساعدة اللاجئين في تعلم اللغة الألمانية "
                           "ومرافقتهم إلى المواعيد في الدوائر الحكومية."),
            "ar");
  EXPECT_EQ(DetectLanguage(""), "");
  EXPECT_EQ(DetectLanguage("ok"), "");
}

TEST(HasStemmer, Languages) {
  EXPECT_TRUE(HasStemmer("de"));
  EXPECT_TRUE(HasStemmer("en-GB"));
  EXPECT_TRUE(HasStemmer("ar"));
  EXPECT_TRUE(HasStemmer("tr"));
  EXPECT_FALSE(HasStemmer("uk"));
  EXPECT_FALSE(HasStemmer("fa"));
  EXPECT_FALSE(HasStemmer(""));
}

// Callers analyse a prefix cut by PrefixCut and rely on getting the whole text's first
// tokens: checked over every line of the sample corpus (German, English, Arabic, Ukrainian,
// Turkish, Farsi records, as raw JSON text) at several cut points, in every mode.
TEST(PrefixCut, APrefixAnalysesToTheWholeTextsFirstTokens) {
  EXPECT_EQ(PrefixCut("abc def", 100), 7u);
  EXPECT_EQ(PrefixCut("abc def", 5), 3u);
  EXPECT_EQ(PrefixCut("abc def", 3), 3u);
  EXPECT_EQ(PrefixCut("abcdef", 3), 0u);
  auto same_start = [](const std::vector<Token>& prefix, const std::vector<Token>& whole) {
    if (prefix.size() > whole.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      const Token& a = prefix[i];
      const Token& b = whole[i];
      if (a.surface != b.surface || a.begin != b.begin || a.end != b.end ||
          a.position != b.position || a.stems != b.stems || a.parts != b.parts ||
          a.alternates != b.alternates || a.stopword != b.stopword) {
        return false;
      }
    }
    return true;
  };
  std::ifstream in(std::string(HN_SOURCE_DIR) + "/data/sample/initiatives.jsonl");
  size_t lines = 0, cuts = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    ++lines;
    const auto whole_segment = A().Segment(line);
    const auto whole_query = A().Analyze(line, "", Mode::kQuery);
    const auto whole_doc = A().Analyze(line, "de", Mode::kDocument);
    for (size_t max :
         {size_t{1}, size_t{17}, size_t{200}, line.size() / 3, line.size() / 2, line.size() - 1}) {
      const size_t cut = PrefixCut(line, max);
      ASSERT_LE(cut, max);
      const std::string_view prefix = std::string_view(line).substr(0, cut);
      EXPECT_TRUE(same_start(A().Segment(prefix), whole_segment))
          << "line " << lines << " cut " << cut;
      EXPECT_TRUE(same_start(A().Analyze(prefix, "", Mode::kQuery), whole_query))
          << "line " << lines;
      EXPECT_TRUE(same_start(A().Analyze(prefix, "de", Mode::kDocument), whole_doc))
          << "line " << lines;
      ++cuts;
    }
  }
  EXPECT_GE(lines, 270u);
  EXPECT_GE(cuts, 1600u);
}

}  // namespace
}  // namespace hilfsnetz::text
