#include "ranking/suggester.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/index_layout.h"
#include "ranking/filter_query.h"
#include "ranking/query_builder.h"
#include "schemas/stored_record.h"
#include "text/analyzer.h"
#include "text/concept_lexicon.h"
#include "text/normalizer.h"
#include "text/query_analysis.h"
#include "text/script.h"
#include "text/stemmer.h"
#include "text/umlaut.h"

namespace hilfsnetz::ranking {
namespace {

constexpr size_t kMinTypoLetters = 3;     // typo-tolerant completion from the third letter
constexpr size_t kConceptsPerLanguage = 6;
constexpr size_t kConceptsForPhrase = 400;  // concepts with a word like the first one, checked
                                            // against everything typed
constexpr double kPhraseBonus = 0.5;      // a phrase or lexicon entry says more than a word
constexpr double kConceptBonus = -3.0;    // the German word of a foreign entry: after the typed language's
constexpr double kTypoPenalty = -8.0;     // a one-edit variant's completion: after the exact ones

// Letters a typo may have replaced or dropped, by script (after the first letter).
std::vector<std::string> Alphabet(text::Script script) {
  std::string_view letters;
  switch (script) {
    case text::Script::kLatin: letters = "a b c d e f g h i j k l m n o p q r s t u v w x y z ä ö ü ß ç ğ ı ş"; break;
    case text::Script::kCyrillic:
      letters = "а б в г ґ д е є ж з и і ї й к л м н о п р с т у ф х ц ч ш щ ь ю я ы э ъ ё";
      break;
    case text::Script::kArabic:
      letters = "ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي ة ء ئ ؤ پ چ ژ گ";
      break;
    case text::Script::kOther: break;
  }
  std::vector<std::string> out;
  size_t from = 0;
  while (from < letters.size()) {
    const size_t sp = letters.find(' ', from);
    out.emplace_back(letters.substr(from, sp == std::string_view::npos ? std::string_view::npos : sp - from));
    if (sp == std::string_view::npos) break;
    from = sp + 1;
  }
  return out;
}

// Code points of a word, as strings.
std::vector<std::string> CodePoints(const std::string& w) {
  std::vector<std::string> out;
  for (size_t i = 0; i < w.size();) {
    size_t n = 1;
    while (i + n < w.size() && (static_cast<unsigned char>(w[i + n]) & 0xC0) == 0x80) ++n;
    out.push_back(w.substr(i, n));
    i += n;
  }
  return out;
}

// Spellings one edit away from `w` (deletion, adjacent swap, replacement, insertion), keeping
// its first letter.
std::vector<std::string> OneEditAway(const std::string& w) {
  const std::vector<std::string> cp = CodePoints(w);
  const std::vector<std::string> alphabet = Alphabet(text::WordScript(w));
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& c : v) s += c;
    return s;
  };
  std::set<std::string> out;
  for (size_t i = 1; i < cp.size(); ++i) {
    std::vector<std::string> v = cp;
    v.erase(v.begin() + static_cast<long>(i));
    out.insert(join(v));
    if (i + 1 < cp.size()) {
      v = cp;
      std::swap(v[i], v[i + 1]);
      out.insert(join(v));
    }
    for (const std::string& a : alphabet) {
      v = cp;
      v[i] = a;
      out.insert(join(v));
      v = cp;
      v.insert(v.begin() + static_cast<long>(i), a);
      out.insert(join(v));
    }
  }
  out.erase(w);
  return std::vector<std::string>(out.begin(), out.end());
}

std::string FilterKey(const Filters& f) {
  std::string k;
  auto add = [&k](const std::vector<std::string>& v) {
    for (const std::string& s : v) k += s + ',';
    k += '|';
  };
  add(f.districts);
  add(f.neighbourhoods);
  for (schemas::NeedType n : f.needs) k += std::string(schemas::NeedTypeName(n)) + ',';
  k += '|';
  add(f.topics);
  add(f.languages);
  for (schemas::InitiativeStatus s : f.statuses) k += std::string(schemas::InitiativeStatusName(s)) + ',';
  return k;
}

struct Candidate {
  std::string text;
  std::string kind;
  std::string concept_id;
  double bonus = 0;
};

class Builder {
 public:
  explicit Builder(const SuggestInputs& in) : in_(in), filter_key_(FilterKey(in.request.filters)) {}

  // Initiatives matching every word of `text` under the request's filters.
  uint64_t Count(const std::string& text) {
    const std::string key = in_.request.lang + '\x1f' + text + '\x1f' + filter_key_;
    if (auto cached = in_.index.CachedCount(key)) return *cached;
    StaffQuery words;
    words.words = text;
    PlanOptions o;
    o.spelling = false;
    o.coverage_bonus = false;
    o.all_words = true;
    o.language = in_.request.lang;
    const QueryPlan plan = BuildQueryPlan(words, in_.db, o);
    uint64_t count = 0;
    if (plan.has_text && !plan.query.empty()) {
      Xapian::Query q = plan.query;
      if (auto f = FilterQuery(in_.request.filters, /*default_active=*/true)) {
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, *f);
      }
      Xapian::Enquire e(in_.db);
      e.set_weighting_scheme(Xapian::BoolWeight());
      e.set_query(q);
      count = e.get_mset(0, 0, in_.db.get_doccount()).get_matches_estimated();
    }
    in_.index.StoreCount(key, count);
    return count;
  }

  // A finished word that matches nothing, replaced by Xapian's spelling suggestion.
  std::string Corrected(const text::QueryWord& w) {
    if (in_.db.term_exists(w.token.surface) || !w.concepts.empty()) return w.token.surface;
    for (const std::string& s : w.token.stems) {
      if (in_.db.term_exists(std::string(layout::kPrefixStem) + s)) return w.token.surface;
    }
    const std::string fix = in_.db.get_spelling_suggestion(w.token.surface, 2);
    return fix.empty() ? w.token.surface : fix;
  }

  const SuggestInputs& in_;
  const std::string filter_key_;
};

std::string PersianLetters(std::string s) {
  auto replace = [&s](std::string_view from, std::string_view to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
      s.replace(at, from.size(), to);
    }
  };
  replace("\xD9\x8A", "\xDB\x8C");  // ي -> ی
  replace("\xD9\x83", "\xDA\xA9");  // ك -> ک
  return s;
}

std::string Join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + " " + b;
}

// The entry of concept `c` in `language` whose words start with `prefix` (normalised words,
// umlauts optional), as the lexicon writes it; "" when none.
std::string EntryStartingWith(const text::Concept& c, std::string_view language, const std::string& prefix) {
  const std::string folded = text::StripUmlauts(prefix);
  for (size_t l = 0; l < std::size(text::kLexiconLanguages); ++l) {
    if (text::kLexiconLanguages[l] != language) continue;
    for (const std::string& entry : c.words[l]) {
      std::string norm;
      for (const text::Token& t : text::Analyzer::Default().Segment(entry)) norm = Join(norm, t.surface);
      if (text::StripUmlauts(norm).compare(0, folded.size(), folded) == 0) return entry;
    }
  }
  return "";
}

}  // namespace

Result<SuggestResult> Suggest(const SuggestInputs& in) {
  const SuggestRequest& req = in.request;
  SuggestResult out;
  const size_t limit = static_cast<size_t>(std::clamp(req.limit, 1, kMaxSuggestions));
  const bool typing = !req.q.empty() && req.q.back() != ' ' && req.q.back() != '\t' && req.q.back() != '\n';
  text::QueryOptions qo;
  qo.language = req.lang;
  qo.prefix_last = typing;
  qo.translate = false;
  const text::QueryAnalysis qa = text::AnalyzeQuery(req.q, qo);
  out.language = qa.language;
  if (qa.words.empty()) return out;

  Builder b(in);
  // The finished words, corrected where they match nothing: normalised for lookups, and as
  // typed (or corrected) for the suggestions' text.
  std::string finished, finished_shown;
  bool corrected = false;
  for (const text::QueryWord& w : qa.words) {
    if (w.prefix) continue;
    const std::string c = b.Corrected(w);
    const bool fixed = c != w.token.surface;
    corrected = corrected || fixed;
    finished = Join(finished, c);
    finished_shown = Join(finished_shown, fixed ? c : req.q.substr(w.token.begin, w.token.end - w.token.begin));
  }
  const text::QueryWord* typed = typing ? &qa.words.back() : nullptr;
  const std::string full = Join(finished, typed ? typed->token.surface : "");
  if (corrected) out.corrected = full;
  // Persian written with Arabic ي/ك (how the index folds them) reads wrong: shown with ی/ک.
  const bool persian = qa.language == "fa";

  std::vector<Candidate> candidates;
  if (typed) {
    const std::string& p = typed->token.surface;
    std::vector<const SuggestIndex::Term*> words = in.index.Complete(SuggestIndex::Kind::kWord, p, 2 * limit);
    const size_t exact_count = words.size();
    if (words.size() < limit && CodePoints(p).size() >= kMinTypoLetters) {
      std::set<std::string> seen;
      for (const auto* t : words) seen.insert(t->text);
      std::vector<const SuggestIndex::Term*> near;
      for (const std::string& v : OneEditAway(p)) {
        for (const auto* t : in.index.Complete(SuggestIndex::Kind::kWord, v, limit)) {
          if (seen.insert(t->text).second) near.push_back(t);
        }
      }
      std::sort(near.begin(), near.end(), [](const auto* a, const auto* c) { return a->freq > c->freq; });
      for (size_t i = 0; i < near.size() && words.size() < 2 * limit; ++i) words.push_back(near[i]);
    }
    // Inflected forms of one word find the same initiatives: the most frequent stands for them.
    std::set<std::string> stems;
    const std::string stem_lang = typed->languages.empty() ? "de" : typed->languages.front();
    for (size_t i = 0; i < words.size(); ++i) {
      if (!stems.insert(text::Stem(stem_lang, words[i]->text)).second) continue;
      const bool exact = i < exact_count;
      const std::string shown = persian ? PersianLetters(words[i]->text) : words[i]->text;
      candidates.push_back({Join(finished_shown, shown), "word", "", exact ? 0.0 : kTypoPenalty});
    }
    // Lexicon entries of the typed words' languages that start with everything typed, and for
    // a foreign text the German word of their concept.
    const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
    std::vector<std::string> languages;  // of all the typed words
    for (const text::QueryWord& w : qa.words) {
      for (const std::string& l : w.languages) {
        if (std::find(languages.begin(), languages.end(), l) == languages.end()) languages.push_back(l);
      }
    }
    if (languages.empty()) languages.assign(std::begin(text::kLexiconLanguages), std::end(text::kLexiconLanguages));
    // Concepts with a word starting like the text: its first word when there are finished
    // words (then the entries are checked against everything typed), else the typed word.
    const std::string& first = qa.words.front().token.surface;
    const bool several = qa.words.size() > 1;
    for (const std::string& lang : languages) {
      for (text::ConceptId c : lexicon.Complete(lang, several ? first : p, several ? kConceptsForPhrase : kConceptsPerLanguage)) {
        const text::Concept& k = lexicon.Get(c);
        const std::string entry = EntryStartingWith(k, lang, full);
        if (entry.empty()) continue;
        candidates.push_back({entry, "phrase", k.id, kPhraseBonus});
        if (lang != "de") candidates.push_back({k.Label("de"), "concept", k.id, kConceptBonus});
      }
    }
  }
  for (const auto* t : in.index.Complete(SuggestIndex::Kind::kPhrase, typing ? full : full + " ", limit)) {
    candidates.push_back({t->text, "phrase", "", kPhraseBonus});
  }

  // Count, drop what finds nothing, order.
  struct Scored {
    Suggestion s;
    double score;
  };
  std::vector<Scored> scored;
  std::set<std::string> seen;
  for (Candidate& c : candidates) {
    if (!seen.insert(text::StripUmlauts(text::NormalizeWord(c.text))).second) continue;
    const uint64_t n = b.Count(c.text);
    if (n == 0) continue;
    scored.push_back({{c.text, c.kind, n, c.concept_id}, std::log2(1.0 + static_cast<double>(n)) + c.bonus});
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& c) {
    if (a.score != c.score) return a.score > c.score;
    return a.s.text < c.s.text;
  });
  for (size_t i = 0; i < scored.size() && out.suggestions.size() < limit; ++i) out.suggestions.push_back(scored[i].s);
  // A foreign text always shows the German word it stands for, if it has one.
  const auto is_concept = [](const auto& x) { return x.kind == "concept"; };
  const bool shown = std::any_of(out.suggestions.begin(), out.suggestions.end(), is_concept);
  const auto best = std::find_if(scored.begin(), scored.end(), [&](const Scored& x) { return is_concept(x.s); });
  if (!shown && best != scored.end() && out.suggestions.size() > 1) out.suggestions.back() = best->s;

  // Initiatives whose titles start with what was typed (under the filters).
  std::vector<Xapian::Query> titles;
  for (const auto* t : in.index.Complete(SuggestIndex::Kind::kTitle, full, 4 * kSuggestInitiatives)) {
    titles.emplace_back(std::string(layout::kPrefixTitle) + t->text);
  }
  if (!titles.empty()) {
    Xapian::Query q(Xapian::Query::OP_OR, titles.begin(), titles.end());
    if (auto f = FilterQuery(req.filters, /*default_active=*/true)) q = Xapian::Query(Xapian::Query::OP_FILTER, q, *f);
    Xapian::Enquire e(in.db);
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.set_query(q);
    Xapian::MSet m = e.get_mset(0, static_cast<Xapian::doccount>(kSuggestInitiatives));
    for (auto it = m.begin(); it != m.end(); ++it) {
      Result<schemas::Initiative> r = schemas::DecodeStoredInitiative(it.get_document().get_data());
      if (!r.ok()) return r.status();
      out.initiatives.push_back({r->id, r->title, r->district, r->neighbourhood});
    }
  }
  return out;
}

}  // namespace hilfsnetz::ranking
