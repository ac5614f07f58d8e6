#include "core/index_layout.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace hilfsnetz::layout {
namespace {

using Spans = std::vector<std::pair<std::string, std::vector<unsigned>>>;

Spans Decode(std::string_view value) {
  Spans out;
  ForEachConceptSpan(value, [&](std::string_view id, const std::vector<unsigned>& positions) {
    out.emplace_back(std::string(id), positions);
  });
  return out;
}

TEST(ConceptSpans, EncodeWritesIdsInOrderWithTheirPositions) {
  const std::map<std::string, std::set<unsigned>> spans = {{"lebensmittel", {3}},
                                                           {"deutschkurs", {15, 14}}};
  EXPECT_EQ(EncodeConceptSpans(spans), "deutschkurs:14,15\x1flebensmittel:3");
  EXPECT_EQ(EncodeConceptSpans({}), "");
}

TEST(ConceptSpans, DecodeGivesBackWhatWasEncoded) {
  const std::map<std::string, std::set<unsigned>> spans = {
      {"brot", {107, 4}}, {"fachliche_unterstuetzung", {1}}, {"kita", {4000000000u}}};
  EXPECT_EQ(
      Decode(EncodeConceptSpans(spans)),
      (Spans{{"brot", {4, 107}}, {"fachliche_unterstuetzung", {1}}, {"kita", {4000000000u}}}));
  EXPECT_TRUE(Decode("").empty());
}

// A damaged value stops at the first bad entry: what came before it is still given, nothing
// after it, and nothing throws.
TEST(ConceptSpans, DecodeStopsAtAMalformedEntry) {
  EXPECT_EQ(Decode("brot:1\x1fkita"), (Spans{{"brot", {1}}}));   // no colon
  EXPECT_EQ(Decode("brot:1\x1f:2"), (Spans{{"brot", {1}}}));     // no id
  EXPECT_EQ(Decode("brot:1\x1fkita:"), (Spans{{"brot", {1}}}));  // no position
  EXPECT_EQ(Decode("brot:1,x\x1fkita:2"), Spans{});              // not a number
  EXPECT_EQ(Decode("brot:1,,2"), Spans{});                       // empty position
  EXPECT_EQ(Decode("brot:99999999999"), Spans{});                // over 32 bits
  EXPECT_EQ(Decode("brot:-1"), Spans{});                         // negative
}

}  // namespace
}  // namespace hilfsnetz::layout
