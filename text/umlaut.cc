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

std::vector<std::string> UmlautRestorations(const std::string& word) {
  if (word.find('\xC3') != std::string::npos) return {};  // has ä/ö/ü/ß (or another Latin-1 letter)
  std::vector<size_t> sites;
  for (size_t i = 0; i < word.size() && sites.size() < kMaxRestoreSites; ++i) {
    const char c = word[i];
    if (c == 'a' || c == 'o' || c == 'u') {
      if (c == 'u' && i > 0 && (word[i - 1] == 'a' || word[i - 1] == 'e' || word[i - 1] == 'q'))
        continue;
      sites.push_back(i);
    }
  }
  auto umlaut = [](char c) { return c == 'a' ? "ä" : c == 'o' ? "ö" : "ü"; };
  auto apply = [&](std::vector<size_t> at) {
    std::string out;
    size_t from = 0;
    for (size_t p : at) {
      out.append(word, from, p - from);
      out += umlaut(word[p]);
      from = p + 1;
    }
    out.append(word, from, std::string::npos);
    return out;
  };
  std::vector<std::string> out;
  for (size_t i = 0; i < sites.size(); ++i) out.push_back(apply({sites[i]}));
  for (size_t i = 0; i < sites.size(); ++i) {
    for (size_t j = i + 1; j < sites.size(); ++j) out.push_back(apply({sites[i], sites[j]}));
  }
  return out;
}

std::string StripUmlauts(const std::string& w) {
  std::string out;
  out.reserve(w.size());
  for (size_t i = 0; i < w.size(); ++i) {
    const auto c = static_cast<unsigned char>(w[i]);
    const auto n = i + 1 < w.size() ? static_cast<unsigned char>(w[i + 1]) : 0;
    if (c == 0xC3 && (n == 0xA4 || n == 0xB6 || n == 0xBC || n == 0x9F)) {
      out += n == 0xA4 ? "a" : n == 0xB6 ? "o" : n == 0xBC ? "u" : "ss";
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace hilfsnetz::text
