#include "ranking/highlighter.h"

#include <algorithm>
#include <vector>

#include "text/analyzer.h"

namespace hilfsnetz::ranking {
namespace {

bool Matches(const text::Token& t, const MarkTerms& terms) {
  if (terms.surfaces && terms.surfaces->count(t.surface)) return true;
  if (!terms.stems) return false;
  for (const std::string& s : t.stems) {
    if (terms.stems->count(s)) return true;
  }
  for (const std::string& p : t.parts) {
    if (terms.stems->count(p)) return true;
  }
  return false;
}

// Renders text[from, to) with the tokens in [first, last) that match wrapped in <mark>.
std::string Render(std::string_view text, const std::vector<text::Token>& tokens, size_t first,
                   size_t last, size_t from, size_t to, const MarkTerms& terms) {
  std::string out;
  size_t pos = from;
  for (size_t i = first; i < last; ++i) {
    const text::Token& t = tokens[i];
    if (t.begin < pos || t.end > to || !Matches(t, terms)) continue;
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
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string HighlightText(std::string_view text, std::string_view language, const MarkTerms& terms) {
  auto tokens = text::Analyzer::Default().Analyze(text, language, text::Mode::kDocument);
  return Render(text, tokens, 0, tokens.size(), 0, text.size(), terms);
}

std::string HighlightSnippet(std::string_view text, std::string_view language,
                             const MarkTerms& terms, int words) {
  auto tokens = text::Analyzer::Default().Analyze(text, language, text::Mode::kDocument);
  if (tokens.size() <= static_cast<size_t>(words)) {
    return Render(text, tokens, 0, tokens.size(), 0, text.size(), terms);
  }
  size_t hit = 0;
  while (hit < tokens.size() && !Matches(tokens[hit], terms)) ++hit;
  if (hit == tokens.size()) hit = 0;
  const size_t lead = static_cast<size_t>(words) / 4;
  size_t first = hit > lead ? hit - lead : 0;
  size_t last = std::min(tokens.size(), first + static_cast<size_t>(words));
  if (last == tokens.size()) first = last - static_cast<size_t>(words);
  const size_t from = first == 0 ? 0 : tokens[first].begin;
  const size_t to = last == tokens.size() ? text.size() : tokens[last - 1].end;
  std::string out;
  if (from > 0) out += "… ";
  out += Render(text, tokens, first, last, from, to, terms);
  if (to < text.size()) out += " …";
  return out;
}

}  // namespace hilfsnetz::ranking
