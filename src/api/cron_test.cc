#include "api/cron.h"

#include <gtest/gtest.h>

namespace swell::api {
namespace {

TimePoint At(std::string_view rfc3339) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &t)) << rfc3339;
  return t;
}

std::string NextAfter(std::string_view spec, std::string_view from) {
  StatusOr<CronSchedule> s = CronSchedule::Parse(spec);
  if (!s.ok()) return s.status().ToString();
  TimePoint next = s->Next(At(from));
  return next == TimePoint::max() ? "never" : FormatRfc3339(next);
}

struct NextCase {
  std::string_view spec;
  std::string_view from;
  std::string_view want;
};

// robfig/cron v3 semantics (karpenter.md §1.1, keda.md §5.8).
TEST(CronSchedule, NextFireTimes) {
  const NextCase kCases[] = {
      // Every minute; strictly after `from`, sub-minute parts dropped.
      {"* * * * *", "2026-01-01T10:00:00Z", "2026-01-01T10:01:00Z"},
      {"* * * * *", "2026-01-01T10:00:59.999Z", "2026-01-01T10:01:00Z"},
      {"* * * * *", "2026-12-31T23:59:30Z", "2027-01-01T00:00:00Z"},
      // */15 across the hour boundary.
      {"*/15 * * * *", "2026-01-01T10:44:59Z", "2026-01-01T10:45:00Z"},
      {"*/15 * * * *", "2026-01-01T10:45:00Z", "2026-01-01T11:00:00Z"},
      {"*/15 * * * *", "2026-01-01T23:50:00Z", "2026-01-02T00:00:00Z"},
      // Steps: "N/step" means N-max/step; ranges with steps.
      {"5/20 * * * *", "2026-01-01T10:25:00Z", "2026-01-01T10:45:00Z"},
      {"5/20 * * * *", "2026-01-01T10:45:00Z", "2026-01-01T11:05:00Z"},
      {"10-30/10 1 * * *", "2026-01-01T01:30:00Z", "2026-01-02T01:10:00Z"},
      {"0 */6 * * *", "2026-01-01T06:00:00Z", "2026-01-01T12:00:00Z"},
      {"0,30 9-17/4 * * *", "2026-01-01T13:30:00Z", "2026-01-01T17:00:00Z"},
      // Month ends: day 31 skips 30-day months, across the year.
      {"0 0 31 * *", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z"},
      {"0 0 31 * *", "2026-12-31T00:00:00Z", "2027-01-31T00:00:00Z"},
      {"0 0 1 1 *", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"},
      // Feb 29 only in leap years; 2100 is not one, and the 5-year search limit gives up.
      {"0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"},
      {"0 0 29 2 *", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"},
      {"0 0 29 2 *", "2097-03-01T00:00:00Z", "never"},
      {"0 0 30 2 *", "2026-01-01T00:00:00Z", "never"},
      // Day-of-month and day-of-week both restricted: either matches (2026-01-01 is a Thursday).
      {"0 9 1 * MON", "2026-01-01T09:00:00Z", "2026-01-05T09:00:00Z"},
      {"0 9 1 * MON", "2026-01-26T10:00:00Z", "2026-02-01T09:00:00Z"},
      {"0 9 */2 * MON", "2026-01-01T10:00:00Z", "2026-01-03T09:00:00Z"},
      {"0 9 1-31 * MON", "2026-01-01T10:00:00Z", "2026-01-02T09:00:00Z"},
      // A * or ? (without a step above 1) in either day field: both must match.
      {"0 9 * * MON", "2026-01-01T10:00:00Z", "2026-01-05T09:00:00Z"},
      {"0 9 1 * *", "2026-01-01T10:00:00Z", "2026-02-01T09:00:00Z"},
      {"0 9 1 * ?", "2026-01-01T10:00:00Z", "2026-02-01T09:00:00Z"},
      {"0 9 */1 * MON", "2026-01-01T10:00:00Z", "2026-01-05T09:00:00Z"},
      {"0 9 * * */2", "2026-01-01T10:00:00Z", "2026-01-03T09:00:00Z"},
      {"0 9 ? * 1-5", "2026-01-02T10:00:00Z", "2026-01-05T09:00:00Z"},
      // Names, case-insensitive, in lists and ranges; Sunday is 0.
      {"30 8 * JAN,jul mon-FRI", "2026-02-01T00:00:00Z", "2026-07-01T08:30:00Z"},
      {"0 0 * * sun", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z"},
      {"0 0 * * 0", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z"},
      {"0 12 * Dec *", "2026-01-01T00:00:00Z", "2026-12-01T12:00:00Z"},
      {"0 12 1 FEB-apr/2 *", "2026-02-01T12:00:00Z", "2026-04-01T12:00:00Z"},
      // Macros.
      {"@hourly", "2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z"},
      {"@daily", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"},
      {"@midnight", "2026-01-01T23:59:00Z", "2026-01-02T00:00:00Z"},
      {"@weekly", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z"},
      {"@monthly", "2026-01-15T00:00:00Z", "2026-02-01T00:00:00Z"},
      {"@yearly", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"},
      {"@annually", "2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z"},
      // UTC time-zone prefixes (Karpenter parses "TZ=UTC " + schedule).
      {"TZ=UTC 0 12 * * *", "2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z"},
      {"CRON_TZ=UTC @daily", "2026-01-01T12:00:00Z", "2026-01-02T00:00:00Z"},
      {"TZ=Etc/UTC   0 0 * * *", "2026-01-01T12:00:00Z", "2026-01-02T00:00:00Z"},
      // robfig quirks: extra whitespace, a leading '+', "*-N" is "*", empty list items.
      {"  0\t12  * *  *  ", "2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z"},
      {"+5 * * * *", "2026-01-01T12:00:00Z", "2026-01-01T12:05:00Z"},
      {"*-5 * * * *", "2026-01-01T12:30:00Z", "2026-01-01T12:31:00Z"},
      {"0,,30 * * * *", "2026-01-01T12:00:00Z", "2026-01-01T12:30:00Z"},
      {", * * * *", "2026-01-01T12:00:00Z", "never"},
  };
  for (const NextCase& c : kCases) {
    EXPECT_EQ(NextAfter(c.spec, c.from), c.want) << c.spec << " after " << c.from;
  }
}

TEST(CronSchedule, ChainedNextTimesAreIncreasing) {
  StatusOr<CronSchedule> s = CronSchedule::Parse("*/20 9-10 * * 1-5");
  ASSERT_TRUE(s.ok());
  std::vector<std::string> got;
  TimePoint t = At("2026-01-02T10:30:00Z");  // a Friday
  for (int i = 0; i < 4; ++i) {
    t = s->Next(t);
    got.push_back(FormatRfc3339(t));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"2026-01-02T10:40:00Z", "2026-01-05T09:00:00Z",
                                           "2026-01-05T09:20:00Z", "2026-01-05T09:40:00Z"}));
}

TEST(CronSchedule, ExtremeTimesDoNotOverflow) {
  StatusOr<CronSchedule> s = CronSchedule::Parse("* * * * *");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->Next(TimePoint::max()), TimePoint::max());
  EXPECT_EQ(s->Next(TimePoint::min()), TimePoint::max());
  EXPECT_EQ(FormatRfc3339(s->Next(At("1969-12-31T23:59:59Z"))), "1970-01-01T00:00:00Z");
}

TEST(CronSchedule, KeepsText) {
  StatusOr<CronSchedule> s = CronSchedule::Parse("TZ=UTC 0 9 * * MON-FRI");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->text(), "TZ=UTC 0 9 * * MON-FRI");
}

// KEDA's cron scaler parser has no cron.Descriptor option (keda.md §5.8).
TEST(CronSchedule, MacrosCanBeDisallowed) {
  StatusOr<CronSchedule> s = CronSchedule::Parse("@daily", CronOptions{.allow_macros = false});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "macros such as @daily are not accepted here");
  EXPECT_TRUE(CronSchedule::Parse("0 0 * * *", CronOptions{.allow_macros = false}).ok());
}

struct ErrorCase {
  std::string_view spec;
  std::string_view message;
};

TEST(CronSchedule, InvalidSpecs) {
  const ErrorCase kCases[] = {
      {"", "cron schedule is empty"},
      {"* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 4"},
      {"0 * * * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 6"},
      {" @daily", "expected 5 fields (minute hour day-of-month month day-of-week), found 1"},
      {"61 * * * *", "minute: 61 is out of range 0-59"},
      {"0-60 * * * *", "minute: 60 is out of range 0-59"},
      {"* 24 * * *", "hour: 24 is out of range 0-23"},
      {"* * 0 * *", "day-of-month: 0 is out of range 1-31"},
      {"* * 32 * *", "day-of-month: 32 is out of range 1-31"},
      {"* * * 13 *", "month: 13 is out of range 1-12"},
      {"* * * * 7", "day-of-week: 7 is out of range 0-6"},
      {"99999999999999999999 * * * *", "minute: 99999999999999999999 is out of range 0-59"},
      {"5-3 * * * *", "minute: range \"5-3\" is backwards"},
      {"* * * * FRI-MON", "day-of-week: range \"FRI-MON\" is backwards"},
      {"*/0 * * * *", "minute: step must be positive in \"*/0\""},
      {"*/-1 * * * *", "minute: step \"-1\" is negative"},
      {"*/x * * * *", "minute: step \"x\" is not a number"},
      {"1-2-3 * * * *", "minute: too many hyphens in \"1-2-3\""},
      {"1/2/3 * * * *", "minute: too many slashes in \"1/2/3\""},
      {"-5 * * * *", "minute: \"\" is not a number"},
      {"a * * * *", "minute: \"a\" is not a number"},
      {"JAN * * * *", "minute: \"JAN\" is not a number"},
      {"* * * FOO *", "month: \"FOO\" is not a number or a name"},
      {"* * * * MONDAY", "day-of-week: \"MONDAY\" is not a number or a name"},
      {"* * * JAN/FEB *", "month: step \"FEB\" is not a number"},
      {"1.5 * * * *", "minute: \"1.5\" is not a number"},
      {"@every 1h", "@every is not supported"},
      {"@DAILY", "unrecognized macro \"@DAILY\""},
      {"@daily ", "unrecognized macro \"@daily \""},
      {"TZ=Europe/Berlin 0 0 * * *", "time zone \"Europe/Berlin\": only UTC is supported"},
      {"CRON_TZ=Local 0 0 * * *", "time zone \"Local\": only UTC is supported"},
      {"TZ=UTC", "a time zone prefix must be followed by a space and a schedule"},
      {"TZ=UTC ", "expected 5 fields (minute hour day-of-month month day-of-week), found 0"},
  };
  for (const ErrorCase& c : kCases) {
    StatusOr<CronSchedule> s = CronSchedule::Parse(c.spec);
    ASSERT_FALSE(s.ok()) << c.spec;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument) << c.spec;
    EXPECT_EQ(s.status().message(), c.message) << c.spec;
  }
}

}  // namespace
}  // namespace swell::api
