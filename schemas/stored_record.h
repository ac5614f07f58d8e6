// The index's stored form of an initiative (the Xapian document data): a compact binary
// encoding of schemas::Initiative. It is decoded for every search hit and for every
// recommendation candidate of the precise stage; decoding the canonical JSON cost ~80 µs per
// record (parse, UTF-8 and schema checks of data that was checked when it was indexed), this
// a few µs. JSON stays the API's form: the record endpoint serialises the decoded record
// (schemas/codec/initiative_codec.h), which gives the same text as before.
//
// Layout (little-endian; str = u32 byte length + UTF-8 bytes; opt = u8 0 or 1, then the value
// when 1):
//   "HNR1"                                   magic and version
//   str id, title, summary, description, organisation, language, city, district,
//       neighbourhood, postcode
//   opt location: f64 lat, f64 lon
//   topics, target_groups, languages_spoken: each u32 count, then count × str
//   u32 count, then count × need: u8 type (NeedType), str description,
//       u8 presence bits (1 amount_eur, 2 raised_eur, 4 quantity, 8 hours), f64 for each
//   u8 status (InitiativeStatus)
//   str created_at, updated_at; i64 created_unix, updated_unix
//   opt contact: str email, str website
//   u32 count, then count × f32 embedding
// Nothing may follow. Decoding checks every length against the bytes left and every enum
// against its range, so damaged data is an error, never a crash or an out-of-range value.
//
// Thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "schemas/initiative.h"

namespace hilfsnetz::schemas {

// The stored bytes of a record (one ParseInitiative accepted: validated and canonical).
std::string EncodeStoredInitiative(const Initiative& initiative);

// The record EncodeStoredInitiative wrote; equal to what was encoded.
// Errors: DataLoss naming what is damaged ("stored record: truncated in needs[2]").
Result<Initiative> DecodeStoredInitiative(std::string_view bytes);

}  // namespace hilfsnetz::schemas
