// MoneyPurpose: what a company's money offer is for, read from its description — whom and
// what it funds ("Projektförderung für ältere Menschen, Menschen mit Behinderung und
// Breitensport (2.000–20.000 Euro je Projekt)", "Grants of 500 to 3,000 EUR for energy-saving
// measures: LED lighting, insulation, efficient appliances") — and whether an initiative's
// open funding gap lies within it. A funder gives for its purposes and in its range: the
// judged sets grade money for a gap outside the stated purpose 0 or 1 and a gap much smaller
// than the smallest grant one step lower (bench/quality/README.md), as a funder would.
//
//   MoneyPurpose p = ReadMoneyPurpose("Zuschuss für Tierarztkosten und Kastrationen");
//   p.concepts  -> {tierarzt, katzenschutz}
//   ReadGrantRange("Einzelzuschüsse 2.000–50.000 Euro") -> {2000, 50000}
//
// Thread-safe: functions of immutable data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ranking/need_matcher.h"
#include "text/concept_lexicon.h"

namespace hilfsnetz::ranking {

// The grant sizes a money offer states: "1,000–15,000 euros", "500 to 3,000 EUR", "bis
// 10.000 Euro", "up to 5,000 €", "ab 500 Euro". Amounts need a currency word (EUR, Euro,
// euros, €) after them; thousands separators "." and "," are read either way ("1.000",
// "1,000"). Unset when the text states none (Latin digits only).
struct GrantRange {
  std::optional<double> min_eur;
  std::optional<double> max_eur;
};
GrantRange ReadGrantRange(std::string_view text);

struct MoneyPurpose {
  // What the money buys or does, as the offer's text names it: concepts of things, services,
  // activities, roles and documents below the roots ("Tierarztkosten", "LED lighting",
  // "Energiesparen"). Empty when the offer names none.
  std::vector<text::ConceptId> specific;
  // Whom and which field it is for: roots, target groups and topics ("Kinder und Jugendliche",
  // "Bildung", "Breitensport"). Words of that breadth are named in passing by most records
  // ("Zahnputztage für Kinder"), so these are not read from the record: the company's topics
  // say the same through the initiatives' own topics (reco_scoring.h, MoneyMatchFor).
  std::vector<text::ConceptId> broad;
  GrantRange range;
};
// General words, money itself, places and institutions name no purpose ("Zuschüsse für
// gemeinnützige Räume": the rooms are where, not what for).
MoneyPurpose ReadMoneyPurpose(const std::string& offer_text);

// The first of `purpose.specific` named among `named` (everything an initiative's title,
// summary and money need name: NamedThings::concepts and ::broad) — the same concept or a
// narrower one ("Tierarzt" meets "Tierarztkosten für Kastrationen"), or the next broader one
// that is not a root — or -1.
int MetPurpose(const MoneyPurpose& purpose, const std::vector<const NamedThings*>& named);

// A gap smaller than this share of the smallest grant is "much smaller than the minimum
// grant" (bench/quality/README.md): a funder does not make a grant that small.
inline constexpr double kMuchSmallerThanGrant = 0.5;
bool GapBelowGrants(const GrantRange& range, double gap_eur);

}  // namespace hilfsnetz::ranking
