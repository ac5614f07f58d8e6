#include "ranking/facet_cache.h"

#include <algorithm>
#include <cmath>

#include "core/index_layout.h"
#include "core/loose_key.h"
#include "geo/berlin.h"

namespace hilfsnetz::ranking {
namespace {

constexpr int Idx(FacetField f) { return static_cast<int>(f); }

std::vector<std::string> SplitList(const std::string& joined) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= joined.size() && !joined.empty()) {
    size_t end = joined.find(layout::kListSeparator, start);
    if (end == std::string::npos) end = joined.size();
    out.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Open EUR in cents: a record's funding gap rounded to the cent once.
int64_t Cents(double eur) { return static_cast<int64_t>(std::llround(eur * 100.0)); }

}  // namespace

std::string_view SumFieldName(SumField f) {
  switch (f) {
    case SumField::kFundingGapEur:
      return "funding_gap_eur";
  }
  return "";
}

std::string_view FacetFieldName(FacetField f) {
  switch (f) {
    case FacetField::kDistrict:
      return "district";
    case FacetField::kNeed:
      return "need";
    case FacetField::kTopic:
      return "topic";
    case FacetField::kLanguage:
      return "language";
    case FacetField::kStatus:
      return "status";
    case FacetField::kNeighbourhood:
      return "neighbourhood";
  }
  return "";
}

uint16_t FacetCache::Intern(FacetField f, const std::string& value) {
  auto& index = index_[Idx(f)];
  auto it = index.find(value);
  if (it != index.end()) return it->second;
  auto& names = names_[Idx(f)];
  if (names.empty()) names.emplace_back();  // code 0 = none
  const auto code = static_cast<uint16_t>(names.size());
  names.push_back(value);
  index.emplace(value, code);
  return code;
}

void FacetCache::InitOrtsteile() {
  std::vector<std::string>& names = names_[Idx(FacetField::kNeighbourhood)];
  names.assign(1, "");
  for (const geo::Ortsteil& o : geo::Berlin::Get().ortsteile()) names.push_back(o.name);
}

uint32_t FacetCache::InternNeighbourhood(const std::string& key) {
  auto [it, added] =
      neighbourhoods_.emplace(key, static_cast<uint32_t>(neighbourhoods_.size() + 1));
  if (!added) return it->second;
  const uint32_t code = it->second;
  if (hood_ortsteil_.size() <= code) hood_ortsteil_.resize(code + 1u, 0);
  // Only the Ortsteil's own key: the same documents as the filter neighbourhood=<Ortsteil>
  // (ranking/filter_query.cc), which looks up XN<LooseKey(name)>.
  const geo::Ortsteil* o = geo::Berlin::Get().FindOrtsteil(key);
  if (o && LooseKey(o->name) == key) {
    const auto& all = geo::Berlin::Get().ortsteile();
    hood_ortsteil_[code] = static_cast<uint16_t>(o - all.data() + 1);
  }
  return code;
}

FacetCache::FacetCache(const Xapian::Database& db) {
  InitOrtsteile();
  codes_.resize(static_cast<size_t>(db.get_lastdocid()) + 1);
  for (auto it = db.valuestream_begin(layout::kSlotDistrict);
       it != db.valuestream_end(layout::kSlotDistrict); ++it) {
    if (!(*it).empty()) codes_[it.get_docid()].district = Intern(FacetField::kDistrict, *it);
  }
  for (auto it = db.valuestream_begin(layout::kSlotLanguage);
       it != db.valuestream_end(layout::kSlotLanguage); ++it) {
    if (!(*it).empty()) codes_[it.get_docid()].language = Intern(FacetField::kLanguage, *it);
  }
  for (auto it = db.valuestream_begin(layout::kSlotNeeds);
       it != db.valuestream_end(layout::kSlotNeeds); ++it) {
    for (const std::string& v : SplitList(*it)) {
      const uint16_t code = Intern(FacetField::kNeed, v);
      if (code >= 32) continue;
      codes_[it.get_docid()].needs |= (1u << code);
      if (need_docs_.size() <= code) need_docs_.resize(code + 1u);
      std::vector<uint64_t>& bits = need_docs_[code];
      if (bits.empty()) bits.assign(codes_.size() / 64 + 1, 0);
      bits[it.get_docid() / 64] |= uint64_t{1} << (it.get_docid() % 64);
    }
  }
  for (auto it = db.valuestream_begin(layout::kSlotTopics);
       it != db.valuestream_end(layout::kSlotTopics); ++it) {
    for (const std::string& v : SplitList(*it)) {
      const uint16_t code = Intern(FacetField::kTopic, v);
      if (code < 64) codes_[it.get_docid()].topics |= (uint64_t{1} << code);
    }
  }
  for (auto it = db.valuestream_begin(layout::kSlotFundingGap);
       it != db.valuestream_end(layout::kSlotFundingGap); ++it) {
    const double gap = Xapian::sortable_unserialise(*it);
    codes_[it.get_docid()].funding_gap = static_cast<float>(gap);
    codes_[it.get_docid()].open_cents = Cents(gap);
  }
  for (auto it = db.valuestream_begin(layout::kSlotCreated);
       it != db.valuestream_end(layout::kSlotCreated); ++it) {
    codes_[it.get_docid()].created_unix = static_cast<int64_t>(Xapian::sortable_unserialise(*it));
  }
  for (auto it = db.valuestream_begin(layout::kSlotUpdated);
       it != db.valuestream_end(layout::kSlotUpdated); ++it) {
    codes_[it.get_docid()].updated_unix = static_cast<int64_t>(Xapian::sortable_unserialise(*it));
  }
  for (auto it = db.valuestream_begin(layout::kSlotLocation);
       it != db.valuestream_end(layout::kSlotLocation); ++it) {
    Xapian::LatLongCoords coords;
    coords.unserialise(*it);
    if (coords.empty()) continue;
    Codes& c = codes_[it.get_docid()];
    const Xapian::LatLongCoord first = *coords.begin();
    c.lat = static_cast<float>(first.latitude);
    c.lon = static_cast<float>(first.longitude);
    c.has_location = true;
  }
  const std::string hood_prefix(layout::kPrefixNeighbourhood);
  for (auto t = db.allterms_begin(hood_prefix); t != db.allterms_end(hood_prefix); ++t) {
    const uint32_t code = InternNeighbourhood((*t).substr(hood_prefix.size()));
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      Codes& c = codes_[*p];
      (c.neighbourhood == 0 ? c.neighbourhood : c.neighbourhood2) = code;
    }
  }
  for (const char* status : {"active", "paused", "completed"}) {
    const uint16_t code = Intern(FacetField::kStatus, status);
    const std::string term = std::string(layout::kPrefixStatus) + status;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      codes_[*p].status = static_cast<uint8_t>(code);
    }
  }
  const uint16_t active = Code(FacetField::kStatus, "active");
  active_topics_.assign(names_[static_cast<int>(FacetField::kTopic)].size(), 0);
  active_needs_.assign(names_[static_cast<int>(FacetField::kNeed)].size(), 0);
  for (const Codes& c : codes_) {
    if (c.status != active) continue;
    ++active_;
    for (size_t t = 0; t < active_topics_.size() && t < 64; ++t)
      active_topics_[t] += (c.topics >> t) & 1u;
    for (size_t n = 0; n < active_needs_.size() && n < 32; ++n)
      active_needs_[n] += (c.needs >> n) & 1u;
  }
}

void FacetCache::CountActive(const Codes& c, int sign) {
  if (c.status == 0 || c.status != Code(FacetField::kStatus, "active")) return;
  active_ += sign;
  active_topics_.resize(names_[Idx(FacetField::kTopic)].size(), 0);
  active_needs_.resize(names_[Idx(FacetField::kNeed)].size(), 0);
  for (size_t t = 0; t < active_topics_.size() && t < 64; ++t) {
    if ((c.topics >> t) & 1u) active_topics_[t] += sign;
  }
  for (size_t n = 0; n < active_needs_.size() && n < 32; ++n) {
    if ((c.needs >> n) & 1u) active_needs_[n] += sign;
  }
}

void FacetCache::Reset(Xapian::docid id, const Xapian::Document* doc) {
  Codes& c = codes_[id];
  CountActive(c, -1);
  for (uint32_t bits = c.needs; bits; bits &= bits - 1) {
    std::vector<uint64_t>& docs = need_docs_[static_cast<size_t>(__builtin_ctz(bits))];
    docs[id / 64] &= ~(uint64_t{1} << (id % 64));
  }
  c = Codes();
  if (doc == nullptr) return;
  if (std::string v = doc->get_value(layout::kSlotDistrict); !v.empty()) {
    c.district = Intern(FacetField::kDistrict, v);
  }
  if (std::string v = doc->get_value(layout::kSlotLanguage); !v.empty()) {
    c.language = Intern(FacetField::kLanguage, v);
  }
  for (const std::string& v : SplitList(doc->get_value(layout::kSlotNeeds))) {
    const uint16_t code = Intern(FacetField::kNeed, v);
    if (code >= 32) continue;
    c.needs |= (1u << code);
    if (need_docs_.size() <= code) need_docs_.resize(code + 1u);
    std::vector<uint64_t>& bits = need_docs_[code];
    bits.resize(codes_.size() / 64 + 1, 0);
    bits[id / 64] |= uint64_t{1} << (id % 64);
  }
  for (const std::string& v : SplitList(doc->get_value(layout::kSlotTopics))) {
    const uint16_t code = Intern(FacetField::kTopic, v);
    if (code < 64) c.topics |= (uint64_t{1} << code);
  }
  if (std::string v = doc->get_value(layout::kSlotFundingGap); !v.empty()) {
    const double gap = Xapian::sortable_unserialise(v);
    c.funding_gap = static_cast<float>(gap);
    c.open_cents = Cents(gap);
  }
  if (std::string v = doc->get_value(layout::kSlotCreated); !v.empty()) {
    c.created_unix = static_cast<int64_t>(Xapian::sortable_unserialise(v));
  }
  if (std::string v = doc->get_value(layout::kSlotUpdated); !v.empty()) {
    c.updated_unix = static_cast<int64_t>(Xapian::sortable_unserialise(v));
  }
  if (std::string v = doc->get_value(layout::kSlotLocation); !v.empty()) {
    Xapian::LatLongCoords coords;
    coords.unserialise(v);
    if (!coords.empty()) {
      const Xapian::LatLongCoord first = *coords.begin();
      c.lat = static_cast<float>(first.latitude);
      c.lon = static_cast<float>(first.longitude);
      c.has_location = true;
    }
  }
  const std::string hood(layout::kPrefixNeighbourhood), status(layout::kPrefixStatus);
  for (auto t = doc->termlist_begin(); t != doc->termlist_end(); ++t) {
    const std::string& term = *t;
    if (term.compare(0, hood.size(), hood) == 0) {
      const uint32_t code = InternNeighbourhood(term.substr(hood.size()));
      (c.neighbourhood == 0 ? c.neighbourhood : c.neighbourhood2) = code;
    } else if (term.compare(0, status.size(), status) == 0) {
      c.status = static_cast<uint8_t>(Intern(FacetField::kStatus, term.substr(status.size())));
    }
  }
  CountActive(c, +1);
}

FacetCache FacetCache::Patched(const FacetCache& base, const Xapian::Database& db,
                               const std::vector<Xapian::docid>& changed) {
  FacetCache out = base;
  const size_t size = static_cast<size_t>(db.get_lastdocid()) + 1;
  if (out.codes_.size() < size) out.codes_.resize(size);
  for (std::vector<uint64_t>& bits : out.need_docs_) bits.resize(out.codes_.size() / 64 + 1, 0);
  for (Xapian::docid id : changed) {
    if (id >= out.codes_.size()) out.codes_.resize(static_cast<size_t>(id) + 1);
    Xapian::Document doc;
    bool present = true;
    try {
      doc = db.get_document(id);
    } catch (const Xapian::DocNotFoundError&) {
      present = false;  // deleted
    }
    out.Reset(id, present ? &doc : nullptr);
  }
  return out;
}

double FacetCache::ActiveShare(FacetField f, const std::string& value) const {
  const uint16_t code = Code(f, value);
  const std::vector<uint32_t>* counts = f == FacetField::kTopic  ? &active_topics_
                                        : f == FacetField::kNeed ? &active_needs_
                                                                 : nullptr;
  if (!counts || code == 0 || code >= counts->size() || active_ == 0) return 0;
  return static_cast<double>((*counts)[code]) / active_;
}

FacetSpy::FacetSpy(const FacetCache& cache, bool sum_cents) : cache_(cache), sum_cents_(sum_cents) {
  for (int f = 0; f < kFacetFieldCount; ++f) {
    counts_[f].assign(cache.Names(static_cast<FacetField>(f)).size(), 0);
    if (sum_cents_) cents_[f].assign(counts_[f].size(), 0);
  }
}

void FacetSpy::operator()(const Xapian::Document& doc, double) { Count(doc.get_docid()); }

void FacetSpy::Count(Xapian::docid id) {
  const FacetCache::Codes* c = cache_.Find(id);
  if (!c) return;
  // One bucket `code` of field `f` takes the document (and its cents).
  const int64_t cents = c->open_cents;
  auto add = [&](FacetField f, size_t code) {
    ++counts_[Idx(f)][code];
    if (sum_cents_) cents_[Idx(f)][code] += cents;
  };
  total_cents_ += sum_cents_ ? cents : 0;
  if (c->district) add(FacetField::kDistrict, c->district);
  if (c->language) add(FacetField::kLanguage, c->language);
  if (c->status) add(FacetField::kStatus, c->status);
  for (uint32_t bits = c->needs; bits; bits &= bits - 1) {
    add(FacetField::kNeed, static_cast<size_t>(__builtin_ctz(bits)));
  }
  for (uint64_t bits = c->topics; bits; bits &= bits - 1) {
    add(FacetField::kTopic, static_cast<size_t>(__builtin_ctzll(bits)));
  }
  // A record in a Kiez carries the Kiez's key and its Ortsteil's; only the Ortsteil counts.
  const uint16_t o1 = cache_.OrtsteilOf(c->neighbourhood);
  const uint16_t o2 = cache_.OrtsteilOf(c->neighbourhood2);
  if (o1) add(FacetField::kNeighbourhood, o1);
  if (o2 && o2 != o1) add(FacetField::kNeighbourhood, o2);
}

void FacetSpy::Add(FacetField f, size_t code, uint64_t n) {
  std::vector<uint64_t>& counts = counts_[Idx(f)];
  if (code < counts.size()) counts[code] += n;
}

std::vector<size_t> FacetSpy::Order(FacetField f) const {
  const auto& names = cache_.Names(f);
  const auto& counts = counts_[Idx(f)];
  std::vector<size_t> out;
  for (size_t i = 1; i < counts.size(); ++i) {
    if (counts[i] > 0) out.push_back(i);
  }
  std::sort(out.begin(), out.end(), [&](size_t a, size_t b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : names[a] < names[b];
  });
  return out;
}

std::vector<std::pair<std::string, uint64_t>> FacetSpy::Counts(FacetField f) const {
  std::vector<std::pair<std::string, uint64_t>> out;
  for (size_t i : Order(f)) out.emplace_back(cache_.Names(f)[i], counts_[Idx(f)][i]);
  return out;
}

std::vector<std::pair<std::string, int64_t>> FacetSpy::SumCents(FacetField f) const {
  std::vector<std::pair<std::string, int64_t>> out;
  for (size_t i : Order(f)) {
    out.emplace_back(cache_.Names(f)[i], sum_cents_ ? cents_[Idx(f)][i] : 0);
  }
  return out;
}

void CollectFacets(const FacetSpy& spy, const SearchRequest& req,
                   std::map<FacetField, std::vector<std::pair<std::string, uint64_t>>>& facets,
                   std::map<SumField, SearchResult::Sum>& sums) {
  for (FacetField f : req.facets) facets[f] = spy.Counts(f);
  for (SumField s : req.sums) {
    // kFundingGapEur is the only sum; another would need its own column and spy total.
    SearchResult::Sum& sum = sums[s];
    sum.total_cents = spy.TotalCents();
    for (FacetField f : req.facets) sum.facets[f] = spy.SumCents(f);
  }
}

}  // namespace hilfsnetz::ranking
