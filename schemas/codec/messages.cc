#include "schemas/codec/messages.h"

#include <cstdio>
#include <utility>

#include "schemas/codec/text_checks.h"

namespace hilfsnetz::schemas::codec_internal {
namespace {

FieldError Make(std::string field, std::string en, std::string de) {
  return FieldError{std::move(field), std::move(en), std::move(de)};
}

std::string En(std::string_view value) { return Quoted(value, "\"", "\""); }
std::string De(std::string_view value) { return Quoted(value, "„", "“"); }

// Shortest readable form of a bound: "90", "-180", "0.5".
std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

FieldError MissingField(std::string field) {
  return Make(std::move(field), "required field is missing", "Pflichtfeld fehlt");
}

FieldError UnknownField(std::string field) {
  return Make(std::move(field), "unknown field", "unbekanntes Feld");
}

FieldError WrongType(std::string field, JsonKind expected) {
  switch (expected) {
    case JsonKind::kString:
      return Make(std::move(field), "must be a string", "muss eine Zeichenkette sein");
    case JsonKind::kNumber:
      return Make(std::move(field), "must be a number", "muss eine Zahl sein");
    case JsonKind::kObject:
      return Make(std::move(field), "must be an object", "muss ein Objekt sein");
    case JsonKind::kArray:
      break;
  }
  return Make(std::move(field), "must be an array", "muss eine Liste (Array) sein");
}

FieldError EmptyText(std::string field) {
  return Make(std::move(field), "must not be empty", "darf nicht leer sein");
}

FieldError TooLong(std::string field, size_t length, size_t max_length) {
  return Make(
      std::move(field),
      "too long: " + std::to_string(length) + " characters, at most " + std::to_string(max_length),
      "zu lang: " + std::to_string(length) + " Zeichen, höchstens " + std::to_string(max_length));
}

FieldError NotOneOf(std::string field, std::string_view value, std::string_view valid) {
  return Make(std::move(field), "invalid value " + En(value) + "; valid: " + std::string(valid),
              "ungültiger Wert " + De(value) + "; gültig: " + std::string(valid));
}

FieldError Duplicate(std::string field, std::string_view value) {
  return Make(std::move(field), "duplicate value " + En(value), "doppelter Wert " + De(value));
}

FieldError OutOfRange(std::string field, double min, double max) {
  return Make(std::move(field), "must be between " + Num(min) + " and " + Num(max),
              "muss zwischen " + Num(min) + " und " + Num(max) + " liegen");
}

FieldError Negative(std::string field) {
  return Make(std::move(field), "must not be negative", "darf nicht negativ sein");
}

FieldError TooManyItems(std::string field, size_t min_items, size_t max_items) {
  return Make(
      std::move(field),
      "must have " + std::to_string(min_items) + " to " + std::to_string(max_items) + " items",
      "muss " + std::to_string(min_items) + " bis " + std::to_string(max_items) +
          " Einträge haben");
}

FieldError BadFormat(std::string field, std::string_view en, std::string_view de) {
  return Make(std::move(field), "must be " + std::string(en), "muss " + std::string(de));
}

FieldError BadTimestamp(std::string field) {
  return Make(std::move(field),
              "must be an RFC 3339 date-time with a real date, e.g. 2024-05-01T12:00:00Z",
              "muss ein Zeitpunkt nach RFC 3339 mit gültigem Datum sein, z. B. "
              "2024-05-01T12:00:00Z");
}

FieldError UnknownDistrict(std::string field, std::string_view value, std::string_view valid) {
  return Make(std::move(field), "unknown district " + En(value) + "; valid: " + std::string(valid),
              "unbekannter Bezirk " + De(value) + "; gültig: " + std::string(valid));
}

FieldError InvalidJson(size_t byte, std::string_view detail) {
  const std::string cut = Truncated(detail, 200);
  return Make("", "invalid JSON at byte " + std::to_string(byte) + ": " + cut,
              "ungültiges JSON bei Byte " + std::to_string(byte) + ": " + cut);
}

FieldError InvalidUtf8() {
  return Make("", "input is not valid UTF-8", "Eingabe ist kein gültiges UTF-8");
}

FieldError NotAnObject() {
  return Make("", "the record must be a JSON object", "der Datensatz muss ein JSON-Objekt sein");
}

FieldError NestedTooDeeply(size_t limit) {
  return Make("", "nested too deeply (more than " + std::to_string(limit) + " levels)",
              "zu tief verschachtelt (mehr als " + std::to_string(limit) + " Ebenen)");
}

FieldError TooManyErrors(size_t limit) {
  return Make("", "more than " + std::to_string(limit) + " errors; stopped reporting",
              "mehr als " + std::to_string(limit) + " Fehler; weitere nicht gemeldet");
}

}  // namespace hilfsnetz::schemas::codec_internal
