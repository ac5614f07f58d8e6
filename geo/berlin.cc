#include "geo/berlin.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <unordered_map>

#include "core/loose_key.h"
#include "geo/internal/tables.h"

namespace hilfsnetz::geo {

double DistanceKm(LatLon a, LatLon b) {
  // Haversine formula; adequate (error < 0.5%) for a sphere of mean Earth radius.
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (b.lat - a.lat) * kRad;
  const double dlon = (b.lon - a.lon) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

Circle Circle::Around(LatLon centre, double km) {
  // On DistanceKm's sphere a degree of latitude is 111.19 km and a degree of longitude
  // 111.19 km times the cosine of the latitude; the circle's widest longitude span is bounded
  // by the cosine at its latitude farthest from the equator. 1% more for rounding; no
  // longitude bound near the poles or across the antimeridian.
  constexpr double kRad = std::numbers::pi / 180.0;
  constexpr double kKmPerDegree = 111.19;
  Circle c{centre, km, km / kKmPerDegree * 1.01, 360.0};
  const double far_lat = std::abs(centre.lat) + c.box_lat;
  if (far_lat < 89.0) c.box_lon = km / (kKmPerDegree * std::cos(far_lat * kRad)) * 1.01;
  if (std::abs(centre.lon) + c.box_lon >= 180.0) c.box_lon = 360.0;
  return c;
}

bool Circle::Contains(LatLon p) const {
  if (std::abs(p.lat - centre.lat) > box_lat || std::abs(p.lon - centre.lon) > box_lon)
    return false;
  return DistanceKm(centre, p) <= km;
}

// An Ortsteil outline: its rings (outer rings and holes alike; even-odd rule) and bounding box.
struct Berlin::Outline {
  size_t ortsteil = 0;  // index into ortsteile_
  double min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
  std::vector<std::vector<LatLon>> rings;

  bool Contains(LatLon p) const {
    if (p.lat < min_lat || p.lat > max_lat || p.lon < min_lon || p.lon > max_lon) return false;
    bool inside = false;
    for (const auto& ring : rings) {
      // Ray casting towards +lon; rings are closed (first == last).
      for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const LatLon& a = ring[i];
        const LatLon& b = ring[j];
        if ((a.lat > p.lat) != (b.lat > p.lat) &&
            p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon) {
          inside = !inside;
        }
      }
    }
    return inside;
  }
};

struct Berlin::Tables {
  std::unordered_map<std::string, size_t> district_by_key;  // LooseKey(name) -> index
  std::unordered_map<std::string, size_t> ortsteil_by_key;
  std::unordered_map<std::string, size_t> postcode_by_code;
  std::unordered_map<std::string, size_t> kiez_by_key;  // LooseKey(kiez) -> index in kieze_
  std::vector<Outline> outlines;
};

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "hilfsnetz: embedded geo tables are inconsistent: %s\n", what.c_str());
  std::abort();
}

}  // namespace

const Berlin& Berlin::Get() {
  // Constructed on first use and never destroyed (no destruction-order hazards at exit).
  static const Berlin* const kBerlin = new Berlin();
  return *kBerlin;
}

Berlin::Berlin() {
  internal::ParsedTables parsed = internal::ParseEmbeddedTables();
  districts_ = std::move(parsed.districts);
  ortsteile_ = std::move(parsed.ortsteile);
  postcodes_ = std::move(parsed.postcodes);
  auto* t = new Tables();  // owned by the immortal singleton
  for (size_t i = 0; i < districts_.size(); ++i) {
    if (!t->district_by_key.emplace(LooseKey(districts_[i].name), i).second) {
      Fail("duplicate district " + districts_[i].name);
    }
  }
  std::unordered_map<std::string, size_t> ortsteil_by_code;
  for (size_t i = 0; i < ortsteile_.size(); ++i) {
    if (!t->ortsteil_by_key.emplace(LooseKey(ortsteile_[i].name), i).second) {
      Fail("duplicate Ortsteil " + ortsteile_[i].name);
    }
    ortsteil_by_code.emplace(ortsteile_[i].key, i);
  }
  for (size_t i = 0; i < postcodes_.size(); ++i) t->postcode_by_code.emplace(postcodes_[i].code, i);
  for (auto& kiez : parsed.kieze) {
    if (!t->district_by_key.count(LooseKey(kiez.district)))
      Fail("Kiez in unknown district " + kiez.district);
    auto o = t->ortsteil_by_key.find(LooseKey(kiez.ortsteil));
    if (o == t->ortsteil_by_key.end() || ortsteile_[o->second].district != kiez.district) {
      Fail("Kiez " + kiez.name + " in unknown Ortsteil " + kiez.ortsteil);
    }
    if (t->kiez_by_key.emplace(LooseKey(kiez.name), kieze_.size()).second) {
      kieze_.push_back(Kiez{std::move(kiez.name), std::move(kiez.district),
                            std::move(kiez.ortsteil), kiez.centroid, std::move(kiez.kind)});
    }
  }
  for (auto& row : parsed.outlines) {
    auto o = ortsteil_by_code.find(row.key);
    if (o == ortsteil_by_code.end()) Fail("outline of unknown Ortsteil " + row.key);
    Outline outline;
    outline.ortsteil = o->second;
    outline.min_lat = outline.min_lon = 1e9;
    outline.max_lat = outline.max_lon = -1e9;
    for (const auto& ring : row.rings) {
      for (const LatLon& p : ring) {
        outline.min_lat = std::min(outline.min_lat, p.lat);
        outline.max_lat = std::max(outline.max_lat, p.lat);
        outline.min_lon = std::min(outline.min_lon, p.lon);
        outline.max_lon = std::max(outline.max_lon, p.lon);
      }
    }
    outline.rings = std::move(row.rings);
    t->outlines.push_back(std::move(outline));
  }
  tables_ = t;
}

const District* Berlin::FindDistrict(std::string_view spelling) const {
  std::string key = LooseKey(spelling);
  auto it = tables_->district_by_key.find(key);
  if (it == tables_->district_by_key.end() && key.starts_with("bezirk")) {
    it = tables_->district_by_key.find(key.substr(6));  // "Bezirk Neukölln"
  }
  return it == tables_->district_by_key.end() ? nullptr : &districts_[it->second];
}

const Ortsteil* Berlin::FindOrtsteil(std::string_view spelling) const {
  auto it = tables_->ortsteil_by_key.find(LooseKey(spelling));
  return it == tables_->ortsteil_by_key.end() ? nullptr : &ortsteile_[it->second];
}

const Postcode* Berlin::FindPostcode(std::string_view code) const {
  auto it = tables_->postcode_by_code.find(std::string(code));
  return it == tables_->postcode_by_code.end() ? nullptr : &postcodes_[it->second];
}

const Kiez* Berlin::FindKiez(std::string_view spelling) const {
  auto it = tables_->kiez_by_key.find(LooseKey(spelling));
  return it == tables_->kiez_by_key.end() ? nullptr : &kieze_[it->second];
}

const District* Berlin::DistrictOfKiez(std::string_view spelling) const {
  const Kiez* k = FindKiez(spelling);
  return k ? FindDistrict(k->district) : nullptr;
}

const Ortsteil* Berlin::OrtsteilAt(LatLon point) const {
  for (const Outline& outline : tables_->outlines) {
    if (outline.Contains(point)) return &ortsteile_[outline.ortsteil];
  }
  return nullptr;
}

std::string Berlin::DistrictNamesList() const {
  std::string out;
  for (const District& d : districts_) {
    if (!out.empty()) out += ", ";
    out += d.name;
  }
  return out;
}

}  // namespace hilfsnetz::geo
