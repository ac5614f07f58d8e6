// gMock matchers for Status and Result<T> (STYLE 2.2; modelled on absl/status/status_matchers.h).
// Prefer them to `EXPECT_FALSE(r.ok())`: the test states which error it expects, and a failure
// prints the status that came back.
//
//   using hilfsnetz::testing::StatusIs;
//   EXPECT_THAT(index->Remove(1501), StatusIs(StatusCode::kNotFound));
//   EXPECT_THAT(DecodeStoredInitiative(bytes.substr(0, 3)),
//               StatusIs(StatusCode::kDataLoss, HasSubstr("truncated")));
//   EXPECT_THAT(ParseStaffSyntax("bezirk:Atlantis"), IsInvalidField("q", HasSubstr("Atlantis")));
//   ASSERT_THAT(Searcher::Open(dir, {}), IsOk());
//
// Each matches a Status, or a Result<T> through its status() (an ok Result has code kOk and an
// empty message). A `message` is a matcher for std::string (HasSubstr, StartsWith, ...) or a
// string the message must equal.
//   StatusIs(code)                  the code is `code`; any message and field.
//   StatusIs(code, message)         and the message matches `message`.
//   IsInvalidField(field)           an InvalidFieldError: code kInvalidArgument, field() ==
//                                   `field`; any message.
//   IsInvalidField(field, message)  and the message (without the field) matches `message`.
//   IsOk()                          the code is kOk.
#pragma once

#include <gmock/gmock.h>

#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "core/result.h"
#include "core/status.h"

namespace hilfsnetz::testing {

namespace internal {

class StatusIsImpl {
 public:
  // nullopt `message` or `field`: anything.
  StatusIsImpl(StatusCode code, std::optional<::testing::Matcher<const std::string&>> message,
               std::optional<std::string> field)
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  bool MatchAndExplain(const Status& status, ::testing::MatchResultListener* listener) const {
    *listener << "whose status is " << status;
    if (status.code() != code_) return false;
    if (field_ && status.field() != *field_) return false;
    if (!message_) return true;
    ::testing::StringMatchResultListener inner;
    if (message_->MatchAndExplain(status.message(), &inner)) return true;
    if (!inner.str().empty()) *listener << ", and the message " << inner.str();
    return false;
  }
  template <typename T>
  bool MatchAndExplain(const Result<T>& result, ::testing::MatchResultListener* listener) const {
    return MatchAndExplain(result.status(), listener);
  }

  void DescribeTo(std::ostream* os) const {
    *os << "has status code " << StatusCodeName(code_);
    if (field_) *os << " about field \"" << *field_ << "\"";
    if (!message_) return;
    *os << " and a message that ";
    message_->DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "does not have status code " << StatusCodeName(code_);
    if (field_) *os << ", or is not about field \"" << *field_ << "\"";
    if (!message_) return;
    *os << ", or has a message that ";
    message_->DescribeNegationTo(os);
  }

 private:
  StatusCode code_;
  std::optional<::testing::Matcher<const std::string&>> message_;
  std::optional<std::string> field_;
};

using StatusMatcher = ::testing::PolymorphicMatcher<StatusIsImpl>;

}  // namespace internal

inline internal::StatusMatcher StatusIs(StatusCode code) {
  return ::testing::MakePolymorphicMatcher(
      internal::StatusIsImpl(code, std::nullopt, std::nullopt));
}

template <typename MessageMatcher>
internal::StatusMatcher StatusIs(StatusCode code, MessageMatcher&& message) {
  return ::testing::MakePolymorphicMatcher(internal::StatusIsImpl(
      code, ::testing::MatcherCast<const std::string&>(std::forward<MessageMatcher>(message)),
      std::nullopt));
}

inline internal::StatusMatcher IsInvalidField(std::string field) {
  return ::testing::MakePolymorphicMatcher(
      internal::StatusIsImpl(StatusCode::kInvalidArgument, std::nullopt, std::move(field)));
}

template <typename MessageMatcher>
internal::StatusMatcher IsInvalidField(std::string field, MessageMatcher&& message) {
  return ::testing::MakePolymorphicMatcher(internal::StatusIsImpl(
      StatusCode::kInvalidArgument,
      ::testing::MatcherCast<const std::string&>(std::forward<MessageMatcher>(message)),
      std::move(field)));
}

inline internal::StatusMatcher IsOk() { return StatusIs(StatusCode::kOk); }

}  // namespace hilfsnetz::testing
