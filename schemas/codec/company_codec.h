// The only converter from company-profile JSON to schemas::CompanyProfile (nlohmann stays
// inside the .cc: callers pass text).
//
// ParseCompanyProfile checks everything company.schema.json checks (a test proves the two
// agree on a fixture set), then canonicalises and derives the geography with the initiative
// rules (schemas/codec/derive_location.h), a profile always being in Berlin:
//   - district: spelling variants -> canonical Bezirk ("neukoelln" -> "Neukölln"); an
//     unknown one is an error at "district" listing the 12 Bezirke;
//   - neighbourhood (never given): the Ortsteil at the location, else the postcode's;
//   - district when absent: from the location's Ortsteil, else from the postcode;
//   - location when absent: the Berlin postcode's centroid. A district alone gives none.
//   Given values win over derived ones; a postcode unknown to Berlin derives nothing.
//   - limit defaults to 10.
// On failure returns every problem found, each naming its field.
//
// Details of the contract (the same as ParseInitiative's):
//   - Field paths: "name", "offers[2].type", "location.lat"; a missing required field is
//     named by its own path, an unknown field by its path with message "unknown field".
//     Errors about the whole input have field "": invalid UTF-8, "invalid JSON at byte N",
//     nesting deeper than 16 levels, a top level that is not an object.
//   - Enum errors list the valid values. limit accepts integral numbers written as 10.0 or
//     1e1 (JSON Schema's "integer" does too).
//   - Beyond the schema (C++ only): the district must be a Berlin Bezirk, embedding values
//     must fit a float. Not checked: whether exclude_ids exist, whether the embedding's
//     dimension matches the index (the searcher knows the index).
//   - At most 100 errors are reported, then one "more than 100 errors" entry ends the list.
//   - Never throws, never crashes on any input.
// Thread-safe (no shared mutable state; geo::Berlin is immutable).
#pragma once

#include <string_view>
#include <vector>

#include "schemas/company.h"
#include "schemas/initiative.h"

namespace hilfsnetz::schemas {

struct ParsedCompany {
  CompanyProfile profile;          // meaningful only when errors is empty
  std::vector<FieldError> errors;  // empty on success
  bool ok() const { return errors.empty(); }
};

ParsedCompany ParseCompanyProfile(std::string_view json_text);

}  // namespace hilfsnetz::schemas
