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

// Canonical JSON of the record (the stored document data and the API's record body): fields
// in schema order, absent optionals omitted, derived values included.
std::string SerializeInitiative(const Initiative& initiative);

}  // namespace hilfsnetz::schemas
