// The StatusIs / IsOk matchers of tests/support/status_matchers.h: what they accept, and that a
// failure says which status came back.
#include "tests/support/status_matchers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/status.h"

namespace hilfsnetz {
namespace {

using ::testing::DescribeMatcher;
using ::testing::HasSubstr;
using testing::IsInvalidField;
using testing::IsOk;
using ::testing::Not;
using ::testing::StartsWith;
using testing::StatusIs;

std::string Explain(const ::testing::Matcher<const Status&>& m, const Status& s) {
  ::testing::StringMatchResultListener listener;
  m.MatchAndExplain(s, &listener);
  return listener.str();
}

TEST(StatusIs, MatchesCodeAndMessageOfAStatus) {
  const Status s = InvalidArgumentError("district: unknown 'Atlantis'");
  EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument, HasSubstr("Atlantis")));
  EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument, StartsWith("district:")));
  EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument, "district: unknown 'Atlantis'"));
  EXPECT_THAT(s,
              StatusIs(StatusCode::kInvalidArgument, std::string("district: unknown 'Atlantis'")));
  EXPECT_THAT(s, Not(StatusIs(StatusCode::kNotFound)));
  EXPECT_THAT(s, Not(StatusIs(StatusCode::kInvalidArgument, HasSubstr("Mitte"))));
  // A string is compared for equality, not searched for.
  EXPECT_THAT(s, Not(StatusIs(StatusCode::kInvalidArgument, "district")));
  EXPECT_THAT(s, Not(IsOk()));
  EXPECT_THAT(Status(), IsOk());
  EXPECT_THAT(Status(), StatusIs(StatusCode::kOk, ""));
}

TEST(StatusIs, MatchesTheStatusOfAResult) {
  const Result<int> error = NotFoundError("no initiative 'x'");
  const Result<int> value = 7;
  EXPECT_THAT(error, StatusIs(StatusCode::kNotFound, HasSubstr("'x'")));
  EXPECT_THAT(error, Not(IsOk()));
  EXPECT_THAT(value, IsOk());
  EXPECT_THAT(value, Not(StatusIs(StatusCode::kNotFound)));
  // A move-only T and a temporary work too.
  EXPECT_THAT(Result<std::vector<std::unique_ptr<int>>>(DataLossError("truncated")),
              StatusIs(StatusCode::kDataLoss, "truncated"));
}

TEST(IsInvalidField, MatchesTheFieldAsData) {
  const Status s = InvalidFieldError("radius_km", "needs a location");
  EXPECT_THAT(s, IsInvalidField("radius_km"));
  EXPECT_THAT(s, IsInvalidField("radius_km", "needs a location"));  // the message has no field
  EXPECT_THAT(s, IsInvalidField("radius_km", HasSubstr("location")));
  EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument, "needs a location"));
  EXPECT_THAT(s, Not(IsInvalidField("radius")));
  EXPECT_THAT(s, Not(IsInvalidField("radius_km", HasSubstr("radius_km"))));
  // The field is data, not a "field: " prefix of the message.
  EXPECT_THAT(InvalidArgumentError("radius_km: needs a location"),
              Not(IsInvalidField("radius_km")));
  EXPECT_THAT(NotFoundError("x"), Not(IsInvalidField("")));
  const Result<int> r = InvalidFieldError("q", "unknown district \"Atlantis\"");
  EXPECT_THAT(r, IsInvalidField("q", HasSubstr("Atlantis")));
}

TEST(StatusIs, DescribesItselfByCodeName) {
  EXPECT_EQ(DescribeMatcher<Status>(StatusIs(StatusCode::kNotFound)), "has status code NOT_FOUND");
  EXPECT_EQ(DescribeMatcher<Status>(StatusIs(StatusCode::kInvalidArgument, HasSubstr("q"))),
            "has status code INVALID_ARGUMENT and a message that has substring \"q\"");
  EXPECT_EQ(DescribeMatcher<Status>(StatusIs(StatusCode::kNotFound), /*negation=*/true),
            "does not have status code NOT_FOUND");
  EXPECT_EQ(DescribeMatcher<Result<int>>(IsOk()), "has status code OK");
  EXPECT_EQ(DescribeMatcher<Status>(IsInvalidField("q", HasSubstr("bezirk"))),
            "has status code INVALID_ARGUMENT about field \"q\" and a message that has substring "
            "\"bezirk\"");
}

TEST(StatusIs, ExplainsAMismatchWithTheActualStatus) {
  EXPECT_EQ(Explain(StatusIs(StatusCode::kNotFound), InternalError("boom")),
            "whose status is INTERNAL: boom");
  EXPECT_EQ(Explain(StatusIs(StatusCode::kOk), Status()), "whose status is OK");
  EXPECT_EQ(Explain(IsInvalidField("q"), InvalidFieldError("sort", "needs near")),
            "whose status is INVALID_ARGUMENT: sort: needs near");
}

}  // namespace
}  // namespace hilfsnetz
