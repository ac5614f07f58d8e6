#include "text/umlaut.h"

#include <algorithm>
#include <bit>
#include <string_view>

namespace hilfsnetz::text {
namespace {

constexpr size_t kMaxSites = 4;

struct Site {
  size_t pos;  // byte offset of the two-letter digraph
  std::string_view replacement;
};

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

std::vector<Site> FindSites(const std::string& w) {
  std::vector<Site> sites;
  for (size_t i = 0; i + 1 < w.size() && sites.size() < kMaxSites; ++i) {
    const char a = w[i];
    const char b = w[i + 1];
    std::string_view repl;
    if (b == 'e' && (a == 'a' || a == 'o' || a == 'u')) {
      const char prev = i > 0 ? w[i - 1] : ' ';
      if (a == 'u' && (prev == 'q' || IsVowel(prev))) continue;
      if (a == 'a' && prev == 'a') continue;
      repl = a == 'a' ? "ä" : a == 'o' ? "ö" : "ü";
    } else if (a == 's' && b == 's') {
      repl = "ß";
    } else {
      continue;
    }
    sites.push_back({i, repl});
    ++i;  // digraphs do not overlap
  }
  return sites;
}

std::string Apply(const std::string& w, const std::vector<Site>& sites, unsigned mask) {
  std::string out;
  size_t from = 0;
  for (size_t s = 0; s < sites.size(); ++s) {
    if ((mask & (1u << s)) == 0) continue;
    out.append(w, from, sites[s].pos - from);
    out.append(sites[s].replacement);
    from = sites[s].pos + 2;
  }
  out.append(w, from, std::string::npos);
  return out;
}

}  // namespace

std::vector<std::string> UmlautAlternates(const std::string& word) {
  const std::vector<Site> sites = FindSites(word);
  if (sites.empty()) return {};
  std::vector<unsigned> masks;
  for (unsigned m = (1u << sites.size()) - 1; m > 0; --m) masks.push_back(m);
  // More restored digraphs first; among equals, the leftmost sites first.
  std::stable_sort(masks.begin(), masks.end(), [](unsigned x, unsigned y) {
    const int px = std::popcount(x);
    const int py = std::popcount(y);
    if (px != py) return px > py;
    return std::countr_zero(x) < std::countr_zero(y);
  });
  std::vector<std::string> out;
  for (unsigned m : masks) {
    if (out.size() == kMaxUmlautAlternates) break;
    out.push_back(Apply(word, sites, m));
  }
  return out;
}

}  // namespace hilfsnetz::text
