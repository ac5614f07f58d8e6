// ConceptLexicon: the shipped tables load, entries match records and queries in every
// language, compounds extend, "=" entries do not, malformed tables are errors naming file and
// line, and the synonyms the recommender uses come from it.
#include "text/concept_lexicon.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/embedded_data.h"
#include "text/query_analysis.h"

namespace hilfsnetz::text {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const ConceptLexicon& L() { return ConceptLexicon::Default(); }

// Ids of the concepts named in `text` of `language` (document analysis), in match order.
std::vector<std::string> Named(std::string_view text, std::string_view language) {
  std::vector<std::string> out;
  const auto tokens = Analyzer::Default().Analyze(text, language, Mode::kDocument);
  for (const ConceptMatch& m : L().Match(tokens, language)) out.push_back(L().Get(m.id).id);
  return out;
}

Result<std::unique_ptr<ConceptLexicon>> ParseOne(std::string_view text) {
  return ConceptLexicon::Parse({{"test.txt", text}}, Analyzer::Default());
}

constexpr std::string_view kTwoConcepts =
    "[wurzel]\nkind: topic\nde: Wurzel\nen: root\nar: جذر\nuk: корінь\nru: корень\ntr: kök\nfa: "
    "ریشه\nsource: project\n\n"
    "[kleiderkammer]\nparent: wurzel\nkind: service\nneed: goods\n"
    "de: Kleiderkammer; =Amt; Hilfe bei den Hausaufgaben\nen: clothing store; clothes bank\nar: "
    "بنك الملابس\n"
    "uk: пункт видачі одягу\nru: пункт выдачи одежды\ntr: giysi bankası\nfa: بانک لباس\nsource: "
    "project\n";

TEST(ConceptLexicon, ShippedTablesLoadWithoutErrors) {
  EXPECT_THAT(L().LoadErrors(), IsEmpty());
  EXPECT_GE(L().concepts().size(), 36u);
  EXPECT_FALSE(data::ConceptFiles().empty());
}

TEST(ConceptLexicon, EveryConceptHasAllSevenLanguagesAndRootsAreInCore) {
  for (const Concept& c : L().concepts()) {
    for (size_t l = 0; l < std::size(kLexiconLanguages); ++l) {
      EXPECT_FALSE(c.words[l].empty()) << c.id << " " << kLexiconLanguages[l];
    }
  }
  EXPECT_GE(L().Find("deutschkurs"), 0);
  EXPECT_EQ(L().Get(static_cast<ConceptId>(L().Find("bildung"))).parent, -1);
}

TEST(ConceptLexicon, MatchesMultiWordEntriesAcrossStopWordsAndInflection) {
  auto lex = ParseOne(kTwoConcepts);
  ASSERT_TRUE(lex.ok()) << lex.status();
  const auto tokens = Analyzer::Default().Analyze("Wir bieten Hilfe bei den Hausaufgaben an", "de",
                                                  Mode::kDocument);
  const auto m = (*lex)->Match(tokens, "de");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ((*lex)->Get(m[0].id).id, "kleiderkammer");
  EXPECT_EQ(m[0].first, 2u);  // "Hilfe" … "Hausaufgaben"
  EXPECT_EQ(m[0].last, 6u);
  // English entries match English text only, with the English stemmer ("clothes banks").
  EXPECT_EQ(
      (*lex)
          ->Match(Analyzer::Default().Analyze("two clothes banks", "en", Mode::kDocument), "en")
          .size(),
      1u);
  EXPECT_TRUE(
      (*lex)
          ->Match(Analyzer::Default().Analyze("two clothes banks", "de", Mode::kDocument), "de")
          .empty());
}

TEST(ConceptLexicon, GermanEntriesExtendToCompoundsUnlessMarkedWholeWord) {
  auto lex = ParseOne(kTwoConcepts);
  ASSERT_TRUE(lex.ok()) << lex.status();
  auto named = [&](std::string_view text) {
    return (*lex)->Match(Analyzer::Default().Analyze(text, "de", Mode::kDocument), "de").size();
  };
  EXPECT_EQ(named("Kleiderkammer"), 1u);
  EXPECT_EQ(named("Kinderkleiderkammern"), 1u);
  EXPECT_EQ(named("Amt"), 1u);
  EXPECT_EQ(named("Ehrenamt"), 0u);  // "=Amt": a whole word only
}

// A compound whose head only says "the work / service / installation of" names what its first
// part names, and the light head names nothing in it; a compound that is an entry of its own
// keeps its own concept.
TEST(ConceptLexicon, LightHeadsLeaveTheCompoundToItsFirstPart) {
  using ::testing::ElementsAre;
  EXPECT_THAT(Named("Tischlerarbeiten", "de"), ElementsAre("tischlerei"));
  EXPECT_THAT(Named("Maurerarbeiten", "de"), ElementsAre("bauhandwerk"));
  EXPECT_THAT(Named("Elektroarbeiten", "de"), ElementsAre("elektrik"));
  EXPECT_THAT(Named("Sanitärinstallation", "de"), ElementsAre("sanitaer"));
  EXPECT_THAT(Named("Übersetzungsdienste", "de"), ElementsAre("uebersetzung"));
  EXPECT_THAT(Named("Malerarbeiten", "de"), ElementsAre("malerarbeiten"));
  EXPECT_THAT(Named("Öffentlichkeitsarbeit", "de"), ElementsAre("oeffentlichkeitsarbeit"));
  EXPECT_THAT(Named("Arbeit gesucht", "de"), Contains("arbeit"));  // the word alone still names
  // A head that is no light head keeps the compound to itself: a laptop bag is no laptop.
  EXPECT_THAT(Named("Laptoptasche", "de"), Not(Contains("laptop")));
}

TEST(ConceptLexicon, ShippedLexiconNamesTheSameNeedInEveryLanguage) {
  struct Case {
    std::string_view language;
    std::string_view text;
  };
  const Case cases[] = {
      {"de", "Wir bieten Deutschkurse für Geflüchtete an"},
      {"en", "German courses for refugees"},
      {"ar", "دورة لغة ألمانية للاجئين"},  // "للاجئين": the lexicon lists the form with ل
      {"uk", "курси німецької мови для біженців"},
      {"ru", "курсы немецкого языка для беженцев"},
      {"tr", "mülteciler için Almanca kursu"},
      {"fa", "کلاس زبان آلمانی برای پناهندگان"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.language) + ": " + std::string(c.text));
    const std::vector<std::string> named = Named(c.text, c.language);
    EXPECT_THAT(named, Contains("deutschkurs"));
    EXPECT_THAT(named, Contains("gefluechtete"));
  }
}

// A stem under four letters cut from a longer word tells too little: the word matches only as
// written (de, en, tr). Turkish "perde" (curtain) stems to "per"; "doğa" (nature) and "doğum"
// (birth) both to "dok".
TEST(ConceptLexicon, AShortStemMatchesOnlyTheWordAsWritten) {
  EXPECT_THAT(Named("perde", "tr"), Contains("vorhaenge"));
  EXPECT_THAT(Named("per", "tr"), Not(Contains("vorhaenge")));
  EXPECT_TRUE(L().HasWord("tr", "perde"));
  EXPECT_FALSE(L().HasWord("tr", "per"));  // "20 hours per month" is not Turkish evidence
  EXPECT_TRUE(L().HasWord("en", "curtains"));
  EXPECT_THAT(Named("doğa", "tr"), Not(Contains("geburt")));
  EXPECT_THAT(Named("doğum", "tr"), Contains("geburt"));
  for (const QueryWord& w : AnalyzeQuery("20 hours per month", {}).words) {
    EXPECT_THAT(w.concepts, IsEmpty()) << w.token.surface;
  }
  // Stems of four letters or more, and words the stemmer leaves whole, still match every
  // inflection: Turkish "çıraklığı" is "çıraklık", German "Kleiderkammern" "Kleiderkammer".
  EXPECT_THAT(Named("Kleiderkammern", "de"), Contains("kleiderkammer"));
  EXPECT_THAT(Named("çıraklığı", "tr"), Contains("berufsausbildung"));
}

TEST(ConceptLexicon, AncestorsAndIsA) {
  const int d = L().Find("deutschkurs");
  ASSERT_GE(d, 0);
  const auto chain = L().WithAncestors(static_cast<ConceptId>(d));
  ASSERT_GE(chain.size(), 2u);
  EXPECT_EQ(L().Get(chain[0]).id, "deutschkurs");
  EXPECT_TRUE(L().IsA(static_cast<ConceptId>(d), static_cast<ConceptId>(L().Find("sprachkurs"))));
  EXPECT_FALSE(L().IsA(static_cast<ConceptId>(L().Find("sprachkurs")), static_cast<ConceptId>(d)));
}

TEST(ConceptLexicon, CompleteFindsConceptsByTheStartOfTheirWords) {
  std::vector<std::string> ids;
  for (ConceptId c : L().Complete("de", "kleiderk", 8)) ids.push_back(L().Get(c).id);
  EXPECT_THAT(ids, Contains("kleiderkammer"));
  ids.clear();
  for (ConceptId c : L().Complete("de", "fluchtl", 8))
    ids.push_back(L().Get(c).id);  // no umlaut typed
  EXPECT_THAT(ids, Contains("gefluechtete"));
  EXPECT_TRUE(L().Complete("de", "", 8).empty());
}

TEST(ConceptLexicon, MalformedTablesNameFileAndLine) {
  struct Case {
    std::string_view text;
    std::string_view message;
  };
  const Case cases[] = {
      {"[a]\nkind: topic\nde: x\n", "test.txt:1: [a] has no en: line"},
      {"[a]\nkind: topic\nsource: project\nde: a\nen: a\nar: ا\nuk: а\nru: а\ntr: a\nfa: "
       "ا\ncolour: red\n",
       "test.txt:11: unknown field \"colour\""},
      {"[a]\nparent: nowhere\nkind: topic\nsource: project\nde: a\nen: a\nar: ب\nuk: б\nru: б\ntr: "
       "a\nfa: ب\n",
       "parent \"nowhere\" is not a concept"},
      {"[A b]\n", "id \"A b\""},
      {"de: Wort\n", "test.txt:1: line outside a concept block"},
      {"[a]\nkind: topic\nsource: project\nde: der die\nen: a\nar: ب\nuk: б\nru: б\ntr: a\nfa: ب\n",
       "entry \"der die\" of [a] has no word that is not a stop word"},
      {"[a]\nparent: b\nkind: topic\nsource: project\nde: x\nen: x\nar: ب\nuk: б\nru: б\ntr: "
       "x\nfa: ب\n\n"
       "[b]\nparent: a\nkind: topic\nsource: project\nde: y\nen: y\nar: ت\nuk: в\nru: в\ntr: "
       "y\nfa: ت\n",
       "is its own ancestor"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.text));
    auto lex = ParseOne(c.text);
    ASSERT_FALSE(lex.ok());
    EXPECT_THAT(std::string(lex.status().message()), HasSubstr(std::string(c.message)));
  }
}

}  // namespace
}  // namespace hilfsnetz::text
