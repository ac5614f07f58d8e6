#include "text/dictionary.h"

#include <algorithm>
#include <cstdlib>

#include "text/normalizer.h"
#include "text/script.h"
#include "text/stemmer.h"

namespace hilfsnetz::text {
namespace {

constexpr size_t kMaxPerKey = 12;      // translations kept per source word
constexpr size_t kEnglishEntries = 3;  // eng-deu entries read per English word
constexpr size_t kCacheLimit = 4096;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '.'))
    s.remove_suffix(1);
  return s;
}

size_t Words(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = c == ' ';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

Script ScriptNamed(std::string_view name) {
  if (name == "cyrillic") return Script::kCyrillic;
  if (name == "arabic") return Script::kArabic;
  return Script::kLatin;
}

std::string_view ScriptOfLanguage(std::string_view lang) {
  if (lang == "ru" || lang == "uk") return "cyrillic";
  if (lang == "ar" || lang == "fa") return "arabic";
  return "latin";
}

// Drops bracketed notes and turns sense numbers ("1.", " 2.") into separators.
std::string CleanLine(std::string_view line) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '/' && (i == 0 || line[i - 1] == ' ')) {  // a pronunciation: /ˈɑːbənt/
      const size_t close = line.find('/', i + 1);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    if (c == '<' || c == '[' || c == '(' || c == '{') {
      ++depth;
      continue;
    }
    if (c == '>' || c == ']' || c == ')' || c == '}') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth > 0) continue;
    if (c >= '0' && c <= '9') {
      size_t j = i;
      while (j < line.size() && line[j] >= '0' && line[j] <= '9') ++j;
      if (j < line.size() && line[j] == '.') {
        out += ',';
        i = j;
        continue;
      }
    }
    const char put = c == '"' || c == '\t' ? ' ' : c;
    if (put == ' ' && (out.empty() || out.back() == ' ')) continue;  // one space between words
    out += put;
  }
  return out;
}

// Drops the dictionaries' abbreviations from a translation ("deutsch dt." -> "deutsch"):
// words of at most 4 letters ending in a full stop.
std::string DropAbbreviations(std::string_view piece) {
  std::string out;
  size_t from = 0;
  while (from < piece.size()) {
    size_t end = piece.find(' ', from);
    if (end == std::string_view::npos) end = piece.size();
    const std::string_view word = piece.substr(from, end - from);
    size_t letters = 0;
    for (unsigned char c : word) letters += (c & 0xC0) != 0x80;
    const bool abbreviation = word.size() > 1 && word.back() == '.' && letters <= 5;
    if (!word.empty() && !abbreviation) out += (out.empty() ? "" : " ") + std::string(word);
    from = end + 1;
  }
  return out;
}

void AddUnique(std::vector<std::string>& to, std::string s, size_t cap) {
  if (to.size() < cap && std::find(to.begin(), to.end(), s) == to.end()) to.push_back(std::move(s));
}

std::string Key(std::string_view language, const std::string& word) {
  return Stem(language, NormalizeWord(word));
}

// Key for the words of a whole dictionary, each stemmed once: Stem's cache of recent words
// would only churn.
std::string BulkKey(std::string_view language, const std::string& word) {
  return StemUncached(language, NormalizeWord(word));
}

}  // namespace

std::vector<std::string> DictdTranslations(std::string_view body, std::string_view script,
                                           size_t max_words) {
  const Script want = ScriptNamed(script);
  std::vector<std::string> out;
  while (!body.empty()) {
    const size_t nl = body.find('\n');
    std::string_view line = body.substr(0, nl);
    body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
    if (line.empty() || line.front() == ' ' || line.front() == '\t') continue;
    if (line.rfind("see:", 0) == 0 || line.rfind("Synonym", 0) == 0 || line.rfind("Note:", 0) == 0)
      continue;
    const std::string clean = CleanLine(line);
    std::string_view rest = clean;
    while (!rest.empty()) {
      const size_t cut = rest.find_first_of(",;");
      const std::string cleaned = DropAbbreviations(rest.substr(0, cut));
      const std::string_view piece = Trim(cleaned);
      rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
      if (piece.empty() || Words(piece) > max_words || WordScript(piece) != want ||
          piece.find_first_of("/=") != std::string_view::npos) {
        continue;
      }
      if (Words(piece) > 1) {  // "deutsch dt": abbreviations are no part of a translation
        bool short_word = false;
        size_t run = 0;
        for (size_t i = 0; i <= piece.size(); ++i) {
          if (i == piece.size() || piece[i] == ' ') {
            short_word = short_word || (run > 0 && run < 3);
            run = 0;
          } else if ((static_cast<unsigned char>(piece[i]) & 0xC0) != 0x80) {
            ++run;
          }
        }
        if (short_word) continue;
      }
      const bool letters = std::any_of(piece.begin(), piece.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x80 || (c >= 'a' && c <= 'z') ||
               (c >= 'A' && c <= 'Z');
      });
      if (!letters) continue;
      const std::string s(piece);
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
  }
  return out;
}

const Dictionaries& Dictionaries::Default() {
  static const Dictionaries* d = [] {
    const char* env = std::getenv("HN_DICT_DIR");
    return Load(env && *env ? env : "/usr/share/dictd").release();
  }();
  return *d;
}

Dictionaries::~Dictionaries() = default;

std::unique_ptr<Dictionaries> Dictionaries::Load(const std::string& dir) {
  std::unique_ptr<Dictionaries> d(new Dictionaries());
  d->dir_ = dir;
  {
    DictionarySource src;
    src.name = "freedict-eng-deu";
    Result<std::unique_ptr<DictdFile>> f = DictdFile::Open(dir + "/freedict-eng-deu");
    if (f.ok()) {
      d->eng_deu_ = std::move(*f);
      const auto& entries = d->eng_deu_->entries();
      for (uint32_t i = 0; i < entries.size(); ++i) {
        if (entries[i].headword.find(' ') != std::string::npos) continue;
        d->eng_deu_heads_[NormalizeWord(entries[i].headword)].push_back(i);
      }
      src.loaded = true;
      src.headwords = entries.size();
    } else {
      src.problem = f.status().ToString();
    }
    d->sources_.push_back(std::move(src));
  }
  d->LoadForward("freedict-ara-eng", "ar", "en", d->ar_en_);
  d->LoadReversed("freedict-eng-ara", "ar", "en", d->ar_en_);
  d->LoadForward("freedict-tur-deu", "tr", "de", d->tr_de_);
  d->LoadReversed("freedict-deu-tur", "tr", "de", d->tr_de_);
  d->LoadReversed("freedict-eng-tur", "tr", "en", d->tr_en_);
  d->LoadReversed("freedict-deu-rus", "ru", "de", d->ru_de_);
  d->LoadReversed("freedict-eng-rus", "ru", "en", d->ru_en_);
  return d;
}

// Reads a dictionary of `from` -> `to` in full: stem of the headword -> its translations.
void Dictionaries::LoadForward(const std::string& name, std::string_view from, std::string_view to,
                               Index& out) {
  DictionarySource src;
  src.name = name;
  Result<std::unique_ptr<DictdFile>> f = DictdFile::Open(dir_ + "/" + name);
  Result<std::string> all = f.ok() ? (*f)->ReadAll() : Result<std::string>(f.status());
  if (!all.ok()) {
    src.problem = all.status().ToString();
    sources_.push_back(std::move(src));
    return;
  }
  out.reserve(out.size() + (*f)->entries().size());
  for (const DictdFile::Entry& e : (*f)->entries()) {
    if (e.offset + e.length > all->size() || e.headword.find(' ') != std::string::npos) continue;
    std::string_view text = std::string_view(*all).substr(e.offset, e.length);
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) continue;
    auto& list = out[BulkKey(from, e.headword)];
    for (std::string& t : DictdTranslations(text.substr(nl + 1), ScriptOfLanguage(to), 2)) {
      AddUnique(list, std::move(t), kMaxPerKey);
    }
  }
  src.loaded = true;
  src.headwords = (*f)->entries().size();
  sources_.push_back(std::move(src));
}

// Reads a dictionary of `to` -> `from` in full, backwards: stem of each one-word translation
// (in `from`) -> the headwords it translates.
void Dictionaries::LoadReversed(const std::string& name, std::string_view from, std::string_view to,
                                Index& out) {
  DictionarySource src;
  src.name = name;
  Result<std::unique_ptr<DictdFile>> f = DictdFile::Open(dir_ + "/" + name);
  Result<std::string> all = f.ok() ? (*f)->ReadAll() : Result<std::string>(f.status());
  if (!all.ok()) {
    src.problem = all.status().ToString();
    sources_.push_back(std::move(src));
    return;
  }
  std::unordered_map<std::string, std::string> keys;
  keys.reserve((*f)->entries().size());
  out.reserve(out.size() + (*f)->entries().size());
  for (const DictdFile::Entry& e : (*f)->entries()) {
    if (e.offset + e.length > all->size() || Words(e.headword) > 1) continue;
    std::string_view text = std::string_view(*all).substr(e.offset, e.length);
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) continue;
    for (const std::string& t : DictdTranslations(text.substr(nl + 1), ScriptOfLanguage(from), 1)) {
      // The same word recurs in many entries; its stem is computed once.
      auto [it, fresh] = keys.try_emplace(t);
      if (fresh) it->second = BulkKey(from, t);
      AddUnique(out[it->second], e.headword, kMaxPerKey);
    }
  }
  (void)to;
  src.loaded = true;
  src.headwords = (*f)->entries().size();
  sources_.push_back(std::move(src));
}

std::vector<std::string> Dictionaries::EnglishToGerman(const std::string& word,
                                                       size_t limit) const {
  if (!eng_deu_) return {};
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = en_cache_.find(word);
    if (it != en_cache_.end()) {
      std::vector<std::string> out = it->second;
      if (out.size() > limit) out.resize(limit);
      return out;
    }
  }
  // The word, else its singular ("lessons" -> "lesson", "classes" -> "class", "ladies" -> "lady").
  std::vector<std::string> forms = {word};
  if (word.size() > 3 && word.back() == 's') {
    forms.push_back(word.substr(0, word.size() - 1));
    if (word.ends_with("es")) forms.push_back(word.substr(0, word.size() - 2));
    if (word.ends_with("ies")) forms.push_back(word.substr(0, word.size() - 3) + "y");
  }
  std::vector<std::string> out;
  for (const std::string& form : forms) {
    const auto it = eng_deu_heads_.find(form);
    if (it == eng_deu_heads_.end()) continue;
    for (size_t i = 0; i < it->second.size() && i < kEnglishEntries; ++i) {
      Result<std::string> text = eng_deu_->Read(eng_deu_->entries()[it->second[i]]);
      if (!text.ok()) continue;
      const size_t nl = text->find('\n');
      if (nl == std::string::npos) continue;
      // The first translation line holds the entry's German words; later lines are examples.
      std::string_view body = std::string_view(*text).substr(nl + 1);
      body = body.substr(0, body.find('\n'));
      for (std::string& t : DictdTranslations(body, "latin", 2))
        AddUnique(out, std::move(t), kMaxPerKey);
    }
    if (!out.empty()) break;
  }
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (en_cache_.size() >= kCacheLimit) en_cache_.clear();
    en_cache_.emplace(word, out);
  }
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<std::string> Dictionaries::ToGerman(std::string_view language, const std::string& word,
                                                size_t limit) const {
  const std::string lang = PrimaryTag(language);
  if (lang == "en") return EnglishToGerman(word, limit);
  // German words with the number of routes that gave them, in order of first appearance.
  std::vector<std::pair<std::string, int>> found;
  auto add = [&found](const std::string& w) {
    for (auto& [g, n] : found) {
      if (g == w) {
        ++n;
        return;
      }
    }
    found.emplace_back(w, 1);
  };
  auto direct = [&](const Index& index) {
    const auto it = index.find(Key(lang, word));
    if (it == index.end()) return;
    for (const std::string& g : it->second) add(g);
  };
  auto via_english = [&](const Index& index) {
    const auto it = index.find(Key(lang, word));
    if (it == index.end()) return;
    for (size_t i = 0; i < it->second.size() && i < kEnglishEntries; ++i) {
      for (const std::string& g : EnglishToGerman(NormalizeWord(it->second[i]), 2)) add(g);
    }
  };
  if (lang == "ar") {
    via_english(ar_en_);
  } else if (lang == "tr") {
    direct(tr_de_);
    via_english(tr_en_);
  } else if (lang == "ru") {
    direct(ru_de_);
    via_english(ru_en_);
  } else {
    return {};
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> out;
  for (size_t i = 0; i < found.size() && out.size() < limit; ++i) out.push_back(found[i].first);
  return out;
}

}  // namespace hilfsnetz::text
