#include "text/concept_lexicon.h"

#include <algorithm>
#include <set>

#include "text/embedded_data.h"
#include "text/stemmer.h"
#include "text/stopwords.h"
#include "text/umlaut.h"

namespace hilfsnetz::text {
namespace {

constexpr size_t kMinHeadLetters = 4;  // shorter German entries never extend to compounds
// A stem of fewer letters that the stemmer cut from a longer word is too short to tell words
// apart: Turkish "perde" (curtain) is "per", as is the English and German "per" ("20 hours
// per month") read as Turkish; "doğa" (nature) and "doğum" (birth) are both "dok". Such an
// entry word matches only the word as the entry writes it (umlauts optional). Only in the
// languages of the Latin script (de, en, tr): they share the alphabet, so a word is often read
// in two of them, and their entries list the forms people type. Cyrillic and Arabic words keep
// their stems: Ukrainian and Russian inflect too richly to list ("мам", "детям"), and the
// Arabic light stemmer's stems are root-length by design.
constexpr size_t kMinStemLetters = 4;

// Semantically light heads of German compounds: the work, service or installation of what the
// first part names. "Tischlerarbeiten" is carpentry and "Sanitärinstallation" plumbing, not a
// job or an installation in general; "Übersetzungsdienst" is translation. A compound with
// such a head names what its first part names (when the whole compound is no entry of its
// own), and the light head alone names nothing in it. The words in their inflected forms; the
// compound parts are their german2 stems.
bool IsLightHead(const std::string& part_stem) {
  static const std::set<std::string>* const kStems = [] {
    auto* stems = new std::set<std::string>;
    for (const char* w : {"arbeit", "arbeiten", "dienst", "dienste", "dienstleistung",
                          "dienstleistungen", "leistung", "leistungen", "installation",
                          "installationen", "service", "tätigkeit", "tätigkeiten"}) {
      stems->insert(Stem("de", w));
    }
    return stems;
  }();
  return kStems->count(part_stem) > 0;
}

size_t CodePoints(std::string_view s);

// The written form an entry word must have to match ("" when its stem is enough).
std::string WrittenForm(std::string_view language, const Token& t) {
  const std::string& stem = t.stems.front();
  if ((language != "de" && language != "en" && language != "tr") ||
      CodePoints(stem) >= kMinStemLetters || CodePoints(stem) >= CodePoints(t.surface))
    return "";
  return StripUmlauts(t.surface);
}

int LanguageIndex(std::string_view language) {
  for (size_t i = 0; i < std::size(kLexiconLanguages); ++i) {
    if (kLexiconLanguages[i] == language) return static_cast<int>(i);
  }
  return -1;
}

// Stop words that carry an entry's meaning: dropping "ohne" from "ohne Deutschkenntnisse"
// would leave an entry that means the opposite. An entry with one of them is refused.
bool IsNegation(std::string_view language, const std::string& word) {
  static const std::set<std::pair<std::string_view, std::string_view>> kWords = {
      {"de", "ohne"},    {"de", "kein"},   {"de", "keine"},  {"de", "keinen"}, {"de", "keinem"},
      {"de", "keiner"},  {"de", "nicht"},  {"de", "nichts"}, {"de", "wenig"},  {"de", "wenige"},
      {"de", "weniger"}, {"en", "no"},     {"en", "not"},    {"en", "nor"},    {"en", "without"},
      {"en", "few"},     {"en", "little"}, {"en", "don't"},  {"ar", "لا"},     {"ar", "لم"},
      {"ar", "لن"},      {"ar", "بدون"},   {"ar", "بلا"},    {"ar", "غير"},    {"uk", "без"},
      {"uk", "не"},      {"uk", "ні"},     {"ru", "без"},    {"ru", "не"},     {"ru", "ни"},
      {"ru", "нет"},     {"tr", "değil"},  {"tr", "yok"},    {"fa", "بدون"},   {"fa", "بي"},
      {"fa", "نه"},      {"fa", "نمي"}};
  return kWords.count({language, word}) > 0;
}

std::string JoinKeys(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : " ") + k;
  return out;
}

std::string Key(std::string_view language, std::string_view stem) {
  std::string k(language);
  k.push_back('\x1f');
  k.append(stem);
  return k;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool ValidId(std::string_view id) {
  if (id.empty() || id[0] < 'a' || id[0] > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

const std::set<std::string_view>& Kinds() {
  static const std::set<std::string_view> kinds = {"service", "goods", "activity",    "group",
                                                   "topic",   "place", "institution", "document",
                                                   "money",   "role",  "general"};
  return kinds;
}

const std::set<std::string_view>& NeedTypes() {
  static const std::set<std::string_view> needs = {"money",     "goods", "volunteers",
                                                   "expertise", "space", "jobs"};
  return needs;
}

std::vector<std::string> SplitList(std::string_view value, char sep) {
  std::vector<std::string> out;
  while (!value.empty()) {
    const size_t at = value.find(sep);
    std::string_view item = Trim(value.substr(0, at));
    if (!item.empty()) out.emplace_back(item);
    if (at == std::string_view::npos) break;
    value.remove_prefix(at + 1);
  }
  return out;
}

// One parsed block before its entries are analysed.
struct RawConcept {
  std::string where;  // "file:line" of the header
  std::string id;
  std::string parent;
  std::string kind;
  std::vector<std::string> needs;
  std::string source;
  std::vector<std::string> lines;  // per language, "" when missing
  std::vector<std::string> line_where;
};

// Parses the blocks of one file into `out`; appends problems to `errors`.
void ParseFile(const std::string& name, std::string_view text, std::vector<RawConcept>& out,
               std::vector<std::string>& errors) {
  size_t line_no = 0;
  RawConcept* block = nullptr;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    const std::string where = name + ":" + std::to_string(line_no);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']') {
        errors.push_back(where + ": a concept header is [id]");
        block = nullptr;
        continue;
      }
      out.emplace_back();
      block = &out.back();
      block->where = where;
      block->id = std::string(Trim(line.substr(1, line.size() - 2)));
      block->lines.assign(std::size(kLexiconLanguages), "");
      block->line_where.assign(std::size(kLexiconLanguages), where);
      if (!ValidId(block->id))
        errors.push_back(where + ": id \"" + block->id + "\": a-z, 0-9 and _ only");
      continue;
    }
    const size_t colon = line.find(':');
    if (block == nullptr || colon == std::string_view::npos) {
      errors.push_back(where +
                       (block ? ": expected \"field: value\"" : ": line outside a concept block"));
      continue;
    }
    const std::string_view field = Trim(line.substr(0, colon));
    const std::string_view value = Trim(line.substr(colon + 1));
    const int lang = LanguageIndex(field);
    if (lang >= 0) {
      block->lines[static_cast<size_t>(lang)] = std::string(value);
      block->line_where[static_cast<size_t>(lang)] = where;
    } else if (field == "parent") {
      block->parent = std::string(value);
    } else if (field == "kind") {
      block->kind = std::string(value);
      if (!Kinds().count(value)) errors.push_back(where + ": unknown kind \"" + block->kind + "\"");
    } else if (field == "need") {
      block->needs = SplitList(value, ',');
      for (const std::string& n : block->needs) {
        if (!NeedTypes().count(n)) errors.push_back(where + ": unknown need type \"" + n + "\"");
      }
    } else if (field == "source") {
      block->source = std::string(value);
    } else if (field != "note") {
      errors.push_back(where + ": unknown field \"" + std::string(field) + "\"");
    }
  }
}

}  // namespace

const std::string& Concept::Label(std::string_view language) const {
  static const std::string kNone;
  const int i = LanguageIndex(language);
  if (i < 0 || words[static_cast<size_t>(i)].empty()) return kNone;
  return words[static_cast<size_t>(i)].front();
}

const ConceptLexicon& ConceptLexicon::Default() {
  // Malformed shipped tables (tests prevent it) lose only their malformed parts.
  static const ConceptLexicon* lexicon = Load(data::ConceptFiles(), Analyzer::Default()).release();
  return *lexicon;
}

Result<std::unique_ptr<ConceptLexicon>> ConceptLexicon::Parse(
    const std::vector<std::pair<std::string, std::string_view>>& files, const Analyzer& analyzer) {
  std::unique_ptr<ConceptLexicon> lex = Load(files, analyzer);
  const std::vector<std::string>& errors = lex->load_errors_;
  if (errors.empty()) return lex;
  std::string message = "concept lexicon: " + std::to_string(errors.size()) + " problem(s): ";
  for (size_t i = 0; i < errors.size() && i < 20; ++i) message += (i ? "; " : "") + errors[i];
  return InvalidArgumentError(message);
}

std::unique_ptr<ConceptLexicon> ConceptLexicon::Load(
    const std::vector<std::pair<std::string, std::string_view>>& files, const Analyzer& analyzer) {
  std::vector<RawConcept> raw;
  std::vector<std::string> errors;
  for (const auto& [name, text] : files) ParseFile(name, text, raw, errors);

  std::unique_ptr<ConceptLexicon> lex(new ConceptLexicon());
  size_t entries = 0;  // at most: the lines' ';'-separated parts
  for (const RawConcept& r : raw) {
    for (const std::string& line : r.lines)
      entries += 1 + static_cast<size_t>(std::count(line.begin(), line.end(), ';'));
  }
  lex->entries_.reserve(entries);
  lex->key_counts_.reserve(entries);
  lex->by_first_key_.reserve(entries);
  std::vector<bool> duplicate(raw.size(), false);
  for (size_t i = 0; i < raw.size(); ++i) {
    const RawConcept& r = raw[i];
    if (!lex->by_id_.emplace(r.id, static_cast<int>(lex->concepts_.size())).second) {
      errors.push_back(r.where + ": id \"" + r.id + "\" is defined twice (this block is left out)");
      duplicate[i] = true;
    }
    Concept c;
    c.id = r.id;
    c.kind = r.kind;
    c.needs = r.needs;
    c.source = r.source;
    c.words.resize(std::size(kLexiconLanguages));
    c.typed.resize(std::size(kLexiconLanguages));
    lex->concepts_.push_back(std::move(c));
  }
  for (size_t i = 0; i < raw.size(); ++i) {
    const RawConcept& r = raw[i];
    if (r.kind.empty()) errors.push_back(r.where + ": [" + r.id + "] has no kind");
    if (r.source.empty()) errors.push_back(r.where + ": [" + r.id + "] has no source");
    if (!r.parent.empty()) {
      const int p = lex->Find(r.parent);
      if (p < 0) errors.push_back(r.where + ": parent \"" + r.parent + "\" is not a concept");
      lex->concepts_[i].parent = p;
    }
    for (size_t l = 0; l < std::size(kLexiconLanguages) && !duplicate[i]; ++l) {
      if (r.lines[l].empty()) {
        errors.push_back(r.where + ": [" + r.id + "] has no " + std::string(kLexiconLanguages[l]) +
                         ": line");
        continue;
      }
      // One analysis per line (segmenting is the expensive part), its tokens shared out to the
      // entries by their byte ranges.
      const std::string& line = r.lines[l];
      const std::vector<Token> tokens =
          analyzer.Analyze(line, kLexiconLanguages[l], Mode::kDocument);
      size_t t = 0;
      for (size_t from = 0; from <= line.size();) {
        const size_t semi = std::min(line.find(';', from), line.size());
        std::vector<Token> own;
        for (; t < tokens.size() && tokens[t].end <= semi; ++t) own.push_back(tokens[t]);
        std::string_view entry = Trim(std::string_view(line).substr(from, semi - from));
        if (!entry.empty()) {
          lex->AddEntry(static_cast<ConceptId>(i), kLexiconLanguages[l], entry, own, errors,
                        r.line_where[l]);
        }
        from = semi + 1;
      }
    }
  }
  for (size_t i = 0; i < lex->concepts_.size(); ++i) {  // parent cycles
    int c = lex->concepts_[i].parent;
    for (size_t steps = 0; c >= 0; ++steps) {
      if (static_cast<size_t>(c) == i || steps > lex->concepts_.size()) {
        errors.push_back(raw[i].where + ": [" + raw[i].id + "] is its own ancestor");
        lex->concepts_[i].parent = -1;
        break;
      }
      c = lex->concepts_[static_cast<size_t>(c)].parent;
    }
  }
  lex->CheckReducedEntries(errors);
  lex->load_errors_ = std::move(errors);
  for (auto& [lang, words] : lex->words_by_language_) {
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
  }
  return lex;
}

void ConceptLexicon::AddEntry(ConceptId c, std::string_view language, std::string_view text,
                              const std::vector<Token>& tokens, std::vector<std::string>& errors,
                              const std::string& where) {
  const bool whole_word = !text.empty() && text.front() == '=';
  if (whole_word) text.remove_prefix(1);
  // "!glasses": its words only as written, not everything with their stems ("glass door").
  const bool as_written = !text.empty() && text.front() == '!';
  if (as_written) text.remove_prefix(1);
  const auto lang_index = static_cast<size_t>(LanguageIndex(language));
  concepts_[c].words[lang_index].emplace_back(text);
  std::string typed;
  for (const Token& t : tokens) typed += (typed.empty() ? "" : " ") + StripUmlauts(t.surface);
  concepts_[c].typed[lang_index].push_back(std::move(typed));
  Entry e{c, {}, {}, {}, std::string(language), std::string(text), where, false, false};
  for (const Token& t : tokens) {
    e.reduced = e.reduced || t.stopword;
    if (t.stopword && IsNegation(language, t.surface)) {
      errors.push_back(where + ": entry \"" + std::string(text) + "\" of [" + concepts_[c].id +
                       "] rests on \"" + t.surface + "\", a stop word the analyser drops");
      return;
    }
    if (!t.stopword) {
      e.keys.push_back(t.stems.front());
      e.written.push_back(as_written ? StripUmlauts(t.surface) : WrittenForm(language, t));
    }
  }
  if (e.keys.empty()) {
    errors.push_back(where + ": entry \"" + std::string(text) + "\" of [" + concepts_[c].id +
                     "] has no word that is not a stop word");
    return;
  }
  if (language == "de" && tokens.size() == 1 && !whole_word && e.written.front().empty() &&
      CodePoints(tokens[0].surface) >= kMinHeadLetters) {
    e.heads.push_back({e.keys.front()});
    if (tokens[0].parts.size() > 1) e.heads.push_back(tokens[0].parts);
  }
  for (size_t k = 0; k < e.keys.size(); ++k) {
    if (e.written[k].empty()) {
      ++key_counts_[Key(language, e.keys[k])];
    } else {
      written_words_.insert(Key(language, e.written[k]));
    }
  }
  for (const Token& t : tokens) {
    if (!t.stopword)
      words_by_language_[std::string(language)].emplace_back(StripUmlauts(t.surface), c);
  }
  const auto index = static_cast<uint32_t>(entries_.size());
  by_first_key_[Key(language, e.keys.front())].push_back(index);
  std::set<std::string> head_keys;
  for (const auto& h : e.heads) head_keys.insert(h.back());
  for (const std::string& k : head_keys) by_head_[Key(language, k)].push_back(index);
  entries_.push_back(std::move(e));
}

// An entry of several words whose stop words leave exactly another concept's entry ("help
// each other" -> "help") would make that word name this concept too: refused (its block's
// note can say why the concepts share a word, but then list the word itself).
void ConceptLexicon::CheckReducedEntries(std::vector<std::string>& errors) {
  std::unordered_map<std::string, ConceptId> single;  // language + keys of entries of one word
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (!e.reduced) single.emplace(e.language + '\x1f' + JoinKeys(e.keys), e.concept_id);
  }
  for (Entry& e : entries_) {
    if (e.reduced) {
      const auto it = single.find(e.language + '\x1f' + JoinKeys(e.keys));
      if (it != single.end() && it->second != e.concept_id) {
        errors.push_back(e.where + ": entry \"" + e.text + "\" of [" + concepts_[e.concept_id].id +
                         "] leaves only \"" + JoinKeys(e.keys) +
                         "\" without its stop words, an entry of [" + concepts_[it->second].id +
                         "]");
        e.disabled = true;
      }
    }
  }
}

int ConceptLexicon::Find(std::string_view id) const {
  const auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? -1 : it->second;
}

std::vector<ConceptId> ConceptLexicon::WithAncestors(ConceptId c) const {
  std::vector<ConceptId> out;
  for (int i = static_cast<int>(c); i >= 0; i = concepts_[static_cast<size_t>(i)].parent) {
    out.push_back(static_cast<ConceptId>(i));
  }
  return out;
}

bool ConceptLexicon::IsA(ConceptId c, ConceptId ancestor) const {
  for (int i = static_cast<int>(c); i >= 0; i = concepts_[static_cast<size_t>(i)].parent) {
    if (static_cast<ConceptId>(i) == ancestor) return true;
  }
  return false;
}

std::vector<ConceptMatch> ConceptLexicon::Match(const std::vector<Token>& tokens,
                                                std::string_view language_tag) const {
  const std::string language = PrimaryTag(language_tag);
  std::vector<uint32_t> words;  // indices of the tokens that are not stop words
  for (uint32_t i = 0; i < tokens.size(); ++i) {
    if (!tokens[i].stopword) words.push_back(i);
  }
  std::vector<ConceptMatch> out;
  auto add = [&out](ConceptId c, uint32_t first, uint32_t last) {
    for (const ConceptMatch& m : out) {
      if (m.id == c && m.first == first && m.last == last) return;
    }
    out.push_back({c, first, last});
  };
  for (size_t w = 0; w < words.size(); ++w) {
    const Token& t = tokens[words[w]];
    for (const std::string& stem : t.stems) {
      const auto it = by_first_key_.find(Key(language, stem));
      if (it == by_first_key_.end()) continue;
      for (uint32_t ei : it->second) {
        const Entry& e = entries_[ei];
        if (e.disabled || w + e.keys.size() > words.size()) continue;
        bool all = AsWritten(e, 0, t);
        for (size_t k = 1; k < e.keys.size() && all; ++k) {
          const Token& next = tokens[words[w + k]];
          all = std::find(next.stems.begin(), next.stems.end(), e.keys[k]) != next.stems.end() &&
                AsWritten(e, k, next);
        }
        if (all) add(e.concept_id, words[w], words[w + e.keys.size() - 1] + 1);
      }
    }
    if (language != "de" || t.parts.size() < 2) continue;
    const bool light = IsLightHead(t.parts.back());
    const size_t before = out.size();
    // Goods the whole word names as an entry of its own ("Rollstühle", "Werkzeugkoffer"): a
    // compound head naming other goods is another thing (chairs, bags), not a kind of it.
    std::vector<ConceptId> whole_goods;
    for (const ConceptMatch& m : out) {
      if (m.first == words[w] && m.last == words[w] + 1 && concepts_[m.id].kind == "goods")
        whole_goods.push_back(m.id);
    }
    auto other_goods = [&](ConceptId head) {
      if (whole_goods.empty() || concepts_[head].kind != "goods") return false;
      return std::none_of(whole_goods.begin(), whole_goods.end(),
                          [&](ConceptId c) { return IsA(c, head) || IsA(head, c); });
    };
    // Entries that end like the parts [0, n): a compound head, or (n < parts) all of them.
    auto match_heads = [&](size_t n) {
      const auto it = by_head_.find(Key(language, t.parts[n - 1]));
      if (it == by_head_.end()) return;
      const auto end = t.parts.begin() + static_cast<long>(n);
      for (uint32_t ei : it->second) {
        if (entries_[ei].disabled) continue;
        for (const auto& head : entries_[ei].heads) {
          if (light && n == t.parts.size() && head.size() == 1) continue;  // the light head
          if ((head.size() < n || (n < t.parts.size() && head.size() == n)) &&
              std::equal(head.begin(), head.end(), end - static_cast<long>(head.size()))) {
            if (!other_goods(entries_[ei].concept_id))
              add(entries_[ei].concept_id, words[w], words[w] + 1);
            break;
          }
        }
      }
    };
    match_heads(t.parts.size());
    if (!light || out.size() > before) continue;
    bool whole = false;  // the whole compound is an entry ("Malerarbeiten")
    for (const ConceptMatch& m : out) whole = whole || (m.first == words[w]);
    if (whole) continue;
    const size_t n = t.parts.size() - 1;
    match_heads(n);
    if (n == 1) {  // a one-word entry that extends to no compounds ("=Elektro")
      const auto it = by_first_key_.find(Key(language, t.parts[0]));
      if (it == by_first_key_.end()) continue;
      for (uint32_t ei : it->second) {
        if (!entries_[ei].disabled && entries_[ei].keys.size() == 1 &&
            entries_[ei].written.front().empty()) {
          add(entries_[ei].concept_id, words[w], words[w] + 1);
        }
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const ConceptMatch& a, const ConceptMatch& b) {
    if (a.first != b.first) return a.first < b.first;
    return a.last > b.last;
  });
  return out;
}

std::vector<ConceptId> ConceptLexicon::Complete(std::string_view language,
                                                const std::string& prefix, size_t limit) const {
  std::vector<ConceptId> out;
  const auto it = words_by_language_.find(PrimaryTag(language));
  if (it == words_by_language_.end() || prefix.empty()) return out;
  const std::string p = StripUmlauts(prefix);
  const auto& words = it->second;
  for (auto w = std::lower_bound(words.begin(), words.end(), std::make_pair(p, ConceptId{0}));
       w != words.end() && w->first.compare(0, p.size(), p) == 0 && out.size() < limit; ++w) {
    if (std::find(out.begin(), out.end(), w->second) == out.end()) out.push_back(w->second);
  }
  return out;
}

bool ConceptLexicon::HasWord(std::string_view language, const std::string& word) const {
  return key_counts_.count(Key(language, Stem(language, word))) > 0 ||
         written_words_.count(Key(language, StripUmlauts(word))) > 0;
}

bool ConceptLexicon::AsWritten(const Entry& e, size_t k, const Token& t) {
  return e.written[k].empty() || StripUmlauts(t.surface) == e.written[k];
}

std::vector<ConceptMatch> ConceptLexicon::MatchText(const std::vector<Token>& tokens,
                                                    std::string_view language) const {
  std::vector<ConceptMatch> out = Match(tokens, language);
  if (PrimaryTag(language) != "de") return out;
  const Analyzer& analyzer = Analyzer::Default();
  std::vector<Token> english(tokens.size());
  bool any = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& w = tokens[i].surface;
    english[i].surface = w;
    const bool ascii = std::all_of(w.begin(), w.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!ascii || tokens[i].stopword || analyzer.IsGermanWord(w)) continue;
    english[i].stems.push_back(Stem("en", w));
    english[i].stopword = analyzer.IsStopword("en", w);
    any = true;
  }
  if (!any) return out;
  for (const ConceptMatch& m : Match(english, "en")) {
    const bool dup = std::any_of(out.begin(), out.end(), [&](const ConceptMatch& o) {
      return o.id == m.id && o.first == m.first && o.last == m.last;
    });
    if (!dup) out.push_back(m);
  }
  std::stable_sort(out.begin(), out.end(), [](const ConceptMatch& a, const ConceptMatch& b) {
    if (a.first != b.first) return a.first < b.first;
    return a.last > b.last;
  });
  return out;
}

std::vector<ConceptMatch> Outermost(const std::vector<ConceptMatch>& matches) {
  std::vector<ConceptMatch> out;
  for (const ConceptMatch& m : matches) {
    const bool inside = std::any_of(matches.begin(), matches.end(), [&](const ConceptMatch& o) {
      return o.first <= m.first && m.last <= o.last && o.last - o.first > m.last - m.first;
    });
    if (!inside) out.push_back(m);
  }
  return out;
}

}  // namespace hilfsnetz::text
