// Staff syntax inside q: splits what a person typed into free words, "phrases", -negations
// and field:value filters (German and English field names).
//
//   Flüchtlinge "erste Hilfe" -Kleidung bezirk:Neukölln bedarf:geld thema:bildung
//
// Lenient with what the public types by accident: the words of an unclosed quote are searched
// as words (not as a phrase; unclosed_quote says so), a stray "-" or ":" is ignored, an unknown
// "field:" is read as words. Strict where a staff member clearly meant a filter: "bezirk:" without
// a value, or a value that is not a district / need type / topic, is an error naming "q" and
// listing the valid values.
//
// Thread-safe (pure function).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ranking/search_request.h"

namespace hilfsnetz::ranking {

struct StaffQuery {
  std::string words;                 // free text, space-joined, for the analyser
  std::vector<std::string> phrases;  // each analysed as a phrase
  std::vector<std::string> negated;  // words or phrases to exclude
  Filters filters;                   // from field:value (AND-ed with the URL's filters)
  // True when q ends with a free word and no space after it: the word the person may still be
  // typing (prefix=last matches it as a prefix).
  bool ends_with_word = false;
  // True when q had an unclosed quote: its words were taken as words, not as a phrase.
  bool unclosed_quote = false;
};

Result<StaffQuery> ParseStaffSyntax(std::string_view q);

// Canonical need type / topic for an English or German name ("geld", "Bildung",
// "children_youth"); nullopt when unknown. Shared with the URL parameter parsing.
std::optional<schemas::NeedType> NeedTypeFromAlias(std::string_view name);
std::optional<std::string> TopicFromAlias(std::string_view name);

}  // namespace hilfsnetz::ranking
