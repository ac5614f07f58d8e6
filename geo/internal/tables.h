// Internal to geo/: the embedded data/geo/*.tsv tables, parsed into plain rows.
//
// The TSV files are produced by data/geo/derive.py and compiled into the binary with
// hn_embed_files (see geo/CMakeLists.txt). They are part of the build, so a malformed table
// is a bug in the build, not a user error: ParseEmbeddedTables() then prints the problem and
// aborts. Not for use outside geo/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "geo/berlin.h"

namespace hilfsnetz::geo::internal {

struct OutlineRow {
  std::string key;                         // Ortsteil key, "0801"
  std::vector<std::vector<LatLon>> rings;  // closed rings; containment by the even-odd rule
};

struct KiezRow {
  std::string name;      // as spelt in the LOR list or the alias table, e.g. "Reuterkiez"
  std::string district;  // canonical Bezirk name
  std::string ortsteil;  // canonical Ortsteil name
  LatLon centroid;       // estimated (data/geo/derive.py)
  std::string kind;      // planungsraum, bezirksregion or alias
};

struct ParsedTables {
  std::vector<District> districts;  // in key order ("01" … "12")
  std::vector<Ortsteil> ortsteile;  // in key order
  std::vector<Postcode> postcodes;
  std::vector<OutlineRow> outlines;
  std::vector<KiezRow> kieze;
};

// Parses the embedded tables. Called once, from Berlin's constructor.
ParsedTables ParseEmbeddedTables();

// Splits TSV text into rows of fields; skips empty lines and lines starting with '#'.
// The views point into `text`.
std::vector<std::vector<std::string_view>> SplitTsv(std::string_view text);

}  // namespace hilfsnetz::geo::internal
