// Reasons a company can trust (issue 9): for every hit of every company profile we have — the
// 33 sample profiles and the 88 of bench/quality/reco_companies.jsonl, over the sample plus
// bench/quality/reco_initiatives.jsonl — each reason's claim is checked against the two
// records, independently of how the scorer found it:
//   need_match    quotes a real need of the initiative and a real offer of the company of
//                 the same type about the same thing (for volunteers, a volunteer need and a
//                 volunteer offer that do not name two different things);
//   funding_gap   names the open amount of a money need that is not fully funded, and the
//                 company offers money; a purpose it names ("– Sie fördern: Tierarzt") is one
//                 a money offer buys and the initiative names;
//   same_ortsteil / same_district / neighbouring_district / distance   hold for the places;
//   shared_topics / shared_languages   are held by both;
//   similar_description   only with a cosine of at least 0.3.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "geo/berlin.h"
#include "ranking/money_purpose.h"
#include "ranking/need_matcher.h"
#include "ranking/searcher.h"
#include "schemas/codec/company_codec.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::ranking {
namespace {

using schemas::CompanyProfile;
using schemas::Initiative;
using schemas::NeedType;
using testing::TestIndex;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const std::map<std::string, std::string>& TopicEn() {
  static const std::map<std::string, std::string> m = {{"education", "education"},
                                                       {"language", "language"},
                                                       {"work", "work"},
                                                       {"housing", "housing"},
                                                       {"health", "health"},
                                                       {"children_youth", "children and youth"},
                                                       {"women", "women"},
                                                       {"elderly", "older people"},
                                                       {"disability", "disability"},
                                                       {"culture", "culture"},
                                                       {"sport", "sport"},
                                                       {"digital", "digital"},
                                                       {"legal", "legal"},
                                                       {"arrival", "arrival"},
                                                       {"neighbourhood", "neighbourhood"},
                                                       {"environment", "environment"},
                                                       {"animals", "animals"},
                                                       {"poverty", "poverty"}};
  return m;
}

// The items of "Prefix: a, b, c".
std::vector<std::string> ListAfter(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  if (text.rfind(prefix, 0) != 0) return out;
  std::string rest = text.substr(prefix.size());
  size_t from = 0;
  while (from <= rest.size()) {
    size_t comma = rest.find(", ", from);
    if (comma == std::string::npos) comma = rest.size();
    out.push_back(rest.substr(from, comma - from));
    from = comma + 2;
  }
  return out;
}

// Need and offer are about the same thing: a concept of one is the other's or in its lineage
// (the lexicon's tree, checked here without need_matcher's grades), or — when one names no
// concept — the need's kind of its type is the offer's (in the lineage too), or they share a
// whole word. Both are read as texts of their type (what a need of that type can be).
bool AboutTheSameThing(const schemas::Offer& o, const schemas::Need& n,
                       const std::string& language) {
  const text::ConceptLexicon& lex = text::ConceptLexicon::Default();
  const std::string_view type = schemas::NeedTypeName(n.type);
  const NamedThings offer = OfferThings(o.description, type);
  const auto need = TextThings(n.description, language, type);
  for (text::ConceptId a : offer.concepts) {
    for (text::ConceptId b : need->concepts) {
      if (lex.IsA(a, b) || lex.IsA(b, a)) return true;
    }
  }
  if (!offer.concepts.empty() && !need->concepts.empty()) return false;
  // A need that names no field and only a kind of its type (Praktikum, Ausbildungsplatz) is
  // about that kind in any field: an offer of the kind is about it.
  if (need->concepts.empty()) {
    for (text::ConceptId a : offer.kinds) {
      for (text::ConceptId b : need->kinds) {
        if (lex.IsA(a, b) || lex.IsA(b, a)) return true;
      }
    }
  }
  for (const std::string& s : offer.word_stems) {
    if (need->word_stems.count(s)) return true;
  }
  return false;
}

// A money offer's purpose `c` (a thing or service it buys) is named by the initiative: its
// title, summary or the money need's text names `c` or a narrower concept, or the next broader
// one.
bool NamesPurpose(const schemas::Initiative& in, const schemas::Need& money, text::ConceptId c) {
  const text::ConceptLexicon& lex = text::ConceptLexicon::Default();
  for (const std::string* text : {&in.title, &in.summary, &money.description}) {
    const auto named = TextThings(*text, in.language);
    for (const auto* list : {&named->concepts, &named->broad}) {
      for (text::ConceptId n : *list) {
        if (lex.IsA(n, c) || (lex.Get(c).parent == static_cast<int>(n) && lex.Get(n).parent >= 0))
          return true;
      }
    }
  }
  return false;
}

// An offer of another type (a law firm's pro-bono expertise for a need of volunteers): both
// read as texts of the offer's type name concepts of one lineage — between expertise and
// volunteers help people give (a service, an activity or a role), and goods only where the
// offer names a role (the people who come with them).
bool SameHelpAcrossTypes(const schemas::Offer& o, const schemas::Need& n,
                         const std::string& language) {
  const text::ConceptLexicon& lex = text::ConceptLexicon::Default();
  auto help = [&](text::ConceptId c) {
    const std::string& kind = lex.Get(c).kind;
    return kind == "service" || kind == "activity" || kind == "role";
  };
  bool people = false;  // goods: with the people to use them
  for (text::ConceptId c : OfferThings(o.description).concepts)
    people = people || lex.Get(c).kind == "role";
  if (o.type == NeedType::kGoods && !people) return false;
  const std::string_view type = schemas::NeedTypeName(o.type);
  const NamedThings offer = OfferThings(o.description, type);
  const auto need = TextThings(n.description, language, type);
  for (text::ConceptId a : offer.concepts) {
    for (text::ConceptId b : need->concepts) {
      const bool what = o.type == NeedType::kGoods || (help(a) && help(b));
      if (what && (lex.IsA(a, b) || lex.IsA(b, a))) return true;
    }
  }
  return false;
}

// Empty when the reason's claim holds, else what is wrong.
std::string Check(const Reason& r, const CompanyProfile& c, const Initiative& in,
                  const RecoComponents& k) {
  auto offers_of = [&](NeedType t) {
    std::vector<const schemas::Offer*> out;
    for (const schemas::Offer& o : c.offers) {
      if (o.type == t) out.push_back(&o);
    }
    return out;
  };
  if (r.code == "need_match") {
    for (const schemas::Need& n : in.needs) {
      if (!Contains(r.de, n.description)) continue;
      for (const schemas::Offer* o : offers_of(n.type)) {
        if (n.type == NeedType::kVolunteers) {
          // Volunteers meet a volunteer need when either side leaves open what they do, or
          // both name the same thing; not teachers for a need of law students.
          const NamedThings offer = OfferThings(o->description, "volunteers");
          const auto need = TextThings(n.description, in.language, "volunteers");
          if (offer.concepts.empty() || need->concepts.empty() ||
              AboutTheSameThing(*o, n, in.language))
            return "";
          continue;
        }
        if (!Contains(r.de, "Sie bieten ") || !Contains(r.de, o->description) ||
            !Contains(r.en, o->description))
          continue;
        if (AboutTheSameThing(*o, n, in.language)) return "";
      }
      for (const schemas::Offer& o : c.offers) {
        if (o.type == n.type || !MeetsAcrossTypes(o.type, n.type)) continue;
        if (Contains(r.de, "Sie bieten ") && Contains(r.de, o.description) &&
            Contains(r.en, o.description) && SameHelpAcrossTypes(o, n, in.language))
          return "";
      }
    }
    return "quotes no need of the initiative that an offer is about";
  }
  if (r.code == "funding_gap") {
    if (offers_of(NeedType::kMoney).empty()) return "the company offers no money";
    for (const schemas::Need& n : in.needs) {
      if (n.type != NeedType::kMoney || n.FundingGap() <= 0) continue;
      const std::string open = "Noch " + FormatEurDe(n.FundingGap()) + " EUR offen";
      if (r.de == open) return "";
      // "… – Sie fördern: Tierarzt": a money offer buys that, and the initiative names it.
      if (r.de.rfind(open + " – Sie fördern: ", 0) != 0) continue;
      const std::string label = r.de.substr(open.size() + std::string(" – Sie fördern: ").size());
      for (const schemas::Offer* o : offers_of(NeedType::kMoney)) {
        for (text::ConceptId purpose : ReadMoneyPurpose(o->description).specific) {
          if (text::ConceptLexicon::Default().Get(purpose).Label("de") == label &&
              NamesPurpose(in, n, purpose))
            return "";
        }
      }
      return "names a purpose no money offer buys or the initiative does not name";
    }
    return "no money need has this open amount";
  }
  if (r.code == "same_ortsteil") {
    return !c.neighbourhood.empty() && c.neighbourhood == in.neighbourhood &&
                   Contains(r.de, in.neighbourhood)
               ? ""
               : "not the same Ortsteil";
  }
  if (r.code == "same_district")
    return c.district == in.district && !c.district.empty() ? "" : "not the same Bezirk";
  if (r.code == "neighbouring_district") {
    const geo::District* d = geo::Berlin::Get().FindDistrict(c.district);
    const bool ok = d && std::find(d->neighbours.begin(), d->neighbours.end(), in.district) !=
                             d->neighbours.end();
    return ok ? "" : "not a neighbouring Bezirk";
  }
  if (r.code == "distance") {
    if (!c.location || !in.location) return "a place is unknown";
    const double km = geo::DistanceKm(*c.location, *in.location);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f km away", km);
    return r.en == buf && km <= 10 ? "" : "the distance is " + std::string(buf);
  }
  if (r.code == "shared_topics") {
    for (const std::string& label : ListAfter(r.en, "Shared topics: ")) {
      auto it = std::find_if(TopicEn().begin(), TopicEn().end(),
                             [&](const auto& t) { return t.second == label; });
      if (it == TopicEn().end()) return "unknown topic " + label;
      const bool both = std::count(c.topics.begin(), c.topics.end(), it->first) &&
                        std::count(in.topics.begin(), in.topics.end(), it->first);
      if (!both) return "topic " + label + " is not held by both";
    }
    return "";
  }
  if (r.code == "shared_languages") {
    for (const std::string& l : ListAfter(r.en, "Shared languages: ")) {
      const bool both = std::count(c.languages.begin(), c.languages.end(), l) &&
                        std::count(in.languages_spoken.begin(), in.languages_spoken.end(), l);
      if (!both) return "language " + l + " is not spoken by both";
    }
    return "";
  }
  if (r.code == "similar_description") return k.semantic >= 0.3 ? "" : "cosine below 0.3";
  return "unknown reason code";
}

TEST(RecoReasons, EveryReasonOfEveryProfileIsTrue) {
  const std::string corpus =
      testing::ReadFileOrDie(testing::SamplePath()) + "\n" +
      testing::ReadFileOrDie(testing::SourcePath("bench/quality/reco_initiatives.jsonl"));
  auto index = TestIndex::FromJsonl(corpus);
  ASSERT_NE(index, nullptr);
  auto searcher = index->OpenSearcher();
  ASSERT_NE(searcher, nullptr);
  std::vector<std::string> profiles =
      testing::ReadLines(testing::SourcePath("data/sample/companies.jsonl"));
  for (const std::string& p :
       testing::ReadLines(testing::SourcePath("bench/quality/reco_companies.jsonl"))) {
    profiles.push_back(p);
  }
  ASSERT_EQ(profiles.size(), 133u);  // the sample's 33 and folds A-G's 100
  size_t reasons = 0, false_reasons = 0, hits = 0;
  std::map<std::string, size_t> by_code;
  for (size_t i = 0; i < profiles.size(); ++i) {
    schemas::ParsedCompany parsed = schemas::ParseCompanyProfile(profiles[i]);
    ASSERT_TRUE(parsed.ok()) << "profile " << i + 1;
    Result<std::vector<Recommendation>> recs = searcher->Recommend(parsed.profile);
    ASSERT_TRUE(recs.ok()) << recs.status();
    for (const Recommendation& rec : *recs) {
      ++hits;
      for (const Reason& r : rec.reasons) {
        ++reasons;
        ++by_code[r.code];
        const std::string wrong = Check(r, parsed.profile, rec.record, rec.components);
        if (!wrong.empty()) {
          ++false_reasons;
          ADD_FAILURE() << parsed.profile.name << " -> " << rec.record.id << ": " << r.de << " | "
                        << r.en << ": " << wrong;
        }
      }
    }
  }
  EXPECT_EQ(false_reasons, 0u);
  // The check saw every kind of reason, many times.
  for (const char* code : {"need_match", "funding_gap", "same_district", "shared_topics"}) {
    EXPECT_GT(by_code[code], 20u) << code;
  }
  std::printf("%zu hits, %zu reasons checked\n", hits, reasons);
}

}  // namespace
}  // namespace hilfsnetz::ranking
