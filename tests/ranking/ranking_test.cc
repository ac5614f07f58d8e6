// Integration tests of ranking::Searcher over the sample corpus (built once per suite) and
// over tiny dedicated indexes. Expected ids are computed from the sample records themselves
// (read back with Searcher::Get so derived fields such as district and location count).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/loose_key.h"
#include "geo/berlin.h"
#include "ranking/query_builder.h"
#include "ranking/searcher.h"
#include "ranking/staff_syntax.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::ranking {
namespace {

using schemas::Initiative;
using schemas::InitiativeStatus;
using schemas::NeedType;
using ::testing::HasSubstr;
using testing::IsInvalidField;
using testing::StatusIs;
using testing::TestIndex;
using IdSet = std::set<std::string>;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool Contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// Title, summary and description, lowercased (ASCII letters only; enough for "Straße").
std::string MainText(const Initiative& r) {
  return Lower(r.title + "\n" + r.summary + "\n" + r.description);
}

// Every text the indexer analyses.
std::string AllText(const Initiative& r) {
  std::string t = r.title + "\n" + r.organisation + "\n" + r.summary + "\n" + r.description;
  for (const auto& n : r.needs) t += "\n" + n.description;
  for (const auto& g : r.target_groups) t += "\n" + g;
  t += "\n" + r.neighbourhood + "\n" + r.district;
  return Lower(t);
}

std::vector<std::string> IdsOf(const SearchResult& r) {
  std::vector<std::string> ids;
  for (const Hit& h : r.hits) ids.push_back(h.record.id);
  return ids;
}

SearchRequest Q(std::string q) {
  SearchRequest req;
  req.q = std::move(q);
  return req;
}

class RankingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = TestIndex::Sample().release();
    ASSERT_NE(index_, nullptr);
    searcher_ = index_->OpenSearcher().release();
    ASSERT_NE(searcher_, nullptr);
    records_ = new std::vector<Initiative>();
    for (const std::string& line : testing::ReadLines(testing::SamplePath())) {
      const std::string id = nlohmann::json::parse(line).at("id").get<std::string>();
      auto rec = searcher_->Get(id);
      ASSERT_TRUE(rec.ok()) << id << ": " << rec.status();
      records_->push_back(*rec);
    }
  }
  static void TearDownTestSuite() {
    delete records_;
    delete searcher_;
    delete index_;
    records_ = nullptr;
    searcher_ = nullptr;
    index_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(records_, nullptr) << "suite setup failed"; }

  static SearchResult Search(const SearchRequest& req) {
    auto r = searcher_->Search(req);
    EXPECT_TRUE(r.ok()) << "q=" << req.q << ": " << r.status();
    return r.ok() ? *r : SearchResult{};
  }

  // Every matching id, paging through with per_page=100; checks that total is exact.
  static IdSet AllIds(SearchRequest req) {
    req.per_page = 100;
    IdSet ids;
    uint64_t total = 0;
    for (req.page = 1; req.page <= 10; ++req.page) {
      SearchResult r = Search(req);
      total = r.total;
      EXPECT_TRUE(r.total_exact);
      for (const Hit& h : r.hits) EXPECT_TRUE(ids.insert(h.record.id).second) << h.record.id;
      if (r.hits.size() < 100) break;
    }
    EXPECT_EQ(ids.size(), total) << "q=" << req.q;
    return ids;
  }

  template <typename Pred>
  static IdSet Active(Pred pred) {
    IdSet ids;
    for (const Initiative& r : *records_) {
      if (r.status == InitiativeStatus::kActive && pred(r)) ids.insert(r.id);
    }
    return ids;
  }

  static const Initiative& Record(const std::string& id) {
    for (const Initiative& r : *records_) {
      if (r.id == id) return r;
    }
    ADD_FAILURE() << "no sample record " << id;
    static Initiative none;
    return none;
  }

  static TestIndex* index_;
  static Searcher* searcher_;
  static std::vector<Initiative>* records_;
};

TestIndex* RankingTest::index_ = nullptr;
Searcher* RankingTest::searcher_ = nullptr;
std::vector<Initiative>* RankingTest::records_ = nullptr;

IdSet Minus(const IdSet& a, const IdSet& b) {
  IdSet out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}
IdSet Intersect(const IdSet& a, const IdSet& b) {
  IdSet out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}
IdSet Union(const IdSet& a, const IdSet& b) {
  IdSet out = a;
  out.insert(b.begin(), b.end());
  return out;
}

// ---------------------------------------------------------------- German folding

TEST_F(RankingTest, FluechtlingeSpellingsFindTheSameInitiatives) {
  const IdSet base = AllIds(Q("Flüchtlinge"));
  const uint64_t base_total = Search(Q("Flüchtlinge")).total;
  // Active records with the word Flüchtlinge/Flüchtlingen in their text (read from the sample).
  const IdSet must = {"behoerdenbegleitung-neukoelln",
                      "fahrradwerkstatt-tempelhofer-feld",
                      "hellersdorf-hilft",
                      "psychosoziale-beratung-friedrichshain",
                      "refugees-on-rails",
                      "sprachcafe-graefekiez",
                      "willkommen-in-lichterfelde",
                      "willkommensbuendnis-spandau-altstadt",
                      "willkommenskreis-frohnau",
                      "wohnungsfinder-reinickendorf"};
  EXPECT_EQ(Minus(must, base), IdSet{});
  EXPECT_EQ(base.count("kleiderkammer-neukoelln-nord"), 0u) << "completed, not active";
  for (const std::string q : {"Flüchtlingen", "fluechtlinge", "FLUCHTLINGE", "Flu\u0308chtlinge",
                              "FLÜCHTLINGE", "flüchtlinge"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(AllIds(Q(q)), base);
    EXPECT_EQ(Search(Q(q)).total, base_total);
  }
}

TEST_F(RankingTest, StrasseFindsStrasseWithEszett) {
  const IdSet got = AllIds(Q("strasse"));
  // Every active record with "straße" (also inside a compound such as Turmstraße) in title,
  // summary or description must be found.
  const IdSet expected =
      Active([](const Initiative& r) { return Contains(MainText(r), "straße"); });
  ASSERT_EQ(expected.size(), 12u) << "sample changed?";
  EXPECT_EQ(Minus(expected, got), IdSet{});
  // And nothing is found that has neither spelling in any indexed text.
  for (const std::string& id : got) {
    const std::string all = AllText(Record(id));
    EXPECT_TRUE(Contains(all, "straße") || Contains(all, "strasse")) << id;
  }
  EXPECT_EQ(AllIds(Q("Straße")), got);
}

// ---------------------------------------------------------------- tiny indexes

TEST(RankingTiny, TitleOutweighsSummaryOutweighsDescription) {
  const std::string filler = "Wir treffen uns jede Woche im Kiez und freuen uns auf neue Gesichter";
  auto rec = [&](const std::string& id, const std::string& title, const std::string& summary,
                 const std::string& description) {
    return R"({"id":")" + id + R"(","language":"de","title":")" + title + R"(","summary":")" +
           summary + R"(","description":")" + description + "\"}\n";
  };
  // Same words everywhere except where the rare word sits; the order of lines is C, B, A so
  // that docid order cannot produce the expected ranking by accident.
  const std::string jsonl = rec("c", "Treffpunkt Nachbarschaft Garten", "Offener Treff " + filler,
                                "Quokkarettung " + filler) +
                            rec("b", "Treffpunkt Nachbarschaft Garten", "Quokkarettung " + filler,
                                "Offener Treff " + filler) +
                            rec("a", "Treffpunkt Quokkarettung Garten", "Offener Treff " + filler,
                                "Nachbarschaft " + filler);
  auto index = TestIndex::FromJsonl(jsonl);
  ASSERT_TRUE(index);
  auto s = index->OpenSearcher();
  ASSERT_TRUE(s);
  auto r = s->Search(Q("Quokkarettung"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(IdsOf(*r), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(r->total, 3u);
  ASSERT_EQ(r->hits.size(), 3u);
  EXPECT_GT(r->hits[0].score, r->hits[1].score);
  EXPECT_GT(r->hits[1].score, r->hits[2].score);
}

// Street names are compounds whose first part is usually a name missing from the decompounder
// lexicon (Bölsche-, Akazien-, Falckenstein-): q=strasse must still find "…straße".
TEST(RankingTiny, StrasseFindsStreetNamesWithUnknownFirstPart) {
  auto rec = [](const std::string& id, const std::string& description) {
    return R"({"id":")" + id +
           R"(","language":"de","title":"Nachbarschaftstreff","description":")" + description +
           "\"}\n";
  };
  auto index = TestIndex::FromJsonl(rec("turm", "Wir treffen uns in der Turmstraße.") +
                                    rec("boelsche", "Wir treffen uns in der Bölschestraße.") +
                                    rec("akazien", "Wir treffen uns in der Akazienstraße.") +
                                    rec("platz", "Wir treffen uns am Marktplatz."));
  ASSERT_TRUE(index);
  auto s = index->OpenSearcher();
  ASSERT_TRUE(s);
  for (const std::string q : {"strasse", "Straße"}) {
    auto r = s->Search(Q(q));
    ASSERT_TRUE(r.ok()) << r.status();
    std::vector<std::string> ids = IdsOf(*r);
    EXPECT_EQ(IdSet(ids.begin(), ids.end()), (IdSet{"turm", "boelsche", "akazien"})) << "q=" << q;
  }
}

TEST(RankingTiny, DocumentsWithAllWordsRankBeforeThoseWithSome) {
  auto rec = [](const std::string& id, const std::string& title) {
    return R"({"id":")" + id + R"(","language":"de","title":")" + title + "\"}\n";
  };
  // "only-apfel" repeats its word so that plain BM25 would favour it.
  const std::string jsonl = rec("only-apfel", "Apfel Apfel Apfel Apfel Apfel") +
                            rec("apfel-birne", "Apfel Birne Garten Verein") +
                            rec("all-three", "Apfel Birne Kirsche Garten Verein Treff") +
                            rec("none", "Fahrrad Werkstatt") + rec("only-kirsche", "Kirsche");
  auto index = TestIndex::FromJsonl(jsonl);
  ASSERT_TRUE(index);
  auto s = index->OpenSearcher();
  ASSERT_TRUE(s);
  auto r = s->Search(Q("Apfel Birne Kirsche"));
  ASSERT_TRUE(r.ok()) << r.status();
  const std::vector<std::string> ids = IdsOf(*r);
  ASSERT_EQ(ids.size(), 4u) << ::testing::PrintToString(ids);
  EXPECT_EQ(ids[0], "all-three");
  EXPECT_EQ(ids[1], "apfel-birne");
  // Both with one word are still returned, after the two-word one.
  EXPECT_EQ(IdSet(ids.begin() + 2, ids.end()), (IdSet{"only-apfel", "only-kirsche"}));
  EXPECT_EQ(r->total, 4u);
  // Scores are BM25 without the coverage bonus.
  for (const Hit& h : r->hits) EXPECT_LT(h.score, kCoverageBonus) << h.record.id;
}

TEST(RankingTiny, HighlightsEscapeHtmlOfTheRecord) {
  auto index = TestIndex::FromJsonl(
      R"({"id":"html","language":"en","title":"A <b>bold</b> & co","summary":"Bold \"quotes\" <script>x</script>"})"
      "\n");
  ASSERT_TRUE(index);
  auto s = index->OpenSearcher();
  ASSERT_TRUE(s);
  auto r = s->Search(Q("bold"));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].highlights.title, "A &lt;b&gt;<mark>bold</mark>&lt;/b&gt; &amp; co");
  EXPECT_EQ(r->hits[0].highlights.summary,
            "<mark>Bold</mark> &quot;quotes&quot; &lt;script&gt;x&lt;/script&gt;");
}

// ---------------------------------------------------------------- staff syntax

TEST_F(RankingTest, PhraseRequiresTheWordsInOrder) {
  const IdSet got = AllIds(Q("\"Ruby on Rails\""));
  EXPECT_TRUE(got.count("refugees-on-rails"));
  for (const std::string& id : got) {
    EXPECT_TRUE(Contains(AllText(Record(id)), "ruby on rails")) << id;
  }
  // Without quotes "Rails Ruby" matches too; as a phrase in that order nothing does.
  EXPECT_EQ(Search(Q("\"Rails Ruby\"")).total, 0u);
  EXPECT_TRUE(AllIds(Q("Rails Ruby")).count("refugees-on-rails"));
}

TEST_F(RankingTest, NegationExcludes) {
  const IdSet fl = AllIds(Q("Flüchtlinge"));
  const IdSet laptops = AllIds(Q("Laptops"));
  ASSERT_TRUE(laptops.count("refugees-on-rails"));
  const IdSet got = AllIds(Q("Flüchtlinge -Laptops"));
  EXPECT_EQ(got, Minus(fl, laptops));
  EXPECT_EQ(got.count("refugees-on-rails"), 0u);
  EXPECT_FALSE(got.empty());
}

TEST_F(RankingTest, StaffDistrictFilter) {
  const IdSet neukoelln = Active([](const Initiative& r) { return r.district == "Neukölln"; });
  ASSERT_GE(neukoelln.size(), 15u);
  EXPECT_EQ(AllIds(Q("bezirk:Neukölln")), neukoelln);
  EXPECT_EQ(AllIds(Q("bezirk:neukoelln")), neukoelln);
  EXPECT_EQ(AllIds(Q("Flüchtlinge bezirk:Neukölln")),
            Intersect(AllIds(Q("Flüchtlinge")), neukoelln));

  const IdSet fk =
      Active([](const Initiative& r) { return r.district == "Friedrichshain-Kreuzberg"; });
  ASSERT_GE(fk.size(), 15u);
  EXPECT_EQ(AllIds(Q("district:\"friedrichshain kreuzberg\"")), fk);
  EXPECT_EQ(AllIds(Q("bezirk:friedrichshain kreuzberg")), fk);
  EXPECT_EQ(AllIds(Q("bezirk:Friedrichshain-Kreuzberg")), fk);
}

TEST_F(RankingTest, StaffNeedAndTopicFilters) {
  const IdSet money = Active([](const Initiative& r) {
    return std::any_of(r.needs.begin(), r.needs.end(),
                       [](const schemas::Need& n) { return n.type == NeedType::kMoney; });
  });
  ASSERT_FALSE(money.empty());
  EXPECT_EQ(AllIds(Q("bedarf:geld")), money);
  EXPECT_EQ(AllIds(Q("need:money")), money);
  const IdSet education = Active([](const Initiative& r) {
    return std::find(r.topics.begin(), r.topics.end(), "education") != r.topics.end();
  });
  ASSERT_FALSE(education.empty());
  EXPECT_EQ(AllIds(Q("thema:bildung")), education);
  EXPECT_EQ(AllIds(Q("topic:education")), education);
  EXPECT_EQ(AllIds(Q("thema:bildung bedarf:geld")), Intersect(education, money));
}

TEST_F(RankingTest, StaffSyntaxErrorsNameQ) {
  for (const std::string q : {"bezirk:", "bezirk: Neukölln", "Flüchtlinge bezirk:"}) {
    EXPECT_THAT(searcher_->Search(Q(q)), IsInvalidField("q", HasSubstr("bezirk"))) << q;
  }
  auto r = searcher_->Search(Q("bezirk:Atlantis"));
  ASSERT_THAT(r, IsInvalidField("q", HasSubstr("Atlantis")));
  for (const geo::District& d : geo::Berlin::Get().districts()) {
    EXPECT_TRUE(Contains(r.status().message(), d.name)) << d.name << " missing in " << r.status();
  }
  for (const std::string q : {"bedarf:essen", "thema:kochen"}) {
    EXPECT_THAT(searcher_->Search(Q(q)), IsInvalidField("q")) << q;
  }
}

TEST_F(RankingTest, StaffSyntaxIsLenientWithAccidents) {
  for (const std::string q :
       {"\"unclosed", "-", ":", "a:b", "---", "\"\"", "- :", "foo: bar", "\"", "-\"\"", "::"}) {
    auto r = searcher_->Search(Q(q));
    EXPECT_TRUE(r.ok()) << "q=" << q << ": " << r.status();
  }
  EXPECT_TRUE(AllIds(Q("\"Ruby on Rails")).count("refugees-on-rails"));
  // A stray "-" changes nothing.
  EXPECT_EQ(AllIds(Q("Laptops -")), AllIds(Q("Laptops")));
}

// Issue 10 (found by fuzz/staff_syntax_fuzzer): a tab or newline is a space everywhere. "-"
// before one was an empty negation (hybrid search then dropped its semantic list), a quoted
// newline a phrase of nothing (nothing matched), kiez:"\n" a blank filter.
TEST(StaffSyntax, Issue10TabsAndNewlinesAreSpaces) {
  for (const std::string q : {"laptop -\t", "laptop -\n", "laptop \"\n\"", "laptop -\"\t\n\""}) {
    auto r = ParseStaffSyntax(q);
    ASSERT_TRUE(r.ok()) << q << ": " << r.status();
    EXPECT_EQ(r->words, "laptop") << q;
    EXPECT_TRUE(r->negated.empty()) << q;
    EXPECT_TRUE(r->phrases.empty()) << q;
  }
  EXPECT_FALSE(ParseStaffSyntax("kiez:\"\n\"").ok());
}

// ---------------------------------------------------------------- filters

TEST_F(RankingTest, DefaultIsActiveOnlyAndStatusFilterOrs) {
  const IdSet active = Active([](const Initiative&) { return true; });
  EXPECT_EQ(active.size(), 230u);
  SearchRequest browse;
  EXPECT_EQ(Search(browse).total, active.size());
  EXPECT_EQ(AllIds(browse), active);

  auto with_status = [&](std::vector<InitiativeStatus> st) {
    SearchRequest req;
    req.filters.statuses = std::move(st);
    return AllIds(req);
  };
  IdSet paused, completed;
  for (const Initiative& r : *records_) {
    if (r.status == InitiativeStatus::kPaused) paused.insert(r.id);
    if (r.status == InitiativeStatus::kCompleted) completed.insert(r.id);
  }
  EXPECT_EQ(paused.size(), 24u);
  EXPECT_EQ(completed.size(), 16u);
  EXPECT_EQ(with_status({InitiativeStatus::kPaused}), paused);
  EXPECT_EQ(with_status({InitiativeStatus::kPaused, InitiativeStatus::kCompleted}),
            Union(paused, completed));
  EXPECT_EQ(with_status({InitiativeStatus::kActive, InitiativeStatus::kPaused,
                         InitiativeStatus::kCompleted})
                .size(),
            270u);
  EXPECT_EQ(AllIds(Q("status:paused")), paused);
}

TEST_F(RankingTest, FilterValuesAreOredAndParametersAnded) {
  const IdSet mitte = Active([](const Initiative& r) { return r.district == "Mitte"; });
  const IdSet spandau = Active([](const Initiative& r) { return r.district == "Spandau"; });
  const IdSet volunteers = Active([](const Initiative& r) {
    return std::any_of(r.needs.begin(), r.needs.end(),
                       [](const schemas::Need& n) { return n.type == NeedType::kVolunteers; });
  });
  SearchRequest req;
  req.filters.districts = {"Mitte"};
  EXPECT_EQ(AllIds(req), mitte);
  req.filters.districts = {"Mitte", "Spandau"};
  EXPECT_EQ(AllIds(req), Union(mitte, spandau));
  req.filters.needs = {NeedType::kVolunteers};
  EXPECT_EQ(AllIds(req), Intersect(Union(mitte, spandau), volunteers));
  ASSERT_FALSE(Intersect(spandau, volunteers).empty());
  ASSERT_NE(Intersect(spandau, volunteers), spandau);
}

TEST_F(RankingTest, NeighbourhoodTopicLanguageFilters) {
  SearchRequest req;
  req.filters.neighbourhoods = {"Moabit"};
  const IdSet moabit =
      Active([](const Initiative& r) { return LooseKey(r.neighbourhood) == LooseKey("Moabit"); });
  ASSERT_GE(moabit.size(), 2u);
  EXPECT_TRUE(moabit.count("sprachcafe-turmstrasse"));
  EXPECT_EQ(AllIds(req), moabit);

  SearchRequest topic;
  topic.filters.topics = {"housing"};
  EXPECT_EQ(AllIds(topic), Active([](const Initiative& r) {
              return std::find(r.topics.begin(), r.topics.end(), "housing") != r.topics.end();
            }));

  for (const std::string lang : {"uk", "ar", "en", "tr", "fa"}) {
    SearchRequest l;
    l.filters.languages = {lang};
    const IdSet want = Active([&](const Initiative& r) { return r.language == lang; });
    ASSERT_FALSE(want.empty()) << lang;
    EXPECT_EQ(AllIds(l), want) << lang;
  }
}

TEST_F(RankingTest, NearWithRadiusKeepsInitiativesWithinTheDistance) {
  const geo::Postcode* pc = geo::Berlin::Get().FindPostcode("12047");
  ASSERT_NE(pc, nullptr);
  for (double radius : {1.5, 3.0}) {
    SCOPED_TRACE(radius);
    SearchRequest req;
    req.near = pc->centroid;
    req.radius_km = radius;
    const IdSet got = AllIds(req);
    EXPECT_TRUE(got.count("refugio"));
    // Xapian's great-circle metric uses a slightly different Earth radius: records within
    // 0.5 % of the boundary may fall either way, all others must not.
    IdSet inside, maybe;
    for (const Initiative& r : *records_) {
      if (r.status != InitiativeStatus::kActive || !r.location) continue;
      const double d = geo::DistanceKm(pc->centroid, *r.location);
      if (d <= radius * 0.995)
        inside.insert(r.id);
      else if (d <= radius * 1.005)
        maybe.insert(r.id);
    }
    EXPECT_GE(inside.size(), 2u);
    EXPECT_EQ(Minus(inside, got), IdSet{});
    EXPECT_EQ(Minus(got, Union(inside, maybe)), IdSet{});
    for (const Hit& h : Search(req).hits) {
      ASSERT_TRUE(h.distance_km.has_value()) << h.record.id;
      EXPECT_LE(*h.distance_km, radius * 1.005) << h.record.id;
    }
  }
}

// The filters exist twice: as Xapian queries (lexical search) and as checks over the in-memory
// caches (the vector scan's pre-filter, ranking/hybrid_search.cc). A client vector without q
// lists every initiative the caches let through, while total comes from Xapian, so AllIds
// (which requires ids == total) and equality with the lexical set tie the two together.
TEST_F(RankingTest, VectorPrefilterAllowsExactlyWhatTheLexicalFiltersAllow) {
  const geo::Postcode* pc = geo::Berlin::Get().FindPostcode("12047");
  ASSERT_NE(pc, nullptr);
  std::vector<SearchRequest> cases;
  auto add = [&](auto fill) {
    SearchRequest r;
    fill(r);
    cases.push_back(r);
  };
  add([](SearchRequest&) {});
  add([](SearchRequest& r) { r.filters.districts = {"Mitte", "Spandau"}; });
  add([](SearchRequest& r) { r.filters.neighbourhoods = {"Moabit", "Wedding"}; });
  // An Ortsteil and a Kiez of it: records of the Graefekiez carry both (issue 8).
  add([](SearchRequest& r) { r.filters.neighbourhoods = {"Kreuzberg"}; });
  add([](SearchRequest& r) { r.filters.neighbourhoods = {"Graefekiez"}; });
  add([](SearchRequest& r) { r.filters.needs = {NeedType::kMoney, NeedType::kSpace}; });
  add([](SearchRequest& r) {
    r.filters.topics = {"housing"};
    r.filters.languages = {"de", "uk"};
  });
  add([](SearchRequest& r) {
    r.filters.statuses = {InitiativeStatus::kPaused, InitiativeStatus::kCompleted};
  });
  add([](SearchRequest& r) { r.q = "bezirk:Neukölln bedarf:geld"; });
  add([](SearchRequest& r) { r.q = "status:paused"; });
  add([](SearchRequest& r) {
    r.q = "-sport";
    r.filters.districts = {"Pankow"};
  });
  add([&](SearchRequest& r) {
    r.near = pc->centroid;
    r.radius_km = 2.0;
  });
  std::vector<float> vector(256, 1.0f / 16);
  for (const SearchRequest& lexical : cases) {
    SCOPED_TRACE("q=" + lexical.q +
                 " districts=" + std::to_string(lexical.filters.districts.size()));
    SearchRequest by_vector = lexical;
    by_vector.mode = SearchMode::kHybrid;
    by_vector.vector = vector;
    const IdSet want = AllIds(lexical);
    EXPECT_FALSE(want.empty());
    EXPECT_EQ(AllIds(by_vector), want);
  }
}

// One Searcher per thread on the same index is the documented way to search concurrently.
// Browsing (no words) once built its query from Xapian::Query::MatchAll, a static object whose
// reference count is not atomic: searches in parallel corrupted it and crashed the server
// now and then (seen in server_test under load). Many parallel browses, each answer checked.
TEST_F(RankingTest, ParallelSearchersBrowseAndSearchSafely) {
  SearchRequest browse;
  browse.filters.districts = {"Spandau"};
  SearchRequest words = Q("Deutsch lernen");
  const uint64_t browse_total = Search(browse).total, words_total = Search(words).total;
  ASSERT_GT(browse_total, 0u);
  ASSERT_GT(words_total, 0u);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      std::unique_ptr<Searcher> own = index_->OpenSearcher();
      if (!own) {
        ++wrong;
        return;
      }
      for (int i = 0; i < 300; ++i) {
        auto a = own->Search(browse);
        auto b = own->Search(i % 2 ? words : SearchRequest{});
        if (!a.ok() || a->total != browse_total || !b.ok()) ++wrong;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

// ---------------------------------------------------------------- sorting and paging

TEST_F(RankingTest, SortNewestOrdersByCreatedDescending) {
  SearchRequest req;
  req.sort = SortOrder::kNewest;
  req.per_page = 100;
  std::vector<int64_t> created;
  for (req.page = 1; req.page <= 3; ++req.page) {
    for (const Hit& h : Search(req).hits) created.push_back(h.record.created_unix);
  }
  ASSERT_EQ(created.size(), 230u);
  EXPECT_TRUE(std::is_sorted(created.rbegin(), created.rend()));
  // The first page is the 100 newest active records.
  std::vector<int64_t> want;
  for (const Initiative& r : *records_) {
    if (r.status == InitiativeStatus::kActive) want.push_back(r.created_unix);
  }
  std::sort(want.rbegin(), want.rend());
  EXPECT_EQ(created, want);
  // With text, newest still decides.
  SearchRequest text = Q("Flüchtlinge");
  text.sort = SortOrder::kNewest;
  std::vector<int64_t> t;
  for (const Hit& h : Search(text).hits) t.push_back(h.record.created_unix);
  EXPECT_GE(t.size(), 5u);
  EXPECT_TRUE(std::is_sorted(t.rbegin(), t.rend()));
}

TEST_F(RankingTest, SortFundingGapDescending) {
  SearchRequest req;
  req.sort = SortOrder::kFundingGap;
  req.per_page = 100;
  std::vector<double> gaps;
  for (req.page = 1; req.page <= 3; ++req.page) {
    for (const Hit& h : Search(req).hits) gaps.push_back(h.record.FundingGap());
  }
  ASSERT_EQ(gaps.size(), 230u);
  EXPECT_TRUE(std::is_sorted(gaps.rbegin(), gaps.rend()));
  EXPECT_GT(gaps.front(), 0.0);
  double max_gap = 0;
  for (const Initiative& r : *records_) {
    if (r.status == InitiativeStatus::kActive) max_gap = std::max(max_gap, r.FundingGap());
  }
  EXPECT_DOUBLE_EQ(gaps.front(), max_gap);
}

TEST_F(RankingTest, SortDistanceAscending) {
  const geo::Postcode* pc = geo::Berlin::Get().FindPostcode("12047");
  ASSERT_NE(pc, nullptr);
  SearchRequest req;
  req.near = pc->centroid;
  req.radius_km = 5;
  req.sort = SortOrder::kDistance;
  req.per_page = 100;
  SearchResult r = Search(req);
  ASSERT_GE(r.hits.size(), 5u);
  std::vector<double> d;
  for (const Hit& h : r.hits) {
    ASSERT_TRUE(h.distance_km) << h.record.id;
    d.push_back(*h.distance_km);
  }
  EXPECT_TRUE(std::is_sorted(d.begin(), d.end())) << ::testing::PrintToString(d);
  // The nearest active record with a location comes first.
  double nearest = 1e9;
  for (const Initiative& x : *records_) {
    if (x.status == InitiativeStatus::kActive && x.location) {
      nearest = std::min(nearest, geo::DistanceKm(pc->centroid, *x.location));
    }
  }
  EXPECT_NEAR(d.front(), nearest, 1e-9);
  // Without near, sort=distance is refused.
  SearchRequest bad;
  bad.sort = SortOrder::kDistance;
  EXPECT_THAT(searcher_->Search(bad), IsInvalidField("sort"));
}

TEST_F(RankingTest, PagesContinueWithoutOverlap) {
  for (const std::string q : {"", "Deutsch", "Flüchtlinge Kinder"}) {
    SCOPED_TRACE(q);
    SearchRequest req = Q(q);
    req.per_page = 20;
    SearchResult all20 = Search(req);
    ASSERT_GE(all20.total, 12u);
    req.per_page = 10;
    SearchResult p1 = Search(req);
    req.page = 2;
    SearchResult p2 = Search(req);
    EXPECT_EQ(p1.total, all20.total);
    EXPECT_EQ(p2.total, all20.total);
    std::vector<std::string> joined = IdsOf(p1);
    for (const auto& id : IdsOf(p2)) joined.push_back(id);
    EXPECT_EQ(joined, IdsOf(all20));
    EXPECT_EQ(IdSet(joined.begin(), joined.end()).size(), joined.size());
    EXPECT_EQ(AllIds(Q(q)).size(), all20.total);
  }
  SearchRequest far;
  far.page = 100;
  EXPECT_TRUE(Search(far).hits.empty());
  EXPECT_EQ(Search(far).total, 230u);
}

// ---------------------------------------------------------------- facets

using Counts = std::map<std::string, uint64_t>;

Counts ToMap(const std::vector<std::pair<std::string, uint64_t>>& v) {
  return Counts(v.begin(), v.end());
}

TEST_F(RankingTest, FacetCountsAreExact) {
  auto expected = [&](auto pred) {
    std::map<FacetField, Counts> want;
    for (const Initiative& r : *records_) {
      if (r.status != InitiativeStatus::kActive || !pred(r)) continue;
      if (!r.district.empty()) ++want[FacetField::kDistrict][r.district];
      std::set<std::string> needs;
      for (const auto& n : r.needs) needs.insert(std::string(schemas::NeedTypeName(n.type)));
      for (const auto& n : needs) ++want[FacetField::kNeed][n];
      for (const auto& t : std::set<std::string>(r.topics.begin(), r.topics.end())) {
        ++want[FacetField::kTopic][t];
      }
      if (!r.language.empty()) ++want[FacetField::kLanguage][r.language];
    }
    return want;
  };
  auto check = [&](const SearchRequest& base, auto pred) {
    SearchRequest req = base;
    req.facets = {FacetField::kDistrict, FacetField::kNeed, FacetField::kTopic,
                  FacetField::kLanguage};
    SearchResult r = Search(req);
    auto want = expected(pred);
    ASSERT_FALSE(want[FacetField::kDistrict].empty());
    for (FacetField f : req.facets) {
      SCOPED_TRACE(std::string(FacetFieldName(f)));
      EXPECT_EQ(ToMap(r.facets[f]), want[f]);
      const auto& v = r.facets[f];
      EXPECT_TRUE(std::is_sorted(v.begin(), v.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
      }));
    }
  };
  {
    SCOPED_TRACE("browse");
    check(SearchRequest{}, [](const Initiative&) { return true; });
  }
  {
    SCOPED_TRACE("need=volunteers district=Spandau");
    SearchRequest req;
    req.filters.needs = {NeedType::kVolunteers};
    req.filters.districts = {"Spandau"};
    check(req, [](const Initiative& r) {
      return r.district == "Spandau" &&
             std::any_of(r.needs.begin(), r.needs.end(),
                         [](const schemas::Need& n) { return n.type == NeedType::kVolunteers; });
    });
  }
  {
    SCOPED_TRACE("q=Flüchtlinge");
    const IdSet fl = AllIds(Q("Flüchtlinge"));
    check(Q("Flüchtlinge"), [&](const Initiative& r) { return fl.count(r.id) > 0; });
  }
}

// ---------------------------------------------------------------- highlights, spelling, languages

TEST_F(RankingTest, HighlightsMarkFoldedMatches) {
  SearchRequest req = Q("fluechtlinge");
  req.per_page = 100;
  SearchResult r = Search(req);
  std::map<std::string, Highlights> by_id;
  for (const Hit& h : r.hits) by_id[h.record.id] = h.highlights;
  ASSERT_TRUE(by_id.count("willkommensbuendnis-spandau-altstadt"));
  ASSERT_TRUE(by_id.count("wohnungsfinder-reinickendorf"));
  ASSERT_TRUE(by_id.count("refugees-on-rails"));
  EXPECT_TRUE(
      Contains(by_id["willkommensbuendnis-spandau-altstadt"].summary, "<mark>Flüchtlingen</mark>"))
      << by_id["willkommensbuendnis-spandau-altstadt"].summary;
  EXPECT_TRUE(Contains(by_id["wohnungsfinder-reinickendorf"].summary, "<mark>Flüchtlingen</mark>"))
      << by_id["wohnungsfinder-reinickendorf"].summary;
  EXPECT_TRUE(Contains(by_id["refugees-on-rails"].description, "<mark>Flüchtlinge</mark>"))
      << by_id["refugees-on-rails"].description;
  // "Refugees" in this German record names the concept of Flüchtlinge (an English word in a
  // German text, ConceptLexicon::MatchText); concept matches are marked too (highlighter.h).
  EXPECT_EQ(by_id["refugees-on-rails"].title, "<mark>Refugees</mark> on Rails");
}

TEST_F(RankingTest, DidYouMeanForMisspeltWords) {
  for (const std::string q : {"Nachbarschft", "Fluechtlnge"}) {
    SCOPED_TRACE(q);
    SearchResult r = Search(Q(q));
    ASSERT_TRUE(r.did_you_mean.has_value());
    EXPECT_NE(*r.did_you_mean, q);
    EXPECT_FALSE(r.hits.empty());
    EXPECT_GT(r.total, 0u);
  }
  EXPECT_TRUE(Contains(Lower(*Search(Q("Nachbarschft")).did_you_mean), "nachbarschaft"));
  // A correctly spelt word gets no suggestion.
  EXPECT_FALSE(Search(Q("Nachbarschaft")).did_you_mean.has_value());
}

TEST_F(RankingTest, QueriesInEachLanguageFindTheirRecord) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"النساء", "frauencafe-leopoldplatz-ar"},   {"Український", "ukrainskyi-tsentr-mitte"},
      {"Kahvesi", "veli-kahvesi-wedding"},        {"مشاوره", "moshavere-farsi-moabit"},
      {"Asylum", "asylum-law-clinic-tiergarten"},
  };
  for (const auto& [q, id] : cases) {
    SCOPED_TRACE(q);
    EXPECT_TRUE(Contains(Record(id).title, q)) << "the word comes from the record's title";
    EXPECT_TRUE(AllIds(Q(q)).count(id));
  }
}

TEST_F(RankingTest, GetJsonAndNotFound) {
  auto json = searcher_->GetJson("refugio");
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_TRUE(Contains(*json, "\"id\":\"refugio\"")) << *json;
  auto rec = searcher_->Get("refugio");
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->postcode, "12047");
  ASSERT_TRUE(rec->location);
  EXPECT_DOUBLE_EQ(rec->location->lat, 52.4905);

  EXPECT_THAT(searcher_->GetJson("no-such-initiative"), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(searcher_->Get("no-such-initiative"), StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(searcher_->DocCount(), 270u);
}

}  // namespace
}  // namespace hilfsnetz::ranking
