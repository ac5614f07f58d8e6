// Fuzzes the initiative codec (schemas/codec/initiative_codec.h), the parser of the indexer's
// JSONL lines, with the input as one line.
//
// Properties: ParseInitiative never crashes or throws; a rejected input gets a well-formed
// error list (fuzz/field_errors.h); an accepted record survives both of its writers:
//   ParseInitiative(SerializeInitiative(x)) == x, and serialising that again gives the same
//   text (the API's record body is canonical);
//   DecodeStoredInitiative(EncodeStoredInitiative(x)) == x (the index's stored form).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/field_errors.h"
#include "schemas/codec/initiative_codec.h"
#include "schemas/stored_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hilfsnetz;  // NOLINT: the harness entry point
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const schemas::ParsedInitiative parsed = schemas::ParseInitiative(text);
  if (!parsed.ok()) {
    fuzz::CheckFieldErrors(text, parsed.errors);
    return 0;
  }
  const schemas::Initiative& record = parsed.initiative;
  const std::string json = schemas::SerializeInitiative(record);
  const schemas::ParsedInitiative again = schemas::ParseInitiative(json);
  if (!again.ok() || !(again.initiative == record)) fuzz::Fail("parse(serialize(x)) == x");
  if (schemas::SerializeInitiative(again.initiative) != json) {
    fuzz::Fail("serialize(parse(serialize(x))) == serialize(x)");
  }
  const auto stored = schemas::DecodeStoredInitiative(schemas::EncodeStoredInitiative(record));
  if (!stored.ok() || !(*stored == record)) fuzz::Fail("decode(encode(x)) == x");
  return 0;
}
