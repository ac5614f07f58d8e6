#include "schemas/codec/derive_location.h"

#include "geo/berlin.h"
#include "schemas/codec/json_reader.h"
#include "schemas/codec/messages.h"

namespace hilfsnetz::schemas::codec_internal {

void CanonicaliseGeography(Initiative& initiative, std::vector<FieldError>& errors) {
  if (!initiative.IsBerlin()) return;
  initiative.city = "Berlin";
  const geo::Berlin& berlin = geo::Berlin::Get();

  if (!initiative.district.empty()) {
    if (const geo::District* d = berlin.FindDistrict(initiative.district)) {
      initiative.district = d->name;
    } else {
      // Through the reader's cap: the list may already be full (issue 10, found by fuzz/).
      Reader(errors).Add(
          UnknownDistrict("district", initiative.district, berlin.DistrictNamesList()));
    }
  }

  const geo::Ortsteil* ortsteil = nullptr;
  const geo::District* kiez_district = nullptr;
  const geo::Kiez* kiez = nullptr;
  if (!initiative.neighbourhood.empty()) {
    ortsteil = berlin.FindOrtsteil(initiative.neighbourhood);
    if (ortsteil != nullptr) {
      initiative.neighbourhood = ortsteil->name;
    } else if ((kiez = berlin.FindKiez(initiative.neighbourhood)) != nullptr) {
      initiative.neighbourhood = kiez->name;
      kiez_district = berlin.FindDistrict(kiez->district);
    }
  }
  const geo::Ortsteil* ortsteil_at =
      initiative.location ? berlin.OrtsteilAt(*initiative.location) : nullptr;
  const geo::Postcode* postcode =
      initiative.postcode.empty() ? nullptr : berlin.FindPostcode(initiative.postcode);

  if (initiative.district.empty()) {
    if (ortsteil != nullptr) {
      initiative.district = ortsteil->district;
    } else if (kiez_district != nullptr) {
      initiative.district = kiez_district->name;
    } else if (ortsteil_at != nullptr) {
      initiative.district = ortsteil_at->district;
    } else if (postcode != nullptr) {
      initiative.district = postcode->district;
    }
  }
  if (initiative.neighbourhood.empty()) {
    if (ortsteil_at != nullptr) {
      initiative.neighbourhood = ortsteil_at->name;
    } else if (postcode != nullptr) {
      initiative.neighbourhood = postcode->ortsteil;
    }
    ortsteil = berlin.FindOrtsteil(initiative.neighbourhood);
  }
  if (!initiative.location) {
    if (postcode != nullptr) {
      initiative.location = postcode->centroid;
    } else if (kiez != nullptr &&
               (initiative.district.empty() || initiative.district == kiez->district)) {
      initiative.location = kiez->centroid;  // a Kiez is smaller than its Ortsteil
    } else if (ortsteil != nullptr) {
      initiative.location = ortsteil->centroid;
    }
  }
}

}  // namespace hilfsnetz::schemas::codec_internal
