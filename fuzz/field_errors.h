// Harness support (not product code): the contract every FieldError list of the record codecs
// (initiative_codec.h, company_codec.h) keeps, checked on each rejected input.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/loose_key.h"
#include "fuzz/fail.h"
#include "schemas/initiative.h"

namespace hilfsnetz::fuzz {

inline void CheckFieldErrors(std::string_view input,
                             const std::vector<schemas::FieldError>& errors) {
  constexpr size_t kMaxErrors = 100;  // then one "more than 100 errors" entry
  if (errors.empty() || errors.size() > kMaxErrors + 1) Fail("1 to 101 errors");
  const bool valid_utf8 = IsValidUtf8(input);
  for (const schemas::FieldError& e : errors) {
    if (e.en.empty() || e.de.empty()) Fail("every error says what is wrong in en and de");
    // Errors quote the input (cut to a length): the cut must not split a character, or the
    // message could not be sent as JSON.
    if (valid_utf8 && !(IsValidUtf8(e.field) && IsValidUtf8(e.en) && IsValidUtf8(e.de))) {
      Fail("errors about valid UTF-8 input are valid UTF-8");
    }
    // "invalid JSON" is for text nlohmann cannot read; on readable JSON it would mean the
    // reader threw and the codec caught it (a bug it hides).
    if (e.field.empty() && e.en.rfind("invalid JSON", 0) == 0 && valid_utf8 &&
        nlohmann::json::accept(input)) {
      Fail("no \"invalid JSON\" error for JSON nlohmann accepts");
    }
  }
}

}  // namespace hilfsnetz::fuzz
