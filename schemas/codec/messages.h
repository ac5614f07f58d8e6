// Internal to schemas/codec: the bilingual (English/German) error messages of the codec, in
// one place so that wording stays consistent. Each returns a FieldError for `field`.
// User-supplied values are quoted and cut to a readable length.
#pragma once

#include <string>
#include <string_view>

#include "schemas/initiative.h"

namespace hilfsnetz::schemas::codec_internal {

enum class JsonKind { kString, kNumber, kObject, kArray };

FieldError MissingField(std::string field);
FieldError UnknownField(std::string field);
FieldError WrongType(std::string field, JsonKind expected);
FieldError EmptyText(std::string field);
FieldError TooLong(std::string field, size_t length, size_t max_length);
// `valid` is a comma-separated list of the accepted values.
FieldError NotOneOf(std::string field, std::string_view value, std::string_view valid);
FieldError Duplicate(std::string field, std::string_view value);
FieldError OutOfRange(std::string field, double min, double max);
FieldError Negative(std::string field);
FieldError TooManyItems(std::string field, size_t min_items, size_t max_items);
// `en`/`de` describe the expected form, e.g. "1–64 characters of A–Z, a–z, 0–9, '.', '_', '-'".
FieldError BadFormat(std::string field, std::string_view en, std::string_view de);
FieldError BadTimestamp(std::string field);
FieldError UnknownDistrict(std::string field, std::string_view value, std::string_view valid);
FieldError InvalidJson(size_t byte, std::string_view detail);
FieldError InvalidUtf8();
FieldError NotAnObject();
FieldError NestedTooDeeply(size_t limit);
FieldError TooManyErrors(size_t limit);

}  // namespace hilfsnetz::schemas::codec_internal
