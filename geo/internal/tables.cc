#include "geo/internal/tables.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace hilfsnetz::geo {
namespace embedded {
// Defined by the file hn_embed_files generates (geo/CMakeLists.txt).
extern const std::string_view districts_tsv;
extern const std::string_view ortsteile_tsv;
extern const std::string_view postcodes_tsv;
extern const std::string_view ortsteil_outlines_tsv;
extern const std::string_view kieze_tsv;
}  // namespace embedded

std::string_view OrtsteileTsv() { return embedded::ortsteile_tsv; }
std::string_view OrtsteilOutlinesTsv() { return embedded::ortsteil_outlines_tsv; }

namespace internal {
namespace {

[[noreturn]] void Fail(std::string_view table, std::string_view what) {
  std::fprintf(stderr, "hilfsnetz: embedded geo table %.*s is malformed: %.*s\n",
               static_cast<int>(table.size()), table.data(), static_cast<int>(what.size()),
               what.data());
  std::abort();
}

double ToDouble(std::string_view table, std::string_view s) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) Fail(table, "bad number " + std::string(s));
  return value;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  if (s.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    out.push_back(
        s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::vector<std::vector<std::string_view>> Rows(std::string_view table, std::string_view text,
                                                size_t min_fields) {
  auto rows = SplitTsv(text);
  for (const auto& row : rows) {
    if (row.size() < min_fields) Fail(table, "short row starting " + std::string(row[0]));
  }
  return rows;
}

std::vector<LatLon> ParseRing(std::string_view ring) {
  std::vector<LatLon> points;
  for (std::string_view pair : Split(ring, ',')) {
    size_t space = pair.find(' ');
    if (space == std::string_view::npos) Fail("ortsteil_outlines.tsv", "bad point");
    LatLon p;
    p.lon = ToDouble("ortsteil_outlines.tsv", pair.substr(0, space));
    p.lat = ToDouble("ortsteil_outlines.tsv", pair.substr(space + 1));
    points.push_back(p);
  }
  if (points.size() < 4) Fail("ortsteil_outlines.tsv", "ring with fewer than 4 points");
  return points;
}

}  // namespace

std::vector<std::vector<std::string_view>> SplitTsv(std::string_view text) {
  std::vector<std::vector<std::string_view>> rows;
  for (std::string_view line : Split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    rows.push_back(Split(line, '\t'));
  }
  return rows;
}

ParsedTables ParseEmbeddedTables() {
  ParsedTables t;
  for (const auto& f : Rows("districts.tsv", embedded::districts_tsv, 4)) {
    District d;
    d.key = f[0];
    d.name = f[1];
    d.centroid = {ToDouble("districts.tsv", f[2]), ToDouble("districts.tsv", f[3])};
    if (f.size() > 4) {
      for (std::string_view n : Split(f[4], ',')) d.neighbours.emplace_back(n);
    }
    t.districts.push_back(std::move(d));
  }
  for (const auto& f : Rows("ortsteile.tsv", embedded::ortsteile_tsv, 5)) {
    t.ortsteile.push_back(
        Ortsteil{std::string(f[1]),
                 std::string(f[0]),
                 std::string(f[2]),
                 {ToDouble("ortsteile.tsv", f[3]), ToDouble("ortsteile.tsv", f[4])}});
  }
  for (const auto& f : Rows("postcodes.tsv", embedded::postcodes_tsv, 5)) {
    t.postcodes.push_back(
        Postcode{std::string(f[0]),
                 std::string(f[1]),
                 std::string(f[2]),
                 {ToDouble("postcodes.tsv", f[3]), ToDouble("postcodes.tsv", f[4])}});
  }
  for (const auto& f : Rows("ortsteil_outlines.tsv", embedded::ortsteil_outlines_tsv, 2)) {
    OutlineRow row;
    row.key = f[0];
    for (size_t i = 1; i < f.size(); ++i) row.rings.push_back(ParseRing(f[i]));
    t.outlines.push_back(std::move(row));
  }
  for (const auto& f : Rows("kieze.tsv", embedded::kieze_tsv, 6)) {
    t.kieze.push_back(KiezRow{std::string(f[0]),
                              std::string(f[1]),
                              std::string(f[2]),
                              {ToDouble("kieze.tsv", f[3]), ToDouble("kieze.tsv", f[4])},
                              std::string(f[5])});
  }
  return t;
}

}  // namespace internal
}  // namespace hilfsnetz::geo
