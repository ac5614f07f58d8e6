#include "ranking/highlighter.h"

#include <algorithm>
#include <vector>

#include "text/analyzer.h"
#include "text/umlaut.h"

namespace hilfsnetz::ranking {
namespace {

// Folds what German/English stems fold (umlauts, ß, Latin-1 accents) for the substring test.
std::string FoldForProbe(const std::string& surface) {
  static constexpr char kBase[33] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // U+00E0..U+00FF
  std::string out;
  out.reserve(surface.size());
  for (size_t i = 0; i < surface.size(); ++i) {
    const auto c = static_cast<unsigned char>(surface[i]);
    const auto n = i + 1 < surface.size() ? static_cast<unsigned char>(surface[i + 1]) : 0;
    if (c == 0xC3 && n == 0x9F) {
      out += "ss";
      ++i;
    } else if (c == 0xC3 && n >= 0xA0 && n <= 0xBF) {
      out += kBase[n - 0xA0];
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Whether a word (surface known) matched the query. The full analysis of the word (stems,
// compound parts) runs only when some stem occurs in it as a substring: stems and parts are
// substrings of the folded word, so the probe never misses a match, and most words skip it.
bool Matches(std::string_view text, const text::Token& t, std::string_view language,
             const MarkTerms& terms) {
  if (terms.surfaces && terms.surfaces->count(t.surface)) return true;
  if (terms.positions && terms.positions->count(terms.base + t.position)) return true;
  if (terms.prefixes && !terms.prefixes->empty()) {
    const std::string folded = text::StripUmlauts(t.surface);
    for (const std::string& p : *terms.prefixes) {
      if (t.surface.compare(0, p.size(), p) == 0) return true;
      const std::string fp = text::StripUmlauts(p);
      if (folded.compare(0, fp.size(), fp) == 0) return true;
    }
  }
  if (!terms.stems || terms.stems->empty()) return false;
  const std::string folded = FoldForProbe(t.surface);
  bool probe = false;
  for (const std::string& s : *terms.stems) {
    if (s.size() >= 2 &&
        (folded.find(s) != std::string::npos || t.surface.find(s) != std::string::npos)) {
      probe = true;
      break;
    }
  }
  if (!probe) return false;
  const auto full = text::Analyzer::Default().Analyze(text.substr(t.begin, t.end - t.begin),
                                                      language, text::Mode::kDocument);
  for (const text::Token& w : full) {
    for (const std::string& s : w.stems) {
      if (terms.stems->count(s)) return true;
    }
    for (const std::string& p : w.parts) {
      if (terms.stems->count(p)) return true;
    }
  }
  return false;
}

// Renders text[from, to) with the tokens in [first, last) that match wrapped in <mark>.
std::string Render(std::string_view text, std::string_view language,
                   const std::vector<text::Token>& tokens, size_t first, size_t last, size_t from,
                   size_t to, const MarkTerms& terms) {
  std::string out;
  size_t pos = from;
  for (size_t i = first; i < last; ++i) {
    const text::Token& t = tokens[i];
    if (t.begin < pos || t.end > to || !Matches(text, t, language, terms)) continue;
    out += HtmlEscape(text.substr(pos, t.begin - pos));
    out += "<mark>";
    out += HtmlEscape(text.substr(t.begin, t.end - t.begin));
    out += "</mark>";
    pos = t.end;
  }
  out += HtmlEscape(text.substr(pos, to - pos));
  return out;
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HighlightText(std::string_view text, std::string_view language,
                          const MarkTerms& terms) {
  auto tokens = text::Analyzer::Default().Segment(text);
  return Render(text, language, tokens, 0, tokens.size(), 0, text.size(), terms);
}

namespace internal {

std::string HighlightSnippetWithPrefix(std::string_view text, std::string_view language,
                                       const MarkTerms& terms, int words, size_t prefix_bytes) {
  const auto window = static_cast<size_t>(words);
  const size_t lead = window / 4;
  auto first_of = [&](size_t hit) { return hit > lead ? hit - lead : 0; };
  // The tokens of text[0, cut) are the first tokens of the text (text::PrefixCut).
  const size_t cut = text::PrefixCut(text, prefix_bytes);
  std::vector<text::Token> tokens = text::Analyzer::Default().Segment(text.substr(0, cut));
  size_t hit = 0;
  while (hit < tokens.size() && !Matches(text, tokens[hit], language, terms)) ++hit;
  // The prefix decides only when the whole window lies inside it with a token to spare (so
  // that neither end of the snippet depends on what follows).
  if (cut < text.size() && !(hit < tokens.size() && first_of(hit) + window < tokens.size())) {
    const size_t checked = hit;  // tokens [0, checked) do not match
    tokens = text::Analyzer::Default().Segment(text);
    for (hit = checked; hit < tokens.size() && !Matches(text, tokens[hit], language, terms);) ++hit;
  }
  if (tokens.size() <= window) {
    return Render(text, language, tokens, 0, tokens.size(), 0, text.size(), terms);
  }
  if (hit == tokens.size()) hit = 0;
  size_t first = first_of(hit);
  size_t last = std::min(tokens.size(), first + window);
  if (last == tokens.size()) first = last - window;
  const size_t from = first == 0 ? 0 : tokens[first].begin;
  const size_t to = last == tokens.size() ? text.size() : tokens[last - 1].end;
  std::string out;
  if (from > 0) out += "… ";
  out += Render(text, language, tokens, first, last, from, to, terms);
  if (to < text.size()) out += " …";
  return out;
}

}  // namespace internal

std::string HighlightSnippet(std::string_view text, std::string_view language,
                             const MarkTerms& terms, int words) {
  return internal::HighlightSnippetWithPrefix(text, language, terms, words, kSnippetPrefixBytes);
}

}  // namespace hilfsnetz::ranking
