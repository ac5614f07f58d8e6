// Fuzzes the merge patch of PATCH /v1/initiatives/{id} (schemas/codec/write_codec.h), with the
// input as the patch and a stored record of the sample as its target.
//
// Properties: ParseMergePatch never crashes or throws; a refused patch gets one well-formed
// error of field "" (fuzz/field_errors.h); an accepted patch applies as RFC 7396 says: the
// result is an object, a key the patch sets to null is gone, a key it sets to a non-object is
// that value, and merging the same patch again changes nothing (merge patches are
// idempotent). The merged record is then either refused by ParseInitiative with a well-formed
// error list or survives its round trip (as initiative_codec_fuzzer checks).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz/field_errors.h"
#include "schemas/codec/initiative_codec.h"
#include "schemas/codec/write_codec.h"

namespace hilfsnetz::fuzz {
namespace {

// A stored record's canonical JSON, with every kind of field (the target of each patch).
constexpr std::string_view kRecord =
    R"({"id":"refugees-on-rails","title":"Refugees on Rails","description":"Programmierkurse )"
    R"(für Geflüchtete.","languages":["de","en","ar"],"topics":["education","work"],)"
    R"("district":"Neukölln","neighbourhood":"Neukölln","postcode":"12047","city":"Berlin",)"
    R"("location":{"lat":52.48,"lon":13.43},"needs":[{"type":"goods","description":"Laptops",)"
    R"("quantity":20},{"type":"money","description":"Kursraum","amount_eur":5000,)"
    R"("raised_eur":1200}],"status":"active"})";

void CheckMerged(const nlohmann::json& patch, const std::string& merged) {
  const nlohmann::json m = nlohmann::json::parse(merged, nullptr, false);
  if (!m.is_object()) Fail("the merged record is an object");
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null() && m.contains(key)) Fail("a key patched to null is removed");
    if (!value.is_null() && !value.is_object() && m.value(key, nlohmann::json()) != value) {
      Fail("a key patched to a non-object value has that value");
    }
  }
}

}  // namespace
}  // namespace hilfsnetz::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hilfsnetz;  // NOLINT: the harness entry point
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const schemas::MergePatch patch = schemas::ParseMergePatch(text);
  if (!patch.ok()) {
    if (!patch.error->field.empty()) fuzz::Fail("a refused patch is named by field \"\"");
    fuzz::CheckFieldErrors(text, {*patch.error});
    return 0;
  }
  const nlohmann::json p = nlohmann::json::parse(patch.text, nullptr, false);
  if (!p.is_object()) fuzz::Fail("an accepted patch is an object");
  const std::string merged = schemas::ApplyMergePatch(fuzz::kRecord, patch);
  fuzz::CheckMerged(p, merged);
  if (schemas::ApplyMergePatch(merged, patch) != merged) fuzz::Fail("merge patch is idempotent");
  const schemas::ParsedInitiative record = schemas::ParseInitiative(merged);
  if (!record.ok()) {
    fuzz::CheckFieldErrors(merged, record.errors);
    return 0;
  }
  const std::string json = schemas::SerializeInitiative(record.initiative);
  const schemas::ParsedInitiative again = schemas::ParseInitiative(json);
  if (!again.ok() || !(again.initiative == record.initiative)) {
    fuzz::Fail("parse(serialize(merged)) == merged");
  }
  return 0;
}
