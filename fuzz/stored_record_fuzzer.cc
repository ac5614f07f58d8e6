// Fuzzes the index's stored record decoder (schemas/stored_record.h) with the input as the
// bytes of a Xapian document's data: a damaged index must give an error, never a crash.
//
// Property: the format has one encoding per record, so whatever DecodeStoredInitiative
// accepts, EncodeStoredInitiative writes back byte for byte (bytes, not records, are
// compared: decoded doubles may be NaN).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fail.h"
#include "schemas/stored_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hilfsnetz;  // NOLINT: the harness entry point
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto decoded = schemas::DecodeStoredInitiative(bytes);
  if (decoded.ok() && schemas::EncodeStoredInitiative(*decoded) != bytes) {
    fuzz::Fail("encode(decode(bytes)) == bytes");
  }
  return 0;
}
