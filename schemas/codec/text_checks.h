// Internal to schemas/codec: the string checks of initiative.schema.json written out by hand
// (no std::regex: it recurses per character and can overflow the stack on long input), plus
// helpers for error messages. Each Is* function accepts exactly what the schema's pattern
// accepts under ECMA-262 semantics. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hilfsnetz::schemas::codec_internal {

// Number of code points in well-formed UTF-8 (JSON Schema lengths count code points).
size_t CodePointCount(std::string_view utf8);

// ^[A-Za-z0-9._-]{1,64}$
bool IsValidId(std::string_view s);
// ^[a-z]{2,3}$
bool IsLanguageSubtag(std::string_view s);
// ^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$
bool IsLanguageTag(std::string_view s);
// ^[0-9]{4,5}$
bool IsPostcode(std::string_view s);
// ^[^@ \t\r\n]+@[^@ \t\r\n]+$
bool IsEmail(std::string_view s);
// ^https?://[^ \t\r\n]+$
bool IsWebsite(std::string_view s);

// The deepest nesting of JSON arrays/objects in `text` (brackets inside strings ignored),
// counting stops at limit + 1. Used to refuse absurdly deep input before parsing it.
size_t NestingDepth(std::string_view text, size_t limit);

// `s` in quotes for an error message, cut to at most max_bytes at a code point boundary
// ("…" marks the cut). `open`/`close` are the quote marks ("\"" in English, "„" "“" in German).
std::string Quoted(std::string_view s, std::string_view open, std::string_view close,
                   size_t max_bytes = 80);

// `s` cut to at most max_bytes at a code point boundary, "…" appended when cut.
std::string Truncated(std::string_view s, size_t max_bytes);

}  // namespace hilfsnetz::schemas::codec_internal
