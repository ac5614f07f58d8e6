// facets=neighbourhood (counts per Ortsteil) and sums=funding_gap_eur (open EUR over the
// match set and per facet bucket) over the sample corpus. Expected values are computed here
// from data/sample/initiatives.jsonl itself (the raw needs; the Ortsteil from the record's
// neighbourhood and the shipped Kiez table), never from the facet cache, plus a few numbers
// checked by hand against the file.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/loose_key.h"
#include "geo/berlin.h"
#include "ranking/searcher.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::ranking {
namespace {

using nlohmann::json;
using testing::TestIndex;

// One sample line as this test reads it.
struct Row {
  std::string id;
  std::string district;  // canonical, as the searcher stores it (spelling variants, postcodes)
  std::string ortsteil;  // "" when the neighbourhood is no Ortsteil nor a Kiez of one
  std::set<std::string> needs;
  bool active = false;
  int64_t open_cents = 0;
};

// Σ over money needs of max(0, amount − raised), in cents (the sample's amounts are whole).
int64_t OpenCents(const json& line) {
  double eur = 0;
  for (const json& n : line.value("needs", json::array())) {
    if (n.at("type") != "money" || !n.contains("amount_eur")) continue;
    const double gap = n["amount_eur"].get<double>() - n.value("raised_eur", 0.0);
    if (gap > 0) eur += gap;
  }
  return std::llround(eur * 100);
}

std::string OrtsteilOf(const std::string& neighbourhood, const std::string& district) {
  const geo::Berlin& berlin = geo::Berlin::Get();
  if (const geo::Ortsteil* o = berlin.FindOrtsteil(neighbourhood)) return o->name;
  const geo::Kiez* k = berlin.FindKiez(neighbourhood);
  return k && k->district == district ? k->ortsteil : "";
}

class FacetSumsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = TestIndex::Sample().release();
    ASSERT_NE(index_, nullptr);
    searcher_ = index_->OpenSearcher().release();
    ASSERT_NE(searcher_, nullptr);
    rows_ = new std::vector<Row>();
    for (const std::string& text : testing::ReadLines(testing::SamplePath())) {
      const json line = json::parse(text);
      Row row;
      row.id = line.at("id");
      auto stored = searcher_->Get(row.id);
      ASSERT_TRUE(stored.ok()) << row.id;
      row.district = stored->district;
      row.ortsteil = OrtsteilOf(line.value("neighbourhood", ""), row.district);
      for (const json& n : line.value("needs", json::array())) row.needs.insert(n.at("type"));
      row.active = line.value("status", "active") == "active";
      row.open_cents = OpenCents(line);
      rows_->push_back(row);
    }
  }
  static void TearDownTestSuite() {
    delete rows_;
    delete searcher_;
    delete index_;
    rows_ = nullptr;
    searcher_ = nullptr;
    index_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(rows_, nullptr) << "suite setup failed"; }

  static SearchResult Search(const SearchRequest& req) {
    auto r = searcher_->Search(req);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : SearchResult{};
  }

  // A request for active initiatives with any need (the staff map's), with `facets`.
  static SearchRequest AnyNeed(std::vector<FacetField> facets) {
    SearchRequest req;
    req.filters.needs = {schemas::NeedType::kMoney,      schemas::NeedType::kGoods,
                         schemas::NeedType::kVolunteers, schemas::NeedType::kExpertise,
                         schemas::NeedType::kSpace,      schemas::NeedType::kJobs};
    req.facets = std::move(facets);
    req.per_page = 1;
    return req;
  }

  static TestIndex* index_;
  static Searcher* searcher_;
  static std::vector<Row>* rows_;
};

TestIndex* FacetSumsTest::index_ = nullptr;
Searcher* FacetSumsTest::searcher_ = nullptr;
std::vector<Row>* FacetSumsTest::rows_ = nullptr;

template <typename V>
std::map<std::string, V> ToMap(const std::vector<std::pair<std::string, V>>& v) {
  return std::map<std::string, V>(v.begin(), v.end());
}

TEST_F(FacetSumsTest, NeighbourhoodFacetCountsEachOrtsteilWithItsKieze) {
  std::map<std::string, uint64_t> want;
  for (const Row& r : *rows_) {
    if (r.active && !r.needs.empty() && !r.ortsteil.empty()) ++want[r.ortsteil];
  }
  const SearchResult res = Search(AnyNeed({FacetField::kNeighbourhood, FacetField::kDistrict}));
  const auto got = ToMap(res.facets.at(FacetField::kNeighbourhood));
  EXPECT_EQ(got, want);
  // By hand from the file: Neukölln 14 records; Kreuzberg 11 named so, minus one paused, plus
  // the Wrangelkiez and the Graefekiez; every active record with a need lies in an Ortsteil.
  EXPECT_EQ(got.at("Neukölln"), 14u);
  EXPECT_EQ(got.at("Kreuzberg"), 12u);
  EXPECT_FALSE(got.count("Wrangelkiez"));
  uint64_t placed = 0;
  for (const auto& [name, n] : got) placed += n;
  EXPECT_EQ(placed, 230u);
  EXPECT_EQ(res.total, 230u);
  // Each count is what the filter neighbourhood=<Ortsteil> finds (the map's link), for all 96.
  ASSERT_EQ(geo::Berlin::Get().ortsteile().size(), 96u);
  for (const geo::Ortsteil& o : geo::Berlin::Get().ortsteile()) {
    SearchRequest one = AnyNeed({FacetField::kDistrict});
    one.filters.neighbourhoods = {o.name};
    EXPECT_EQ(Search(one).total, got.count(o.name) ? got.at(o.name) : 0u) << o.name;
  }
}

TEST_F(FacetSumsTest, FundingGapSumsAreExactOverAllAndPerBucket) {
  SearchRequest req = AnyNeed(
      {FacetField::kDistrict, FacetField::kNeed, FacetField::kNeighbourhood, FacetField::kStatus});
  req.filters.needs.clear();  // every active initiative
  req.sums = {SumField::kFundingGapEur};
  const SearchResult res = Search(req);
  ASSERT_EQ(res.sums.size(), 1u);
  const SearchResult::Sum& sum = res.sums.at(SumField::kFundingGapEur);

  int64_t total = 0;
  std::map<FacetField, std::map<std::string, int64_t>> want;
  for (const Row& r : *rows_) {
    if (!r.active) continue;
    total += r.open_cents;
    if (!r.district.empty()) want[FacetField::kDistrict][r.district] += r.open_cents;
    if (!r.ortsteil.empty()) want[FacetField::kNeighbourhood][r.ortsteil] += r.open_cents;
    for (const std::string& n : r.needs) want[FacetField::kNeed][n] += r.open_cents;
    want[FacetField::kStatus]["active"] += r.open_cents;
  }
  EXPECT_EQ(sum.total_cents, total);
  EXPECT_EQ(sum.total_cents, 93542000) << "935,420 EUR open, summed by hand from the file";
  for (FacetField f : req.facets) {
    SCOPED_TRACE(std::string(FacetFieldName(f)));
    ASSERT_TRUE(sum.facets.count(f));
    const auto& buckets = sum.facets.at(f);
    // The same buckets as the counts, in their order.
    ASSERT_EQ(buckets.size(), res.facets.at(f).size());
    for (size_t i = 0; i < buckets.size(); ++i) {
      EXPECT_EQ(buckets[i].first, res.facets.at(f)[i].first);
    }
    // A bucket of zero EUR (say, a need type whose records need no money) is listed with 0.
    std::map<std::string, int64_t> got = ToMap(buckets), expected;
    for (const auto& [value, cents] : want[f]) {
      if (got.count(value)) expected[value] = cents;
    }
    EXPECT_EQ(got, expected);
    EXPECT_EQ(got.size(), want[f].size());
  }
  EXPECT_EQ(ToMap(sum.facets.at(FacetField::kNeed)).at("money"), total);
  EXPECT_EQ(ToMap(sum.facets.at(FacetField::kNeighbourhood)).at("Schöneberg"), 36558000);
}

TEST_F(FacetSumsTest, SumsWithoutFacetsAndInHybridModeAgree) {
  SearchRequest req;
  req.filters.districts = {"Neukölln"};
  req.sums = {SumField::kFundingGapEur};
  int64_t want = 0;
  for (const Row& r : *rows_) {
    if (r.active && r.district == "Neukölln") want += r.open_cents;
  }
  const SearchResult lexical = Search(req);
  EXPECT_TRUE(lexical.total_exact);
  EXPECT_EQ(lexical.sums.at(SumField::kFundingGapEur).total_cents, want);
  EXPECT_TRUE(lexical.sums.at(SumField::kFundingGapEur).facets.empty());
  req.mode = SearchMode::kHybrid;
  EXPECT_EQ(Search(req).sums.at(SumField::kFundingGapEur).total_cents, want);
  // Without sums asked for, none is given.
  req.sums.clear();
  EXPECT_TRUE(Search(req).sums.empty());
}

// Cents add up exactly where doubles would not (0.1 + 0.2 ≠ 0.3): ten records of 0.10 EUR
// and one of 1,234,567.89 EUR open.
TEST(FacetSumsTiny, CentsAddUpExactly) {
  std::string jsonl;
  for (int i = 0; i < 10; ++i) {
    jsonl += R"({"id":"c)" + std::to_string(i) +
             R"(","title":"Kleiner Rest","summary":"Ein kleiner Rest","district":"Mitte",)"
             R"("needs":[{"type":"money","amount_eur":1.3,"raised_eur":1.2}]})"
             "\n";
  }
  jsonl += R"({"id":"big","title":"Großes Haus","summary":"Ein großes Haus","district":"Mitte",)"
           R"("needs":[{"type":"money","amount_eur":1234567.89}]})"
           "\n";
  auto index = TestIndex::FromJsonl(jsonl);
  ASSERT_TRUE(index);
  auto s = index->OpenSearcher();
  ASSERT_TRUE(s);
  SearchRequest req;
  req.facets = {FacetField::kDistrict};
  req.sums = {SumField::kFundingGapEur};
  auto r = s->Search(req);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->sums.at(SumField::kFundingGapEur).total_cents, 123456889);
  EXPECT_EQ(
      ToMap(r->sums.at(SumField::kFundingGapEur).facets.at(FacetField::kDistrict)).at("Mitte"),
      123456889);
}

}  // namespace
}  // namespace hilfsnetz::ranking

namespace hilfsnetz::ranking {
namespace {

// Ordered by relevance, facet counts and the total come from a second, unweighted match
// (QueryPlan::match_query) beside the pruned one that gives the page. They must be those of
// every document the search finds: here counted from the records themselves, read page by page
// in another order (newest first, one match that sees everything), for queries of every shape
// the plan builds (one word, several with the coverage bonus, related concepts, a phrase, a
// negation, staff syntax, a correction, a prefix, words only some records have).
TEST_F(FacetSumsTest, RankedCountsAreThoseOfEveryMatch) {
  for (const char* q :
       {"deutschkurs", "Deutsch lernen", "Kleiderkammer Spandau", "Fahrradwerkstatt",
        "\"Ruby on Rails\"", "Flüchtlinge -Laptops", "bezirk:Neukölln Sprachcafé", "Nachbarschft",
        "der die das", "laptops kinder rechtsberatung", "xylofonia deutschkurs"}) {
    SCOPED_TRACE(q);
    SearchRequest ranked;
    ranked.q = q;
    ranked.facets = {FacetField::kDistrict, FacetField::kNeed};
    ranked.sums = {SumField::kFundingGapEur};
    const SearchResult r = Search(ranked);
    EXPECT_TRUE(r.total_exact);

    std::map<std::string, uint64_t> districts, needs;
    std::set<std::string> ids;
    SearchRequest listed;
    listed.q = q;
    listed.sort = SortOrder::kNewest;
    listed.per_page = 100;
    for (listed.page = 1;; ++listed.page) {
      const SearchResult page = Search(listed);
      for (const Hit& h : page.hits) {
        ids.insert(h.record.id);
        if (!h.record.district.empty()) ++districts[h.record.district];
        std::set<std::string> types;
        for (const schemas::Need& n : h.record.needs) {
          types.insert(std::string(schemas::NeedTypeName(n.type)));
        }
        for (const std::string& t : types) ++needs[t];
      }
      if (page.hits.size() < 100) break;
    }
    EXPECT_EQ(r.total, ids.size());
    std::map<std::string, uint64_t> got_districts(r.facets.at(FacetField::kDistrict).begin(),
                                                  r.facets.at(FacetField::kDistrict).end());
    std::map<std::string, uint64_t> got_needs(r.facets.at(FacetField::kNeed).begin(),
                                              r.facets.at(FacetField::kNeed).end());
    EXPECT_EQ(got_districts, districts);
    EXPECT_EQ(got_needs, needs);
    int64_t cents = 0;
    for (const Row& row : *rows_) {
      if (ids.count(row.id)) cents += row.open_cents;
    }
    EXPECT_EQ(r.sums.at(SumField::kFundingGapEur).total_cents, cents);
  }
}

}  // namespace
}  // namespace hilfsnetz::ranking

namespace hilfsnetz::ranking {
namespace {

// A search without words is answered from the snapshot's bitsets (ranking/browse_index.h). It
// must give what Xapian's filtered match gives: the same request with a negated word no record
// holds takes that path (a negation is not browsed) and matches the same documents. Same ids in
// the same order on every page, same total, facet counts and sums.
TEST_F(FacetSumsTest, BrowsingGivesWhatTheMatchGives) {
  auto filtered = [](auto set) {
    SearchRequest r;
    set(r);
    return r;
  };
  const std::vector<SearchRequest> requests = {
      filtered([](SearchRequest&) {}),
      filtered([](SearchRequest& r) { r.filters.districts = {"Neukölln"}; }),
      filtered([](SearchRequest& r) {
        r.filters.districts = {"Mitte", "Pankow"};
        r.filters.needs = {schemas::NeedType::kVolunteers};
      }),
      filtered([](SearchRequest& r) {
        r.filters.topics = {"education", "arrival"};
      }),
      filtered([](SearchRequest& r) {
        r.filters.languages = {"en", "ar"};
      }),
      filtered([](SearchRequest& r) {
        r.filters.neighbourhoods = {"Moabit", "Wedding"};
      }),
      filtered([](SearchRequest& r) {
        r.filters.statuses = {schemas::InitiativeStatus::kPaused,
                              schemas::InitiativeStatus::kCompleted};
      }),
      filtered([](SearchRequest& r) { r.q = "bezirk:Neukölln bedarf:geld"; }),
      filtered([](SearchRequest& r) { r.q = "status:paused"; }),
      filtered([](SearchRequest& r) { r.filters.districts = {"Atlantis"}; }),
  };
  for (size_t i = 0; i < requests.size(); ++i) {
    for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest}) {
      for (bool all_facets : {false, true}) {
        for (int page : {1, 2, 40}) {
          SCOPED_TRACE(::testing::Message() << "request " << i << " sort " << static_cast<int>(sort)
                                            << " all_facets " << all_facets << " page " << page);
          SearchRequest browse = requests[i];
          browse.sort = sort;
          browse.page = page;
          browse.per_page = 7;
          browse.facets = {FacetField::kDistrict, FacetField::kNeed, FacetField::kTopic,
                           FacetField::kLanguage, FacetField::kStatus};
          if (all_facets) {
            browse.facets.push_back(FacetField::kNeighbourhood);
            browse.sums = {SumField::kFundingGapEur};
          }
          SearchRequest matched = browse;
          matched.q += " -xylofoniaquarz";
          const SearchResult a = Search(browse), b = Search(matched);
          std::vector<std::string> ids_a, ids_b;
          for (const Hit& h : a.hits) ids_a.push_back(h.record.id);
          for (const Hit& h : b.hits) ids_b.push_back(h.record.id);
          EXPECT_EQ(ids_a, ids_b);
          EXPECT_EQ(a.total, b.total);
          EXPECT_TRUE(a.total_exact);
          EXPECT_EQ(a.facets, b.facets);
          EXPECT_EQ(a.sums, b.sums);
          if (i == 0 && page == 1) {
            EXPECT_EQ(ids_a.size(), 7u);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace hilfsnetz::ranking
