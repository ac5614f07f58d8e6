// Issue 8 over the sample corpus: queries in every newcomer's language find the German
// initiatives the German query finds; German that no longer slips (digraphs, missing umlauts,
// unclosed quotes); the word being typed as a prefix; scores that never increase down a list;
// Kieze; the answer says what the search made of q.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ranking/searcher.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::ranking {
namespace {

using testing::TestIndex;

struct NeedQuery {
  int need = 0;
  std::string lang;
  std::string text;
};

// bench/quality/crosslingual_queries.tsv: need_no, fold, lang, query (46 needs x 7 languages).
std::vector<NeedQuery> ReadNeedQueries() {
  std::vector<NeedQuery> out;
  std::ifstream in(testing::SourcePath("bench/quality/crosslingual_queries.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    if (f.size() == 4) out.push_back({std::stoi(f[0]), f[2], f[3]});
  }
  return out;
}

class CrossLingualTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = TestIndex::Sample().release();
    ASSERT_NE(index_, nullptr);
    searcher_ = index_->OpenSearcher().release();
    ASSERT_NE(searcher_, nullptr);
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete index_;
  }

  static SearchResult Search(SearchRequest req) {
    Result<SearchResult> r = searcher_->Search(req);
    EXPECT_TRUE(r.ok()) << req.q << ": " << r.status();
    return r.ok() ? std::move(*r) : SearchResult{};
  }
  static SearchResult Search(const std::string& q, int per_page = 10) {
    SearchRequest req;
    req.q = q;
    req.per_page = per_page;
    return Search(req);
  }
  static std::vector<std::string> Ids(const SearchResult& r) {
    std::vector<std::string> ids;
    for (const Hit& h : r.hits) ids.push_back(h.record.id);
    return ids;
  }
  static size_t Common(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    size_t n = 0;
    for (const std::string& id : b) n += std::find(a.begin(), a.end(), id) != a.end() ? 1 : 0;
    return n;
  }

  static TestIndex* index_;
  static Searcher* searcher_;
};

TestIndex* CrossLingualTest::index_ = nullptr;
Searcher* CrossLingualTest::searcher_ = nullptr;

// For the 46 portal needs, the query in every language shares initiatives with the German
// query's top 10 for at least 85% of the needs (the issue's quality bar: 0.85 of German),
// and on average a good part of them. Needs that share nothing are listed.
TEST_F(CrossLingualTest, EveryLanguagesTopTenOverlapsTheGermanOne) {
  const std::vector<NeedQuery> queries = ReadNeedQueries();
  ASSERT_GE(queries.size(), 40u * 7);
  std::map<int, std::vector<std::string>> german;
  for (const NeedQuery& q : queries) {
    if (q.lang == "de") german[q.need] = Ids(Search(q.text));
  }
  ASSERT_GE(german.size(), 40u);
  std::map<std::string, std::vector<double>> overlap;
  std::map<std::string, std::string> disjoint;
  for (const NeedQuery& q : queries) {
    if (q.lang == "de") continue;
    const std::vector<std::string> top = Ids(Search(q.text));
    const size_t common = Common(german[q.need], top);
    overlap[q.lang].push_back(static_cast<double>(common) / 10.0);
    if (common == 0) disjoint[q.lang] += " [" + std::to_string(q.need) + "] " + q.text;
  }
  ASSERT_EQ(overlap.size(), 6u);  // en, ar, uk, fa, tr, ru
  for (const auto& [lang, values] : overlap) {
    double sum = 0;
    size_t shared = 0;
    for (double v : values) {
      sum += v;
      shared += v > 0 ? 1 : 0;
    }
    EXPECT_GE(static_cast<double>(shared), 0.85 * static_cast<double>(values.size()))
        << lang << ":" << disjoint[lang];
    EXPECT_GE(sum / static_cast<double>(values.size()), 0.3) << lang;
  }
}

TEST_F(CrossLingualTest, TheIssuesQueriesFindGermanCourses) {
  const std::set<std::string> courses = {"mutter-kind-deutschkurs-wilmersdorf",
                                         "deutschkurs-muetter-britz",
                                         "deutsch-am-markt-lichtenberg"};
  for (const std::string q :
       {"german lessons for refugees", "دورة لغة ألمانية", "курси німецької мови",
        "курсы немецкого языка", "Almanca kursu", "کلاس زبان آلمانی"}) {
    SCOPED_TRACE(q);
    const SearchResult r = Search(q, 5);
    size_t found = 0;
    for (const std::string& id : Ids(r)) found += courses.count(id);
    EXPECT_GE(found, 2u);  // before: real German courses started at rank 6 (en), 25 (ar)
    // Scores differ: the seven equal scores of Sprachcafés are gone.
    std::set<double> scores;
    for (const Hit& h : r.hits) scores.insert(h.score);
    EXPECT_GT(scores.size(), 1u);
  }
}

// A word common in a language few records are written in ("питань", of matters) is rare in
// the index only because the language is: it weighs as it would among that language's
// records, so the initiatives the query means come first. Before: a Ukrainian mothers' group
// whose text has "консультантку з питань роботи" ranked first, the asylum clinic second.
TEST_F(CrossLingualTest, ACommonWordOfAFewRecordsLanguageWeighsAsItDoesThere) {
  const std::vector<std::string> ids = Ids(Search("консультація з питань притулку", 10));
  ASSERT_GE(ids.size(), 3u);
  const std::vector<std::string> top3(ids.begin(), ids.begin() + 3);
  EXPECT_NE(std::find(top3.begin(), top3.end(), "asylum-law-clinic-tiergarten"), top3.end());
  EXPECT_NE(std::find(top3.begin(), top3.end(), "rechtshilfefonds-tegel"), top3.end());
  EXPECT_EQ(std::find(top3.begin(), top3.end(), "ukrainski-mamy-kopenik-uk"), top3.end());
}

// Related concepts (a repair café beside a bicycle workshop, both reparieren) only raise
// records the words match: they add none. Three of the sample's active repair cafés match
// "Fahrradwerkstatt" only through reparieren (with OR instead of AND_MAYBE they are hits).
TEST_F(CrossLingualTest, RelatedConceptsAddNoRecord) {
  const std::vector<std::string> ids = Ids(Search("Fahrradwerkstatt", 100));
  EXPECT_GE(ids.size(), 2u);
  for (const std::string cafe :
       {"repair-cafe-rosenthaler-vorstadt", "repair-cafe-wilhelmsruh", "repair-cafe-schoeneberg"}) {
    EXPECT_EQ(std::find(ids.begin(), ids.end(), cafe), ids.end()) << cafe;
  }
}

TEST_F(CrossLingualTest, TheAnswerSaysWhatTheSearchMadeOfQ) {
  const SearchResult ar = Search("دورة لغة ألمانية");
  EXPECT_EQ(ar.query.language, "ar");
  EXPECT_FALSE(ar.query.language_given);
  EXPECT_NE(std::find(ar.query.expanded.begin(), ar.query.expanded.end(), "Deutschkurs"),
            ar.query.expanded.end());
  ASSERT_FALSE(ar.query.concepts.empty());
  EXPECT_EQ(ar.query.concepts.front().id, "deutschkurs");
  EXPECT_EQ(ar.query.concepts.front().en, "German course");
  // A German query adds nothing it did not type.
  const SearchResult de = Search("Deutschkurs");
  EXPECT_EQ(de.query.language, "de");
  EXPECT_TRUE(std::find(de.query.expanded.begin(), de.query.expanded.end(), "Deutschkurs") ==
              de.query.expanded.end());
  // lang= overrides detection.
  SearchRequest given;
  given.q = "kita";
  given.lang = "tr";
  const SearchResult tr = Search(given);
  EXPECT_EQ(tr.query.language, "tr");
  EXPECT_TRUE(tr.query.language_given);
}

TEST_F(CrossLingualTest, HighlightsMarkTheGermanWordsATranslatedQueryFound) {
  const SearchResult r = Search("دورة لغة ألمانية", 20);
  bool marked = false;
  for (const Hit& h : r.hits) {
    if (h.record.language != "de") continue;
    const std::string all = h.highlights.title + h.highlights.summary + h.highlights.description;
    marked = marked || all.find("<mark>Deutschkurs") != std::string::npos;
  }
  EXPECT_TRUE(marked);
}

TEST_F(CrossLingualTest, AGermanQueryFindsRecordsWrittenInOtherLanguages) {
  // The Arabic counselling office needs laptops ("حواسيب محمولة"); the Ukrainian mothers'
  // groups meet in Ukrainian. Both directions go through the same lexicon.
  EXPECT_NE(Ids(Search("Laptops", 100)), std::vector<std::string>());
  const std::vector<std::string> laptops = Ids(Search("Laptops", 100));
  EXPECT_NE(std::find(laptops.begin(), laptops.end(), "beratung-sonnenallee-ar"), laptops.end());
}

TEST_F(CrossLingualTest, DigraphAndUmlautLessSpellingsBehaveLikeTheWrittenOnes) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"deutschkurs fuer frauen", "deutschkurs für frauen"},
      {"offentlichkeitsarbeit", "Öffentlichkeitsarbeit"},
      {"oeffentlichkeitsarbeit", "Öffentlichkeitsarbeit"},
      {"fluchtlinge", "Flüchtlinge"},
      {"fluechtlinge", "Flüchtlinge"},
      {"hilfe ueber den winter", "hilfe über den winter"},
  };
  for (const auto& [typed, written] : pairs) {
    SCOPED_TRACE(typed);
    const SearchResult a = Search(typed, 10), b = Search(written, 10);
    EXPECT_EQ(a.total, b.total);
    EXPECT_EQ(Ids(a), Ids(b));
    EXPECT_FALSE(a.did_you_mean.has_value());
  }
}

TEST_F(CrossLingualTest, EnglishWordsInAGermanQueryAreReadAsEnglish) {
  // "help" is not German: the query finds homework help, not every record with "Hilfe" first.
  const SearchResult r = Search("hausaufgaben help", 5);
  ASSERT_FALSE(r.hits.empty());
  for (const Hit& h : r.hits) {
    EXPECT_NE((h.record.title + h.record.summary + h.record.description).find("Hausaufgaben"),
              std::string::npos)
        << h.record.id;
  }
}

TEST_F(CrossLingualTest, AnUnclosedQuoteSearchesItsWordsAndSaysSo) {
  const SearchResult r = Search("\"deutsch kurs", 10);
  EXPECT_GT(r.total, 0u);  // before: 0 hits, no message
  ASSERT_EQ(r.notices.size(), 1u);
  EXPECT_EQ(r.notices[0].code, "unclosed_quote");
  EXPECT_FALSE(r.notices[0].de.empty());
  EXPECT_EQ(Ids(r), Ids(Search("deutsch kurs", 10)));
}

TEST_F(CrossLingualTest, TheWordBeingTypedMatchesAsAPrefixAndIsNeverCorrected) {
  struct Case {
    std::string q;
    std::string must_find;  // an id whose title completes the prefix
  };
  const std::vector<Case> cases = {
      {"kleiderk", "kleiderkammer-soldiner-kiez"},
      {"hausauf", "hausaufgabenhilfe-friedenau"},
      {"sprachc", "sprachcafe-turmstrasse"},
      {"fahrr", "fahrradwerkstatt-jungfernheide"},
      {"fluchtlingsh", ""},
      {"deut", "deutsch-am-markt-lichtenberg"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.q);
    SearchRequest req;
    req.q = c.q;
    req.per_page = 100;
    req.prefix = PrefixMode::kLast;
    const SearchResult r = Search(req);
    EXPECT_GT(r.total, 0u);
    EXPECT_FALSE(r.did_you_mean.has_value());  // "deut" is not "gut", "fahrr" not "fahrer"
    if (!c.must_find.empty()) {
      const auto ids = Ids(r);
      EXPECT_NE(std::find(ids.begin(), ids.end(), c.must_find), ids.end());
    }
    // Without prefix=last the unfinished word is a word: no hit, or a correction.
    SearchRequest whole = req;
    whole.prefix = PrefixMode::kNone;
    const SearchResult w = Search(whole);
    EXPECT_TRUE(w.total < r.total || w.did_you_mean.has_value());
  }
  // A trailing space finishes the word: no prefix matching.
  SearchRequest spaced;
  spaced.q = "kleiderk ";
  spaced.prefix = PrefixMode::kLast;
  EXPECT_EQ(Search(spaced).total, 0u);
}

TEST_F(CrossLingualTest, ScoresNeverIncreaseDownAList) {
  for (const std::string q : {"Deutschkurs Neukölln Frauen", "hilfe für geflüchtete kinder",
                              "german lessons for refugees", "دورة لغة ألمانية",
                              "Fahrrad Werkstatt Spenden", "Kleiderkammer"}) {
    for (const SearchMode mode : {SearchMode::kLexical, SearchMode::kHybrid}) {
      SCOPED_TRACE(q + (mode == SearchMode::kHybrid ? " hybrid" : " lexical"));
      double last = 1e9;
      int last_tier = 1 << 20;
      for (int page = 1; page <= 3; ++page) {
        SearchRequest req;
        req.q = q;
        req.mode = mode;
        req.per_page = 20;
        req.page = page;
        for (const Hit& h : Search(req).hits) {
          EXPECT_LE(h.score, last) << h.record.id;
          EXPECT_LE(h.tier, last_tier) << h.record.id;
          EXPECT_GE(h.score, h.tier);  // the tier is folded in
          EXPECT_LT(h.score, h.tier + 1);
          last = h.score;
          last_tier = h.tier;
        }
      }
    }
  }
}

TEST_F(CrossLingualTest, KiezeHaveTheirOwnLocation) {
  // near=Reuterkiez orders by distance from the Reuterkiez, not from the middle of Neukölln
  // (Britz and Gropiusstadt came first, Refugio in the Reuterkiez was missing).
  SearchRequest req;
  req.near = geo::Berlin::Get().FindKiez("Reuterkiez")->centroid;
  req.radius_km = 1.5;
  req.sort = SortOrder::kDistance;
  req.per_page = 5;
  const std::vector<std::string> ids = Ids(Search(req));
  ASSERT_FALSE(ids.empty());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "refugio"), ids.end());
  for (const char* far : {"gropiusstadt-veli-bulusmasi"}) {
    EXPECT_EQ(std::find(ids.begin(), ids.end(), far), ids.end());
  }
}

TEST_F(CrossLingualTest, AnOrtsteilFindsTheRecordsOfItsKieze) {
  SearchRequest req;
  req.filters.neighbourhoods = {"Kreuzberg"};
  req.per_page = 100;
  const std::vector<std::string> ids = Ids(Search(req));
  for (const char* id :
       {"sprachcafe-graefekiez", "nachbarschaftstreff-wrangelkiez", "frauenfruehstueck-kotti"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  // The Kiez itself still finds only its own.
  req.filters.neighbourhoods = {"Graefekiez"};
  const std::vector<std::string> graefe = Ids(Search(req));
  EXPECT_NE(std::find(graefe.begin(), graefe.end(), "sprachcafe-graefekiez"), graefe.end());
  EXPECT_EQ(std::find(graefe.begin(), graefe.end(), "nachbarschaftstreff-wrangelkiez"),
            graefe.end());
}

TEST_F(CrossLingualTest, NearWithoutSortSaysTheOrderIsByRelevanceWithinTheRadius) {
  SearchRequest req;
  req.q = "Deutschkurs";
  req.near = geo::Berlin::Get().FindPostcode("12047")->centroid;
  req.radius_km = 3;
  const SearchResult r = Search(req);
  ASSERT_EQ(r.notices.size(), 1u);
  EXPECT_EQ(r.notices[0].code, "near_by_relevance");
  EXPECT_NE(r.notices[0].en.find("within 3 km"), std::string::npos);
  EXPECT_NE(r.notices[0].de.find("3 km"), std::string::npos);
  req.sort = SortOrder::kDistance;
  EXPECT_TRUE(Search(req).notices.empty());
}

TEST_F(CrossLingualTest, OddQueriesGetAnAnswer) {
  const std::string long_query = [] {
    std::string q;
    for (int i = 0; i < 64; ++i) q += "wort" + std::to_string(i) + " ";
    return q;
  }();
  for (const std::string q :
       {"中文 查询", "ქართული", "deutsch русский عربي", "🙂🙂 hilfe 🙂", "\u200Fمساعدة\u200F",
        "کمک\u200Dکردن", "\u200B", "a", long_query.c_str()}) {
    SCOPED_TRACE(q);
    SearchRequest req;
    req.q = q;
    req.prefix = PrefixMode::kLast;
    Result<SearchResult> r = searcher_->Search(req);
    EXPECT_TRUE(r.ok()) << r.status();
  }
}

}  // namespace
}  // namespace hilfsnetz::ranking
