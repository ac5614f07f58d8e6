#include "ranking/browse_index.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "core/index_layout.h"
#include "core/xapian_error.h"

namespace hilfsnetz::ranking {
namespace {

void Set(BrowseIndex::Bits& bits, Xapian::docid d) { bits[d / 64] |= uint64_t{1} << (d % 64); }
bool Test(const BrowseIndex::Bits& bits, Xapian::docid d) {
  return d / 64 < bits.size() && ((bits[d / 64] >> (d % 64)) & 1u);
}

}  // namespace

Result<std::shared_ptr<const BrowseIndex>> BrowseIndex::Build(const Xapian::Database& db,
                                                              const FacetCache& facets) {
  std::shared_ptr<BrowseIndex> out(new BrowseIndex());
  const Xapian::docid last = db.get_lastdocid();
  out->words_ = static_cast<size_t>(last) / 64 + 1;
  Status s = GuardXapian("reading filter terms", [&]() -> Status {
    for (std::string_view prefix :
         {layout::kPrefixDistrict, layout::kPrefixNeighbourhood, layout::kPrefixNeed,
          layout::kPrefixTopic, layout::kPrefixLanguage, layout::kPrefixStatus}) {
      const std::string p(prefix);
      for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t) {
        Bits& bits = out->terms_[*t];
        bits.assign(out->words_, 0);
        for (auto d = db.postlist_begin(*t); d != db.postlist_end(*t); ++d) Set(bits, *d);
      }
    }
    // Xapian's order for set_sort_by_value(kSlotCreated, true): values descending (compared
    // as strings), equal values by docid ascending, documents without the value last.
    std::vector<std::pair<std::string, Xapian::docid>> created;
    Bits has_value(out->words_, 0);
    for (auto v = db.valuestream_begin(layout::kSlotCreated);
         v != db.valuestream_end(layout::kSlotCreated); ++v) {
      created.emplace_back(*v, v.get_docid());
      Set(has_value, v.get_docid());
    }
    std::sort(created.begin(), created.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    out->newest_first_.reserve(last);
    for (const auto& [value, d] : created) out->newest_first_.push_back(d);
    for (Xapian::docid d = 1; d <= last; ++d) {
      if (!Test(has_value, d)) out->newest_first_.push_back(d);
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  // The facet codes as bitsets per value.
  auto bits_of = [&](FacetField f, size_t code) -> Bits& {
    std::vector<Bits>& field = out->codes_[static_cast<int>(f)];
    if (field.size() <= code) field.resize(code + 1);
    if (field[code].empty()) field[code].assign(out->words_, 0);
    return field[code];
  };
  for (Xapian::docid d = 1; d <= last; ++d) {
    const FacetCache::Codes* c = facets.Find(d);
    if (!c) continue;
    if (c->district) Set(bits_of(FacetField::kDistrict, c->district), d);
    if (c->language) Set(bits_of(FacetField::kLanguage, c->language), d);
    if (c->status) Set(bits_of(FacetField::kStatus, c->status), d);
    for (uint32_t b = c->needs; b; b &= b - 1) {
      Set(bits_of(FacetField::kNeed, static_cast<size_t>(std::countr_zero(b))), d);
    }
    for (uint64_t b = c->topics; b; b &= b - 1) {
      Set(bits_of(FacetField::kTopic, static_cast<size_t>(std::countr_zero(b))), d);
    }
  }
  return std::shared_ptr<const BrowseIndex>(std::move(out));
}

BrowseIndex::Bits BrowseIndex::Match(const std::vector<std::vector<std::string>>& groups) const {
  Bits match(words_, groups.empty() ? 0 : ~uint64_t{0});
  Bits any(words_);
  for (const std::vector<std::string>& group : groups) {
    std::fill(any.begin(), any.end(), 0);
    for (const std::string& term : group) {
      auto it = terms_.find(term);
      if (it == terms_.end()) continue;  // no document holds it
      for (size_t w = 0; w < words_; ++w) any[w] |= it->second[w];
    }
    for (size_t w = 0; w < words_; ++w) match[w] &= any[w];
  }
  return match;
}

void BrowseIndex::CountInto(const Bits& match, FacetField f, FacetSpy& spy) const {
  const std::vector<Bits>& field = codes_[static_cast<int>(f)];
  for (size_t code = 1; code < field.size(); ++code) {
    const Bits& bits = field[code];
    if (bits.empty()) continue;
    uint64_t n = 0;
    for (size_t w = 0; w < words_; ++w)
      n += static_cast<uint64_t>(std::popcount(match[w] & bits[w]));
    if (n) spy.Add(f, code, n);
  }
}

std::vector<Xapian::docid> BrowseIndex::Page(const Bits& match, size_t offset, size_t limit) const {
  std::vector<Xapian::docid> out;
  for (Xapian::docid d : newest_first_) {
    if (out.size() == limit) break;
    if (!Test(match, d)) continue;
    if (offset > 0) {
      --offset;
      continue;
    }
    out.push_back(d);
  }
  return out;
}

uint64_t BrowseIndex::Count(const Bits& match) {
  uint64_t n = 0;
  for (uint64_t w : match) n += static_cast<uint64_t>(std::popcount(w));
  return n;
}

}  // namespace hilfsnetz::ranking
