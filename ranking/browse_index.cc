#include "ranking/browse_index.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "core/index_layout.h"
#include "core/xapian_error.h"

namespace hilfsnetz::ranking {
namespace {

constexpr std::string_view kFilterPrefixes[] = {
    layout::kPrefixDistrict, layout::kPrefixNeighbourhood, layout::kPrefixNeed,
    layout::kPrefixTopic,    layout::kPrefixLanguage,      layout::kPrefixStatus};

void Set(BrowseIndex::Bits& bits, Xapian::docid d) { bits[d / 64] |= uint64_t{1} << (d % 64); }
void Clear(BrowseIndex::Bits& bits, Xapian::docid d) {
  if (d / 64 < bits.size()) bits[d / 64] &= ~(uint64_t{1} << (d % 64));
}
bool Test(const BrowseIndex::Bits& bits, Xapian::docid d) {
  return d / 64 < bits.size() && ((bits[d / 64] >> (d % 64)) & 1u);
}

bool IsFilterTerm(const std::string& term) {
  for (std::string_view p : kFilterPrefixes) {
    if (term.compare(0, p.size(), p) == 0) return true;
  }
  return false;
}

}  // namespace

void BrowseIndex::Resize(Xapian::docid last) {
  words_ = static_cast<size_t>(last) / 64 + 1;
  for (auto& [term, bits] : terms_) bits.resize(words_, 0);
  for (std::vector<Bits>& field : codes_) {
    for (Bits& bits : field) {
      if (!bits.empty()) bits.resize(words_, 0);
    }
  }
  if (created_.size() < static_cast<size_t>(last) + 1) created_.resize(last + 1);
}

void BrowseIndex::SetCodes(Xapian::docid d, const FacetCache& facets) {
  const FacetCache::Codes* c = facets.Find(d);
  if (!c) return;
  auto set = [&](FacetField f, size_t code) {
    std::vector<Bits>& field = codes_[static_cast<int>(f)];
    if (field.size() <= code) field.resize(code + 1);
    if (field[code].empty()) field[code].assign(words_, 0);
    Set(field[code], d);
  };
  if (c->district) set(FacetField::kDistrict, c->district);
  if (c->language) set(FacetField::kLanguage, c->language);
  if (c->status) set(FacetField::kStatus, c->status);
  for (uint32_t b = c->needs; b; b &= b - 1) {
    set(FacetField::kNeed, static_cast<size_t>(std::countr_zero(b)));
  }
  for (uint64_t b = c->topics; b; b &= b - 1) {
    set(FacetField::kTopic, static_cast<size_t>(std::countr_zero(b)));
  }
}

void BrowseIndex::Add(Xapian::docid d, const Xapian::Document& doc, const FacetCache& facets) {
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& term = *t;
    if (!IsFilterTerm(term)) continue;
    Bits& bits = terms_[term];
    if (bits.empty()) bits.assign(words_, 0);
    Set(bits, d);
  }
  created_[d] = doc.get_value(layout::kSlotCreated);
  SetCodes(d, facets);
}

// Xapian's order for set_sort_by_value(kSlotCreated, true): values descending (compared as
// strings), equal values by docid ascending, documents without the value after all others.
bool BrowseIndex::Before(Xapian::docid a, Xapian::docid b) const {
  const std::string& va = created_[a];
  const std::string& vb = created_[b];
  if (va.empty() != vb.empty()) return vb.empty();
  return va != vb ? va > vb : a < b;
}

Result<std::shared_ptr<const BrowseIndex>> BrowseIndex::Build(const Xapian::Database& db,
                                                              const FacetCache& facets) {
  std::shared_ptr<BrowseIndex> out(new BrowseIndex());
  const Xapian::docid last = db.get_lastdocid();
  out->Resize(last);
  Status s = GuardXapian("reading filter terms", [&]() -> Status {
    for (std::string_view prefix : kFilterPrefixes) {
      const std::string p(prefix);
      for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t) {
        Bits& bits = out->terms_[*t];
        bits.assign(out->words_, 0);
        for (auto d = db.postlist_begin(*t); d != db.postlist_end(*t); ++d) Set(bits, *d);
      }
    }
    for (auto v = db.valuestream_begin(layout::kSlotCreated);
         v != db.valuestream_end(layout::kSlotCreated); ++v) {
      out->created_[v.get_docid()] = *v;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  for (Xapian::docid d = 1; d <= last; ++d) out->SetCodes(d, facets);
  out->newest_first_.resize(last);
  for (Xapian::docid d = 1; d <= last; ++d) out->newest_first_[d - 1] = d;
  const BrowseIndex& self = *out;
  std::sort(out->newest_first_.begin(), out->newest_first_.end(),
            [&](Xapian::docid a, Xapian::docid b) { return self.Before(a, b); });
  return std::shared_ptr<const BrowseIndex>(std::move(out));
}

Result<std::shared_ptr<const BrowseIndex>> BrowseIndex::Patched(
    const BrowseIndex& base, const Xapian::Database& db, const FacetCache& facets,
    const std::vector<Xapian::docid>& changed) {
  std::shared_ptr<BrowseIndex> out(new BrowseIndex(base));
  const Xapian::docid last = std::max<Xapian::docid>(
      db.get_lastdocid(), static_cast<Xapian::docid>(base.newest_first_.size()));
  out->Resize(last);
  Bits is_changed(out->words_, 0);
  for (Xapian::docid d : changed) {
    if (d == 0 || d > last) continue;
    Set(is_changed, d);
    for (auto& [term, bits] : out->terms_) Clear(bits, d);
    for (std::vector<Bits>& field : out->codes_) {
      for (Bits& bits : field) Clear(bits, d);
    }
    out->created_[d].clear();
  }
  Status s = GuardXapian("reading changed filter terms", [&]() -> Status {
    for (Xapian::docid d : changed) {
      if (d == 0 || d > last) continue;
      try {
        out->Add(d, db.get_document(d), facets);
      } catch (const Xapian::DocNotFoundError&) {
        // deleted: no bits, no value
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  // The order: the unchanged documents keep theirs; the changed ones and new docids (sorted
  // among themselves) are merged in.
  std::vector<Xapian::docid> moved;
  for (Xapian::docid d = 1; d <= last; ++d) {
    if (Test(is_changed, d) || d > base.newest_first_.size()) moved.push_back(d);
  }
  const BrowseIndex& self = *out;
  auto before = [&](Xapian::docid a, Xapian::docid b) { return self.Before(a, b); };
  std::sort(moved.begin(), moved.end(), before);
  std::vector<Xapian::docid> kept;
  kept.reserve(base.newest_first_.size());
  for (Xapian::docid d : base.newest_first_) {
    if (!Test(is_changed, d)) kept.push_back(d);
  }
  out->newest_first_.clear();
  out->newest_first_.reserve(last);
  std::merge(kept.begin(), kept.end(), moved.begin(), moved.end(),
             std::back_inserter(out->newest_first_), before);
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
