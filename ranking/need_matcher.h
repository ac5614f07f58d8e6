// NeedMatcher: does a company's offer meet an initiative's need? Concept to concept, through
// the concept lexicon (data/text/concepts/, the one source of concepts that search uses too),
// graded by how the two concepts are related in its tree:
//
//   same concept                                 kSameConcept      1.0  Laptop – Notebooks
//   offer narrower than the need (one level)     kNarrowerOffer    0.7  Brot – Backwaren
//   offer narrower by two or more levels         kMuchNarrower     0.5  Brot – Lebensmittel
//   offer broader by one level, not a root       kBroaderOffer     0.4  Rechtsberatung –
//   Asylberatung anything else (siblings, cousins)            0                      Arbeitsrecht –
//   Steuerberatung
//
// When both sides name the matched concept and also which kinds of it they mean, and no kind
// of the one meets a kind of the other ("Lebensmittel: Brot" for "Lebensmittel: Obst und
// Gemüse"), the shared general word is no match of its own; the kinds decide (bread then
// meets the need as bread meets any food need, kMuchNarrower).
//
// A need is met by something of its kind: bread meets a food need, a law firm's general legal
// advice meets an asylum-advice need at a lower grade, and two kinds of one thing (labour law,
// tax advice) never meet each other. The roots of the tree (Beratung, Hilfe, Bildung, Recht …),
// concepts of kind "general" (Spende, Unterstützung) and of kind "group" (Frauen, Senioren)
// say nothing about what is given and are left out: general "Beratung" never stands for a
// specific kind of counselling. A compound
// names a concept through its head only when the head is an entry of its own
// ("Kinderkleiderkammer" -> Kleiderkammer), as the lexicon matches everywhere; a shared
// non-head part ("Datenschutzberatung" / "Rechtsberatung": "beratung") never makes a match.
// When the offer names no concept, shared whole words decide (stems of whole words, never of
// compound parts), at kSharedWords; an offer that names one and meets none of the need's
// concepts shares a word with it by chance.
//
// Kinds of a type that say nothing of the field (Praktikum, Ausbildung, Ausbildungsplatz,
// Festanstellung: kind "general" with a `need:` line) are not concepts of their own above, or
// "internship" would meet every internship need whatever the field. But a need that names such
// a kind and no field ("Ausbildungsplätze und Betriebspraktika") asks for it in any field: an
// offer of that kind or of its lineage ("apprenticeships": Ausbildung, of which the
// Ausbildungsplatz is a kind) meets it at kMuchNarrower (Ausbildungsplätze als Hotelfachfrau;
// the offer is one field of all the need allows), or at kSameConcept when the offer names no
// field either.
//
// Needs are read in their record's language (memoised); offers, whose language is not given,
// like a query in any of the seven languages.
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "text/concept_lexicon.h"
#include "text/query_analysis.h"

namespace hilfsnetz::ranking {

inline constexpr double kSameConcept = 1.0;
inline constexpr double kNarrowerOffer = 0.7;
inline constexpr double kMuchNarrower = 0.5;
inline constexpr double kBroaderOffer = 0.4;
inline constexpr double kSharedWords = 0.6;
// Two kinds of one kind of place (a seminar room for a need of an event hall: both rooms for
// groups, data/text/concepts/housing_work.txt raum_fuer_gruppen): a place of one kind can often
// stand in for another, goods and services of another kind cannot (laptops for tablets,
// labour law for tax advice). Only when nothing better matches; no reason is written for it
// (the two are not the same thing), as for kSameKindOfHelp in reco_scoring.cc.
inline constexpr double kRelatedPlace = 0.5;

// What a text names: its concepts (kinds general and group apart) and its whole words'
// stems (stop words and words under three letters left out).
struct NamedThings {
  std::string language;  // the text's ("" when undecided)
  std::vector<text::ConceptId> concepts;
  // The kinds of a need or offer type it names that say nothing of the field (kind "general"
  // with a `need:` line, not a root: Praktikum, Ausbildungsplatz, Festanstellung), which
  // `concepts` leaves out.
  std::vector<text::ConceptId> kinds;
  // The rest of what it names, which `concepts` and `kinds` leave out: roots of the tree
  // (Sport, Bildung, Kinder), target groups (Senioren) and general words — whom and what field
  // a funder gives for (money_purpose.h).
  std::vector<text::ConceptId> broad;
  std::set<std::string> word_stems;
  // Record texts (TextThings): a written form of each stem of five or more letters.
  std::map<std::string, std::string> word_of_stem;
};

// A record's text (a need's description, a whole record) in its language (memoised, bounded;
// the same needs come up for many companies). `type`: the need's type ("goods", "jobs" …, as
// schemas::NeedTypeName) — a word names only the concepts a need of that type can be (their
// `need:` line names it, or they have none): "Wände und Decken streichen" for volunteers is
// no blanket. In goods, a longer run naming a service or activity does not hide the goods
// named inside it ("refurbished laptops" are laptops). "" (whole records): every concept.
std::shared_ptr<const NamedThings> TextThings(const std::string& text, const std::string& language,
                                              std::string_view type = "");
// An offer's description, language detected per word; `type` as for TextThings.
NamedThings OfferThings(const std::string& text, std::string_view type = "");
// The same from the text's analysis as a query (text::AnalyzeQuery with no language given;
// translations do not matter), for a caller that needs the analysis as well.
NamedThings OfferThings(const text::QueryAnalysis& analysis, std::string_view type = "");

struct NeedOfferMatch {
  double grade = 0;       // 0: no match
  int need_concept = -1;  // the concepts that matched (-1: matched by shared words)
  int offer_concept = -1;
  std::string shared_word;     // when matched by shared words: one of them (a stem)
  bool related_place = false;  // kRelatedPlace: siblings, not the same thing (no reason)
};

// The best match between an offer and a need (highest grade; ties: the first need concept);
// kRelatedPlace only when no concept of the one meets a concept of the other.
NeedOfferMatch MatchNeed(const NamedThings& offer, const NamedThings& need);

// Whether concept `c` says what is needed or given: not a root, not of kind "general" or
// "group" (the concepts NamedThings keeps).
bool IsTellingConcept(text::ConceptId c);

// The grade of offer concept `o` for need concept `n` (the table above).
double ConceptGrade(text::ConceptId o, text::ConceptId n);

}  // namespace hilfsnetz::ranking
