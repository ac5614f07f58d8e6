// gen_corpus: a deterministic synthetic corpus of Berlin initiatives, as JSON lines in the
// schema of data/sample (schemas/initiative.h).
//
//   gen_corpus --n 100000 --seed 42 --postcodes data/geo/postcodes.tsv --out corpus.jsonl
//
// Same arguments, same bytes, on any platform: the PRNG is std::mt19937_64 (fully specified
// by the standard) and every draw from it goes through the helpers below, never through
// std::*_distribution (whose algorithms are implementation-defined).
//
// Text is drawn from bench/corpus_vocab.h with a Zipf distribution (weight 1/rank^s), mixing
// function words, general words, words of the record's topics and generated compounds, so
// that frequent query words match many documents and rare ones few, as in real text. Lengths: title
// 3-8 words, summary 15-30, description 60-150. Location: the postcode's centroid (from the shipped
// geography) plus up to ~400 m of jitter, so postcode, Ortsteil, Bezirk and point agree.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench/corpus_vocab.h"

namespace hilfsnetz::bench {
namespace {

constexpr std::array<std::string_view, 18> kTopics = {
    "education", "language", "work",          "housing",     "health",  "children_youth",
    "women",     "elderly",  "disability",    "culture",     "sport",   "digital",
    "legal",     "arrival",  "neighbourhood", "environment", "animals", "poverty"};
constexpr std::array<std::string_view, 6> kNeedTypes = {"money",     "goods", "volunteers",
                                                        "expertise", "space", "jobs"};
// Relative number of initiatives per Bezirk (inner districts have more).
constexpr std::array<std::pair<std::string_view, double>, 12> kDistrictWeights = {
    {{"Mitte", 14},
     {"Friedrichshain-Kreuzberg", 13},
     {"Pankow", 10},
     {"Charlottenburg-Wilmersdorf", 8},
     {"Spandau", 5},
     {"Steglitz-Zehlendorf", 5},
     {"Tempelhof-Schöneberg", 9},
     {"Neukölln", 13},
     {"Treptow-Köpenick", 6},
     {"Marzahn-Hellersdorf", 5},
     {"Lichtenberg", 7},
     {"Reinickendorf", 5}}};

class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  double Uniform() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }  // [0, 1)
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>(Uniform() * static_cast<double>(n)); }
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  bool Chance(double p) { return Uniform() < p; }

 private:
  std::mt19937_64 gen_;
};

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// All modifier+head compounds, in an order fixed by a shuffle with a constant seed (so the
// ranks do not depend on --seed). The strings live as long as the program.
std::vector<std::string_view> Compounds() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> out;
    for (std::string_view m : SplitWords(vocab::kCompoundModifier)) {
      for (std::string_view h : SplitWords(vocab::kCompoundHead))
        out.push_back(std::string(m) + std::string(h));
    }
    Rng shuffle(7);
    for (size_t i = out.size(); i > 1; --i) std::swap(out[i - 1], out[shuffle.Below(i)]);
    return out;
  }();
  return std::vector<std::string_view>(all.begin(), all.end());
}

// Words with Zipf weights 1/rank^s; Draw() is a binary search over the cumulative weights.
class ZipfList {
 public:
  ZipfList(std::string_view words, double s) : ZipfList(SplitWords(words), s) {}
  ZipfList(std::vector<std::string_view> words, double s) : words_(std::move(words)) {
    double total = 0;
    for (size_t r = 0; r < words_.size(); ++r) {
      total += 1.0 / std::pow(static_cast<double>(r + 1), s);
      cumulative_.push_back(total);
    }
  }
  std::string_view Draw(Rng& rng) const {
    double x = rng.Uniform() * cumulative_.back();
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
    size_t i = std::min(static_cast<size_t>(it - cumulative_.begin()), words_.size() - 1);
    return words_[i];
  }

 private:
  std::vector<std::string_view> words_;
  std::vector<double> cumulative_;
};

struct Place {
  std::string postcode, ortsteil, district;
  double lat = 0, lon = 0;
};

std::vector<Place> ReadPostcodes(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "gen_corpus: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::vector<Place> places;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream row(line);
    Place p;
    std::string lat, lon;
    std::getline(row, p.postcode, '\t');
    std::getline(row, p.ortsteil, '\t');
    std::getline(row, p.district, '\t');
    std::getline(row, lat, '\t');
    std::getline(row, lon, '\t');
    p.lat = std::strtod(lat.c_str(), nullptr);
    p.lon = std::strtod(lon.c_str(), nullptr);
    places.push_back(std::move(p));
  }
  return places;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

// Days since 1970-01-01 -> y-m-d (H. Hinnant's civil_from_days).
std::string Rfc3339(int64_t unix_seconds) {
  int64_t z = unix_seconds / 86400 + 719468;
  int64_t secs = unix_seconds % 86400;
  int64_t era = z / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  int64_t y = yoe + era * 400 + (m <= 2);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

class Generator {
 public:
  Generator(uint64_t seed, std::vector<Place> places)
      : rng_(seed),
        function_(vocab::kFunction, 1.0),
        general_(vocab::kGeneral, 0.9),
        compound_(Compounds(), 0.8),
        org_prefix_(vocab::kOrgPrefix, 0.6),
        org_core_(vocab::kOrgCore, 0.6),
        org_form_(vocab::kOrgForm, 1.2) {
    for (std::string_view t : vocab::kTopic) topic_.emplace_back(t, 0.8);
    for (const auto& [name, weight] : kDistrictWeights) {
      std::vector<Place> in;
      for (const Place& p : places) {
        if (p.district == name) in.push_back(p);
      }
      if (in.empty()) {
        std::fprintf(stderr, "gen_corpus: no postcode for %.*s\n", static_cast<int>(name.size()),
                     name.data());
        std::exit(2);
      }
      by_district_.push_back(std::move(in));
      district_total_ += weight;
    }
  }

  std::string Record(uint64_t index);

 private:
  // `words` words: 35% function words, 15% words of the record's topics, 35% general words,
  // 15% compounds.
  std::string Text(int words, const std::vector<size_t>& topics, bool sentences);
  std::string Word(const std::vector<size_t>& topics);
  const Place& PickPlace();
  void AppendNeeds(std::string& out, const std::vector<size_t>& topics);

  Rng rng_;
  ZipfList function_, general_, compound_, org_prefix_, org_core_, org_form_;
  std::vector<ZipfList> topic_;
  std::vector<std::vector<Place>> by_district_;
  double district_total_ = 0;
};

std::string Generator::Word(const std::vector<size_t>& topics) {
  double x = rng_.Uniform();
  if (x < 0.35) return std::string(function_.Draw(rng_));
  if (x < 0.50) return std::string(topic_[topics[rng_.Below(topics.size())]].Draw(rng_));
  if (x < 0.85) return std::string(general_.Draw(rng_));
  return std::string(compound_.Draw(rng_));
}

std::string Generator::Text(int words, const std::vector<size_t>& topics, bool sentences) {
  std::string out;
  int until_stop = rng_.Between(7, 14);
  bool sentence_start = true;
  for (int i = 0; i < words; ++i) {
    std::string w = Word(topics);
    if (sentence_start && !w.empty() && w[0] >= 'a' && w[0] <= 'z')
      w[0] = static_cast<char>(w[0] - 32);
    if (!out.empty()) out += ' ';
    out += w;
    sentence_start = false;
    if (sentences && (--until_stop == 0 || i + 1 == words)) {
      out += rng_.Chance(0.1) ? "!" : ".";
      until_stop = rng_.Between(7, 14);
      sentence_start = true;
    }
  }
  return out;
}

const Place& Generator::PickPlace() {
  double x = rng_.Uniform() * district_total_;
  size_t d = 0;
  for (; d + 1 < kDistrictWeights.size(); ++d) {
    if (x < kDistrictWeights[d].second) break;
    x -= kDistrictWeights[d].second;
  }
  const auto& in = by_district_[d];
  return in[rng_.Below(in.size())];
}

void Generator::AppendNeeds(std::string& out, const std::vector<size_t>& topics) {
  int count = rng_.Between(0, 3);
  out += ",\"needs\":[";
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    std::string_view type = kNeedTypes[rng_.Below(kNeedTypes.size())];
    out += "{\"type\":\"";
    out += type;
    out += "\",\"description\":";
    AppendJsonString(out, Text(rng_.Between(6, 18), topics, true));
    if (type == "money") {
      int amount = rng_.Between(1, 200) * 250;
      out += ",\"amount_eur\":" + std::to_string(amount);
      out += ",\"raised_eur\":" + std::to_string(static_cast<int>(amount * rng_.Uniform()));
    } else if (type == "goods") {
      out += ",\"quantity\":" + std::to_string(rng_.Between(1, 300));
    } else if (type == "volunteers" || type == "expertise") {
      out += ",\"hours\":" + std::to_string(rng_.Between(2, 200));
    }
    out += '}';
  }
  out += ']';
}

std::string Generator::Record(uint64_t index) {
  std::vector<size_t> topics;
  int topic_count = rng_.Between(1, 3);
  while (static_cast<int>(topics.size()) < topic_count) {
    size_t t = rng_.Below(kTopics.size());
    if (std::find(topics.begin(), topics.end(), t) == topics.end()) topics.push_back(t);
  }
  const Place& place = PickPlace();
  char id[32];
  std::snprintf(id, sizeof id, "init-%07llu", static_cast<unsigned long long>(index + 1));
  std::string org = std::string(org_prefix_.Draw(rng_)) + " " + std::string(org_core_.Draw(rng_)) +
                    " " + std::string(org_form_.Draw(rng_));

  std::string out = "{\"id\":\"";
  out += id;
  out += "\",\"title\":";
  AppendJsonString(out, Text(rng_.Between(3, 8), topics, false));
  out += ",\"summary\":";
  AppendJsonString(out, Text(rng_.Between(15, 30), topics, true));
  out += ",\"description\":";
  AppendJsonString(out, Text(rng_.Between(60, 150), topics, true));
  out += ",\"organisation\":";
  AppendJsonString(out, org);
  out += ",\"language\":\"de\",\"city\":\"Berlin\",\"district\":";
  AppendJsonString(out, place.district);
  out += ",\"neighbourhood\":";
  AppendJsonString(out, place.ortsteil);
  out += ",\"postcode\":\"" + place.postcode + "\"";
  char loc[96];
  std::snprintf(loc, sizeof loc, ",\"location\":{\"lat\":%.5f,\"lon\":%.5f}",
                place.lat + (rng_.Uniform() - 0.5) * 0.007,
                place.lon + (rng_.Uniform() - 0.5) * 0.011);
  out += loc;
  out += ",\"topics\":[";
  for (size_t i = 0; i < topics.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    out += kTopics[topics[i]];
    out += '"';
  }
  out += ']';
  AppendNeeds(out, topics);
  double s = rng_.Uniform();
  out += s < 0.85   ? ",\"status\":\"active\""
         : s < 0.95 ? ",\"status\":\"paused\""
                    : ",\"status\":\"completed\"";
  // created 2015-01-01 .. 2025-06-01, updated within the following two years (not past 2025-12-31)
  int64_t created = 1420070400 + static_cast<int64_t>(rng_.Below(328838400ULL));
  int64_t updated =
      std::min<int64_t>(created + static_cast<int64_t>(rng_.Below(63072000ULL)), 1767139200);
  out += ",\"created_at\":\"" + Rfc3339(created) + "\",\"updated_at\":\"" + Rfc3339(updated) + "\"";
  out += ",\"contact\":{\"email\":\"kontakt@";
  out += id;
  out += ".example.org\",\"website\":\"https://";
  out += id;
  out += ".example.org\"}}";
  return out;
}

int Usage() {
  std::fprintf(
      stderr,
      "usage: gen_corpus --n N [--seed S] --postcodes data/geo/postcodes.tsv [--out FILE]\n");
  return 2;
}

int Main(int argc, char** argv) {
  uint64_t n = 0, seed = 42;
  std::string postcodes, out_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--n")
      n = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--seed")
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--postcodes")
      postcodes = argv[i + 1];
    else if (flag == "--out")
      out_path = argv[i + 1];
    else
      return Usage();
  }
  if (n == 0 || postcodes.empty() || argc % 2 == 0) return Usage();
  Generator gen(seed, ReadPostcodes(postcodes));
  std::ofstream file;
  if (!out_path.empty()) file.open(out_path, std::ios::binary | std::ios::trunc);
  std::ostream& out = out_path.empty() ? std::cout : file;
  for (uint64_t i = 0; i < n; ++i) out << gen.Record(i) << '\n';
  out.flush();
  return out ? 0 : 1;
}

}  // namespace
}  // namespace hilfsnetz::bench

int main(int argc, char** argv) { return hilfsnetz::bench::Main(argc, argv); }
