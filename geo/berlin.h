// Berlin geography shipped with hilfsnetz: the 12 Bezirke, the 96 Ortsteile, postcodes,
// centroids, Ortsteil outlines (simplified) and which Bezirke border each other.
//
// Source: Geoportal Berlin / FIS-Broker (Ortsteile, Bezirke, Postleitzahlen; Datenlizenz
// Deutschland), derived by data/geo/derive.py into data/geo/*.tsv, compiled into the binary.
//
// Lookups are spelling-tolerant (LooseKey): "friedrichshain kreuzberg", "Neukoelln" and
// "NEUKÖLLN" all find the canonical entry. Thread-safe: the tables are immutable after the
// first call to Get().
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hilfsnetz::geo {

struct LatLon {
  double lat = 0;
  double lon = 0;
  friend bool operator==(const LatLon&, const LatLon&) = default;
};

// Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km).
double DistanceKm(LatLon a, LatLon b);

// The points within `km` of `centre` (DistanceKm), tested first against a box around the
// circle, which is cheap: most of the points a filter sees lie outside a few kilometres.
struct Circle {
  static Circle Around(LatLon centre, double km);
  bool Contains(LatLon p) const;

  LatLon centre;
  double km = 0;
  // Half the sides of the box in degrees (360: no longitude bound).
  double box_lat = 0;
  double box_lon = 0;
};

struct District {
  std::string name;  // canonical, e.g. "Friedrichshain-Kreuzberg"
  std::string key;   // "02"
  LatLon centroid;
  std::vector<std::string> neighbours;  // canonical names of Bezirke sharing a border
};

struct Ortsteil {
  std::string name;      // canonical, e.g. "Neukölln"
  std::string key;       // "0801"
  std::string district;  // canonical Bezirk name
  LatLon centroid;
};

struct Postcode {
  std::string code;      // "12047"
  std::string ortsteil;  // the Ortsteil covering the largest share of the postcode area
  std::string district;
  LatLon centroid;
};

// A Kiez: an LOR Planungsraum or Bezirksregion (2019), or a colloquial name for one
// ("Schillerkiez" = Planungsraum Schillerpromenade). Locations are estimates from the LOR and
// postcode data (data/geo/derive.py; within ~700 m for the well-known Kieze).
struct Kiez {
  std::string name;      // "Reuterkiez"
  std::string district;  // canonical Bezirk
  std::string ortsteil;  // canonical Ortsteil containing the estimated centre
  LatLon centroid;
  std::string kind;  // "planungsraum", "bezirksregion" or "alias"
};

// The Ortsteil tables as compiled in (data/geo/ortsteile.tsv and ortsteil_outlines.tsv, the
// file bytes, comments included). The portal page draws its maps from them and the server
// serves these same bytes at /geo/ (server/static_site.h), so the binary holds one copy.
std::string_view OrtsteileTsv();
std::string_view OrtsteilOutlinesTsv();

class Berlin {
 public:
  static const Berlin& Get();

  const std::vector<District>& districts() const { return districts_; }
  const std::vector<Ortsteil>& ortsteile() const { return ortsteile_; }

  // nullptr when unknown. FindDistrict also accepts "Bezirk Neukölln".
  const District* FindDistrict(std::string_view spelling) const;
  const Ortsteil* FindOrtsteil(std::string_view spelling) const;
  const Postcode* FindPostcode(std::string_view code) const;
  // Kiez names (LOR Planungsräume and Bezirksregionen, e.g. "Reuterkiez", "Wrangelkiez", and
  // colloquial ones such as "Schillerkiez") -> the Kiez; nullptr when unknown. Names of
  // Ortsteile are not Kieze (FindOrtsteil answers for them).
  const Kiez* FindKiez(std::string_view spelling) const;
  // The Bezirk of FindKiez(spelling); nullptr when unknown.
  const District* DistrictOfKiez(std::string_view spelling) const;
  const std::vector<Kiez>& kieze() const { return kieze_; }
  // The Ortsteil whose outline contains the point; nullptr outside Berlin.
  const Ortsteil* OrtsteilAt(LatLon point) const;

  // "Mitte, Friedrichshain-Kreuzberg, …" for error messages.
  std::string DistrictNamesList() const;

 private:
  Berlin();
  struct Outline;
  std::vector<District> districts_;
  std::vector<Ortsteil> ortsteile_;
  std::vector<Postcode> postcodes_;
  std::vector<Kiez> kieze_;
  // Lookup tables keyed by LooseKey; filled in the constructor.
  struct Tables;
  const Tables* tables_ = nullptr;
};

}  // namespace hilfsnetz::geo
