// Internal to schemas/codec: canonicalises and derives the geography of a parsed record.
//
// Rules (applied to Berlin records only, i.e. Initiative::IsBerlin(); city is then written
// "Berlin"; records of other cities keep district and neighbourhood as free text):
//   district       given: canonical Bezirk spelling; unknown -> error listing the 12 names.
//                  absent: from the neighbourhood (Ortsteil or known Kiez), else from the
//                  location (point in Ortsteil), else from the postcode.
//   neighbourhood  given: an Ortsteil gets its canonical spelling, anything else (a Kiez,
//                  a local name) is kept as given. absent: the Ortsteil at the location,
//                  else the postcode's main Ortsteil.
//   location       given: kept. absent: the postcode centroid, else the centroid of the
//                  neighbourhood's Ortsteil. A Kiez or a district alone gives no location.
//   postcode       a postcode unknown to the Berlin table is accepted and derives nothing.
// Given values always win over derived ones, even when they disagree (a district that
// differs from the postcode's stays as given: postcodes cross Bezirk borders).
#pragma once

#include <vector>

#include "schemas/initiative.h"

namespace hilfsnetz::schemas::codec_internal {

// Applies the rules above to `initiative`; appends an error for an unknown Berlin district.
void CanonicaliseGeography(Initiative& initiative, std::vector<FieldError>& errors);

}  // namespace hilfsnetz::schemas::codec_internal
