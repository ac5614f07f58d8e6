#include "ranking/reco_scoring.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

#include "geo/berlin.h"
#include "ranking/need_matcher.h"
#include "ranking/room_fit.h"
#include "text/analyzer.h"
#include "text/concept_lexicon.h"

namespace hilfsnetz::ranking {
namespace {

using schemas::NeedType;

constexpr double kSecondsPerYear = 365.25 * 24 * 3600;
constexpr double kDistanceReasonKm = 10;          // "3,2 km entfernt" only this close
constexpr double kDescriptionReasonCosine = 0.3;  // "Beschreibung passt zu Ihrem Profil" from here
constexpr size_t kSimilarConcepts = 3;            // concepts named in one similarity reason
constexpr size_t kSimilarWords = 3;               // key words named in one similarity reason

const std::map<std::string, std::pair<const char*, const char*>>& TopicLabels() {
  static const std::map<std::string, std::pair<const char*, const char*>> kLabels = {
      {"education", {"Bildung", "education"}},
      {"language", {"Sprache", "language"}},
      {"work", {"Arbeit", "work"}},
      {"housing", {"Wohnen", "housing"}},
      {"health", {"Gesundheit", "health"}},
      {"children_youth", {"Kinder und Jugend", "children and youth"}},
      {"women", {"Frauen", "women"}},
      {"elderly", {"Ältere Menschen", "older people"}},
      {"disability", {"Behinderung", "disability"}},
      {"culture", {"Kultur", "culture"}},
      {"sport", {"Sport", "sport"}},
      {"digital", {"Digitales", "digital"}},
      {"legal", {"Recht", "legal"}},
      {"arrival", {"Ankommen", "arrival"}},
      {"neighbourhood", {"Nachbarschaft", "neighbourhood"}},
      {"environment", {"Umwelt", "environment"}},
      {"animals", {"Tiere", "animals"}},
      {"poverty", {"Armut", "poverty"}},
  };
  return kLabels;
}

std::string FormatNumber(double v, char sep) {
  const auto n = static_cast<long long>(std::llround(v));
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string WithQuantity(const std::optional<double>& quantity, const std::string& description) {
  if (!quantity || *quantity <= 0) return description;
  const std::string q = FormatNumber(*quantity, '.');
  return description.rfind(q, 0) == 0 ? description : q + " " + description;
}

struct NeedMatch {
  double strength = 0;
  Reason reason;
};

// The component a reason's code comes from.
std::string ComponentOf(const std::string& code) {
  if (code == "need_match" || code == "funding_gap") return "need_match";
  if (code == "same_ortsteil" || code == "same_district" || code == "neighbouring_district" ||
      code == "distance") {
    return "proximity";
  }
  if (code == "shared_topics") return "topics";
  if (code == "shared_languages") return "languages";
  if (code == "similar_description") return "semantic";
  return "";
}

// The need's side of a need-match reason in `language` ("de" or "en"): the need's text when
// the record is written in that language or the match names no concept; else what the need
// is about in that language — the broadest of the need's concepts above the matched one, with
// the need's narrower concepts under it and the quantity: "Lebensmittel (Brot, Obst)" /
// "food (bread, fruit, 15)" — and, for German readers, the original text, so that an English
// reason never quotes German text. (The offer's side is the company's own text.)
constexpr size_t kSpecificsInReason = 3;

std::string NeedSide(const schemas::Need& need, const NamedThings& need_things, int concept_id,
                     const std::string& language) {
  const std::string text = WithQuantity(need.quantity, need.description);
  if (need_things.language == language || concept_id < 0) return text;
  const text::ConceptLexicon& lex = text::ConceptLexicon::Default();
  auto head = static_cast<text::ConceptId>(concept_id);
  for (text::ConceptId c : need_things.concepts) {
    if (lex.IsA(head, c)) head = c;  // a broader concept the need names
  }
  const std::string& label = lex.Get(head).Label(language);
  if (label.empty()) return text;
  std::string specifics;
  size_t n = 0;
  for (text::ConceptId c : need_things.concepts) {
    if (c == head || !lex.IsA(c, head) || n == kSpecificsInReason) continue;
    const std::string& name = lex.Get(c).Label(language);
    if (name.empty() || name == label) continue;
    specifics += (specifics.empty() ? "" : ", ") + name;
    ++n;
  }
  if (language == "de")
    return label + (specifics.empty() ? "" : " (" + specifics + ")") + ": " + text;
  if (need.quantity && *need.quantity > 0) {
    specifics += (specifics.empty() ? "" : ", ") + FormatNumber(*need.quantity, ',');
  }
  return specifics.empty() ? label : label + " (" + specifics + ")";
}

// "Braucht <need> – Sie bieten <offer>" for an offer that meets a need as the same thing.
Reason ThingReason(const schemas::Offer& offer, const schemas::Need& need,
                   const NamedThings& need_things, const NeedOfferMatch& match) {
  const std::string offer_text = WithQuantity(offer.quantity, offer.description);
  return {"need_match",
          "Braucht " + NeedSide(need, need_things, match.need_concept, "de") + " – Sie bieten " +
              offer_text,
          "Needs " + NeedSide(need, need_things, match.need_concept, "en") + " – you offer " +
              offer_text};
}

// What a volunteer need is for: its first concept that is not a role ("Helfende für die
// Kleiderkammer" -> clothing bank, not helper); -1 when it names none.
int WhatItIsFor(const NamedThings& need) {
  for (text::ConceptId c : need.concepts) {
    if (text::ConceptLexicon::Default().Get(c).kind != "role") return static_cast<int>(c);
  }
  return -1;
}

// How well one offer meets one need (0 = not at all), by need_matcher.h's grades; with its
// reason when `explain` (the strength never depends on it).
NeedMatch MatchOne(const schemas::Offer& offer, const NamedThings& offer_things,
                   const schemas::Need& need, const NamedThings& need_things, bool explain) {
  NeedMatch m;
  if (offer.type != need.type) return m;
  switch (need.type) {
    case NeedType::kMoney: {
      const double gap = need.FundingGap();
      if (gap <= 0) return m;  // fully funded: no longer a need
      m.strength = 1.0;
      if (!explain) return m;
      m.reason = {"funding_gap", "Noch " + FormatEurDe(gap) + " EUR offen",
                  FormatEurEn(gap) + " EUR still open"};
      return m;
    }
    case NeedType::kVolunteers: {
      // Any volunteer hours help; hours for the very thing asked help most.
      const NeedOfferMatch match = MatchNeed(offer_things, need_things);
      // Volunteers who do something else than the need asks for (the offer and the need both
      // name what, and it does not match: teachers for a need of law students) help less.
      const bool other_thing =
          match.grade <= 0 && !offer_things.concepts.empty() && !need_things.concepts.empty();
      // Volunteers for a named thing help a need that leaves open what they do less than one
      // for that thing (the reason stays: either side leaving it open is a real match).
      const bool named_offer_only = match.grade <= 0 && !offer_things.concepts.empty();
      m.strength = other_thing || named_offer_only
                       ? kOtherVolunteers
                       : kAnyVolunteers + (1.0 - kAnyVolunteers) * match.grade;
      // Volunteers for one thing are no match for a need of another (teachers for law
      // students): they still count a little, but no reason claims a match.
      if (!explain || other_thing) return m;
      std::string hours_de, hours_en;
      if (need.hours) {
        hours_de = " (" + FormatNumber(*need.hours, '.') + " Std./Monat)";
        hours_en = " (" + FormatNumber(*need.hours, ',') + " h/month)";
      }
      // English: the need quoted only when written in English, else what it is about.
      std::string about_en;
      if (need_things.language == "en") {
        about_en = ": " + need.description;
      } else if (const int c =
                     match.need_concept >= 0 ? match.need_concept : WhatItIsFor(need_things);
                 c >= 0) {
        about_en =
            ": " + text::ConceptLexicon::Default().Get(static_cast<text::ConceptId>(c)).Label("en");
      }
      m.reason = {"need_match", "Sucht Ehrenamtliche" + hours_de + ": " + need.description,
                  "Looks for volunteers" + hours_en + about_en};
      return m;
    }
    default: {
      const NeedOfferMatch match = MatchNeed(offer_things, need_things);
      if (match.grade <= 0) {
        if (need.type == NeedType::kGoods) return m;  // laptops do not meet jackets
        // The same kind of help, not evidently the same thing: no reason.
        m.strength = kSameKindOfHelp;
        return m;
      }
      // A room on other days, at other times or for fewer people than asked for is a room, not
      // the one needed: it counts as the same kind of help, without a reason.
      if (need.type == NeedType::kSpace && !RoomFit(offer.description, need.description)) {
        m.strength = kSameKindOfHelp;
        return m;
      }
      m.strength = match.grade;
      if (match.related_place || !explain) return m;  // another kind of room: no claim to quote
      m.reason = ThingReason(offer, need, need_things, match);
      return m;
    }
  }
}

// Whether concept `c` is help people give — a service, an activity or a role — rather than a
// thing, a topic or a document.
bool IsHelpGiven(int c) {
  const std::string& kind =
      text::ConceptLexicon::Default().Get(static_cast<text::ConceptId>(c)).kind;
  return kind == "service" || kind == "activity" || kind == "role";
}

// An offer of another type for a need (kAcrossTypes): the need's text read as a need of the
// offer's type must name what the offer names. `brings_people`: the offer's text names a role
// (CompanyContext::offer_brings_people).
NeedMatch MatchAcrossTypes(const schemas::Offer& offer, const NamedThings& offer_things,
                           bool brings_people, const schemas::Need& need,
                           const std::string& language, bool explain) {
  NeedMatch m;
  // Goods meet a need of volunteers only with the people to use them ("a van with a driver"):
  // bread offered is no match for volunteers who butter bread, nor basketballs for coaches.
  if (offer.type == NeedType::kGoods && !brings_people) return m;
  const auto things = TextThings(need.description, language, schemas::NeedTypeName(offer.type));
  const NeedOfferMatch match = MatchNeed(offer_things, *things);
  if (match.need_concept < 0 || match.related_place) return m;  // a concept, the same thing
  // Between expertise and volunteers, what people do on both sides (not a document or topic
  // both mention: "B1" textbooks for B1 course teachers).
  if (offer.type != NeedType::kGoods &&
      (!IsHelpGiven(match.need_concept) || !IsHelpGiven(match.offer_concept)))
    return m;
  m.strength = kAcrossTypes * match.grade;
  if (explain) m.reason = ThingReason(offer, need, *things, match);
  return m;
}

// How well an offer in kind (goods, space, expertise) buys what an open money need is for:
// kInKindForMoney × the best grade of the need's text read as a need of the offer's type. No
// reason is written for it (the money need and the offer are of two types).
double InKindForMoney(const CompanyContext& ctx, const schemas::Need& need,
                      const std::string& language) {
  double best = 0;
  for (size_t i = 0; i < ctx.profile.offers.size(); ++i) {
    const NeedType t = ctx.profile.offers[i].type;
    if (t != NeedType::kGoods && t != NeedType::kSpace && t != NeedType::kExpertise) continue;
    const auto things = TextThings(need.description, language, schemas::NeedTypeName(t));
    const NeedOfferMatch match = MatchNeed(ctx.offer_things[i], *things);
    if (match.need_concept < 0 || match.related_place) continue;  // a concept, the same thing
    best = std::max(best, kInKindForMoney * match.grade);
  }
  return best;
}

// A money offer's strength for an open gap that MatchOne found (kMoneyOutsidePurpose), and
// the purpose in its reason when one is met.
void MoneyForPurpose(const MoneyPurpose& purpose, const schemas::Initiative& in,
                     const schemas::Need& need, bool in_topics, NeedMatch& m) {
  int met = -1;
  if (!purpose.specific.empty()) {
    const auto title = TextThings(in.title, in.language);
    const auto summary = TextThings(in.summary, in.language);
    const auto need_text = TextThings(need.description, in.language);
    met = MetPurpose(purpose, {title.get(), summary.get(), need_text.get()});
  }
  if (met < 0) {
    // No named purpose met: the company's topics decide where the offer names whom or which
    // field it funds besides, or nothing specific at all.
    const bool by_topics = purpose.specific.empty() || !purpose.broad.empty();
    m.strength = by_topics ? MoneyMatchFor(in_topics) : kMoneyOutsidePurpose;
  } else {
    m.strength = 1.0;
  }
  if (m.strength >= 1.0 && GapBelowGrants(purpose.range, need.FundingGap()))
    m.strength = kMoneyOutsideTopics;
  if (met < 0 || m.reason.code.empty()) return;
  const text::Concept& c = text::ConceptLexicon::Default().Get(static_cast<text::ConceptId>(met));
  m.reason.de += " – Sie fördern: " + c.Label("de");
  m.reason.en += " – you fund: " + c.Label("en");
}

// `reasons`: nullptr when only the score is wanted.
double NeedMatchScore(const CompanyContext& ctx, const schemas::Initiative& in,
                      std::vector<Reason>* reasons) {
  const schemas::CompanyProfile& c = ctx.profile;
  // Whether the initiative works in one of the company's topics (money is given for them).
  bool in_topics = c.topics.empty();
  for (const std::string& t : c.topics) {
    in_topics = in_topics || std::find(in.topics.begin(), in.topics.end(), t) != in.topics.end();
  }
  std::vector<NeedMatch> matches;
  for (const schemas::Need& need : in.needs) {
    NeedMatch best;
    std::shared_ptr<const NamedThings> need_things;
    for (size_t i = 0; i < c.offers.size(); ++i) {
      if (MeetsAcrossTypes(c.offers[i].type, need.type)) {
        NeedMatch m = MatchAcrossTypes(c.offers[i], ctx.offer_things[i], ctx.offer_brings_people[i],
                                       need, in.language, reasons != nullptr);
        if (m.strength > best.strength) best = m;
      }
      if (c.offers[i].type != need.type) continue;
      // Money is matched on the funding gap alone: its description is not analysed.
      if (!need_things)
        need_things = need.type == NeedType::kMoney ? std::make_shared<const NamedThings>()
                                                    : TextThings(need.description, in.language,
                                                                 schemas::NeedTypeName(need.type));
      NeedMatch m =
          MatchOne(c.offers[i], ctx.offer_things[i], need, *need_things, reasons != nullptr);
      if (need.type == NeedType::kMoney && m.strength > 0)
        MoneyForPurpose(ctx.money_purpose[i], in, need, in_topics, m);
      if (m.strength > best.strength) best = m;
    }
    if (need.type == NeedType::kMoney && need.FundingGap() > 0) {
      const double in_kind = InKindForMoney(ctx, need, in.language);
      if (in_kind > best.strength) best = NeedMatch{in_kind, {}};
    }
    if (best.strength > 0) matches.push_back(best);
  }
  std::stable_sort(matches.begin(), matches.end(),
                   [](const NeedMatch& a, const NeedMatch& b) { return a.strength > b.strength; });
  std::vector<double> strengths;
  for (const NeedMatch& m : matches) {
    strengths.push_back(m.strength);
    if (reasons && !m.reason.code.empty()) reasons->push_back(m.reason);
  }
  return CombineNeedMatches(strengths);
}

// `reasons`: nullptr when only the score is wanted.
double ProximityScore(const CompanyContext& ctx, const schemas::Initiative& in,
                      std::vector<Reason>* reasons) {
  const schemas::CompanyProfile& c = ctx.profile;
  if (!c.neighbourhood.empty() && c.neighbourhood == in.neighbourhood) {
    if (reasons)
      reasons->push_back({"same_ortsteil", "Im selben Ortsteil (" + in.neighbourhood + ")",
                          "In the same neighbourhood (" + in.neighbourhood + ")"});
    return ProximityFor(PlaceRelation::kSameOrtsteil, 0);
  }
  if (!c.district.empty() && c.district == in.district) {
    if (reasons)
      reasons->push_back({"same_district", "Im selben Bezirk (" + in.district + ")",
                          "In the same district (" + in.district + ")"});
    return ProximityFor(PlaceRelation::kSameDistrict, 0);
  }
  if (!c.district.empty() && !in.district.empty()) {
    if (const geo::District* d = ctx.district) {
      if (std::find(d->neighbours.begin(), d->neighbours.end(), in.district) !=
          d->neighbours.end()) {
        if (reasons)
          reasons->push_back({"neighbouring_district", "Im Nachbarbezirk (" + in.district + ")",
                              "In a neighbouring district (" + in.district + ")"});
        return ProximityFor(PlaceRelation::kNeighbourDistrict, 0);
      }
    }
  }
  if (c.location && in.location) {
    const double km = geo::DistanceKm(*c.location, *in.location);
    if (!reasons) return ProximityFor(PlaceRelation::kElsewhere, km);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", km);
    std::string de(buf);
    std::replace(de.begin(), de.end(), '.', ',');
    if (km <= kDistanceReasonKm)
      reasons->push_back({"distance", de + " km entfernt", std::string(buf) + " km away"});
    return ProximityFor(PlaceRelation::kElsewhere, km);
  }
  return ProximityFor(PlaceRelation::kUnknown, 0);
}

double OverlapScore(const std::vector<std::string>& wanted, const std::vector<std::string>& have,
                    std::vector<std::string>& shared) {
  if (wanted.empty()) return 0.0;
  for (const std::string& w : wanted) {
    if (std::find(have.begin(), have.end(), w) != have.end()) shared.push_back(w);
  }
  return static_cast<double>(shared.size()) / static_cast<double>(wanted.size());
}

Reason TopicReason(const std::vector<std::string>& shared) {
  std::string de, en;
  for (const std::string& t : shared) {
    auto it = TopicLabels().find(t);
    de += (de.empty() ? "" : ", ") + std::string(it == TopicLabels().end() ? t : it->second.first);
    en += (en.empty() ? "" : ", ") + std::string(it == TopicLabels().end() ? t : it->second.second);
  }
  return {"shared_topics", "Gemeinsame Themen: " + de, "Shared topics: " + en};
}

double UrgencyScore(const schemas::Initiative& in, int64_t now) {
  double asked = 0, gap = 0;
  for (const schemas::Need& n : in.needs) {
    if (n.type != NeedType::kMoney || !n.amount_eur) continue;
    asked += *n.amount_eur;
    gap += n.FundingGap();
  }
  const double years =
      in.updated_unix > 0 ? static_cast<double>(now - in.updated_unix) / kSecondsPerYear : 5.0;
  return UrgencyFor(asked > 0 ? gap / asked : 0.0, years);
}

// Newness and smallness — proxies for "not yet well known".
double FairnessScore(const schemas::Initiative& in, int64_t now) {
  const double years =
      in.created_unix > 0 ? static_cast<double>(now - in.created_unix) / kSecondsPerYear : 5.0;
  double raised = 0;
  for (const schemas::Need& n : in.needs) raised += n.raised_eur.value_or(0);
  return FairnessFor(years, raised);
}

}  // namespace

CompanyContext::CompanyContext(const schemas::CompanyProfile& p)
    : profile(p),
      district(p.district.empty() ? nullptr : geo::Berlin::Get().FindDistrict(p.district)) {
  const text::ConceptLexicon& lex = text::ConceptLexicon::Default();
  for (const schemas::Offer& o : p.offers) {
    offer_things.push_back(o.type == NeedType::kMoney
                               ? NamedThings{}
                               : OfferThings(o.description, schemas::NeedTypeName(o.type)));
    bool people = false;
    if (o.type == NeedType::kGoods) {
      for (text::ConceptId c : OfferThings(o.description).concepts)
        people = people || lex.Get(c).kind == "role";
    }
    offer_brings_people.push_back(people);
    money_purpose.push_back(o.type == NeedType::kMoney ? ReadMoneyPurpose(o.description)
                                                       : MoneyPurpose{});
  }
}

std::string FormatEurDe(double eur) { return FormatNumber(eur, '.'); }
std::string FormatEurEn(double eur) { return FormatNumber(eur, ','); }

namespace {

// The components and total; the reasons too unless `reasons` is nullptr (the components never
// depend on them).
RecoComponents Score(const CompanyContext& ctx, const schemas::Initiative& in, double semantic,
                     int64_t now, const RecoWeights& w, std::vector<Reason>* reasons) {
  const schemas::CompanyProfile& company = ctx.profile;
  RecoComponents c;
  c.need_match = NeedMatchScore(ctx, in, reasons);
  c.semantic = std::max(0.0, semantic);
  c.proximity = ProximityScore(ctx, in, reasons);
  std::vector<std::string> shared_topics, shared_languages;
  c.topics = OverlapScore(company.topics, in.topics, shared_topics);
  if (reasons && !shared_topics.empty()) reasons->push_back(TopicReason(shared_topics));
  c.languages = OverlapScore(company.languages, in.languages_spoken, shared_languages);
  if (reasons && !shared_languages.empty()) {
    std::string list;
    for (const std::string& l : shared_languages) list += (list.empty() ? "" : ", ") + l;
    reasons->push_back(
        {"shared_languages", "Gemeinsame Sprachen: " + list, "Shared languages: " + list});
  }
  if (reasons && c.semantic >= kDescriptionReasonCosine) {
    reasons->push_back({"similar_description", "Beschreibung passt zu Ihrem Profil",
                        "Description fits your profile"});
  }
  c.urgency = UrgencyScore(in, now);
  c.fairness = FairnessScore(in, now);
  c.total = WeightedTotal(c, w);
  return c;
}

}  // namespace

ScoredInitiative ScoreInitiative(const CompanyContext& ctx, const schemas::Initiative& in,
                                 double semantic, int64_t now, const RecoWeights& w) {
  ScoredInitiative out;
  out.components = Score(ctx, in, semantic, now, w, &out.reasons);
  const RecoComponents& c = out.components;
  for (Reason& r : out.reasons) {
    r.component = ComponentOf(r.code);
    r.share = c.total > 0 ? Contribution(c, w, r.component) / c.total : 0.0;
  }
  return out;
}

RecoComponents ScoreComponents(const CompanyContext& ctx, const schemas::Initiative& in,
                               double semantic, int64_t now, const RecoWeights& w) {
  return Score(ctx, in, semantic, now, w, nullptr);
}

Result<RecoWeights> ParseWeights(std::string_view spec, RecoWeights w) {
  std::string known;
  for (const WeightedComponent& f : kWeightedComponents)
    known += (known.empty() ? "" : ", ") + std::string(f.name);
  size_t from = 0;
  while (from <= spec.size()) {
    size_t comma = spec.find(',', from);
    if (comma == std::string_view::npos) comma = spec.size();
    const std::string_view part = spec.substr(from, comma - from);
    from = comma + 1;
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    const std::string_view name = part.substr(0, eq);
    auto field = std::find_if(std::begin(kWeightedComponents), std::end(kWeightedComponents),
                              [&](const WeightedComponent& f) { return f.name == name; });
    if (field == std::end(kWeightedComponents)) {
      return InvalidArgumentError("'" + std::string(name) + "': unknown weight (known: " + known +
                                  ")");
    }
    const std::string value = eq == std::string_view::npos ? "" : std::string(part.substr(eq + 1));
    char* end = nullptr;
    const double v = value.empty() ? -1 : std::strtod(value.c_str(), &end);
    if (value.empty() || end != value.c_str() + value.size() || !(v >= 0 && v <= 1)) {
      return InvalidArgumentError("'" + std::string(part) +
                                  "': the weight must be a number from 0 to 1");
    }
    w.*(field->weight) = v;
  }
  double sum = 0;
  for (const WeightedComponent& f : kWeightedComponents) sum += w.*(f.weight);
  if (sum <= 0) return InvalidArgumentError("at least one weight must be above 0");
  return w;
}

double Contribution(const RecoComponents& c, const RecoWeights& w, std::string_view component) {
  if (component == "fairness") return kFairnessBonus * c.fairness;
  for (const WeightedComponent& f : kWeightedComponents) {
    if (f.name == component) return w.*(f.weight) * c.*(f.value);
  }
  return 0;
}

std::vector<std::pair<std::string_view, double>> Contributions(const RecoComponents& c,
                                                               const RecoWeights& w) {
  std::vector<std::pair<std::string_view, double>> out;
  for (const WeightedComponent& f : kWeightedComponents)
    out.emplace_back(f.name, w.*(f.weight) * c.*(f.value));
  out.emplace_back("fairness", kFairnessBonus * c.fairness);
  return out;
}

RecoWeights EffectiveWeights(const RecoWeights& base, const schemas::WeightOverrides& request) {
  RecoWeights w = base;
  for (const WeightedComponent& f : kWeightedComponents)
    w.*(f.weight) = (request.*(f.override_)).value_or(w.*(f.weight));
  return w;
}

bool MeetsAcrossTypes(NeedType offer, NeedType need) {
  switch (need) {
    case NeedType::kVolunteers:
      return offer == NeedType::kExpertise || offer == NeedType::kGoods;
    case NeedType::kExpertise:
      return offer == NeedType::kVolunteers;
    default:
      return false;
  }
}

double MoneyMatchFor(bool in_company_topics) {
  return in_company_topics ? 1.0 : kMoneyOutsideTopics;
}

double CombineNeedMatches(const std::vector<double>& strengths) {
  double miss = 1.0;
  for (double s : strengths) miss *= 1.0 - kMatchScale * std::clamp(s, 0.0, 1.0);
  return 1.0 - miss;
}

double ProximityFor(PlaceRelation relation, double km) {
  switch (relation) {
    case PlaceRelation::kSameOrtsteil:
      return 1.0;
    case PlaceRelation::kSameDistrict:
      return 0.8;
    case PlaceRelation::kNeighbourDistrict:
      return 0.5;
    case PlaceRelation::kElsewhere:
      return 0.4 * std::exp(-std::max(0.0, km) / kProximityDecayKm);
    case PlaceRelation::kUnknown:
      break;
  }
  return 0.0;
}

double UrgencyFor(double open_share, double years_since_update) {
  const double recent = std::clamp(1.0 - years_since_update / 2.0, 0.0, 1.0);
  return 0.6 * std::clamp(open_share, 0.0, 1.0) + 0.4 * recent;
}

double FairnessFor(double years_since_created, double raised_eur) {
  const double newness = std::clamp((5.0 - years_since_created) / 4.0, 0.0, 1.0);
  const double smallness = std::clamp(1.0 - raised_eur / kSmallInitiativeEur, 0.0, 1.0);
  return 0.5 * newness + 0.5 * smallness;
}

double WeightedTotal(const RecoComponents& c, const RecoWeights& w) {
  double total = 0;
  for (const auto& [name, contribution] : Contributions(c, w)) total += contribution;
  return total;
}

namespace {

// The concepts of `a` also in `b`, most specific first kept (an ancestor of another shared one
// is left out), in a's order, at most `limit`.
std::vector<text::ConceptId> SharedConcepts(const std::vector<text::ConceptId>& a,
                                            const std::vector<text::ConceptId>& b, size_t limit) {
  const text::ConceptLexicon& lex = text::ConceptLexicon::Default();
  std::vector<text::ConceptId> shared;
  for (text::ConceptId c : a) {
    if (std::find(b.begin(), b.end(), c) != b.end()) shared.push_back(c);
  }
  std::vector<text::ConceptId> out;
  for (text::ConceptId c : shared) {
    const bool broader = std::any_of(shared.begin(), shared.end(),
                                     [&](text::ConceptId d) { return d != c && lex.IsA(d, c); });
    if (!broader && out.size() < limit) out.push_back(c);
  }
  return out;
}

std::pair<std::string, std::string> Labels(const std::vector<text::ConceptId>& concepts) {
  std::string de, en;
  for (text::ConceptId c : concepts) {
    const text::Concept& k = text::ConceptLexicon::Default().Get(c);
    de += (de.empty() ? "" : ", ") + k.Label("de");
    en += (en.empty() ? "" : ", ") + k.Label("en");
  }
  return {de, en};
}

std::string WholeText(const schemas::Initiative& r) {
  return r.title + ". " + r.summary + ". " + r.description;
}

std::vector<text::ConceptId> NeedConcepts(const schemas::Initiative& r) {
  std::vector<text::ConceptId> out;
  for (const schemas::Need& n : r.needs) {
    if (n.type == NeedType::kMoney) continue;
    for (text::ConceptId c :
         TextThings(n.description, r.language, schemas::NeedTypeName(n.type))->concepts) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::vector<Reason> SimilarityReasons(const schemas::Initiative& a, const schemas::Initiative& b,
                                      const Informative& informative,
                                      const RecordConcepts* stored_a,
                                      const RecordConcepts* stored_b) {
  std::vector<Reason> reasons;
  std::shared_ptr<const NamedThings> ta, tb;  // read when needed
  const std::vector<text::ConceptId>* concepts_a =
      stored_a ? &stored_a->about : &(ta = TextThings(WholeText(a), a.language))->concepts;
  const std::vector<text::ConceptId>* concepts_b =
      stored_b ? &stored_b->about : &(tb = TextThings(WholeText(b), b.language))->concepts;
  if (auto shared = SharedConcepts(*concepts_a, *concepts_b, kSimilarConcepts); !shared.empty()) {
    const auto [de, en] = Labels(shared);
    reasons.push_back({"shared_concepts", "Ähnlich: " + de, "Similar: " + en});
  }
  if (!a.neighbourhood.empty() && a.neighbourhood == b.neighbourhood) {
    reasons.push_back({"same_ortsteil", "Im selben Ortsteil (" + a.neighbourhood + ")",
                       "In the same neighbourhood (" + a.neighbourhood + ")"});
  } else if (!a.district.empty() && a.district == b.district) {
    reasons.push_back({"same_district", "Im selben Bezirk (" + a.district + ")",
                       "In the same district (" + a.district + ")"});
  }
  if (auto needs = SharedConcepts(stored_a ? stored_a->needs : NeedConcepts(a),
                                  stored_b ? stored_b->needs : NeedConcepts(b), kSimilarConcepts);
      !needs.empty()) {
    const auto [de, en] = Labels(needs);
    reasons.push_back({"shared_needs", "Braucht ebenfalls: " + de, "Also needs: " + en});
  }
  std::vector<std::string> shared;
  OverlapScore(a.topics, b.topics, shared);
  std::erase_if(shared,
                [&](const std::string& t) { return informative.topic && !informative.topic(t); });
  if (!shared.empty()) reasons.push_back(TopicReason(shared));
  static const char* const kNeedDe[] = {"Geld",       "Sachspenden", "Ehrenamtliche",
                                        "Fachwissen", "Räume",       "Jobs"};
  std::set<NeedType> types;
  for (const schemas::Need& n : a.needs) {
    for (const schemas::Need& m : b.needs) {
      if (n.type == m.type && (!informative.need || informative.need(n.type))) types.insert(n.type);
    }
  }
  if (!types.empty()) {
    std::string de, en;
    for (NeedType t : types) {
      de += (de.empty() ? "" : ", ") + std::string(kNeedDe[static_cast<int>(t)]);
      en += (en.empty() ? "" : ", ") + std::string(schemas::NeedTypeName(t));
    }
    reasons.push_back({"similar_needs", "Ähnlicher Bedarf: " + de, "Similar needs: " + en});
  }
  if (reasons.empty()) {
    if (!ta) ta = TextThings(WholeText(a), a.language);
    if (!tb) tb = TextThings(WholeText(b), b.language);
    std::string words;
    size_t n = 0;
    for (const auto& [stem, word] : ta->word_of_stem) {
      if (n == kSimilarWords || !tb->word_of_stem.count(stem)) continue;
      words += (words.empty() ? "" : ", ") + word;
      ++n;
    }
    if (!words.empty())
      reasons.push_back(
          {"shared_words", "Gemeinsame Stichworte: " + words, "Shared key words: " + words});
  }
  return reasons;
}

}  // namespace hilfsnetz::ranking
