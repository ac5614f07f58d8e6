// Recommendation scoring: pure functions from a company profile and one initiative to the
// component scores and the reasons that explain them (no Xapian, no I/O).
//
// Components, each in [0, 1]:
//   need_match  offers meeting open needs: same type, and for goods/expertise/space/jobs the
//               same thing by meaning — concept to concept through the lexicon, graded
//               (need_matcher.h: Laptops meet Notebooks, bread a food need at a lower grade,
//               labour law never tax advice); money meets only an open funding gap (a fully
//               funded need no longer counts); volunteer hours meet volunteer needs. Several
//               matches combine as 1 - Π(1 - 0.9·m_i) (one perfect match gives 0.9, so a
//               second one still adds).
//   semantic    cosine similarity of the embeddings (computed by the caller), clipped at 0
//   proximity   same Ortsteil 1.0, same Bezirk 0.8, neighbouring Bezirk 0.5, else
//               0.4·exp(-km / 5); 0 when either side has no place
//   topics      shared topics / company topics (0 when the company names none)
//   languages   shared languages / company languages
//   urgency     open share of the funding asked for, and recent activity
//   fairness    newness and smallness of the initiative, used only as a small bonus (at most
//               kFairnessBonus) so that new or small initiatives win against near-equal
//               well-known ones and never against clearly better ones
// The total is the weighted sum (kWeights) plus the fairness bonus.
//
// Thread-safe (pure functions; the analyser is immutable; need descriptions' stems are
// memoised behind a mutex).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "geo/berlin.h"
#include "ranking/money_purpose.h"
#include "ranking/need_matcher.h"
#include "schemas/company.h"
#include "schemas/initiative.h"

namespace hilfsnetz::ranking {

struct Reason {
  std::string code;  // need_match, funding_gap, same_ortsteil, same_district, …
  std::string de;
  std::string en;
  // Recommendations: the component the reason comes from (need_match, proximity, topics,
  // languages, semantic) and that component's share of the score (weight × component / total).
  std::string component{};
  double share = 0;
};

struct RecoComponents {
  double semantic = 0;
  double need_match = 0;
  double proximity = 0;
  double topics = 0;
  double languages = 0;
  double urgency = 0;
  double fairness = 0;
  double total = 0;
};

// Tuned on fold A of bench/quality/reco_* (issue 9; the grid is in bench/README.md,
// "Recommendation weights"; fold B held out), then scaled to sum to 1 so that a perfect match
// scores at most 1 + kFairnessBonus. Urgency did not help companies find what they can meet:
// 0 by default; a server or a request may set it. Second round (bench/README.md): 0.04 moved
// from proximity to semantic (fold A 0.890 -> 0.904, sample 0.780 -> 0.814).
struct RecoWeights {
  double need_match = 0.36;
  double semantic = 0.47;
  double proximity = 0.03;
  double topics = 0.10;
  double languages = 0.04;
  double urgency = 0.0;
};
inline constexpr double kFairnessBonus = 0.03;

struct ScoredInitiative {
  RecoComponents components;
  std::vector<Reason> reasons;  // most telling first
};

// What a request computes once: the company's offers read into concepts and words
// (need_matcher.h). REQUIRES: `profile` outlives it.
struct CompanyContext {
  explicit CompanyContext(const schemas::CompanyProfile& profile);
  const schemas::CompanyProfile& profile;
  std::vector<NamedThings> offer_things;  // parallel to profile.offers
  // Parallel to profile.offers: a goods offer whose text names people with it, a role ("vans
  // with a driver"; kAcrossTypes).
  std::vector<char> offer_brings_people;
  // Parallel to profile.offers: what a money offer is for (money_purpose.h); empty for others.
  std::vector<MoneyPurpose> money_purpose;
  // The profile's Bezirk (its neighbours are looked up for every initiative scored); nullptr
  // when it names none Berlin knows.
  const geo::District* district = nullptr;
};

// ---------------------------------------------------------------- the formulas
// One formula per component, used by both stages: ScoreInitiative (the precise stage, on the
// stored record) and the recommender's candidate stage (on the facet cache), which feeds them
// the upper bound of any input it cannot read (a need of the offered type might be met fully;
// an open funding gap might be all of what was asked) and skips languages and fairness.

// Matches combine as 1 - Π(1 - kMatchScale·m_i): one perfect match gives 0.9, so a second one
// still adds.
inline constexpr double kMatchScale = 0.9;
double CombineNeedMatches(const std::vector<double>& strengths);

// need_match strengths outside need_matcher.h's grades: volunteer hours for any volunteer need,
// and an offer of the same type (expertise, space, jobs) that is not evidently the same thing.
inline constexpr double kAnyVolunteers = 0.8;
// Tuned on fold A of bench/quality/reco_* (0.8 = no difference: 0.800; 0.6: 0.811; 0.4 and
// 0.25: 0.808); held-out fold B 0.742 -> 0.756.
// Also for volunteers for a named thing when the need leaves open what they do (digital-skills
// tutors for "Helferinnen und Helfer, samstags"): chosen on tuning folds A and B and the sample
// (2026-12-07; 0.4-0.7 equal on A and B, sample 0.837 -> 0.845 at 0.6; kept equal to
// kOtherVolunteers so that an open need never counts less than a need for another thing).
inline constexpr double kOtherVolunteers = 0.6;
inline constexpr double kSameKindOfHelp = 0.25;

// Money meets an open funding gap (a fully funded need is no need). A funder gives for its
// purposes: the gap of an initiative working in one of the company's topics (or any, when the
// company names none) is met fully, any other at kMoneyOutsideTopics — the judged sets grade
// money for a gap outside the funder's topics one step lower (bench/quality/README.md).
// Tuned on folds A and B of bench/quality/reco_* (docs/recommendations.md).
inline constexpr double kMoneyOutsideTopics = 0.5;
double MoneyMatchFor(bool in_company_topics);
// A money offer whose text says what it buys or does (money_purpose.h, MoneyPurpose::specific:
// "Zuschuss für Tierarztkosten", "energy-saving measures: LED lighting, insulation") meets a
// gap fully when the initiative's title, summary or money need names one of those purposes.
// When none is named, an offer that also names whom or which field it funds ("Energiespar-
// und Umweltprojekte in der Nachbarschaft") falls back to the company's topics as above; one
// that names only what it buys gets kMoneyOutsidePurpose, whatever the topics (a solar
// installer's grants for energy-saving measures are no grant for a makers' space in its topic
// "work"). A gap much smaller than the smallest grant the offer states is met at
// kMoneyOutsideTopics. The judged sets grade a gap outside the stated purpose 0 or 1, one much
// smaller than the smallest grant 1 (bench/quality/README.md).
// Tuned on folds A, B, D and E of bench/quality/reco_* (docs/recommendations.md).
inline constexpr double kMoneyOutsidePurpose = 0.0;
// Goods, a room or expertise can meet a money need in kind when they are what the money is
// for ("Grundnahrungsmittel wie Öl, Reis" for a grocer's food, "Gebrauchter Kleinbus" for a
// van lent with a driver): the money need's text read as a need of the offer's type, matched
// concept to concept (need_matcher.h), at kInKindForMoney × the grade. The judged sets grade
// such pairs at most one step below the same thing given (bench/quality/README.md). Tuned on
// folds A and B of bench/quality/reco_* (docs/recommendations.md).
inline constexpr double kInKindForMoney = 0.5;
// The type is the company's or the initiative's reading of what is given, and the two read
// some things differently: a van lent with its driver is goods to a car dealer and volunteers
// to a removals initiative ("Transporter mit Fahrer"), a law firm's pro-bono hours are
// expertise to it and volunteers to an advice centre ("Anwältinnen gesucht"), volunteer
// painters meet a need of painters (expertise). Such an offer meets a need of the other type
// when the need's text, read as a need of the offer's type, names what the offer names
// (concept to concept, need_matcher.h) — between expertise and volunteers help people give (a
// service, an activity or a role), and goods only with the people to use them (the offer
// names a role, "with a driver": bread offered does not meet volunteers who butter bread, nor
// basketballs basketball coaches) — at kAcrossTypes × the grade, with the reason a need of its
// own type would get. Only these pairs (MeetsAcrossTypes): goods, rooms or jobs read as
// volunteering say nothing of people's time. The judged sets grade them as the same thing
// given, or one step lower (bench/quality/README.md). Tuned on folds A, B and D of
// bench/quality/reco_* (docs/recommendations.md).
inline constexpr double kAcrossTypes = 0.8;
bool MeetsAcrossTypes(schemas::NeedType offer, schemas::NeedType need);

enum class PlaceRelation { kUnknown, kSameOrtsteil, kSameDistrict, kNeighbourDistrict, kElsewhere };
// Same Ortsteil 1.0, same Bezirk 0.8, neighbouring Bezirk 0.5, else 0.4·exp(-km / 5) when both
// places are known (`km`), else 0.
double ProximityFor(PlaceRelation relation, double km);
inline constexpr double kProximityDecayKm = 5.0;

// 0.6 × the open share of the money asked for + 0.4 × recency (updated today 1, two years ago 0).
double UrgencyFor(double open_share, double years_since_update);

// Newness (created within the last year 1, five years 0) and smallness (raised 0 EUR 1,
// kSmallInitiativeEur or more 0), half each.
inline constexpr double kSmallInitiativeEur = 50000;
double FairnessFor(double years_since_created, double raised_eur);

// "need_match=0.5,proximity=0.1" (the server's --reco-weights) applied to `base`: each name one
// of RecoWeights' fields, each value in [0, 1]. InvalidArgument naming the part and the problem.
Result<RecoWeights> ParseWeights(std::string_view spec, RecoWeights base);

// The weighted components, in the order the answer lists them: the one list that the total,
// the contributions, --reco-weights and a request's "weights" are read through.
struct WeightedComponent {
  std::string_view name;
  double RecoComponents::*value;
  double RecoWeights::*weight;
  std::optional<double> schemas::WeightOverrides::*override_;
};
inline constexpr WeightedComponent kWeightedComponents[] = {
    {"need_match", &RecoComponents::need_match, &RecoWeights::need_match,
     &schemas::WeightOverrides::need_match},
    {"semantic", &RecoComponents::semantic, &RecoWeights::semantic,
     &schemas::WeightOverrides::semantic},
    {"proximity", &RecoComponents::proximity, &RecoWeights::proximity,
     &schemas::WeightOverrides::proximity},
    {"topics", &RecoComponents::topics, &RecoWeights::topics, &schemas::WeightOverrides::topics},
    {"languages", &RecoComponents::languages, &RecoWeights::languages,
     &schemas::WeightOverrides::languages},
    {"urgency", &RecoComponents::urgency, &RecoWeights::urgency,
     &schemas::WeightOverrides::urgency},
};

// Σ weight × component + kFairnessBonus × fairness.
double WeightedTotal(const RecoComponents& c, const RecoWeights& w);
// weight × the named component ("fairness": kFairnessBonus × fairness); 0 for unknown names.
double Contribution(const RecoComponents& c, const RecoWeights& w, std::string_view component);
// Every component's contribution, fairness last: they add up to WeightedTotal.
std::vector<std::pair<std::string_view, double>> Contributions(const RecoComponents& c,
                                                               const RecoWeights& w);
// `base` with a request's overrides applied.
RecoWeights EffectiveWeights(const RecoWeights& base, const schemas::WeightOverrides& request);

// `semantic` is the cosine of the two embeddings (0 when unavailable). `now_unix` anchors
// urgency and newness (pass the current time; tests pass a fixed one).
ScoredInitiative ScoreInitiative(const CompanyContext& company,
                                 const schemas::Initiative& initiative, double semantic,
                                 int64_t now_unix, const RecoWeights& weights = {});
// ScoreInitiative's components alone, without writing its reasons (which cost more than the
// scores): the recommender ranks its precise pool by these and explains only what it shows.
RecoComponents ScoreComponents(const CompanyContext& company, const schemas::Initiative& initiative,
                               double semantic, int64_t now_unix, const RecoWeights& weights = {});

// Whether having a topic or need type in common says something about two initiatives: held by
// a minority of the active ones (kInformativeShare). Unset: always.
inline constexpr double kInformativeShare = 0.5;
struct Informative {
  std::function<bool(const std::string& topic)> topic;
  std::function<bool(schemas::NeedType)> need;
};

// Reasons for "similar initiatives", most telling first: the concepts both texts name (the
// most specific, up to three: "Ähnlich: Deutschkurs, Kinderbetreuung"), the same Ortsteil or
// else Bezirk, needs for the same things ("Braucht ebenfalls: Laptop"), informative shared
// topics and need types; when none of these holds, shared key words of five or more letters.
// `stored_a` / `stored_b`: the records' telling concepts as the indexer read them
// (kSlotConcepts, kSlotNeedConcepts), which saves reading each text again (~1 ms a record);
// nullptr: read from the texts here.
struct RecordConcepts {
  std::vector<text::ConceptId> about;  // title, summary, description
  std::vector<text::ConceptId> needs;  // the needs other than money
};
std::vector<Reason> SimilarityReasons(const schemas::Initiative& a, const schemas::Initiative& b,
                                      const Informative& informative = {},
                                      const RecordConcepts* stored_a = nullptr,
                                      const RecordConcepts* stored_b = nullptr);

// Formats an amount in euros the German ("3.400") and English ("3,400") way.
std::string FormatEurDe(double eur);
std::string FormatEurEn(double eur);

}  // namespace hilfsnetz::ranking
