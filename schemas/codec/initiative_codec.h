// The only converter between initiative JSON and schemas::Initiative (nlohmann stays inside
// the .cc: callers pass and receive text).
//
// ParseInitiative checks everything initiative.schema.json checks (and a test proves the two
// agree on a fixture set), then canonicalises and derives:
//   - district: spelling variants -> canonical Bezirk (Berlin records; an unknown one is an
//     error listing the valid names); other cities keep it as free text;
//   - a Berlin record with only postcode, only neighbourhood (Ortsteil or known Kiez) or only
//     location gets district (and Ortsteil and location where derivable) filled in;
//   - status defaults to active, city to "Berlin";
//   - created_at / updated_at parsed (RFC 3339) into *_unix.
// On failure returns every problem found (not just the first), each naming its field.
//
// Details of the contract (schemas/codec/derive_location.h has the derivation rules):
//   - Field paths: "title", "needs[1].type", "location.lat"; a missing required field is
//     named by its own path ("location.lon"), an unknown field by its path with message
//     "unknown field". Errors about the whole input have field "": invalid UTF-8 (checked
//     before parsing), "invalid JSON at byte N: …" (N is the 0-based offset where parsing
//     failed), nesting deeper than 16 levels, a top level that is not an object.
//   - Enum errors list the valid values; an unknown Berlin district lists the 12 Bezirke.
//   - Beyond the schema (C++ only): Berlin districts must be known, timestamps must be real
//     calendar dates (no 2023-02-29), embedding values must fit a float. Not checked, on
//     purpose: raised_eur <= amount_eur (over-funding is fine), updated_at >= created_at.
//   - At most 100 errors are reported, then one "more than 100 errors" entry ends the list.
//   - Never throws, never crashes on any input (fuzzed with random bytes in the tests).
//   - A city whose LooseKey is "berlin" is written "Berlin".
// Thread-safe (no shared mutable state; geo::Berlin is immutable).
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "schemas/initiative.h"

namespace hilfsnetz::schemas {

struct ParsedInitiative {
  Initiative initiative;           // meaningful only when errors is empty
  std::vector<FieldError> errors;  // empty on success
  bool ok() const { return errors.empty(); }
};

ParsedInitiative ParseInitiative(std::string_view json_text);

// Canonical JSON of the record (the API's record body; the index stores the binary form of
// schemas/stored_record.h): fields in schema order, absent optionals omitted, derived values
// included. Compact (no spaces), UTF-8 unescaped; status and city always present; empty strings and
// lists omitted; integral numbers written without ".0" (500000, not 500000.0); embedding
// values in the shortest form that reads back to the same float. ParseInitiative of the
// result gives back an equal Initiative, and serialising that again gives the same text.
// Never throws (invalid UTF-8 in a hand-built record is replaced by U+FFFD). Thread-safe.
std::string SerializeInitiative(const Initiative& initiative);

}  // namespace hilfsnetz::schemas
