// Fuzzes the company-profile codec (schemas/codec/company_codec.h), the body of
// POST /v1/recommendations, with the input as the body.
//
// A profile is a query, not a stored record: there is no writer, so no round trip. Properties:
// ParseCompanyProfile never crashes or throws; a rejected input gets a well-formed error list
// (fuzz/field_errors.h); an accepted profile holds what the header promises the recommender
// (limit 1..100, a canonical Bezirk or none, radius in (0, 1000], weights in [0, 1], unique
// controlled topics, finite embedding values, a location on the globe).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string_view>

#include "fuzz/field_errors.h"
#include "geo/berlin.h"
#include "schemas/codec/company_codec.h"

namespace hilfsnetz::fuzz {
namespace {

bool InUnit(const std::optional<double>& w) { return !w || (*w >= 0 && *w <= 1); }

void CheckProfile(const schemas::CompanyProfile& p) {
  using schemas::CompanyProfile;
  if (p.limit < 1 || p.limit > CompanyProfile::kMaxLimit) Fail("limit in 1..100");
  if (!p.district.empty()) {
    const geo::District* d = geo::Berlin::Get().FindDistrict(p.district);
    if (d == nullptr || d->name != p.district) Fail("district is a canonical Bezirk");
  }
  if (p.radius_km && !(*p.radius_km > 0 && *p.radius_km <= 1000)) Fail("radius_km in (0, 1000]");
  const schemas::WeightOverrides& w = p.weights;
  if (!(InUnit(w.need_match) && InUnit(w.semantic) && InUnit(w.proximity) && InUnit(w.topics) &&
        InUnit(w.languages) && InUnit(w.urgency))) {
    Fail("weights in [0, 1]");
  }
  const std::set<std::string> topics(p.topics.begin(), p.topics.end());
  if (topics.size() != p.topics.size()) Fail("topics unique");
  for (const std::string& t : p.topics) {
    if (!schemas::IsTopic(t)) Fail("topics from the controlled list");
  }
  for (float x : p.embedding) {
    if (!std::isfinite(x)) Fail("embedding values finite");
  }
  if (p.location && !(std::fabs(p.location->lat) <= 90 && std::fabs(p.location->lon) <= 180)) {
    Fail("location on the globe");
  }
}

}  // namespace
}  // namespace hilfsnetz::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hilfsnetz;  // NOLINT: the harness entry point
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const schemas::ParsedCompany parsed = schemas::ParseCompanyProfile(text);
  if (parsed.ok()) {
    fuzz::CheckProfile(parsed.profile);
  } else {
    fuzz::CheckFieldErrors(text, parsed.errors);
  }
  return 0;
}
