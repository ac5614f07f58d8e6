#include "ranking/money_purpose.h"

#include <algorithm>
#include <regex>

namespace hilfsnetz::ranking {
namespace {

// "1.000" / "1,000" / "15000" -> the amount; separators are taken as thousands separators
// only between groups of three digits ("2,5" stays 2).
double ReadAmount(const std::string& s) {
  static const std::regex grouped(R"(\d{1,3}([.,]\d{3})+)");
  std::string digits;
  if (std::regex_match(s, grouped)) {
    for (char c : s) {
      if (c >= '0' && c <= '9') digits += c;
    }
  } else {
    for (char c : s) {
      if (c < '0' || c > '9') break;
      digits += c;
    }
  }
  return digits.empty() ? 0 : std::stod(digits);
}

// Kinds that name no purpose of their own: how or where the money is given, not what for.
bool NamesPurpose(const text::Concept& c) {
  return c.kind != "general" && c.kind != "money" && c.kind != "place" && c.kind != "institution";
}

// A purpose of whom or which field rather than what (MoneyPurpose::broad).
bool Broad(const text::Concept& c) {
  return c.parent < 0 || c.kind == "group" || c.kind == "topic";
}

}  // namespace

GrantRange ReadGrantRange(std::string_view text) {
  static const std::string kNumber = R"((\d{1,3}(?:[.,]\d{3})+|\d+))";
  static const std::string kCurrency = R"(\s*(?:EUR|Euro|euros?|€))";
  // "1.000–15.000 Euro", "500 to 3,000 EUR", "zwischen 500 und 2.000 €" (the currency may
  // follow the first amount too: "500 € bis 2.000 €").
  static const std::regex range(kNumber + "(?:" + kCurrency + ")?" +
                                    R"(\s*(?:–|—|-|to|bis|and|und)\s*)" + kNumber + kCurrency,
                                std::regex::icase);
  static const std::regex upper(
      R"(\b(?:up to|bis zu|bis|max\.?|maximal|höchstens|no more than)\s*)" + kNumber + kCurrency,
      std::regex::icase);
  static const std::regex lower(R"(\b(?:ab|from|at least|mindestens)\s*)" + kNumber + kCurrency,
                                std::regex::icase);
  GrantRange out;
  const std::string s(text);
  std::smatch m;
  if (std::regex_search(s, m, range)) {
    const double a = ReadAmount(m[1].str()), b = ReadAmount(m[2].str());
    if (a > 0 && b >= a) {
      out.min_eur = a;
      out.max_eur = b;
      return out;
    }
  }
  if (std::regex_search(s, m, upper)) {
    if (const double b = ReadAmount(m[1].str()); b > 0) out.max_eur = b;
  }
  if (std::regex_search(s, m, lower)) {
    if (const double a = ReadAmount(m[1].str()); a > 0 && (!out.max_eur || a <= *out.max_eur))
      out.min_eur = a;
  }
  return out;
}

MoneyPurpose ReadMoneyPurpose(const std::string& offer_text) {
  MoneyPurpose out;
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  const NamedThings things = OfferThings(offer_text);
  for (const auto* list : {&things.concepts, &things.broad}) {
    for (text::ConceptId c : *list) {
      const text::Concept& concept_ = lexicon.Get(c);
      if (NamesPurpose(concept_)) (Broad(concept_) ? out.broad : out.specific).push_back(c);
    }
  }
  out.range = ReadGrantRange(offer_text);
  return out;
}

int MetPurpose(const MoneyPurpose& purpose, const std::vector<const NamedThings*>& named) {
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  auto meets = [&](text::ConceptId p, text::ConceptId c) {
    if (lexicon.IsA(c, p)) return true;
    return lexicon.Get(p).parent == static_cast<int>(c) && lexicon.Get(c).parent >= 0;
  };
  for (text::ConceptId p : purpose.specific) {
    for (const NamedThings* t : named) {
      for (const auto* list : {&t->concepts, &t->broad}) {
        if (std::any_of(list->begin(), list->end(), [&](text::ConceptId c) { return meets(p, c); }))
          return static_cast<int>(p);
      }
    }
  }
  return -1;
}

bool GapBelowGrants(const GrantRange& range, double gap_eur) {
  return range.min_eur && gap_eur < kMuchSmallerThanGrant * *range.min_eur;
}

}  // namespace hilfsnetz::ranking
