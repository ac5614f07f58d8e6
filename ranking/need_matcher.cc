#include "ranking/need_matcher.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "text/analyzer.h"

namespace hilfsnetz::ranking {
namespace {

// Texts kept by TextThings: need descriptions for recommendations, whole records for similar.
// Bounded by an estimate of their bytes (the text, ~64 bytes per word kept); emptied when full.
constexpr size_t kMaxMemoBytes = size_t{32} << 20;

size_t MemoBytes(const std::string& key, const NamedThings& t) {
  return 2 * key.size() + 64 * (t.word_stems.size() + t.word_of_stem.size() + t.concepts.size() +
                                t.kinds.size() + t.broad.size());
}

// Roots (Beratung, Hilfe, Bildung, Recht …) are too broad to say what is given, and German
// compounds name them through their head beside the specific concept ("Rechtsberatung" is
// rechtsberatung and beratung): matching on them is what made "Datenschutzberatung" meet
// "Rechtsberatung".
bool Telling(const text::Concept& c) {
  return c.parent >= 0 && c.kind != "general" && c.kind != "group";
}

// Whether concept `c` can be what a need or offer of `type` is about, told apart where the
// senses of a word differ most — things against everything else. The types `c` can be are
// those the `need:` lines of it and its ancestors name (a kind of a trade can be what the
// trade can be); with none, it fits every type. In goods, a concept fits when goods are among
// them: "Refurbished laptops" offered as goods are laptops, not a renovation (volunteers,
// expertise, money, space). In the other types, a concept of things only (goods and nothing
// else) does not fit: "Decken" in a painting need are ceilings, not blankets. Between the
// other types the lines are not told apart: a jobs need names its field through concepts
// of expertise ("Praktika für Webentwickler"). "" fits every concept.
bool FitsType(const text::Concept& c, std::string_view type) {
  if (type.empty()) return true;
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  bool typed = false, goods = false, other = false;
  for (const text::Concept* a = &c; a != nullptr;
       a = a->parent < 0 ? nullptr : &lexicon.Get(static_cast<text::ConceptId>(a->parent))) {
    for (const std::string& n : a->needs) {
      typed = true;
      (n == "goods" ? goods : other) = true;
    }
  }
  if (!typed) return true;
  return type == "goods" ? goods : other;
}

// text::Outermost for a need or offer of `type`: in goods, what is given is the thing, so a
// longer run naming something else (a service, an activity) does not hide the goods inside
// it — "refurbished laptops" names computer repair and, still, laptops.
std::vector<text::ConceptMatch> OutermostFor(const std::vector<text::ConceptMatch>& matches,
                                             std::string_view type) {
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  std::vector<text::ConceptMatch> out;
  for (const text::ConceptMatch& m : matches) {
    const bool inside = std::any_of(matches.begin(), matches.end(), [&](const auto& o) {
      return o.first <= m.first && m.last <= o.last && o.last - o.first > m.last - m.first &&
             (type != "goods" || lexicon.Get(o.id).kind == "goods");
    });
    if (!inside) out.push_back(m);
  }
  return out;
}

void AddConcept(NamedThings& out, text::ConceptId id) {
  const text::Concept& c = text::ConceptLexicon::Default().Get(id);
  std::vector<text::ConceptId>* to = nullptr;
  if (Telling(c)) {
    to = &out.concepts;
  } else if (c.kind == "general" && c.parent >= 0 && !c.needs.empty()) {
    to = &out.kinds;
  } else {
    to = &out.broad;
  }
  if (to && std::find(to->begin(), to->end(), id) == to->end()) to->push_back(id);
}

// Levels from `c` up to `ancestor` (0: the same), or -1 when it is none of c's ancestors.
// (A walk up the parents, as ConceptLexicon::WithAncestors lists them, without building the
// list: matching a candidate's needs asks this thousands of times per recommendation.)
int Levels(text::ConceptId c, text::ConceptId ancestor) {
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  int level = 0;
  for (int i = static_cast<int>(c); i >= 0;
       i = lexicon.Get(static_cast<text::ConceptId>(i)).parent) {
    if (static_cast<text::ConceptId>(i) == ancestor) return level;
    ++level;
  }
  return -1;
}

NamedThings ReadText(const std::string& text, const std::string& language, std::string_view type) {
  NamedThings out;
  out.language = language;
  const std::vector<text::Token> tokens =
      text::Analyzer::Default().Analyze(text, language, text::Mode::kDocument);
  // A run inside a longer one names nothing of its own (text::Outermost), and a run names only
  // its most specific concepts, as an offer's word does (OfferThings): "Lebensmittelhandwerk"
  // is a food trade, not also any Handwerk that an electrician would meet. Runs naming what a
  // need of `type` cannot be are read first and left out (FitsType).
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  std::vector<text::ConceptMatch> named = lexicon.MatchText(tokens, language);
  // Words the lexicon knows only in senses the type rules out ("Decken" in a painting need)
  // are no shared words either: their sense is not the other text's.
  std::vector<bool> fits(tokens.size(), false), other_sense(tokens.size(), false);
  for (const text::ConceptMatch& m : named) {
    const bool ok = FitsType(lexicon.Get(m.id), type);
    for (uint32_t i = m.first; i < m.last && i < tokens.size(); ++i)
      (ok ? fits : other_sense)[i] = true;
  }
  named.erase(std::remove_if(
                  named.begin(), named.end(),
                  [&](const text::ConceptMatch& m) { return !FitsType(lexicon.Get(m.id), type); }),
              named.end());
  const std::vector<text::ConceptMatch> runs = OutermostFor(named, type);
  for (const text::ConceptMatch& m : runs) {
    const bool narrowed = std::any_of(runs.begin(), runs.end(), [&](const text::ConceptMatch& o) {
      return o.first == m.first && o.last == m.last && o.id != m.id && lexicon.IsA(o.id, m.id);
    });
    if (!narrowed) AddConcept(out, m.id);
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    const text::Token& t = tokens[i];
    if (t.stopword || t.surface.size() < 3 || (other_sense[i] && !fits[i])) continue;
    out.word_stems.insert(t.stems.begin(), t.stems.end());
    for (const std::string& s : t.stems) {
      if (s.size() >= 5) out.word_of_stem.emplace(s, text.substr(t.begin, t.end - t.begin));
    }
  }
  return out;
}

}  // namespace

bool IsTellingConcept(text::ConceptId c) { return Telling(text::ConceptLexicon::Default().Get(c)); }

std::shared_ptr<const NamedThings> TextThings(const std::string& text, const std::string& language,
                                              std::string_view type) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<const NamedThings>> memo;  // guarded by mu
  static size_t bytes = 0;                                                          // guarded by mu
  std::string key = language + '\0' + std::string(type) + '\0' + text;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = memo.find(key); it != memo.end()) return it->second;
  }
  auto read = std::make_shared<const NamedThings>(ReadText(text, language, type));
  const size_t size = MemoBytes(key, *read);
  std::lock_guard<std::mutex> lock(mu);
  if (bytes + size > kMaxMemoBytes) {
    memo.clear();
    bytes = 0;
  }
  if (memo.emplace(std::move(key), read).second) bytes += size;
  return read;
}

NamedThings OfferThings(const std::string& text, std::string_view type) {
  text::QueryOptions o;
  o.translate = false;
  return OfferThings(text::AnalyzeQuery(text, o), type);
}

NamedThings OfferThings(const text::QueryAnalysis& qa, std::string_view type) {
  NamedThings out;
  out.language = qa.language;
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  for (const text::QueryWord& w : qa.words) {
    // As in texts (text::Outermost), a word names only its most specific concepts: "gebrauchte
    // Möbel" offers a furniture bank's goods, not furniture of any kind, although the search
    // box also looks for furniture when someone types "furniture" in it.
    std::vector<text::ConceptId> fitting;
    for (text::ConceptId c : w.concepts) {
      if (FitsType(lexicon.Get(c), type)) fitting.push_back(c);
    }
    // A word the lexicon knows only in senses the type rules out is no shared word (ReadText).
    const bool other_sense =
        fitting.empty() && !(w.concepts.empty() && w.broader_concepts.empty()) &&
        std::none_of(w.broader_concepts.begin(), w.broader_concepts.end(),
                     [&](text::ConceptId c) { return FitsType(lexicon.Get(c), type); });
    for (text::ConceptId c : fitting) {
      const bool narrowed = std::any_of(fitting.begin(), fitting.end(), [&](text::ConceptId other) {
        return other != c && lexicon.IsA(other, c);
      });
      if (!narrowed) AddConcept(out, c);
    }
    if (w.token.stopword || w.token.surface.size() < 3 || other_sense) continue;
    out.word_stems.insert(w.token.stems.begin(), w.token.stems.end());
  }
  return out;
}

double ConceptGrade(text::ConceptId o, text::ConceptId n) {
  if (o == n) return kSameConcept;
  if (const int down = Levels(o, n); down > 0) return down == 1 ? kNarrowerOffer : kMuchNarrower;
  if (Levels(n, o) == 1 && text::ConceptLexicon::Default().Get(o).parent >= 0) return kBroaderOffer;
  return 0;
}

static bool DifferentKinds(const NamedThings& offer, const NamedThings& need, text::ConceptId o,
                           text::ConceptId n) {
  // The narrower of the two matched concepts: what both sides are about at least.
  const text::ConceptId low = Levels(o, n) >= 0 ? o : n;
  std::vector<text::ConceptId> offer_kinds, need_kinds;
  for (text::ConceptId c : offer.concepts)
    if (Levels(c, low) > 0) offer_kinds.push_back(c);
  // An offer broader than the need ("Lebensmittelhandwerk" is a Handwerk; the need asks for
  // Metallbau) that also says which kind of the broader thing it means ("Ausbildungsplätze
  // als Bäcker im Lebensmittelhandwerk") offers that kind: the need's own concept is then the
  // need's kind, and a baker's apprenticeship is no metalwork.
  const bool broader_offer = Levels(n, o) > 0;
  if (broader_offer) {
    for (text::ConceptId c : offer.concepts)
      if (Levels(c, o) > 0 && Levels(n, c) < 0) offer_kinds.push_back(c);
  }
  if (offer_kinds.empty()) return false;
  if (broader_offer) need_kinds.push_back(n);
  for (text::ConceptId c : need.concepts)
    if (Levels(c, low) > 0) need_kinds.push_back(c);
  if (need_kinds.empty()) return false;
  for (text::ConceptId a : offer_kinds) {
    for (text::ConceptId b : need_kinds) {
      if (ConceptGrade(a, b) > 0) return false;
    }
  }
  return true;
}

// Whether `c` is a language (Arabisch, Türkisch: kinds of Sprache).
static bool IsLanguage(text::ConceptId c) {
  static const int kLanguage = text::ConceptLexicon::Default().Find("sprache");
  return kLanguage >= 0 && Levels(c, static_cast<text::ConceptId>(kLanguage)) >= 0;
}

// A language both sides name says in which language something is done, not what: when both
// also name what they are about and none of it meets ("Dolmetschen Arabisch" for "traffic
// rules explained in Arabic"), the shared language is no match. Volunteers who speak Arabic
// for a need of Arabic speakers name nothing else and still meet.
static bool SameLanguageOnly(const NamedThings& offer, const NamedThings& need, text::ConceptId n) {
  if (!IsLanguage(n)) return false;
  bool offer_names = false, need_names = false;
  for (text::ConceptId o : offer.concepts) {
    if (IsLanguage(o)) continue;
    offer_names = true;
    for (text::ConceptId c : need.concepts) {
      if (!IsLanguage(c) && ConceptGrade(o, c) > 0) return false;
    }
  }
  for (text::ConceptId c : need.concepts) need_names = need_names || !IsLanguage(c);
  return offer_names && need_names;
}

NeedOfferMatch MatchNeed(const NamedThings& offer, const NamedThings& need) {
  NeedOfferMatch best;
  for (text::ConceptId n : need.concepts) {
    for (text::ConceptId o : offer.concepts) {
      const double g = ConceptGrade(o, n);
      if (g <= best.grade) continue;
      // Both sides say which kind of the shared thing they mean, and the kinds differ
      // ("Rechtsberatung im Arbeitsrecht" for "Rechtsberatung zum Asylrecht"): the shared
      // broader word is no match, as the two kinds named alone would not be.
      if (DifferentKinds(offer, need, o, n)) continue;
      if (SameLanguageOnly(offer, need, n)) continue;
      best = {g, static_cast<int>(n), static_cast<int>(o), ""};
    }
  }
  if (best.grade > 0) return best;
  const text::ConceptLexicon& lex = text::ConceptLexicon::Default();
  // A need that names only a kind of its type and no field ("Ausbildungsplätze und
  // Betriebspraktika") asks for that kind in any field: an offer of the kind or of its lineage
  // (a Schülerpraktikum for Praktika; "apprenticeships", Ausbildung, for Ausbildungsplätze —
  // in a jobs need the training is the place) meets it — in a field of its own as bread meets a
  // food need (kMuchNarrower: the need is met at a broader level), without one as the same
  // thing. A need that names a field is left to the concepts above: the kinds alone would
  // make any internship meet a kitchen internship.
  if (need.concepts.empty()) {
    const double grade = offer.concepts.empty() ? kSameConcept : kMuchNarrower;
    for (text::ConceptId n : need.kinds) {
      for (text::ConceptId o : offer.kinds) {
        if (o == n || lex.IsA(o, n) || lex.IsA(n, o))
          return {grade, static_cast<int>(n), static_cast<int>(o), ""};
      }
    }
  }
  for (text::ConceptId n : need.concepts) {
    const text::Concept& nc = lex.Get(n);
    if (nc.kind != "place" || nc.parent < 0 ||
        !IsTellingConcept(static_cast<text::ConceptId>(nc.parent)))
      continue;
    for (text::ConceptId o : offer.concepts) {
      if (o != n && lex.Get(o).parent == nc.parent)
        return {kRelatedPlace, static_cast<int>(n), static_cast<int>(o), "", true};
    }
  }
  // Shared words decide only when the offer names no concept (a Drehorgel for a Sommerfest):
  // an offer the lexicon can name that meets none of the need's concepts shares a word with
  // it by chance ("monthly", "accounts" in a bookkeeping offer and an IT administration need).
  if (best.grade > 0 || !offer.concepts.empty()) return best;
  for (const std::string& s : offer.word_stems) {
    if (need.word_stems.count(s)) return {kSharedWords, -1, -1, s};
  }
  return best;
}

}  // namespace hilfsnetz::ranking
