// Fuzzes the staff syntax inside q (ranking/staff_syntax.h) with the input as q.
//
// There is no writer of staff syntax, so no round trip. Properties: ParseStaffSyntax never
// crashes or throws; an error is InvalidArgument about field "q"; what it accepts has the shape the
// query builder relies on: no quote left in words, phrases or negations; every phrase,
// negation and neighbourhood holds something other than the spaces the scanner skips (a
// stray "-" or an empty "" is ignored, as the header promises); districts are canonical
// Bezirke and topics come from the controlled list; a word still being typed is a word.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fail.h"
#include "geo/berlin.h"
#include "ranking/staff_syntax.h"

namespace hilfsnetz::fuzz {
namespace {

// The scanner's spaces (Scanner::SkipSpace).
bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\n") == std::string_view::npos; }

void CheckPieces(const std::vector<std::string>& pieces, const char* property) {
  for (const std::string& p : pieces) {
    if (IsBlank(p) || p.find('"') != std::string::npos) Fail(property);
  }
}

void CheckQuery(const ranking::StaffQuery& q) {
  if (q.words.find('"') != std::string::npos) Fail("no quote in words");
  CheckPieces(q.phrases, "phrases are not blank and hold no quote");
  CheckPieces(q.negated, "negations are not blank and hold no quote");
  for (const std::string& n : q.filters.neighbourhoods) {
    if (IsBlank(n)) Fail("neighbourhood filters are not blank");
  }
  for (const std::string& d : q.filters.districts) {
    const geo::District* found = geo::Berlin::Get().FindDistrict(d);
    if (found == nullptr || found->name != d) Fail("districts are canonical");
  }
  for (const std::string& t : q.filters.topics) {
    if (!schemas::IsTopic(t)) Fail("topics from the controlled list");
  }
  if (q.ends_with_word && q.words.empty()) Fail("ends_with_word only with words");
}

}  // namespace
}  // namespace hilfsnetz::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hilfsnetz;  // NOLINT: the harness entry point
  const auto parsed =
      ranking::ParseStaffSyntax(std::string_view(reinterpret_cast<const char*>(data), size));
  if (parsed.ok()) {
    fuzz::CheckQuery(*parsed);
  } else if (parsed.status().code() != StatusCode::kInvalidArgument ||
             parsed.status().field() != "q" || parsed.status().message().empty()) {
    fuzz::Fail("errors are InvalidArgument about field q");
  }
  return 0;
}
