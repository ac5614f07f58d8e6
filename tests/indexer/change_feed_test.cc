// Caches patched from the writer's change feed (core/change_feed.h) must answer exactly as
// caches rebuilt from every document: after writes of every kind through indexer::LiveWriter,
// a searcher that was open before (and patched its facet columns and vectors from the changed
// documents) and a searcher opened afresh give the same totals, facet counts, hits,
// recommendations and similar initiatives.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/change_feed.h"
#include "indexer/live_writer.h"
#include "ranking/facet_cache.h"
#include "ranking/index_snapshot.h"
#include "ranking/searcher.h"
#include "ranking/semantic_index.h"
#include "schemas/codec/company_codec.h"
#include "tests/support/test_index.h"

namespace hilfsnetz {
namespace {

using ranking::FacetField;

ranking::SearchRequest AllFacets(const std::string& q) {
  ranking::SearchRequest r;
  r.q = q;
  r.per_page = 20;
  r.filters.statuses = {schemas::InitiativeStatus::kActive, schemas::InitiativeStatus::kPaused,
                        schemas::InitiativeStatus::kCompleted};
  r.facets = {FacetField::kDistrict, FacetField::kNeed,   FacetField::kTopic,
              FacetField::kLanguage, FacetField::kStatus, FacetField::kNeighbourhood};
  r.sums = {ranking::SumField::kFundingGapEur};
  return r;
}

std::vector<std::string> Ids(const ranking::SearchResult& r) {
  std::vector<std::string> ids;
  for (const ranking::Hit& h : r.hits) ids.push_back(h.record.id);
  return ids;
}

void ExpectSameAnswers(ranking::Searcher& patched, ranking::Searcher& rebuilt) {
  for (const char* q : {"", "deutschkurs", "laptops kleiderkammer", "xylofonia"}) {
    SCOPED_TRACE(q);
    for (ranking::SearchMode mode : {ranking::SearchMode::kLexical, ranking::SearchMode::kHybrid}) {
      ranking::SearchRequest req = AllFacets(q);
      req.mode = mode;
      auto a = patched.Search(req);
      auto b = rebuilt.Search(req);
      ASSERT_TRUE(a.ok() && b.ok());
      EXPECT_EQ(a->total, b->total);
      EXPECT_EQ(a->facets, b->facets);
      EXPECT_EQ(a->sums, b->sums);
      EXPECT_EQ(Ids(*a), Ids(*b));
    }
  }
  // Browses counted from the bitsets per value (no Ortsteil facet, no sums), on every page.
  for (const char* q : {"", "bezirk:Neukölln", "bedarf:geld status:paused"}) {
    for (int page = 1; page <= 3; ++page) {
      SCOPED_TRACE(::testing::Message() << q << " page " << page);
      ranking::SearchRequest req;
      req.q = q;
      req.page = page;
      req.per_page = 9;
      req.facets = {FacetField::kDistrict, FacetField::kNeed, FacetField::kTopic,
                    FacetField::kLanguage, FacetField::kStatus};
      auto a = patched.Search(req);
      auto b = rebuilt.Search(req);
      ASSERT_TRUE(a.ok() && b.ok());
      EXPECT_EQ(a->total, b->total);
      EXPECT_EQ(a->facets, b->facets);
      EXPECT_EQ(Ids(*a), Ids(*b));
    }
  }
  ranking::SearchRequest paused = AllFacets("");
  paused.filters.statuses = {schemas::InitiativeStatus::kPaused};
  paused.filters.needs = {schemas::NeedType::kMoney};
  auto a = patched.Search(paused);
  auto b = rebuilt.Search(paused);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->total, b->total);
  EXPECT_EQ(Ids(*a), Ids(*b));

  const schemas::ParsedCompany company = schemas::ParseCompanyProfile(
      R"({"name":"IT GmbH","district":"Neukölln","limit":10,"offers":[{"type":"goods",)"
      R"("description":"gebrauchte Laptops"},{"type":"money","amount_eur":5000}]})");
  ASSERT_TRUE(company.ok());
  auto ra = patched.Recommend(company.profile);
  auto rb = rebuilt.Recommend(company.profile);
  ASSERT_TRUE(ra.ok() && rb.ok());
  ASSERT_EQ(ra->size(), rb->size());
  for (size_t i = 0; i < ra->size(); ++i) {
    EXPECT_EQ((*ra)[i].record.id, (*rb)[i].record.id) << i;
    // Newness and urgency decay with the clock (seconds): the two calls may fall in two
    // seconds, which moves a total by ~1e-10. Anything a cache could get wrong moves it more.
    EXPECT_NEAR((*ra)[i].components.total, (*rb)[i].components.total, 1e-8) << i;
  }
  auto sa = patched.Similar("kiezkueche-xylofonia", 5);
  auto sb = rebuilt.Similar("kiezkueche-xylofonia", 5);
  ASSERT_TRUE(sa.ok() && sb.ok()) << sa.status() << sb.status();
  ASSERT_EQ(sa->size(), sb->size());
  for (size_t i = 0; i < sa->size(); ++i) {
    EXPECT_EQ((*sa)[i].record.id, (*sb)[i].record.id) << i;
    EXPECT_DOUBLE_EQ((*sa)[i].score, (*sb)[i].score) << i;
  }
}

// Writes of every kind, each its own commit: a new record (in a Kiez, with money and goods
// needs), a merge patch of status and needs, two deletes, and a bulk of an upsert of a new
// record, a delete and a replace. `ids`: at least six existing ids.
void Write(indexer::LiveWriter& writer, const std::vector<std::string>& ids) {
  // New records (a new Kiez, a new district of need), a patch of status and needs, deletes,
  // and a bulk, each its own commit.
  auto put = writer.Put(
      "kiezkueche-xylofonia",
      R"({"title":"Kiezküche Xylofonia","summary":"Wir kochen mit Geflüchteten und brauchen )"
      R"(Laptops für den Deutschkurs.","neighbourhood":"Schillerkiez","topics":["poverty","education"],)"
      R"("needs":[{"type":"money","description":"Herd","amount_eur":3000,"raised_eur":100},)"
      R"({"type":"goods","description":"Laptops","quantity":4}]})",
      "");
  ASSERT_TRUE(put.ok()) << put.error.status;
  auto patch = writer.Patch(
      ids[0],
      R"({"status":"paused","needs":[{"type":"money","description":"Miete","amount_eur":900}]})",
      "");
  ASSERT_TRUE(patch.ok()) << patch.error.status;
  ASSERT_TRUE(writer.Delete(ids[1], "").ok());
  ASSERT_TRUE(writer.Delete(ids[2], "").ok());
  auto bulk = writer.Bulk(
      std::string(R"({"upsert":{"id":"bulk-quarzelia","title":"Fahrradwerkstatt Quarzelia",)") +
      R"("district":"Spandau","needs":[{"type":"volunteers","description":"Schrauber"}]}})" + "\n" +
      R"({"delete":")" + ids[3] + "\"}\n" + R"({"upsert":{"id":")" + ids[4] +
      R"(","title":"Neu geschrieben","district":"Pankow"}})" + "\n");
  ASSERT_TRUE(bulk.ok()) << bulk.error.status;
  EXPECT_EQ(bulk.value->rejected, 0u);
}

TEST(ChangeFeed, PatchedCachesAnswerAsRebuiltOnes) {
  auto index = testing::TestIndex::Sample();
  ASSERT_TRUE(index);
  auto patched = index->OpenSearcher();  // caches built before the writes
  ASSERT_TRUE(patched);
  auto writer = indexer::LiveWriter::Open(index->dir());
  ASSERT_TRUE(writer.ok()) << writer.status();
  const std::vector<std::string> ids = Ids(*patched->Search(AllFacets("")));
  ASSERT_GE(ids.size(), 6u);

  Write(**writer, ids);

  const ranking::IndexSnapshot::Stats before = ranking::IndexSnapshot::GetStats();
  ASSERT_TRUE(patched->Refresh().ok());
  EXPECT_EQ(ranking::IndexSnapshot::GetStats().patched, before.patched + 1)
      << "the searcher patched the snapshot";
  ASSERT_TRUE(patched->Search(AllFacets("")).ok());
  EXPECT_EQ(ranking::IndexSnapshot::GetStats().browse_patched, before.browse_patched + 1)
      << "the browse before the writes is patched, not read again";
  // Caches built from every document: on a copy of the directory, as a searcher of the same
  // directory would share the patched snapshot.
  testing::TempDir copy;
  std::filesystem::copy(index->dir(), copy.Path("index"), std::filesystem::copy_options::recursive);
  auto rebuilt = ranking::Searcher::Open(copy.Path("index"), {});
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ(ranking::IndexSnapshot::GetStats().built, before.built + 1);
  ExpectSameAnswers(*patched, **rebuilt);

  // The patched searcher sees the writes (not only agrees with a rebuild that might miss them).
  auto found = patched->Search(AllFacets("xylofonia"));
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(Ids(*found), std::vector<std::string>{"kiezkueche-xylofonia"});
  // Its Kiez counts in its Ortsteil, its open EUR (3,000 − 100) in the sums.
  using Buckets = std::vector<std::pair<std::string, uint64_t>>;
  EXPECT_EQ(found->facets[FacetField::kNeighbourhood], (Buckets{{"Neukölln", 1}}));
  const ranking::SearchResult::Sum& sum = found->sums.at(ranking::SumField::kFundingGapEur);
  EXPECT_EQ(sum.total_cents, 290000);
  using Cents = std::vector<std::pair<std::string, int64_t>>;
  EXPECT_EQ(sum.facets.at(FacetField::kNeighbourhood), (Cents{{"Neukölln", 290000}}));
}

// The searchers of one directory (a server's pool) share one snapshot per revision: after a
// commit the first to refresh patches it, the others take that one, and all answer the same.
TEST(ChangeFeed, SearchersShareOneSnapshotPerRevision) {
  auto index = testing::TestIndex::Sample();
  ASSERT_TRUE(index);
  const ranking::IndexSnapshot::Stats opened = ranking::IndexSnapshot::GetStats();
  std::vector<std::unique_ptr<ranking::Searcher>> pool;
  for (int i = 0; i < 4; ++i) {
    pool.push_back(index->OpenSearcher());
    ASSERT_TRUE(pool.back());
  }
  ranking::IndexSnapshot::Stats now = ranking::IndexSnapshot::GetStats();
  EXPECT_EQ(now.built, opened.built + 1);
  EXPECT_EQ(now.shared, opened.shared + 3);
  {
    auto writer = indexer::LiveWriter::Open(index->dir());
    ASSERT_TRUE(writer.ok()) << writer.status();
    auto put =
        (*writer)->Put("xylofonia", R"({"title":"Xylofonia Kiezladen","district":"Spandau"})", "");
    ASSERT_TRUE(put.ok()) << put.error.status;
  }
  const ranking::IndexSnapshot::Stats written = ranking::IndexSnapshot::GetStats();
  for (auto& s : pool) ASSERT_TRUE(s->Refresh().ok());
  now = ranking::IndexSnapshot::GetStats();
  EXPECT_EQ(now.built, written.built) << "no searcher read every document again";
  EXPECT_EQ(now.patched, written.patched + 1);
  EXPECT_EQ(now.shared, written.shared + 3);
  for (auto& s : pool) {
    ranking::SearchRequest req = AllFacets("xylofonia");
    auto r = s->Search(req);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(Ids(*r), std::vector<std::string>{"xylofonia"});
    using Buckets = std::vector<std::pair<std::string, uint64_t>>;
    EXPECT_EQ(r->facets[FacetField::kDistrict], (Buckets{{"Spandau", 1}}));
  }
}

}  // namespace
}  // namespace hilfsnetz

namespace hilfsnetz {
namespace {

// The patches themselves, against rebuilds on the same revision: every document's facet
// values, the need bitsets and active shares; every document's vector (the patched matrix may
// order rows differently and keep removed ones as dead rows).
TEST(ChangeFeed, PatchedFacetsAndVectorsAreTheRebuiltOnes) {
  auto index = testing::TestIndex::Sample();
  ASSERT_TRUE(index);
  auto searcher = index->OpenSearcher();
  ASSERT_TRUE(searcher);
  const std::string path = index->dir() + "/" + searcher->generation();
  const std::vector<std::string> ids = Ids(*searcher->Search(AllFacets("")));
  Xapian::Database before(path);
  const ranking::FacetCache old_facets(before);
  auto old_vectors = ranking::SemanticIndex::Load(path, before);
  ASSERT_TRUE(old_vectors.ok() && *old_vectors);
  {
    auto writer = indexer::LiveWriter::Open(index->dir());
    ASSERT_TRUE(writer.ok()) << writer.status();
    Write(**writer, ids);
  }
  Xapian::Database now(path);
  const auto changed =
      ChangeFeed::Global().Changed(path, before.get_revision(), now.get_revision());
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->size(), 7u) << "2 added, 2 replaced, 3 deleted";
  const std::vector<Xapian::docid> docs(changed->begin(), changed->end());

  const ranking::FacetCache patched = ranking::FacetCache::Patched(old_facets, now, docs);
  const ranking::FacetCache rebuilt(now);
  auto name = [](const ranking::FacetCache& c, FacetField f, uint16_t code) {
    return code == 0 ? std::string() : c.Names(f)[code];
  };
  for (Xapian::docid d = 1; d <= now.get_lastdocid(); ++d) {
    SCOPED_TRACE(d);
    bool present = true;
    try {
      now.get_document(d);
    } catch (const Xapian::DocNotFoundError&) {
      present = false;
    }
    if (!present) continue;  // a deleted document is never matched, so never counted
    const auto* p = patched.Find(d);
    const auto* r = rebuilt.Find(d);
    ASSERT_TRUE(p && r);
    EXPECT_EQ(name(patched, FacetField::kDistrict, p->district),
              name(rebuilt, FacetField::kDistrict, r->district));
    EXPECT_EQ(name(patched, FacetField::kLanguage, p->language),
              name(rebuilt, FacetField::kLanguage, r->language));
    EXPECT_EQ(name(patched, FacetField::kStatus, p->status),
              name(rebuilt, FacetField::kStatus, r->status));
    std::set<std::string> pn, rn, pt, rt;
    for (uint16_t c = 1; c < 32; ++c) {
      if ((p->needs >> c) & 1u) pn.insert(name(patched, FacetField::kNeed, c));
      if ((r->needs >> c) & 1u) rn.insert(name(rebuilt, FacetField::kNeed, c));
    }
    for (uint16_t c = 1; c < 64; ++c) {
      if ((p->topics >> c) & 1u) pt.insert(name(patched, FacetField::kTopic, c));
      if ((r->topics >> c) & 1u) rt.insert(name(rebuilt, FacetField::kTopic, c));
    }
    EXPECT_EQ(pn, rn);
    EXPECT_EQ(pt, rt);
    EXPECT_EQ(p->funding_gap, r->funding_gap);
    EXPECT_EQ(p->open_cents, r->open_cents);
    // The Ortsteile the neighbourhood codes stand for (the codes may be numbered differently).
    auto ortsteile = [&](const ranking::FacetCache& c, const ranking::FacetCache::Codes& x) {
      std::set<std::string> out;
      for (uint32_t code : {x.neighbourhood, x.neighbourhood2}) {
        if (uint16_t o = c.OrtsteilOf(code)) out.insert(c.Names(FacetField::kNeighbourhood)[o]);
      }
      return out;
    };
    EXPECT_EQ(ortsteile(patched, *p), ortsteile(rebuilt, *r));
    EXPECT_EQ(p->created_unix, r->created_unix);
    EXPECT_EQ(p->has_location, r->has_location);
    EXPECT_EQ(p->lat, r->lat);
    EXPECT_EQ(p->neighbourhood != 0, r->neighbourhood != 0);
  }
  for (const char* need : {"money", "goods", "volunteers", "expertise"}) {
    SCOPED_TRACE(need);
    const auto& pb = patched.NeedDocs(patched.Code(FacetField::kNeed, need));
    const auto& rb = rebuilt.NeedDocs(rebuilt.Code(FacetField::kNeed, need));
    for (Xapian::docid d = 1; d <= now.get_lastdocid(); ++d) {
      const bool in_p = d / 64 < pb.size() && ((pb[d / 64] >> (d % 64)) & 1u);
      const bool in_r = d / 64 < rb.size() && ((rb[d / 64] >> (d % 64)) & 1u);
      EXPECT_EQ(in_p, in_r) << d;
    }
    EXPECT_DOUBLE_EQ(patched.ActiveShare(FacetField::kNeed, need),
                     rebuilt.ActiveShare(FacetField::kNeed, need));
  }
  for (const char* topic : {"education", "poverty", "environment"}) {
    EXPECT_DOUBLE_EQ(patched.ActiveShare(FacetField::kTopic, topic),
                     rebuilt.ActiveShare(FacetField::kTopic, topic))
        << topic;
  }

  auto patched_vectors = ranking::SemanticIndex::Patched(**old_vectors, now, docs);
  auto rebuilt_vectors = ranking::SemanticIndex::Load(path, now);
  ASSERT_TRUE(patched_vectors.ok() && rebuilt_vectors.ok());
  const auto& pv = (*patched_vectors)->vectors();
  const auto& rv = (*rebuilt_vectors)->vectors();
  EXPECT_EQ(pv.num_live_rows(), rv.num_live_rows());
  for (Xapian::docid d = 1; d <= now.get_lastdocid(); ++d) {
    const auto pr = (*patched_vectors)->RowOf(d);
    const auto rr = (*rebuilt_vectors)->RowOf(d);
    ASSERT_EQ(pr.has_value(), rr.has_value()) << d;
    if (!pr) continue;
    EXPECT_TRUE(pv.IsLive(*pr)) << d;
    EXPECT_EQ((*patched_vectors)->DocOf(*pr), d);
    const auto a = pv.Row(*pr);
    const auto b = rv.Row(*rr);
    ASSERT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << d;
  }

  // Patch after patch, each changed document's old row stays dead until the dead rows are
  // many (more than 4,096 and an eighth of the live ones); then the matrix is written again
  // without them, and every document keeps its vector.
  std::vector<Xapian::docid> every;
  for (Xapian::docid d = 1; d <= now.get_lastdocid(); ++d) every.push_back(d);
  std::shared_ptr<const ranking::SemanticIndex> chain = *patched_vectors;
  size_t most_rows = 0;
  for (int round = 0; round < 20; ++round) {
    auto next = ranking::SemanticIndex::Patched(*chain, now, every);
    ASSERT_TRUE(next.ok()) << next.status();
    chain = *next;
    most_rows = std::max(most_rows, chain->vectors().num_rows());
  }
  // Dead rows were kept up to the threshold (less than one round's worth below it)...
  EXPECT_GT(most_rows - rv.num_live_rows() + every.size(), 4096u);
  EXPECT_LT(chain->vectors().num_rows(), most_rows);  // and then dropped
  EXPECT_EQ(chain->vectors().num_live_rows(), rv.num_live_rows());
  for (Xapian::docid d = 1; d <= now.get_lastdocid(); ++d) {
    const auto cr = chain->RowOf(d);
    const auto rr = (*rebuilt_vectors)->RowOf(d);
    ASSERT_EQ(cr.has_value(), rr.has_value()) << d;
    if (!cr) continue;
    EXPECT_EQ(chain->DocOf(*cr), d);
    const auto a = chain->vectors().Row(*cr);
    const auto b = rv.Row(*rr);
    ASSERT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << d;
  }
}

}  // namespace
}  // namespace hilfsnetz

namespace hilfsnetz {
namespace {

// A write that brings a neighbourhood key the cache has never seen (an Ortsteil, and a Kiez
// of another): the patch adds the key with its Ortsteil, so the facet and the sums count it.
TEST(ChangeFeed, PatchedCacheLearnsNewOrtsteile) {
  auto index = testing::TestIndex::FromJsonl(
      R"({"id":"a","title":"Nachbarschaftstreff","district":"Mitte","neighbourhood":"Moabit"})"
      "\n");
  ASSERT_TRUE(index);
  auto searcher = index->OpenSearcher();
  ASSERT_TRUE(searcher);
  {
    auto writer = indexer::LiveWriter::Open(index->dir());
    ASSERT_TRUE(writer.ok()) << writer.status();
    auto put =
        (*writer)->Put("b",
                       R"({"title":"Kiezfonds","district":"Mitte","neighbourhood":"Wedding",)"
                       R"("needs":[{"type":"money","amount_eur":250.5}]})",
                       "");
    ASSERT_TRUE(put.ok()) << put.error.status;
    put = (*writer)->Put(
        "c",
        R"({"title":"Werkstatt","district":"Friedrichshain-Kreuzberg",)"
        R"("neighbourhood":"Wrangelkiez","needs":[{"type":"money","amount_eur":100}]})",
        "");
    ASSERT_TRUE(put.ok()) << put.error.status;
  }
  const uint64_t hits_before = ChangeFeed::Global().hits();
  ASSERT_TRUE(searcher->Refresh().ok());
  EXPECT_GT(ChangeFeed::Global().hits(), hits_before) << "the searcher patched its caches";
  ranking::SearchRequest req;
  req.facets = {FacetField::kNeighbourhood};
  req.sums = {ranking::SumField::kFundingGapEur};
  auto r = searcher->Search(req);
  ASSERT_TRUE(r.ok()) << r.status();
  using Buckets = std::vector<std::pair<std::string, uint64_t>>;
  EXPECT_EQ(r->facets[FacetField::kNeighbourhood],
            (Buckets{{"Kreuzberg", 1}, {"Moabit", 1}, {"Wedding", 1}}));
  using Cents = std::vector<std::pair<std::string, int64_t>>;
  const ranking::SearchResult::Sum& sum = r->sums.at(ranking::SumField::kFundingGapEur);
  EXPECT_EQ(sum.facets.at(FacetField::kNeighbourhood),
            (Cents{{"Kreuzberg", 10000}, {"Moabit", 0}, {"Wedding", 25050}}));
  EXPECT_EQ(sum.total_cents, 35050);
}

}  // namespace
}  // namespace hilfsnetz
