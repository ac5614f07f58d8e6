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
#include "vector/top_k.h"

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

enum class FilterKind {
  kNone,
  kPassNone,
  kPassThree,
  kHalfBitset,
  kHalfPredicate,
  kBitsetAndPredicate
};

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
    case FilterKind::kBitsetAndPredicate: {  // rows divisible by 3 (bitset) and by 2: by 6
      std::vector<uint64_t> words((n + 63) / 64, 0);
      for (std::size_t r = 0; r < n; r += 3) words[r / 64] |= uint64_t{1} << (r % 64);
      return RowFilter::FromBitsetAndPredicate(std::move(words),
                                               [](uint32_t r) { return r % 2 == 0; });
    }
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
    // With at least N candidates the int4 scan re-scores every passing row: exact.
    for (std::size_t threads : {1, 2}) {
      auto int4 = index->TopK(query, k, f,
                              {.scan = TopKOptions::Scan::kInt4Rescored,
                               .max_threads = threads,
                               .rescore_candidates = c.n + 1});
      ASSERT_TRUE(int4.ok()) << int4.status();
      EXPECT_EQ(*int4, *hits) << "threads " << threads;
    }
    auto automatic = index->TopK(query, k, f, {.scan = TopKOptions::Scan::kAuto});
    ASSERT_TRUE(automatic.ok());
    EXPECT_EQ(*automatic, *hits);  // <= kAutoExactRows live rows: the exact scan
  }
}

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (std::size_t n : {0, 1, 7, 1000, 10000}) {
    for (std::size_t k : {1, 10, 0}) {
      for (FilterKind f :
           {FilterKind::kNone, FilterKind::kPassNone, FilterKind::kPassThree,
            FilterKind::kHalfBitset, FilterKind::kHalfPredicate, FilterKind::kBitsetAndPredicate}) {
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
    for (auto scan : {TopKOptions::Scan::kFloat32, TopKOptions::Scan::kInt8Rescored,
                      TopKOptions::Scan::kInt4Rescored}) {
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
  for (auto scan : {TopKOptions::Scan::kFloat32, TopKOptions::Scan::kInt8Rescored,
                    TopKOptions::Scan::kInt4Rescored}) {
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
  // Set also rewrites the int4 copy: the revived rows are found by the int4 scan with only
  // k candidates.
  auto top4 = index->TopK(query, 2, nullptr,
                          {.scan = TopKOptions::Scan::kInt4Rescored, .rescore_candidates = 2});
  ASSERT_TRUE(top4.ok());
  EXPECT_EQ(*top4, std::vector<ScoredRow>(top->begin(), top->begin() + 2));
  // Tombstones under the int4 scan with few candidates: never returned, still k hits.
  for (uint32_t r = 0; r < 1000; r += 3) ASSERT_TRUE(index->Remove(r).ok());
  ASSERT_TRUE(index->Remove(1500).ok());
  auto few = index->TopK(query, 10, nullptr,
                         {.scan = TopKOptions::Scan::kInt4Rescored, .rescore_candidates = 10});
  ASSERT_TRUE(few.ok());
  ASSERT_EQ(few->size(), 10u);
  for (const ScoredRow& h : *few) EXPECT_TRUE(index->IsLive(h.row)) << h.row;
  EXPECT_EQ(index->Remove(1501).code(), StatusCode::kNotFound);
}

// Recall@10 of a quantised scan with the default candidates against the exact float32 scan,
// and exact scores for what it returns.
double RecallAtTen(const VectorIndex& index, std::size_t dim, uint32_t seed,
                   TopKOptions::Scan scan) {
  constexpr std::size_t kQueries = 100, kK = 10;
  std::size_t found = 0;
  for (uint32_t q = 0; q < kQueries; ++q) {
    const std::vector<float> query = RandomRows(1, dim, seed + q);
    auto exact = index.TopK(query, kK);
    auto approx = index.TopK(query, kK, nullptr, {.scan = scan});
    EXPECT_TRUE(exact.ok() && approx.ok());
    EXPECT_EQ(approx->size(), kK);
    for (const ScoredRow& a : *approx) {
      auto it = std::find_if(exact->begin(), exact->end(),
                             [&](const ScoredRow& e) { return e.row == a.row; });
      if (it != exact->end()) {
        ++found;
        EXPECT_EQ(it->score, a.score);  // re-scored exactly with the same kernel
      }
    }
  }
  return static_cast<double>(found) / (kQueries * kK);
}

TEST(VectorIndex, Int8RecallAtTenOnRandomVectors) {
  constexpr std::size_t kDim = 256, kRows = 10000, kK = 10;
  auto index = VectorIndex::Build(kDim, RandomRows(kRows, kDim, 21), {});
  ASSERT_TRUE(index.ok());
  const double recall = RecallAtTen(*index, kDim, 1000, TopKOptions::Scan::kInt8Rescored);
  RecordProperty("int8_recall_at_10", std::to_string(recall));
  EXPECT_GE(recall, 0.98);
  // Fewer candidates than the default still return k rows, re-scored exactly.
  auto few = index->TopK(RandomRows(1, kDim, 5), kK, nullptr,
                         {.scan = TopKOptions::Scan::kInt8Rescored, .rescore_candidates = 3});
  ASSERT_TRUE(few.ok());
  EXPECT_EQ(few->size(), kK);
}

TEST(VectorIndex, Int4RecallAtTenOnRandomVectors) {
  constexpr std::size_t kDim = 256, kRows = 20000;
  auto index = VectorIndex::Build(kDim, RandomRows(kRows, kDim, 21), {});
  ASSERT_TRUE(index.ok());
  const double recall = RecallAtTen(*index, kDim, 1000, TopKOptions::Scan::kInt4Rescored);
  RecordProperty("int4_recall_at_10", std::to_string(recall));
  EXPECT_GE(recall, 0.98);
  // Not normalised, with a large common offset: per-row lo/step must absorb it.
  std::vector<float> rows = RandomRows(kRows, kDim, 22);
  for (float& x : rows) x = 3.0f + 0.5f * x;
  auto offset = VectorIndex::Build(kDim, rows, {.normalize = false});
  ASSERT_TRUE(offset.ok());
  EXPECT_GE(RecallAtTen(*offset, kDim, 2000, TopKOptions::Scan::kInt4Rescored), 0.98);
}

TEST(VectorIndex, Int4AppliesFiltersBeforeTheCut) {
  constexpr std::size_t kDim = 64, kRows = 5000, kK = 10;
  auto index = VectorIndex::Build(kDim, RandomRows(kRows, kDim, 31), {});
  ASSERT_TRUE(index.ok());
  const std::vector<float> query = RandomRows(1, kDim, 32);
  // Exclude the 300 best rows: if the filter ran after a cut to 50 candidates, nothing would
  // be left.
  auto best = index->TopK(query, 300);
  ASSERT_TRUE(best.ok());
  std::vector<uint64_t> words((kRows + 63) / 64, ~uint64_t{0});
  std::set<uint32_t> excluded;
  for (const ScoredRow& h : *best) {
    words[h.row / 64] &= ~(uint64_t{1} << (h.row % 64));
    excluded.insert(h.row);
  }
  const RowFilter bitset = RowFilter::FromBitset(words);
  const RowFilter predicate =
      RowFilter::FromPredicate([&](uint32_t r) { return excluded.count(r) == 0; });
  for (const RowFilter* f : {&bitset, &predicate}) {
    auto hits = index->TopK(query, kK, f,
                            {.scan = TopKOptions::Scan::kInt4Rescored, .rescore_candidates = 50});
    ASSERT_TRUE(hits.ok());
    ASSERT_EQ(hits->size(), kK);
    for (const ScoredRow& h : *hits) EXPECT_EQ(excluded.count(h.row), 0u) << h.row;
    // With every passing row as a candidate it is the exact filtered answer.
    auto all = index->TopK(query, kK, f,
                           {.scan = TopKOptions::Scan::kInt4Rescored, .rescore_candidates = kRows});
    EXPECT_EQ(*all, *index->TopK(query, kK, f));
  }
  // A filter passing three rows gives those three even with k = 10 and one candidate.
  const std::vector<uint32_t> three = {7, 4000, 4999};
  const RowFilter few = RowFilter::FromRows(three);
  auto hits = index->TopK(query, kK, &few,
                          {.scan = TopKOptions::Scan::kInt4Rescored, .rescore_candidates = 1});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 3u);
  ExpectMatchesNaive(*index, query, kK, &few, *hits);
}

TEST(VectorIndex, AutoPicksTheScanBySizeAndCopies) {
  constexpr std::size_t kDim = 32;
  const std::size_t rows = VectorIndex::kAutoExactRows + 100;
  const std::vector<float> data = RandomRows(rows, kDim, 41);
  const std::vector<float> query = RandomRows(1, kDim, 42);
  auto all = VectorIndex::Build(kDim, data, {});
  auto int8_only = VectorIndex::Build(kDim, data, {.int4 = false});
  auto none = VectorIndex::Build(kDim, data, {.int8 = false, .int4 = false});
  ASSERT_TRUE(all.ok() && int8_only.ok() && none.ok());
  // Few candidates, so the three scans differ in what they may miss; kAuto must equal the one
  // it picks.
  auto with = [](TopKOptions::Scan scan) {
    return TopKOptions{.scan = scan, .rescore_candidates = 10};
  };
  const auto auto_all = *all->TopK(query, 10, nullptr, with(TopKOptions::Scan::kAuto));
  EXPECT_EQ(auto_all, *all->TopK(query, 10, nullptr, with(TopKOptions::Scan::kInt4Rescored)));
  EXPECT_EQ(*int8_only->TopK(query, 10, nullptr, with(TopKOptions::Scan::kAuto)),
            *int8_only->TopK(query, 10, nullptr, with(TopKOptions::Scan::kInt8Rescored)));
  EXPECT_EQ(*none->TopK(query, 10, nullptr, with(TopKOptions::Scan::kAuto)),
            *none->TopK(query, 10));
  // Removing rows down to kAutoExactRows live rows switches to the exact scan.
  for (uint32_t r = 0; r < 100; ++r) ASSERT_TRUE(all->Remove(r).ok());
  EXPECT_EQ(*all->TopK(query, 10, nullptr, with(TopKOptions::Scan::kAuto)), *all->TopK(query, 10));
}

// A copy shares the storage: writing a row of the copy copies that row's chunk only, and the
// original answers as before (a search snapshot is patched this way per commit).
TEST(VectorIndex, CopiesShareChunksUntilWritten) {
  constexpr std::size_t kDim = 24;
  const std::size_t rows = 3 * VectorIndex::kChunkRows + 17;
  const std::vector<float> data = RandomRows(rows, kDim, 51);
  auto original = VectorIndex::Build(kDim, data, {.normalize = false});
  ASSERT_TRUE(original.ok());
  const std::vector<float> query = RandomRows(1, kDim, 52);
  const auto before = *original->TopK(query, 20);
  const auto before4 =
      *original->TopK(query, 20, nullptr, {.scan = TopKOptions::Scan::kInt4Rescored});

  VectorIndex copy = *original;
  const std::vector<float> changed(query.begin(), query.end());
  ASSERT_TRUE(copy.Set(5, changed).ok());                            // a row of the first chunk
  ASSERT_TRUE(copy.Set(static_cast<uint32_t>(rows), changed).ok());  // appended: the last chunk
  ASSERT_TRUE(copy.Remove(7).ok());

  // The original: its rows, its answers, all rows live.
  for (std::size_t j = 0; j < kDim; ++j) ASSERT_EQ(original->Row(5)[j], data[5 * kDim + j]);
  EXPECT_EQ(original->num_rows(), rows);
  EXPECT_TRUE(original->IsLive(7));
  EXPECT_EQ(*original->TopK(query, 20), before);
  EXPECT_EQ(*original->TopK(query, 20, nullptr, {.scan = TopKOptions::Scan::kInt4Rescored}),
            before4);
  // Chunks not written are shared; the written ones are not.
  EXPECT_EQ(copy.Row(VectorIndex::kChunkRows + 3).data(),
            original->Row(VectorIndex::kChunkRows + 3).data());
  EXPECT_NE(copy.Row(5).data(), original->Row(5).data());
  EXPECT_NE(copy.Row(6).data(), original->Row(6).data());
  // The copy answers as an index built with its rows does, in every scan.
  std::vector<float> expected = data;
  std::copy(changed.begin(), changed.end(), expected.begin() + 5 * kDim);
  expected.insert(expected.end(), changed.begin(), changed.end());
  auto rebuilt = VectorIndex::Build(kDim, expected, {.normalize = false});
  ASSERT_TRUE(rebuilt.ok());
  ASSERT_TRUE(rebuilt->Remove(7).ok());
  for (auto scan : {TopKOptions::Scan::kFloat32, TopKOptions::Scan::kInt8Rescored,
                    TopKOptions::Scan::kInt4Rescored}) {
    EXPECT_EQ(*copy.TopK(query, 20, nullptr, {.scan = scan}),
              *rebuilt->TopK(query, 20, nullptr, {.scan = scan}));
  }
  EXPECT_EQ((*copy.TopK(query, 2))[0].row, 5u);
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
  auto no_int4 = VectorIndex::Build(4, RandomRows(5, 4, 2), {.int4 = false});
  ASSERT_TRUE(no_int4.ok());
  EXPECT_EQ(no_int4
                ->TopK(std::vector<float>(4, 1.0f), 1, nullptr,
                       {.scan = TopKOptions::Scan::kInt4Rescored})
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  // Bad queries are rejected before the scan kind is looked at.
  EXPECT_EQ(no_int4
                ->TopK(std::vector<float>(3, 1.0f), 1, nullptr,
                       {.scan = TopKOptions::Scan::kInt4Rescored})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  // Constant rows (step 0), zero rows and a zero query do not break the int4 scan.
  auto flat = VectorIndex::Build(4, std::vector<float>{1, 1, 1, 1, 0, 0, 0, 0, -2, -2, -2, -2},
                                 {.normalize = false});
  ASSERT_TRUE(flat.ok());
  const TopKOptions int4{.scan = TopKOptions::Scan::kInt4Rescored};
  auto h = flat->TopK(std::vector<float>{1, 2, 3, 4}, 3, nullptr, int4);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h, (std::vector<ScoredRow>{{0, 10.0f}, {1, 0.0f}, {2, -20.0f}}));
  auto z = flat->TopK(std::vector<float>(4, 0.0f), 3, nullptr, int4);
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(z->size(), 3u);
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

// The collector keeps exactly the best k by score, then row, whatever the order rows are
// offered in: many equal scores, +0 and -0 (equal), negative scores, k above and below the
// number offered.
TEST(TopKCollector, KeepsTheBestKByScoreThenRow) {
  std::mt19937 rng(5);
  for (std::size_t n : {1, 7, 100, 5000}) {
    std::vector<ScoredRow> rows;
    for (uint32_t r = 0; r < n; ++r) {
      const int pick = static_cast<int>(rng() % 6);
      const float score = pick == 0   ? 0.0f
                          : pick == 1 ? -0.0f
                          : pick == 2 ? static_cast<float>(rng() % 5) * 0.25f  // ties
                                      : std::uniform_real_distribution<float>(-1, 1)(rng);
      rows.push_back({r, score});
    }
    std::vector<ScoredRow> expected = rows;
    std::sort(expected.begin(), expected.end(), RanksBefore);
    for (std::size_t k : {1, 3, 50, 1000, 10000}) {
      std::vector<ScoredRow> offered = rows;
      std::shuffle(offered.begin(), offered.end(), rng);
      internal::TopKCollector collector(k);
      for (const ScoredRow& r : offered) collector.Offer(r.row, r.score);
      std::vector<ScoredRow> got = collector.Take();
      std::sort(got.begin(), got.end(), RanksBefore);
      const std::vector<ScoredRow> want(expected.begin(),
                                        expected.begin() + static_cast<long>(std::min(k, n)));
      ASSERT_EQ(got.size(), want.size()) << n << " " << k;
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].row, want[i].row) << n << " " << k << " " << i;
        EXPECT_EQ(std::signbit(got[i].score), std::signbit(want[i].score));  // as offered
      }
    }
  }
}

// A recommendation within a radius filters by a bitset (active) and a predicate (the
// distance) asked only for rows that could enter the top k: the same answer, to the last
// candidate, as one bitset of the rows passing both, for every scan and candidate count.
TEST(VectorIndex, BitsetAndPredicateEqualsTheBitsetOfTheRowsPassingBoth) {
  constexpr std::size_t kDim = 64, kRows = 30000;
  auto index = VectorIndex::Build(kDim, RandomRows(kRows, kDim, 11), {});
  ASSERT_TRUE(index.ok());
  std::vector<uint64_t> active((kRows + 63) / 64, 0), both((kRows + 63) / 64, 0);
  auto near = [](uint32_t r) { return r % 7 != 3; };
  for (uint32_t r = 0; r < kRows; ++r) {
    if (r % 5 == 0) continue;
    active[r / 64] |= uint64_t{1} << (r % 64);
    if (near(r)) both[r / 64] |= uint64_t{1} << (r % 64);
  }
  const RowFilter combined = RowFilter::FromBitsetAndPredicate(active, near);
  const RowFilter bitset = RowFilter::FromBitset(both);
  for (uint32_t seed = 20; seed < 23; ++seed) {
    const std::vector<float> query = RandomRows(1, kDim, seed);
    for (auto scan : {TopKOptions::Scan::kFloat32, TopKOptions::Scan::kInt8Rescored,
                      TopKOptions::Scan::kInt4Rescored, TopKOptions::Scan::kAuto}) {
      for (std::size_t cands : {0, 200}) {
        const TopKOptions o{.scan = scan, .rescore_candidates = cands};
        EXPECT_EQ(*index->TopK(query, 200, &combined, o), *index->TopK(query, 200, &bitset, o));
      }
    }
  }
  EXPECT_FALSE(combined.Passes(5));  // not in the bitset
  EXPECT_FALSE(combined.Passes(3));  // not near
  EXPECT_TRUE(combined.Passes(1));
}

TEST(VectorIndex, DeterministicAcrossThreadsRunsAndBuilds) {
  constexpr std::size_t kDim = 64, kRows = 50000;
  const std::vector<float> rows = RandomRows(kRows, kDim, 5);
  auto a = VectorIndex::Build(kDim, rows, {});
  auto b = VectorIndex::Build(kDim, rows, {.scan_threads = 1});
  ASSERT_TRUE(a.ok() && b.ok());
  const std::vector<float> query = RandomRows(1, kDim, 9);
  const RowFilter half = RowFilter::FromPredicate([](uint32_t r) { return r % 2 == 0; });
  for (auto scan : {TopKOptions::Scan::kFloat32, TopKOptions::Scan::kInt8Rescored,
                    TopKOptions::Scan::kInt4Rescored, TopKOptions::Scan::kAuto}) {
    // As many candidates as k (25) make a thread-dependent candidate cut visible; 0 = default.
    for (std::size_t cands : {0, 25}) {
      for (const RowFilter* f : {static_cast<const RowFilter*>(nullptr), &half}) {
        const TopKOptions o{.scan = scan, .rescore_candidates = cands};
        TopKOptions one = o;
        one.max_threads = 1;
        const auto first = *a->TopK(query, 25, f, o);
        EXPECT_EQ(*a->TopK(query, 25, f, o), first);
        EXPECT_EQ(*b->TopK(query, 25, f, o), first);
        EXPECT_EQ(*a->TopK(query, 25, f, one), first);
      }
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
