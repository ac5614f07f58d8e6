// Unit tests of ranking/reco_scoring.h: pure functions over hand-built company profiles and
// initiatives, with a fixed clock (kNow). No index, no I/O.
#include "ranking/reco_scoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "geo/berlin.h"

namespace hilfsnetz::ranking {
namespace {

using schemas::CompanyProfile;
using schemas::Initiative;
using schemas::Need;
using schemas::NeedType;
using schemas::Offer;
using ::testing::HasSubstr;

constexpr int64_t kNow = 1'780'000'000;  // 2026-05-28, fixed
constexpr int64_t kYear = 31'557'600;    // 365.25 days

Offer MakeOffer(NeedType type, std::string description, std::optional<double> quantity = {},
                std::optional<double> amount = {}) {
  Offer o;
  o.type = type;
  o.description = std::move(description);
  o.quantity = quantity;
  o.amount_eur = amount;
  return o;
}

Need MakeNeed(NeedType type, std::string description, std::optional<double> quantity = {}) {
  Need n;
  n.type = type;
  n.description = std::move(description);
  n.quantity = quantity;
  return n;
}

Need MoneyNeed(double amount, std::optional<double> raised, std::string description = "Miete") {
  Need n;
  n.type = NeedType::kMoney;
  n.description = std::move(description);
  n.amount_eur = amount;
  n.raised_eur = raised;
  return n;
}

Initiative MakeInitiative(std::vector<Need> needs) {
  Initiative in;
  in.id = "x";
  in.title = "Initiative";
  in.language = "de";
  in.needs = std::move(needs);
  return in;
}

CompanyProfile LaptopCompany() {
  CompanyProfile p;
  p.name = "Codewerk";
  p.offers.push_back(MakeOffer(NeedType::kGoods, "700 Laptops", 700));
  return p;
}

ScoredInitiative Score(const CompanyProfile& p, const Initiative& in, double semantic = 0) {
  const CompanyContext ctx(p);
  return ScoreInitiative(ctx, in, semantic, kNow);
}

std::vector<std::string> Codes(const ScoredInitiative& s) {
  std::vector<std::string> codes;
  for (const Reason& r : s.reasons) codes.push_back(r.code);
  return codes;
}

const Reason* FindReason(const std::vector<Reason>& reasons, const std::string& code) {
  auto it =
      std::find_if(reasons.begin(), reasons.end(), [&](const Reason& r) { return r.code == code; });
  return it == reasons.end() ? nullptr : &*it;
}

// Every reason has a code and text in both languages, and the two texts differ.
void ExpectBilingual(const std::vector<Reason>& reasons) {
  for (const Reason& r : reasons) {
    EXPECT_FALSE(r.code.empty());
    EXPECT_FALSE(r.de.empty()) << r.code;
    EXPECT_FALSE(r.en.empty()) << r.code;
    EXPECT_NE(r.de, r.en) << r.code;
  }
}

// ---------------------------------------------------------------- need_match: goods

TEST(RecoScoring, LaptopsMeetNotebooks) {
  const CompanyProfile p = LaptopCompany();
  const ScoredInitiative s =
      Score(p, MakeInitiative({MakeNeed(NeedType::kGoods, "15 Notebooks für den Kurs", 15)}));
  EXPECT_GT(s.components.need_match, 0.5);
  EXPECT_LE(s.components.need_match, 1.0);
  const Reason* r = FindReason(s.reasons, "need_match");
  ASSERT_NE(r, nullptr) << ::testing::PrintToString(Codes(s));
  EXPECT_THAT(r->de, HasSubstr("Notebooks"));
  EXPECT_THAT(r->de, HasSubstr("Laptops"));
  EXPECT_THAT(r->en, HasSubstr("Laptops"));
  // The quantity already opens the description: not repeated.
  EXPECT_EQ(r->de, "Braucht 15 Notebooks für den Kurs – Sie bieten 700 Laptops");
  // An English reason names the need's concept instead of quoting German (issue 9); the
  // company's own offer text is quoted as written.
  EXPECT_EQ(r->en, "Needs laptop (15) – you offer 700 Laptops");
  ExpectBilingual(s.reasons);
}

TEST(RecoScoring, ReasonNamesWhatTheNeedIsAboutWithItsSpecifics) {
  // Issue 9: "Needs food (bread, fruit) – you offer bread". Bread meets the bread the need
  // names; the reason names the need's broadest concept above it (food) with the narrower
  // things it lists, in the reader's language; German readers of a German record read the
  // need as written.
  CompanyProfile p;
  p.offers.push_back(MakeOffer(NeedType::kGoods, "Brot vom Vortag"));
  const ScoredInitiative s = Score(
      p,
      MakeInitiative({MakeNeed(NeedType::kGoods, "Lebensmittel wie Brot und Obst für Familien")}));
  const Reason* r = FindReason(s.reasons, "need_match");
  ASSERT_NE(r, nullptr) << ::testing::PrintToString(Codes(s));
  EXPECT_EQ(r->de,
            "Braucht Lebensmittel wie Brot und Obst für Familien – Sie bieten Brot vom Vortag");
  EXPECT_EQ(r->en, "Needs food (bread, fruit) – you offer Brot vom Vortag");

  // An English record read in German: the concepts first, then the need as written.
  Initiative en = MakeInitiative({MakeNeed(NeedType::kGoods, "food such as bread and fruit", 40)});
  en.language = "en";
  const ScoredInitiative t = Score(p, en);
  const Reason* q = FindReason(t.reasons, "need_match");
  ASSERT_NE(q, nullptr) << ::testing::PrintToString(Codes(t));
  EXPECT_EQ(q->de,
            "Braucht Lebensmittel (Brot, Obst): 40 food such as bread and fruit – Sie bieten Brot "
            "vom Vortag");
  EXPECT_EQ(q->en, "Needs 40 food such as bread and fruit – you offer Brot vom Vortag");
}

TEST(RecoScoring, LaptopsMeetComputer) {
  // A laptop is a computer (concept laptop, parent computer, text/concept_lexicon.h).
  const CompanyProfile p = LaptopCompany();
  const ScoredInitiative s =
      Score(p, MakeInitiative({MakeNeed(NeedType::kGoods, "Gebrauchte Computer")}));
  EXPECT_GT(s.components.need_match, 0.5);
  ASSERT_NE(FindReason(s.reasons, "need_match"), nullptr) << ::testing::PrintToString(Codes(s));
}

TEST(RecoScoring, QuantityIsPrependedWhenTheDescriptionLacksIt) {
  const CompanyProfile p = LaptopCompany();
  const ScoredInitiative s =
      Score(p, MakeInitiative({MakeNeed(NeedType::kGoods, "gebrauchte Laptops", 12)}));
  const Reason* r = FindReason(s.reasons, "need_match");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->de, "Braucht 12 gebrauchte Laptops – Sie bieten 700 Laptops");
}

TEST(RecoScoring, LaptopsDoNotMeetWinterJackets) {
  const CompanyProfile p = LaptopCompany();
  const ScoredInitiative s =
      Score(p, MakeInitiative({MakeNeed(NeedType::kGoods, "40 Winterjacken", 40)}));
  EXPECT_EQ(s.components.need_match, 0.0);
  EXPECT_EQ(FindReason(s.reasons, "need_match"), nullptr);
}

TEST(RecoScoring, OfferTypeMustMatchNeedType) {
  const CompanyProfile p = LaptopCompany();
  // Laptops named, but in an expertise need: a goods offer does not meet it.
  const ScoredInitiative s =
      Score(p, MakeInitiative({MakeNeed(NeedType::kExpertise, "Hilfe bei Laptops")}));
  EXPECT_EQ(s.components.need_match, 0.0);
  EXPECT_EQ(FindReason(s.reasons, "need_match"), nullptr);
}

TEST(RecoScoring, MoreMatchedNeedsScoreHigherButStayInUnitRange) {
  CompanyProfile p = LaptopCompany();
  p.offers.push_back(MakeOffer(NeedType::kVolunteers, "Mentoring für Coding-Kurse"));
  const ScoredInitiative one =
      Score(p, MakeInitiative({MakeNeed(NeedType::kGoods, "Laptops für den Kurs")}));
  Initiative two_needs = MakeInitiative({MakeNeed(NeedType::kGoods, "Laptops für den Kurs"),
                                         MakeNeed(NeedType::kVolunteers, "Mentorinnen")});
  const ScoredInitiative two = Score(p, two_needs);
  EXPECT_GT(two.components.need_match, one.components.need_match);
  EXPECT_LE(two.components.need_match, 1.0);
  // Both needs explained, the strongest match first.
  const std::vector<std::string> codes = Codes(two);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "need_match"), 2);
  ExpectBilingual(two.reasons);
}

TEST(RecoScoring, VolunteerHoursMeetVolunteerNeeds) {
  CompanyProfile p;
  p.name = "Firma";
  Offer o = MakeOffer(NeedType::kVolunteers, "Mitarbeitende helfen einen Tag im Monat");
  o.hours = 100;
  p.offers.push_back(o);
  Need n = MakeNeed(NeedType::kVolunteers, "Helfende für die Kleiderkammer");
  n.hours = 1200;
  const ScoredInitiative s = Score(p, MakeInitiative({n}));
  EXPECT_GT(s.components.need_match, 0.0);
  const Reason* r = FindReason(s.reasons, "need_match");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->de, "Sucht Ehrenamtliche (1.200 Std./Monat): Helfende für die Kleiderkammer");
  // English names what the German need is about instead of quoting it (issue 9).
  EXPECT_EQ(r->en, "Looks for volunteers (1,200 h/month): clothing bank");
}

// A reason names a real match: volunteers who do one thing get no reason for a need of
// another, in any language of the offer; the same thing, or a need that leaves open what it
// is for, gets one.
TEST(RecoScoring, AVolunteerReasonNamesARealMatch) {
  struct Case {
    std::string offer;
    std::string need;
    bool reason;
  };
  const std::vector<Case> cases = {
      {"Mitarbeitende helfen beim Umzug", "Helfende für die Kleiderkammer", false},
      {"Staff volunteers as German teachers", "Jurastudierende für die Fallvorbereitung", false},
      {"Renovierungshelfer: Wände und Decken streichen", "Lesepatinnen und -paten", false},
      {"معلمون متطوعون للغة الألمانية", "Hausaufgabenhilfe für Klasse 5 bis 10", false},
      {"Mitarbeitende sortieren Spenden in der Kleiderkammer", "Helfende für die Kleiderkammer",
       true},
      {"Staff volunteers for homework help", "Hausaufgabenhilfe für Klasse 5 bis 10", true},
      {"Mitarbeitende helfen beim Umzug", "Ehrenamtliche gesucht", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.offer + " | " + c.need);
    CompanyProfile p;
    p.name = "Firma";
    p.offers.push_back(MakeOffer(NeedType::kVolunteers, c.offer));
    const ScoredInitiative s = Score(p, MakeInitiative({MakeNeed(NeedType::kVolunteers, c.need)}));
    EXPECT_GT(s.components.need_match, 0.0);  // volunteer hours count either way
    EXPECT_EQ(FindReason(s.reasons, "need_match") != nullptr, c.reason);
  }
}

// Volunteers for a named thing meet a need for that thing best, a need that leaves open what
// it is for less (with a reason: either side leaving it open is a real match), and a need for
// another thing as little (without one); hours that name nothing meet any need as before.
TEST(RecoScoring, VolunteersForANamedThingMeetAnOpenNeedLessThanThatThing) {
  struct Case {
    std::string offer;
    std::string need;
    std::string language;
    double strength;  // what one such match is worth before combining
    bool reason;
  };
  const std::vector<Case> cases = {
      {"Staff volunteers for homework help", "Hausaufgabenhilfe für Klasse 5 bis 10", "de", 1.0,
       true},
      {"Staff volunteers for homework help", "Ehrenamtliche gesucht", "de", 0.6, true},
      {"Волонтёры для помощи с домашними заданиями", "Ehrenamtliche gesucht", "de", 0.6, true},
      {"Ödev yardımı için gönüllüler", "Volunteers wanted on Saturdays", "en", 0.6, true},
      {"Staff volunteers for homework help", "Helfende für die Kleiderkammer", "de", 0.6, false},
      {"Mitarbeitende helfen einen Tag im Monat", "Ehrenamtliche gesucht", "de", 0.8, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.offer + " | " + c.need);
    CompanyProfile p;
    p.name = "Firma";
    p.offers.push_back(MakeOffer(NeedType::kVolunteers, c.offer));
    Initiative in = MakeInitiative({MakeNeed(NeedType::kVolunteers, c.need)});
    in.language = c.language;
    const ScoredInitiative s = Score(p, in);
    EXPECT_NEAR(s.components.need_match, CombineNeedMatches({c.strength}), 1e-9);
    EXPECT_EQ(FindReason(s.reasons, "need_match") != nullptr, c.reason);
  }
}

// ---------------------------------------------------------------- need_match: money

CompanyProfile Funder() {
  CompanyProfile p;
  p.name = "Stiftung";
  p.offers.push_back(MakeOffer(NeedType::kMoney, "Zuschüsse", std::nullopt, 50000));
  return p;
}

TEST(RecoScoring, MoneyMeetsAnOpenFundingGap) {
  const CompanyProfile p = Funder();
  const ScoredInitiative s = Score(p, MakeInitiative({MoneyNeed(5000, 1600)}));
  EXPECT_GT(s.components.need_match, 0.5);
  const Reason* r = FindReason(s.reasons, "funding_gap");
  ASSERT_NE(r, nullptr) << ::testing::PrintToString(Codes(s));
  EXPECT_EQ(r->de, "Noch 3.400 EUR offen");
  EXPECT_EQ(r->en, "3,400 EUR still open");
}

TEST(RecoScoring, MoneyWithNothingRaisedReportedHasTheWholeAmountOpen) {
  const ScoredInitiative s = Score(Funder(), MakeInitiative({MoneyNeed(12000, std::nullopt)}));
  const Reason* r = FindReason(s.reasons, "funding_gap");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->de, "Noch 12.000 EUR offen");
  EXPECT_EQ(r->en, "12,000 EUR still open");
}

TEST(RecoScoring, FullyFundedNeedIsNoLongerANeed) {
  const CompanyProfile p = Funder();
  for (double raised : {5000.0, 6200.0}) {
    SCOPED_TRACE(raised);
    const ScoredInitiative s = Score(p, MakeInitiative({MoneyNeed(5000, raised)}));
    EXPECT_EQ(s.components.need_match, 0.0);
    EXPECT_EQ(FindReason(s.reasons, "funding_gap"), nullptr);
    EXPECT_EQ(FindReason(s.reasons, "need_match"), nullptr);
  }
}

TEST(RecoScoring, MoneyDoesNotMeetGoodsNeeds) {
  const ScoredInitiative s =
      Score(Funder(), MakeInitiative({MakeNeed(NeedType::kGoods, "Laptops")}));
  EXPECT_EQ(s.components.need_match, 0.0);
  EXPECT_TRUE(s.reasons.empty()) << ::testing::PrintToString(Codes(s));
}

TEST(RecoScoring, OpenGapRanksAboveFullyFunded) {
  const CompanyProfile p = Funder();
  const ScoredInitiative open = Score(p, MakeInitiative({MoneyNeed(5000, 1600)}));
  const ScoredInitiative funded = Score(p, MakeInitiative({MoneyNeed(5000, 5000)}));
  EXPECT_GT(open.components.total, funded.components.total);
}

TEST(RecoScoring, MoneyMeetsTheGapOfTheFundersTopicsFullyAndAnyOtherLess) {
  CompanyProfile p = Funder();
  p.topics = {"sport", "children_youth"};
  Initiative in_topics = MakeInitiative({MoneyNeed(5000, 1600)});
  in_topics.topics = {"sport"};
  Initiative elsewhere = MakeInitiative({MoneyNeed(5000, 1600)});
  elsewhere.topics = {"legal"};
  const double full = CombineNeedMatches({1.0});
  EXPECT_DOUBLE_EQ(Score(p, in_topics).components.need_match, full);
  EXPECT_DOUBLE_EQ(Score(p, elsewhere).components.need_match,
                   CombineNeedMatches({kMoneyOutsideTopics}));
  // The gap is still open outside the topics: the reason says so.
  EXPECT_NE(FindReason(Score(p, elsewhere).reasons, "funding_gap"), nullptr);
  // A funder that names no topics gives for any purpose.
  EXPECT_DOUBLE_EQ(Score(Funder(), elsewhere).components.need_match, full);
}

// A room offered meets a room needed when it is free when it is needed and large enough; a
// room on other days counts as the same kind of help, without a reason (room_fit.h).
TEST(RecoScoring, ARoomMeetsARoomNeedOnlyWhenItsDaysAndSizeFit) {
  CompanyProfile p;
  p.name = "Tanzschule";
  p.offers.push_back(MakeOffer(NeedType::kSpace, "A 120 m² dance studio on Sunday afternoons"));
  Initiative sunday =
      MakeInitiative({MakeNeed(NeedType::kSpace, "Raum für Gruppen, sonntags, 40 Personen")});
  const ScoredInitiative fits = Score(p, sunday);
  EXPECT_GT(fits.components.need_match, CombineNeedMatches({kSameKindOfHelp}));
  EXPECT_NE(FindReason(fits.reasons, "need_match"), nullptr)
      << ::testing::PrintToString(Codes(fits));

  Initiative evenings = MakeInitiative(
      {MakeNeed(NeedType::kSpace, "Raum für Gruppen, dienstags und donnerstags abends")});
  const ScoredInitiative other_days = Score(p, evenings);
  EXPECT_DOUBLE_EQ(other_days.components.need_match, CombineNeedMatches({kSameKindOfHelp}));
  EXPECT_EQ(FindReason(other_days.reasons, "need_match"), nullptr);
}

// A funder that says what its money buys gives for that, whatever its topics: a vet-cost
// fund for castrations, not for a language café's rent; and not for a gap much smaller than
// its smallest grant. The reason names the purpose met.
TEST(RecoScoring, MoneyForAStatedPurposeMeetsGapsOfThatPurpose) {
  CompanyProfile p;
  p.name = "Tierbedarf";
  p.topics = {"animals", "neighbourhood"};
  p.offers.push_back(MakeOffer(NeedType::kMoney,
                               "Zuschuss für Tierarztkosten und Kastrationen (500–3.000 Euro)",
                               std::nullopt, 8000));
  Initiative cats = MakeInitiative({MoneyNeed(5400, 2300, "Tierarztkosten für 60 Katzen")});
  cats.title = "Katzenhilfe Westend";
  cats.topics = {"animals"};
  const ScoredInitiative met = Score(p, cats);
  EXPECT_DOUBLE_EQ(met.components.need_match, CombineNeedMatches({1.0}));
  const Reason* r = FindReason(met.reasons, "funding_gap");
  ASSERT_NE(r, nullptr) << ::testing::PrintToString(Codes(met));
  EXPECT_EQ(r->de, "Noch 3.100 EUR offen – Sie fördern: Tierarzt");
  EXPECT_EQ(r->en, "3,100 EUR still open – you fund: veterinarian");

  // In the company's topics, but the money is for rent: no match, no reason.
  Initiative cafe = MakeInitiative({MoneyNeed(5000, 1000, "Miete für den Vereinsraum")});
  cafe.title = "Nachbarschaftscafé";
  cafe.topics = {"neighbourhood"};
  const ScoredInitiative other = Score(p, cafe);
  EXPECT_DOUBLE_EQ(other.components.need_match, CombineNeedMatches({kMoneyOutsidePurpose}));
  EXPECT_EQ(FindReason(other.reasons, "funding_gap"), nullptr);

  // 200 EUR open: much less than the smallest grant of 500.
  Initiative small = cats;
  small.needs = {MoneyNeed(5400, 5200, "Tierarztkosten für 60 Katzen")};
  EXPECT_DOUBLE_EQ(Score(p, small).components.need_match,
                   CombineNeedMatches({kMoneyOutsideTopics}));
}

// An offer that names whom or which field it funds besides what it buys falls back to the
// company's topics where no purpose it buys is named (environmental projects of a climate
// fund that also names energy saving).
TEST(RecoScoring, MoneyForAFieldAsWellFallsBackToTheTopics) {
  CompanyProfile p;
  p.name = "Stadtwerk";
  p.topics = {"environment"};
  p.offers.push_back(MakeOffer(NeedType::kMoney,
                               "Klimafonds für Energiesparen und Projekte in der Nachbarschaft",
                               std::nullopt, 80000));
  Initiative garden = MakeInitiative({MoneyNeed(3000, 1000, "Saatgut und Werkzeug")});
  garden.title = "Gemeinschaftsgarten";
  garden.topics = {"environment"};
  EXPECT_DOUBLE_EQ(Score(p, garden).components.need_match, CombineNeedMatches({1.0}));
  garden.topics = {"legal"};
  EXPECT_DOUBLE_EQ(Score(p, garden).components.need_match,
                   CombineNeedMatches({kMoneyOutsideTopics}));
}

// Goods, rooms and expertise meet a money need in kind when they are what the money is for,
// in any language of the need; money for something else stays unmet.
TEST(RecoScoring, AnOfferInKindMeetsAMoneyNeedForThatThing) {
  struct Case {
    NeedType type;
    std::string offer;
    std::string need;  // a money need's description
    std::string language;
    bool met;
  };
  const std::vector<Case> cases = {
      {NeedType::kGoods, "Obst und Gemüse aus Überhängen",
       "Grundnahrungsmittel wie Obst, Gemüse, Öl und Reis", "de", true},
      {NeedType::kGoods, "Children's books and picture books", "Kinderbücher und Lernspiele", "de",
       true},
      {NeedType::kGoods, "Refurbished laptops", "شراء حواسيب محمولة للدورة", "ar", true},
      {NeedType::kGoods, "Refurbished laptops", "Kurs için dizüstü bilgisayar", "tr", true},
      // Not what the money is for: laptops for rent, books for legal fees.
      {NeedType::kGoods, "Refurbished laptops", "Miete für den Vereinsraum", "de", false},
      {NeedType::kGoods, "Children's books", "Anwaltskosten für Asylverfahren", "de", false},
      // Volunteers are never money in kind here (hours are no purchase).
      {NeedType::kVolunteers, "Helfende für das Sommerfest", "Sommerfest: Zelte und Essen", "de",
       false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.offer + " | " + c.need);
    CompanyProfile p;
    p.name = "Firma";
    p.offers.push_back(MakeOffer(c.type, c.offer));
    Initiative in = MakeInitiative({MoneyNeed(3000, 500, c.need)});
    in.language = c.language;
    const ScoredInitiative s = Score(p, in);
    if (c.met) {
      EXPECT_GT(s.components.need_match, 0.0);
      EXPECT_LE(s.components.need_match, CombineNeedMatches({kInKindForMoney}));
    } else {
      EXPECT_EQ(s.components.need_match, 0.0);
    }
    // In kind for money is no claim to quote: no need or money reason.
    EXPECT_EQ(FindReason(s.reasons, "need_match"), nullptr);
    EXPECT_EQ(FindReason(s.reasons, "funding_gap"), nullptr);
  }
  // A fully funded money need is no need, in kind either.
  CompanyProfile p;
  p.offers.push_back(MakeOffer(NeedType::kGoods, "Obst und Gemüse"));
  EXPECT_EQ(
      Score(p, MakeInitiative({MoneyNeed(3000, 3000, "Obst und Gemüse")})).components.need_match,
      0.0);
}

// Some help is typed differently by the two sides: a law firm's pro-bono hours (expertise)
// for a need of volunteers, volunteer craftspeople for a need of expertise, a van lent with
// its driver (goods) for volunteers with a van. They meet when both name the same help, in
// any language, with a reason quoting both; things the volunteers work with are no match.
TEST(RecoScoring, HelpTypedDifferentlyMeetsAcrossTypes) {
  struct Case {
    NeedType offer_type;
    std::string offer;
    NeedType need_type;
    std::string need;
    std::string language;  // the initiative's
    bool met;
  };
  const std::vector<Case> cases = {
      {NeedType::kExpertise, "Pro-bono-Rechtsberatung im Asyl- und Aufenthaltsrecht",
       NeedType::kVolunteers, "Anwältinnen und Anwälte für die Asylrechtsberatung", "de", true},
      {NeedType::kExpertise, "Free legal advice on asylum law", NeedType::kVolunteers,
       "محامون متطوعون للاستشارات القانونية في قضايا اللجوء", "ar", true},
      {NeedType::kVolunteers, "Handwerkerinnen und Handwerker (Elektrik, Sanitär, Maler)",
       NeedType::kExpertise, "Elektroinstallation im Dachgeschoss, Prüfung und Abnahme", "de",
       true},
      {NeedType::kGoods, "Vans on loan with a driver for transport and moving furniture",
       NeedType::kVolunteers, "Transporter mit Fahrerin oder Fahrer für Umzüge", "de", true},
      // What volunteers work with is not what they are asked for.
      {NeedType::kGoods, "Brot und Brötchen vom Vortag", NeedType::kVolunteers,
       "Frühschicht: Brote schmieren, Kaffee ausschenken", "de", false},
      {NeedType::kGoods, "Basketballs and sports mats", NeedType::kVolunteers,
       "Basketball coaches for one session a week", "en", false},
      {NeedType::kGoods, "Lehrbücher Deutsch als Zweitsprache, Niveau A1–B1", NeedType::kVolunteers,
       "Deutschlehrkräfte für B1-Kurse", "de", false},
      // Other help than the one asked for.
      {NeedType::kExpertise, "Steuerberatung für Vereine", NeedType::kVolunteers,
       "Avukatlar için sığınma hukuku danışmanlığı", "tr", false},
      // Only these pairs: goods never meet an expertise need, rooms never volunteers.
      {NeedType::kGoods, "Laptops mit Einrichtung", NeedType::kExpertise, "Einrichtung von Laptops",
       "de", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.offer + " | " + c.need);
    CompanyProfile p;
    p.name = "Firma";
    p.offers.push_back(MakeOffer(c.offer_type, c.offer));
    Initiative in = MakeInitiative({MakeNeed(c.need_type, c.need)});
    in.language = c.language;
    const ScoredInitiative s = Score(p, in);
    const Reason* r = FindReason(s.reasons, "need_match");
    if (c.met) {
      EXPECT_GT(s.components.need_match, 0.0);
      EXPECT_LE(s.components.need_match, CombineNeedMatches({kAcrossTypes}));
      ASSERT_NE(r, nullptr);
      EXPECT_NE(r->de.find("Sie bieten " + c.offer), std::string::npos) << r->de;
      EXPECT_NE(r->en.find("you offer " + c.offer), std::string::npos) << r->en;
    } else {
      EXPECT_EQ(s.components.need_match, 0.0);
      EXPECT_EQ(r, nullptr);
    }
  }
  EXPECT_TRUE(MeetsAcrossTypes(NeedType::kExpertise, NeedType::kVolunteers));
  EXPECT_TRUE(MeetsAcrossTypes(NeedType::kVolunteers, NeedType::kExpertise));
  EXPECT_FALSE(MeetsAcrossTypes(NeedType::kSpace, NeedType::kVolunteers));
  EXPECT_FALSE(MeetsAcrossTypes(NeedType::kJobs, NeedType::kVolunteers));
  EXPECT_FALSE(MeetsAcrossTypes(NeedType::kGoods, NeedType::kExpertise));
}

// ---------------------------------------------------------------- proximity

CompanyProfile InBritz() {
  CompanyProfile p;
  p.name = "Britzer Firma";
  p.district = "Neukölln";
  p.neighbourhood = "Britz";
  p.location = geo::LatLon{52.443951, 13.436732};
  return p;
}

Initiative At(const std::string& district, const std::string& neighbourhood,
              std::optional<geo::LatLon> location) {
  Initiative in = MakeInitiative({});
  in.district = district;
  in.neighbourhood = neighbourhood;
  in.location = location;
  return in;
}

TEST(RecoScoring, ProximityOrtsteilBeatsBezirkBeatsNeighbourBeatsFar) {
  const CompanyProfile p = InBritz();
  const ScoredInitiative ortsteil = Score(p, At("Neukölln", "Britz", geo::LatLon{52.445, 13.44}));
  const ScoredInitiative bezirk = Score(p, At("Neukölln", "Rudow", geo::LatLon{52.4168, 13.4955}));
  const ScoredInitiative neighbour =
      Score(p, At("Treptow-Köpenick", "Baumschulenweg", geo::LatLon{52.4637, 13.4880}));
  const geo::LatLon spandau{52.53601, 13.202487};
  const ScoredInitiative far = Score(p, At("Spandau", "Spandau", spandau));
  const ScoredInitiative nowhere = Score(p, At("", "", std::nullopt));

  EXPECT_DOUBLE_EQ(ortsteil.components.proximity, 1.0);
  EXPECT_DOUBLE_EQ(bezirk.components.proximity, 0.8);
  EXPECT_DOUBLE_EQ(neighbour.components.proximity, 0.5);
  const double km = geo::DistanceKm(*p.location, spandau);
  EXPECT_GT(km, 15);
  EXPECT_NEAR(far.components.proximity, 0.4 * std::exp(-km / 5.0), 1e-12);
  EXPECT_LT(far.components.proximity, 0.05);
  EXPECT_EQ(nowhere.components.proximity, 0.0);

  EXPECT_GT(ortsteil.components.total, bezirk.components.total);
  EXPECT_GT(bezirk.components.total, neighbour.components.total);
  EXPECT_GT(neighbour.components.total, far.components.total);

  const Reason* r = FindReason(ortsteil.reasons, "same_ortsteil");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->de, "Im selben Ortsteil (Britz)");
  EXPECT_EQ(r->en, "In the same neighbourhood (Britz)");
  r = FindReason(bezirk.reasons, "same_district");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->de, "Im selben Bezirk (Neukölln)");
  EXPECT_EQ(r->en, "In the same district (Neukölln)");
  EXPECT_EQ(FindReason(bezirk.reasons, "same_ortsteil"), nullptr);
  r = FindReason(neighbour.reasons, "neighbouring_district");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->de, "Im Nachbarbezirk (Treptow-Köpenick)");
  EXPECT_EQ(r->en, "In a neighbouring district (Treptow-Köpenick)");
  EXPECT_EQ(FindReason(far.reasons, "same_district"), nullptr);
  EXPECT_EQ(FindReason(far.reasons, "neighbouring_district"), nullptr);
  EXPECT_EQ(FindReason(far.reasons, "distance"), nullptr);  // > 10 km: not worth saying
  for (const auto* s : {&ortsteil, &bezirk, &neighbour, &far}) ExpectBilingual(s->reasons);
}

TEST(RecoScoring, NearbyInAnotherBezirkSaysTheDistance) {
  CompanyProfile p = InBritz();
  // Mariendorf (Tempelhof-Schöneberg) neighbours Neukölln: the neighbour rule wins.
  // Steglitz does not neighbour Neukölln and lies ~8 km from Britz: distance reason.
  const geo::LatLon steglitz{52.4569, 13.3311};
  const ScoredInitiative s = Score(p, At("Steglitz-Zehlendorf", "Steglitz", steglitz));
  const double km = geo::DistanceKm(*p.location, steglitz);
  ASSERT_LT(km, 10);
  EXPECT_NEAR(s.components.proximity, 0.4 * std::exp(-km / 5.0), 1e-12);
  EXPECT_LT(s.components.proximity, 0.5);
  const Reason* r = FindReason(s.reasons, "distance");
  ASSERT_NE(r, nullptr);
  EXPECT_THAT(r->de, HasSubstr("km entfernt"));
  EXPECT_THAT(r->en, HasSubstr("km away"));
}

TEST(RecoScoring, DistrictOnlyCompanyGetsBezirkAndNeighbourButNoOrtsteil) {
  CompanyProfile p;
  p.name = "Firma";
  p.district = "Neukölln";
  const ScoredInitiative same = Score(p, At("Neukölln", "", std::nullopt));
  const ScoredInitiative neighbour =
      Score(p, At("Friedrichshain-Kreuzberg", "Kreuzberg", std::nullopt));
  const ScoredInitiative far = Score(p, At("Spandau", "Spandau", geo::LatLon{52.536, 13.2025}));
  EXPECT_DOUBLE_EQ(same.components.proximity, 0.8);
  EXPECT_DOUBLE_EQ(neighbour.components.proximity, 0.5);
  EXPECT_EQ(far.components.proximity, 0.0);  // no company location: nothing to measure
}

// ---------------------------------------------------------------- topics, languages

TEST(RecoScoring, SharedTopicsAndLanguages) {
  CompanyProfile p;
  p.name = "Firma";
  p.topics = {"digital", "education"};
  p.languages = {"de", "ar", "fa"};
  Initiative in = MakeInitiative({});
  in.topics = {"culture", "digital", "children_youth"};
  in.languages_spoken = {"ar", "de", "uk"};
  const ScoredInitiative s = Score(p, in);
  EXPECT_DOUBLE_EQ(s.components.topics, 0.5);
  EXPECT_NEAR(s.components.languages, 2.0 / 3.0, 1e-12);
  const Reason* t = FindReason(s.reasons, "shared_topics");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->de, "Gemeinsame Themen: Digitales");
  EXPECT_EQ(t->en, "Shared topics: digital");
  const Reason* l = FindReason(s.reasons, "shared_languages");
  ASSERT_NE(l, nullptr);
  EXPECT_THAT(l->en, HasSubstr("de"));
  EXPECT_THAT(l->en, HasSubstr("ar"));
  EXPECT_THAT(l->de, HasSubstr("Gemeinsame Sprachen"));
  ExpectBilingual(s.reasons);
}

TEST(RecoScoring, NoCompanyTopicsMeansZeroAndNoReason) {
  CompanyProfile p;
  p.name = "Firma";
  Initiative in = MakeInitiative({});
  in.topics = {"digital"};
  const ScoredInitiative s = Score(p, in);
  EXPECT_EQ(s.components.topics, 0.0);
  EXPECT_EQ(s.components.languages, 0.0);
  EXPECT_EQ(FindReason(s.reasons, "shared_topics"), nullptr);
}

// ---------------------------------------------------------------- semantic, urgency, fairness,
// total

TEST(RecoScoring, SemanticIsClippedAtZeroAndExplainedWhenHigh) {
  CompanyProfile p;
  p.name = "Firma";
  const Initiative in = MakeInitiative({});
  EXPECT_EQ(Score(p, in, -0.4).components.semantic, 0.0);
  EXPECT_DOUBLE_EQ(Score(p, in, 0.25).components.semantic, 0.25);
  EXPECT_EQ(FindReason(Score(p, in, 0.25).reasons, "similar_description"), nullptr);
  const ScoredInitiative high = Score(p, in, 0.6);
  ASSERT_NE(FindReason(high.reasons, "similar_description"), nullptr);
  ExpectBilingual(high.reasons);
}

TEST(RecoScoring, UrgencyFromOpenShareAndRecentActivity) {
  CompanyProfile p;
  p.name = "Firma";
  Initiative fresh = MakeInitiative({MoneyNeed(5000, 1600)});
  fresh.updated_unix = kNow;
  // open share 3400/5000 = 0.68, updated now.
  EXPECT_NEAR(Score(p, fresh).components.urgency, 0.6 * 0.68 + 0.4, 1e-9);
  Initiative stale = fresh;
  stale.updated_unix = kNow - 3 * kYear;  // older than two years: no recency
  EXPECT_NEAR(Score(p, stale).components.urgency, 0.6 * 0.68, 1e-9);
  Initiative no_money = MakeInitiative({});
  no_money.updated_unix = kNow - kYear;  // one year: half
  EXPECT_NEAR(Score(p, no_money).components.urgency, 0.2, 1e-9);
  for (const Initiative* in : {&fresh, &stale, &no_money}) {
    const double u = Score(p, *in).components.urgency;
    EXPECT_GE(u, 0.0);
    EXPECT_LE(u, 1.0);
  }
}

TEST(RecoScoring, FairnessFavoursNewAndSmallOnlyAsASmallBonus) {
  CompanyProfile p = Funder();
  Initiative small_new = MakeInitiative({MoneyNeed(5000, 1600)});
  small_new.created_unix = kNow - kYear / 2;
  small_new.updated_unix = kNow;
  Initiative big_old = small_new;
  big_old.created_unix = kNow - 10 * kYear;
  big_old.needs = {MoneyNeed(100000, 32000)};  // same open share (0.68), 32,000 raised
  const ScoredInitiative a = Score(p, small_new);
  const ScoredInitiative b = Score(p, big_old);
  EXPECT_GT(a.components.fairness, b.components.fairness);
  EXPECT_LE(a.components.fairness, 1.0);
  EXPECT_GE(b.components.fairness, 0.0);
  EXPECT_GT(a.components.total, b.components.total);  // near-equal otherwise: the small one wins
  EXPECT_LE(a.components.total - b.components.total, kFairnessBonus + 1e-12);
}

TEST(RecoScoring, TotalIsTheWeightedSumPlusTheFairnessBonus) {
  CompanyProfile p = InBritz();
  p.offers.push_back(MakeOffer(NeedType::kGoods, "700 Laptops", 700));
  p.offers.push_back(MakeOffer(NeedType::kMoney, "Spende", std::nullopt, 10000));
  p.topics = {"digital", "education"};
  p.languages = {"de", "ar"};
  Initiative in = At("Neukölln", "Rudow", geo::LatLon{52.4168, 13.4955});
  in.needs = {MakeNeed(NeedType::kGoods, "Notebooks"), MoneyNeed(5000, 1600)};
  in.topics = {"digital"};
  in.languages_spoken = {"ar"};
  in.created_unix = kNow - 2 * kYear;
  in.updated_unix = kNow - kYear / 4;
  const ScoredInitiative s = Score(p, in, 0.42);
  const RecoComponents& c = s.components;
  const RecoWeights w;
  for (double v :
       {c.semantic, c.need_match, c.proximity, c.topics, c.languages, c.urgency, c.fairness}) {
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 1.0);
  }
  EXPECT_NEAR(c.total,
              w.need_match * c.need_match + w.semantic * c.semantic + w.proximity * c.proximity +
                  w.topics * c.topics + w.languages * c.languages + w.urgency * c.urgency +
                  kFairnessBonus * c.fairness,
              1e-12);
  // The weights sum to 1: a perfect match scores at most 1 + the bonus.
  EXPECT_NEAR(w.need_match + w.semantic + w.proximity + w.topics + w.languages + w.urgency, 1.0,
              1e-12);
  // Every kind of reason is present and bilingual; the need reasons come first.
  const std::vector<std::string> codes = Codes(s);
  for (const char* code : {"need_match", "funding_gap", "same_district", "shared_topics",
                           "shared_languages", "similar_description"}) {
    EXPECT_NE(std::find(codes.begin(), codes.end(), code), codes.end()) << code;
  }
  ASSERT_FALSE(codes.empty());
  EXPECT_TRUE(codes[0] == "need_match" || codes[0] == "funding_gap") << codes[0];
  ExpectBilingual(s.reasons);
}

TEST(RecoScoring, CustomWeightsAreUsed) {
  CompanyProfile p = LaptopCompany();
  const Initiative in = MakeInitiative({MakeNeed(NeedType::kGoods, "Notebooks")});
  const CompanyContext ctx(p);
  RecoWeights only_need{};
  only_need.semantic = only_need.proximity = only_need.topics = only_need.languages =
      only_need.urgency = 0;
  only_need.need_match = 1.0;
  const ScoredInitiative s = ScoreInitiative(ctx, in, 0.9, kNow, only_need);
  EXPECT_NEAR(s.components.total, s.components.need_match + kFairnessBonus * s.components.fairness,
              1e-12);
}

TEST(RecoScoring, ScoringIsDeterministic) {
  CompanyProfile p = InBritz();
  p.offers.push_back(MakeOffer(NeedType::kGoods, "700 Laptops", 700));
  Initiative in = At("Neukölln", "Britz", std::nullopt);
  in.needs = {MakeNeed(NeedType::kGoods, "Rechner für Schulkinder")};
  const ScoredInitiative a = Score(p, in, 0.1);
  const ScoredInitiative b = Score(p, in, 0.1);
  EXPECT_EQ(a.components.total, b.components.total);
  ASSERT_EQ(a.reasons.size(), b.reasons.size());
  for (size_t i = 0; i < a.reasons.size(); ++i) EXPECT_EQ(a.reasons[i].de, b.reasons[i].de);
}

// The recommender ranks its precise pool by ScoreComponents and writes reasons only for what
// it shows: the components must be ScoreInitiative's to the last bit, whatever matched.
TEST(RecoScoring, ComponentsWithoutReasonsAreTheComponentsWithReasons) {
  CompanyProfile p = InBritz();
  p.topics = {"education", "digital"};
  p.languages = {"de", "ar"};
  p.offers = {MakeOffer(NeedType::kGoods, "700 Laptops", 700),
              MakeOffer(NeedType::kMoney, "Spende", std::nullopt, 5000),
              MakeOffer(NeedType::kVolunteers, "Entwicklerinnen als Mentorinnen"),
              MakeOffer(NeedType::kExpertise, "Rechtsberatung im Arbeitsrecht")};
  std::vector<Initiative> all;
  for (const auto& [district, hood, location] :
       std::vector<std::tuple<std::string, std::string, std::optional<geo::LatLon>>>{
           {"Neukölln", "Britz", geo::LatLon{52.445, 13.44}},
           {"Neukölln", "Rudow", geo::LatLon{52.4168, 13.4955}},
           {"Mitte", "Wedding", geo::LatLon{52.55, 13.36}},
           {"Spandau", "Staaken", std::nullopt}}) {
    Initiative in = At(district, hood, location);
    in.topics = {"digital"};
    in.languages_spoken = {"ar"};
    in.created_unix = kNow - kYear;
    in.updated_unix = kNow - kYear / 2;
    in.needs = {MakeNeed(NeedType::kGoods, "15 Notebooks für Schulkinder", 15),
                MoneyNeed(3000, 1000),
                MakeNeed(NeedType::kVolunteers, "Helfende für die Kleiderkammer"),
                MakeNeed(NeedType::kExpertise, "Beratung zum Asylrecht"),
                MakeNeed(NeedType::kSpace, "Ein Raum für Deutschkurse")};
    all.push_back(in);
  }
  const CompanyContext ctx(p);
  const RecoWeights w{0.3, 0.2, 0.2, 0.1, 0.1, 0.1};
  for (const Initiative& in : all) {
    for (double semantic : {-0.2, 0.1, 0.6}) {
      const ScoredInitiative full = ScoreInitiative(ctx, in, semantic, kNow, w);
      const RecoComponents alone = ScoreComponents(ctx, in, semantic, kNow, w);
      EXPECT_FALSE(full.reasons.empty());
      EXPECT_EQ(alone.need_match, full.components.need_match);
      EXPECT_EQ(alone.semantic, full.components.semantic);
      EXPECT_EQ(alone.proximity, full.components.proximity);
      EXPECT_EQ(alone.topics, full.components.topics);
      EXPECT_EQ(alone.languages, full.components.languages);
      EXPECT_EQ(alone.urgency, full.components.urgency);
      EXPECT_EQ(alone.fairness, full.components.fairness);
      EXPECT_EQ(alone.total, full.components.total);
    }
  }
}

// ---------------------------------------------------------------- similarity reasons

TEST(RecoScoring, SimilarityReasons) {
  Initiative a = MakeInitiative({MakeNeed(NeedType::kGoods, "Laptops"), MoneyNeed(100, 0)});
  a.district = "Mitte";
  a.topics = {"education", "digital", "work"};
  Initiative b = MakeInitiative({MakeNeed(NeedType::kGoods, "Winterjacken")});
  b.district = "Mitte";
  b.topics = {"digital", "culture"};
  const std::vector<Reason> r = SimilarityReasons(a, b);
  const Reason* topics = FindReason(r, "shared_topics");
  ASSERT_NE(topics, nullptr);
  EXPECT_EQ(topics->de, "Gemeinsame Themen: Digitales");
  EXPECT_EQ(topics->en, "Shared topics: digital");
  const Reason* district = FindReason(r, "same_district");
  ASSERT_NE(district, nullptr);
  EXPECT_EQ(district->en, "In the same district (Mitte)");
  const Reason* needs = FindReason(r, "similar_needs");
  ASSERT_NE(needs, nullptr);
  EXPECT_EQ(needs->de, "Ähnlicher Bedarf: Sachspenden");
  EXPECT_EQ(needs->en, "Similar needs: goods");
  ExpectBilingual(r);

  Initiative c = MakeInitiative({});
  c.title = "Sportverein";
  c.district = "Spandau";
  c.topics = {"sport"};
  EXPECT_TRUE(SimilarityReasons(a, c).empty());
}

TEST(RecoScoring, SimilarityNamesSharedConceptsAndOnlyInformativeTopics) {
  Initiative a = MakeInitiative({MakeNeed(NeedType::kGoods, "gebrauchte Laptops für den Kurs")});
  a.title = "Programmierkurs für Geflüchtete";
  a.description = "Wir bringen Jugendlichen das Programmieren bei, mit Mentorinnen und Mentoren.";
  a.district = "Mitte";
  a.neighbourhood = "Wedding";
  a.topics = {"education", "digital"};
  Initiative b = MakeInitiative({MakeNeed(NeedType::kGoods, "Notebooks")});
  b.title = "Coding-Club im Kiez";
  b.description = "Programmieren lernen am Nachmittag, begleitet von Mentoren.";
  b.district = "Mitte";
  b.neighbourhood = "Wedding";
  b.topics = {"education", "digital"};
  // Education is held by most initiatives (not informative), digital by few; goods needs by most.
  const Informative informative{[](const std::string& t) { return t != "education"; },
                                [](schemas::NeedType t) { return t != NeedType::kGoods; }};
  const std::vector<Reason> r = SimilarityReasons(a, b, informative);
  const Reason* concepts = FindReason(r, "shared_concepts");
  ASSERT_NE(concepts, nullptr) << ::testing::PrintToString(r.size());
  EXPECT_THAT(concepts->de, HasSubstr("Programmieren"));
  EXPECT_THAT(concepts->de, HasSubstr("Mentoring"));
  const Reason* place = FindReason(r, "same_ortsteil");
  ASSERT_NE(place, nullptr);
  EXPECT_EQ(place->de, "Im selben Ortsteil (Wedding)");
  EXPECT_EQ(FindReason(r, "same_district"), nullptr);  // the Ortsteil says more
  const Reason* needs = FindReason(r, "shared_needs");
  ASSERT_NE(needs, nullptr);
  EXPECT_EQ(needs->en, "Also needs: laptop");
  const Reason* topics = FindReason(r, "shared_topics");
  ASSERT_NE(topics, nullptr);
  EXPECT_EQ(topics->en, "Shared topics: digital");
  EXPECT_EQ(FindReason(r, "similar_needs"), nullptr);  // goods: not informative
  ExpectBilingual(r);
}

// ---------------------------------------------------------------- euro formatting

TEST(RecoScoring, FormatEur) {
  EXPECT_EQ(FormatEurDe(0), "0");
  EXPECT_EQ(FormatEurEn(0), "0");
  EXPECT_EQ(FormatEurDe(999), "999");
  EXPECT_EQ(FormatEurDe(1000), "1.000");
  EXPECT_EQ(FormatEurEn(1000), "1,000");
  EXPECT_EQ(FormatEurDe(3400), "3.400");
  EXPECT_EQ(FormatEurEn(3400), "3,400");
  EXPECT_EQ(FormatEurDe(45000), "45.000");
  EXPECT_EQ(FormatEurDe(100000), "100.000");
  EXPECT_EQ(FormatEurDe(1234567), "1.234.567");
  EXPECT_EQ(FormatEurEn(1234567), "1,234,567");
  EXPECT_EQ(FormatEurDe(3399.6), "3.400");  // whole euros, rounded
  EXPECT_EQ(FormatEurEn(0.4), "0");
  EXPECT_EQ(FormatEurDe(-2500), "-2.500");
}

}  // namespace
}  // namespace hilfsnetz::ranking

namespace hilfsnetz::ranking {
namespace {

// ---------------------------------------------------------------- one scorer (issue 9)

TEST(RecoScoring, ContributionsAddUpToTheScoreAndReasonsCarryTheirShare) {
  CompanyProfile p = LaptopCompany();
  p.district = "Mitte";
  p.topics = {"digital"};
  Initiative in = MakeInitiative({MakeNeed(NeedType::kGoods, "15 Notebooks für den Kurs", 15)});
  in.district = "Mitte";
  in.topics = {"digital", "education"};
  RecoWeights w;
  w.proximity = 0.3;
  const CompanyContext ctx(p);
  const ScoredInitiative s = ScoreInitiative(ctx, in, 0.5, kNow, w);
  // The answer's contributions: every component once, in order, each weight × component.
  const RecoComponents& k = s.components;
  const std::vector<std::pair<std::string_view, double>> expected = {
      {"need_match", w.need_match * k.need_match}, {"semantic", w.semantic * k.semantic},
      {"proximity", w.proximity * k.proximity},    {"topics", w.topics * k.topics},
      {"languages", w.languages * k.languages},    {"urgency", w.urgency * k.urgency},
      {"fairness", kFairnessBonus * k.fairness}};
  EXPECT_EQ(Contributions(k, w), expected);
  double sum = 0;
  for (const auto& [name, value] : expected) sum += value;
  EXPECT_NEAR(sum, k.total, 1e-12);
  EXPECT_NEAR(Contribution(s.components, w, "proximity"), 0.3 * 0.8, 1e-12);  // same Bezirk
  const Reason* need = FindReason(s.reasons, "need_match");
  const Reason* place = FindReason(s.reasons, "same_district");
  const Reason* topics = FindReason(s.reasons, "shared_topics");
  ASSERT_TRUE(need && place && topics) << ::testing::PrintToString(Codes(s));
  EXPECT_EQ(need->component, "need_match");
  EXPECT_EQ(place->component, "proximity");
  EXPECT_EQ(topics->component, "topics");
  EXPECT_NEAR(place->share, 0.3 * 0.8 / s.components.total, 1e-12);
  EXPECT_NEAR(need->share, w.need_match * s.components.need_match / s.components.total, 1e-12);
}

TEST(RecoScoring, TheFormulasBothStagesUse) {
  EXPECT_DOUBLE_EQ(CombineNeedMatches({}), 0.0);
  EXPECT_DOUBLE_EQ(CombineNeedMatches({1.0}), 0.9);
  EXPECT_DOUBLE_EQ(CombineNeedMatches({1.0, 1.0}), 0.99);
  EXPECT_DOUBLE_EQ(CombineNeedMatches({0.5}), 0.45);
  EXPECT_DOUBLE_EQ(ProximityFor(PlaceRelation::kSameOrtsteil, 0), 1.0);
  EXPECT_DOUBLE_EQ(ProximityFor(PlaceRelation::kSameDistrict, 0), 0.8);
  EXPECT_DOUBLE_EQ(ProximityFor(PlaceRelation::kNeighbourDistrict, 0), 0.5);
  EXPECT_NEAR(ProximityFor(PlaceRelation::kElsewhere, 5), 0.4 * std::exp(-1.0), 1e-12);
  EXPECT_DOUBLE_EQ(ProximityFor(PlaceRelation::kUnknown, 3), 0.0);
  EXPECT_DOUBLE_EQ(UrgencyFor(1.0, 0), 1.0);
  EXPECT_DOUBLE_EQ(UrgencyFor(0.5, 1), 0.6 * 0.5 + 0.4 * 0.5);
  EXPECT_DOUBLE_EQ(UrgencyFor(0, 3), 0.0);
  EXPECT_DOUBLE_EQ(FairnessFor(0.5, 0), 1.0);
  EXPECT_DOUBLE_EQ(FairnessFor(5, kSmallInitiativeEur), 0.0);
}

TEST(RecoScoring, ServerWeightsParseWithClearErrors) {
  Result<RecoWeights> w = ParseWeights("need_match=0.5,proximity=0", RecoWeights{});
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_DOUBLE_EQ(w->need_match, 0.5);
  EXPECT_DOUBLE_EQ(w->proximity, 0.0);
  EXPECT_DOUBLE_EQ(w->semantic, RecoWeights{}.semantic);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"speed=0.3",
       "'speed': unknown weight (known: need_match, semantic, proximity, topics, languages, "
       "urgency)"},
      {"topics=1.5", "'topics=1.5': the weight must be a number from 0 to 1"},
      {"topics=", "'topics=': the weight must be a number from 0 to 1"},
      {"topics=0.2x", "'topics=0.2x': the weight must be a number from 0 to 1"},
      {"need_match=0,semantic=0,proximity=0,topics=0,languages=0,urgency=0",
       "at least one weight must be above 0"},
  };
  for (const auto& [spec, message] : bad) {
    Result<RecoWeights> r = ParseWeights(spec, RecoWeights{});
    ASSERT_FALSE(r.ok()) << spec;
    EXPECT_EQ(r.status().message(), message) << spec;
  }
}

}  // namespace
}  // namespace hilfsnetz::ranking
