#include "vector/vector_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "core/status.h"

namespace hilfsnetz::vector {
namespace {

std::vector<float> RandomRows(std::size_t n, std::size_t dim, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> v(n * dim);
  for (float& x : v) x = normal(rng);
  return v;
}

// Small integers: every dot product is exact in float32, so ties are real ties.
std::vector<float> IntegerRows(std::size_t n, std::size_t dim, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(-2, 2);
  std::vector<float> v(n * dim);
  for (float& x : v) x = static_cast<float>(pick(rng));
  return v;
}

double NaiveDot(std::span<const float> a, std::span<const float> b) {
  double s = 0.0;
  for (std::size_t j = 0; j < a.size(); ++j) s += double{a[j]} * double{b[j]};
  return s;
}

bool RanksBefore(const ScoredRow& a, const ScoredRow& b) {
  return a.score > b.score || (a.score == b.score && a.row < b.row);
}

enum class FilterKind { kNone, kPassNone, kPassThree, kHalfBitset, kHalfPredicate };

std::optional<RowFilter> MakeFilter(FilterKind kind, std::size_t n) {
  switch (kind) {
    case FilterKind::kNone:
      return std::nullopt;
    case FilterKind::kPassNone:
      return RowFilter::FromRows({});
    case FilterKind::kPassThree: {
      std::vector<uint32_t> rows;
      for (uint32_t r : {0u, 5u, 999u, 4242u}) {
        if (r < n && rows.size() < 3) rows.push_back(r);
      }
      return RowFilter::FromRows(rows);
    }
    case FilterKind::kHalfBitset: {
      std::vector<uint32_t> rows;
      for (uint32_t r = 0; r < n; r += 2) rows.push_back(r);
      return RowFilter::FromRows(rows);
    }
    case FilterKind::kHalfPredicate:
      return RowFilter::FromPredicate([](uint32_t r) { return r % 2 == 1; });
  }
  return std::nullopt;
}

// Checks `got` against a double-precision full scan: the right count, best first, only live
// rows passing the filter, scores within rounding of the naive ones, and nothing better left
// out. (Exact equality including ties is checked on integer data below.)
void ExpectMatchesNaive(const VectorIndex& index, std::span<const float> query, std::size_t k,
                        const RowFilter* filter, const std::vector<ScoredRow>& got) {
  constexpr double kTol = 1e-4;
  std::vector<std::pair<double, uint32_t>> passing;
  for (uint32_t r = 0; r < index.num_rows(); ++r) {
    if (!index.IsLive(r) || (filter != nullptr && !filter->Passes(r))) continue;
    passing.emplace_back(NaiveDot(index.Row(r), query), r);
  }
  ASSERT_EQ(got.size(), std::min(k, passing.size()));
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end(), RanksBefore));
  std::set<uint32_t> returned;
  for (const ScoredRow& h : got) {
    ASSERT_TRUE(index.IsLive(h.row));
    if (filter != nullptr) {
      ASSERT_TRUE(filter->Passes(h.row)) << h.row;
    }
    EXPECT_NEAR(h.score, NaiveDot(index.Row(h.row), query), kTol);
    returned.insert(h.row);
  }
  ASSERT_EQ(returned.size(), got.size()) << "duplicate rows";
  if (got.empty()) return;
  const double worst = got.back().score;
  for (const auto& [score, row] : passing) {
    if (!returned.count(row)) {
      EXPECT_LE(score, worst + kTol) << "missed row " << row;
    }
  }
}

struct Case {
  std::size_t n;
  std::size_t k;
  FilterKind filter;
};

class TopKTable : public ::testing::TestWithParam<Case> {};

TEST_P(TopKTable, MatchesNaiveScan) {
  const Case c = GetParam();
  constexpr std::size_t kDim = 37;  // not a multiple of the stride: exercises the padding
  auto index = VectorIndex::Build(kDim, RandomRows(c.n, kDim, 7), {});
  ASSERT_TRUE(index.ok()) << index.status();
  const std::optional<RowFilter> filter = MakeFilter(c.filter, c.n);
  const RowFilter* f = filter ? &*filter : nullptr;
  const std::size_t k = c.k == 0 ? c.n + 5 : c.k;  // 0 in the table means "more than N"
  for (uint32_t seed = 100; seed < 103; ++seed) {
    const std::vector<float> query = RandomRows(1, kDim, seed);
    auto hits = index->TopK(query, k, f);
    ASSERT_TRUE(hits.ok()) << hits.status();
    ExpectMatchesNaive(*index, query, k, f, *hits);
    auto one_thread = index->TopK(query, k, f, {.max_threads = 1});
    ASSERT_TRUE(one_thread.ok());
    EXPECT_EQ(*one_thread, *hits);
  }
}

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (std::size_t n : {0, 1, 7, 1000, 10000}) {
    for (std::size_t k : {1, 10, 0}) {
      for (FilterKind f : {FilterKind::kNone, FilterKind::kPassNone, FilterKind::kPassThree,
                           FilterKind::kHalfBitset, FilterKind::kHalfPredicate}) {
        cases.push_back({n, k, f});
      }
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Sizes, TopKTable, ::testing::ValuesIn(AllCases()));

TEST(VectorIndex, ExactlyEqualsNaiveIncludingTies) {
  constexpr std::size_t kDim = 20, kRows = 10000;
  std::vector<float> rows = IntegerRows(kRows, kDim, 3);
  // Exact duplicates of row 17 further on: equal scores, ordered by row.
  for (std::size_t r : {5000, 9999, 300}) {
    std::copy_n(rows.begin() + 17 * kDim, kDim, rows.begin() + static_cast<long>(r * kDim));
  }
  auto index = VectorIndex::Build(kDim, rows, {.normalize = false});
  ASSERT_TRUE(index.ok());
  std::vector<float> query(index->Row(17).begin(), index->Row(17).end());
  for (std::size_t k : {1, 4, 50, 20000}) {
    std::vector<ScoredRow> naive;
    for (uint32_t r = 0; r < kRows; ++r) {
      naive.push_back({r, static_cast<float>(NaiveDot(index->Row(r), query))});
    }
    std::sort(naive.begin(), naive.end(), RanksBefore);
    naive.resize(std::min(k, naive.size()));
    for (auto scan : {TopKOptions::Scan::kFloat32, TopKOptions::Scan::kInt8Rescored}) {
      auto hits = index->TopK(query, k, nullptr, {.scan = scan});
      ASSERT_TRUE(hits.ok());
      EXPECT_EQ(*hits, naive) << "k=" << k;
    }
  }
  auto top4 = index->TopK(query, 4);
  ASSERT_TRUE(top4.ok());
  EXPECT_EQ((std::vector<uint32_t>{(*top4)[0].row, (*top4)[1].row, (*top4)[2].row, (*top4)[3].row}),
            (std::vector<uint32_t>{17, 300, 5000, 9999}));
}

TEST(VectorIndex, TombstonesAreNeverReturned) {
  constexpr std::size_t kDim = 16;
  auto index = VectorIndex::Build(kDim, RandomRows(1000, kDim, 11), {});
  ASSERT_TRUE(index.ok());
  for (uint32_t r = 0; r < 1000; r += 3) ASSERT_TRUE(index->Remove(r).ok());
  EXPECT_TRUE(index->Remove(0).ok());  // removing a tombstone is a no-op
  EXPECT_EQ(index->num_live_rows(), 666u);
  const std::vector<float> query(index->Row(3).begin(), index->Row(3).end());  // removed row
  for (auto scan : {TopKOptions::Scan::kFloat32, TopKOptions::Scan::kInt8Rescored}) {
    auto all = index->TopK(query, 5000, nullptr, {.scan = scan});
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 666u);
    for (const ScoredRow& h : *all) EXPECT_NE(h.row % 3, 0u);
    ExpectMatchesNaive(*index, query, 10, nullptr, *index->TopK(query, 10));
  }
  // Set revives a row; Set past the end grows the index with tombstones in between.
  ASSERT_TRUE(index->Set(3, query).ok());
  EXPECT_EQ((*index->TopK(query, 1))[0].row, 3u);
  ASSERT_TRUE(index->Set(1500, query).ok());
  EXPECT_EQ(index->num_rows(), 1501u);
  EXPECT_EQ(index->num_live_rows(), 668u);
  EXPECT_FALSE(index->IsLive(1200));
  auto top = index->TopK(query, 3);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ((*top)[0].row, 3u);
  EXPECT_EQ((*top)[1].row, 1500u);
  EXPECT_EQ(index->Remove(1501).code(), StatusCode::kNotFound);
}

TEST(VectorIndex, Int8RecallAtTenOnRandomVectors) {
  constexpr std::size_t kDim = 256, kRows = 10000, kQueries = 100, kK = 10;
  auto index = VectorIndex::Build(kDim, RandomRows(kRows, kDim, 21), {});
  ASSERT_TRUE(index.ok());
  std::size_t found = 0;
  for (uint32_t q = 0; q < kQueries; ++q) {
    const std::vector<float> query = RandomRows(1, kDim, 1000 + q);
    auto exact = index->TopK(query, kK);
    auto approx = index->TopK(query, kK, nullptr, {.scan = TopKOptions::Scan::kInt8Rescored});
    ASSERT_TRUE(exact.ok() && approx.ok());
    ASSERT_EQ(approx->size(), kK);
    for (const ScoredRow& a : *approx) {
      auto it = std::find_if(exact->begin(), exact->end(),
                             [&](const ScoredRow& e) { return e.row == a.row; });
      if (it != exact->end()) {
        ++found;
        EXPECT_EQ(it->score, a.score);  // re-scored exactly with the same kernel
      }
    }
  }
  const double recall = static_cast<double>(found) / (kQueries * kK);
  RecordProperty("int8_recall_at_10", std::to_string(recall));
  EXPECT_GE(recall, 0.98);
  // Fewer candidates than the default still return k rows, re-scored exactly.
  auto few = index->TopK(RandomRows(1, kDim, 5), kK, nullptr,
                         {.scan = TopKOptions::Scan::kInt8Rescored, .rescore_candidates = 3});
  ASSERT_TRUE(few.ok());
  EXPECT_EQ(few->size(), kK);
}

TEST(VectorIndex, DimensionMismatchIsInvalidArgument) {
  auto index = VectorIndex::Build(8, RandomRows(10, 8, 1), {});
  ASSERT_TRUE(index.ok());
  const std::vector<float> seven(7, 1.0f), nine(9, 1.0f);
  EXPECT_EQ(index->TopK(seven, 3).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index->TopK(nine, 3).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index->Set(0, nine).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(VectorIndex::Build(8, seven, {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(VectorIndex::Create(0, {}).status().code(), StatusCode::kInvalidArgument);
  std::vector<float> bad(8, 0.0f);
  bad[3] = std::nanf("");
  EXPECT_EQ(index->TopK(bad, 3).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index->Set(1, bad).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index->num_live_rows(), 10u);  // failed writes change nothing
}

TEST(VectorIndex, EdgeCases) {
  auto empty = VectorIndex::Create(4, {});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->TopK(std::vector<float>(4, 1.0f), 10)->empty());
  auto index = VectorIndex::Build(4, RandomRows(5, 4, 2), {.int8 = false});
  ASSERT_TRUE(index.ok());
  EXPECT_TRUE(index->TopK(std::vector<float>(4, 1.0f), 0)->empty());
  EXPECT_EQ(index
                ->TopK(std::vector<float>(4, 1.0f), 1, nullptr,
                       {.scan = TopKOptions::Scan::kInt8Rescored})
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
}

TEST(VectorIndex, NormalisesRowsOnRequest) {
  std::vector<float> rows = {3, 4, 0, 0, 0, 0, 0, 0};  // a 3-4-5 row and a zero row
  auto index = VectorIndex::Build(4, rows, {});
  ASSERT_TRUE(index.ok());
  EXPECT_FLOAT_EQ(index->Row(0)[0], 0.6f);
  EXPECT_FLOAT_EQ(index->Row(0)[1], 0.8f);
  EXPECT_EQ(index->Row(1)[0], 0.0f);
  auto raw = VectorIndex::Build(4, rows, {.normalize = false});
  EXPECT_EQ(raw->Row(0)[0], 3.0f);
}

TEST(VectorIndex, DeterministicAcrossThreadsRunsAndBuilds) {
  constexpr std::size_t kDim = 64, kRows = 50000;
  const std::vector<float> rows = RandomRows(kRows, kDim, 5);
  auto a = VectorIndex::Build(kDim, rows, {});
  auto b = VectorIndex::Build(kDim, rows, {.scan_threads = 1});
  ASSERT_TRUE(a.ok() && b.ok());
  const std::vector<float> query = RandomRows(1, kDim, 9);
  const RowFilter half = RowFilter::FromPredicate([](uint32_t r) { return r % 2 == 0; });
  for (auto scan : {TopKOptions::Scan::kFloat32, TopKOptions::Scan::kInt8Rescored}) {
    for (const RowFilter* f : {static_cast<const RowFilter*>(nullptr), &half}) {
      const auto first = *a->TopK(query, 25, f, {.scan = scan});
      EXPECT_EQ(*a->TopK(query, 25, f, {.scan = scan}), first);
      EXPECT_EQ(*b->TopK(query, 25, f, {.scan = scan}), first);
      EXPECT_EQ(*a->TopK(query, 25, f, {.scan = scan, .max_threads = 1}), first);
    }
  }
  // Concurrent queries share the pool and still get the same answers.
  const auto expected = *a->TopK(query, 10);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      bool same = true;
      for (int i = 0; i < 50; ++i) same = same && *a->TopK(query, 10) == expected;
      ok[static_cast<std::size_t>(t)] = same ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, std::vector<int>(4, 1));
}

}  // namespace
}  // namespace hilfsnetz::vector
