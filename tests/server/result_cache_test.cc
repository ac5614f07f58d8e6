#include "server/result_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace hilfsnetz::server {
namespace {

ranking::SearchRequest Request(const std::string& q) {
  ranking::SearchRequest r;
  r.q = q;
  return r;
}

// Requests that differ in anything that changes the answer have different keys; the key does
// not depend on the deadline, and field values cannot run into each other.
TEST(SearchCacheKey, DiffersExactlyWhenTheAnswerCan) {
  const ranking::SearchRequest base = Request("kita");
  ranking::SearchRequest deadline = base;
  deadline.time_limit_s = 1.5;
  EXPECT_EQ(SearchCacheKey(base), SearchCacheKey(deadline));
  ranking::SearchRequest page = base;
  page.page = 2;
  ranking::SearchRequest district = base;
  district.filters.districts = {"Mitte"};
  ranking::SearchRequest topic = base;
  topic.filters.topics = {"Mitte"};
  ranking::SearchRequest facets = base;
  facets.facets = {ranking::FacetField::kDistrict};
  ranking::SearchRequest prefix = base;
  prefix.prefix = ranking::PrefixMode::kLast;
  ranking::SearchRequest near = base;
  near.near = geo::LatLon{52.5, 13.4};
  for (const ranking::SearchRequest* other : {&page, &district, &topic, &facets, &prefix, &near}) {
    EXPECT_NE(SearchCacheKey(base), SearchCacheKey(*other));
  }
  EXPECT_NE(SearchCacheKey(district), SearchCacheKey(topic));
  ranking::SearchRequest two = base, joined = base;
  two.filters.districts = {"a", "b"};
  joined.filters.districts = {
      "a\x1e"
      "b"};
  EXPECT_NE(SearchCacheKey(two), SearchCacheKey(joined));
  ranking::SuggestRequest suggest;
  suggest.q = "kita";
  EXPECT_NE(SearchCacheKey(base), SuggestCacheKey(suggest)) << "one cache holds both";
  ranking::SuggestRequest fewer = suggest;
  fewer.limit = 3;
  EXPECT_NE(SuggestCacheKey(suggest), SuggestCacheKey(fewer));
  ranking::SearchRequest vector = base;
  vector.vector = {0.5f, 0.5f};
  EXPECT_FALSE(SearchCacheKey(vector).has_value()) << "a client's vector is not cached";
}

TEST(ResultCache, FindsWhatWasStoredForItsRevisionOnly) {
  ResultCache cache(1 << 20);
  EXPECT_EQ(cache.Find("k", "gen-1@1"), nullptr);
  cache.Insert("k", "gen-1@1", "answer");
  ASSERT_NE(cache.Find("k", "gen-1@1"), nullptr);
  EXPECT_EQ(*cache.Find("k", "gen-1@1"), "answer");
  EXPECT_EQ(cache.Find("k", "gen-1@2"), nullptr);
  cache.Insert("other", "gen-1@2", "new");  // another revision: the old answers go
  EXPECT_EQ(cache.Find("k", "gen-1@1"), nullptr);
  const ResultCache::Stats s = cache.GetStats();
  EXPECT_EQ(s.hits, 2u);
  EXPECT_EQ(s.misses, 3u);
  EXPECT_EQ(s.evictions, 1u);
  EXPECT_EQ(s.entries, 1u);
  EXPECT_EQ(s.bytes, std::string("other\ngen-1@2").size() + 3);
}

TEST(ResultCache, DropsTheLeastRecentlyUsedBeyondItsBudget) {
  // Entries of 8 ("a\nrev001") + 40 = 48 bytes: four fit in 200 bytes, five do not.
  ResultCache cache(200);
  const std::string body(40, 'x');
  for (const char* k : {"a", "b", "c", "d"}) cache.Insert(k, "rev001", body);
  EXPECT_EQ(cache.GetStats().entries, 4u);
  ASSERT_NE(cache.Find("a", "rev001"), nullptr);  // a is now used more recently than b
  cache.Insert("e", "rev001", body);
  EXPECT_NE(cache.Find("a", "rev001"), nullptr);
  EXPECT_EQ(cache.Find("b", "rev001"), nullptr);
  for (const char* k : {"c", "d", "e"}) EXPECT_NE(cache.Find(k, "rev001"), nullptr) << k;
  EXPECT_EQ(cache.GetStats().evictions, 1u);
  EXPECT_EQ(cache.GetStats().bytes, 4u * 48);
  // An answer over a quarter of the budget is not kept.
  cache.Insert("big", "rev001", std::string(50, 'y'));
  EXPECT_EQ(cache.Find("big", "rev001"), nullptr);
  EXPECT_EQ(cache.GetStats().entries, 4u);
}

}  // namespace
}  // namespace hilfsnetz::server
