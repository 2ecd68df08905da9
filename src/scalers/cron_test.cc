// cron against keda.md §5.8 and KEDA's cron_scaler.go / cron_scaler_test.go.
#include "scalers/cron.h"

#include <gtest/gtest.h>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;

TimePoint At(const char* rfc3339) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &t)) << rfc3339;
  return t;
}

api::StringMap Window(const char* start, const char* end, const char* replicas = "10") {
  return {{"timezone", "UTC"}, {"start", start}, {"end", end}, {"desiredReplicas", replicas}};
}

TEST(Cron, ParseTable) {
  struct Case {
    const char* name;
    api::StringMap meta;
    StatusCode code;
  };
  const Case cases[] = {
      {"valid", Window("0 6 * * *", "0 20 * * *"), StatusCode::kOk},
      {"ranges and names", Window("*/5 9-17 ? JAN-DEC MON-FRI", "0 18 * * *"), StatusCode::kOk},
      {"missing timezone",
       {{"start", "0 6 * * *"}, {"end", "0 7 * * *"}, {"desiredReplicas", "1"}},
       StatusCode::kInvalidArgument},
      {"missing start",
       {{"timezone", "UTC"}, {"end", "0 7 * * *"}, {"desiredReplicas", "1"}},
       StatusCode::kInvalidArgument},
      {"missing desiredReplicas",
       {{"timezone", "UTC"}, {"start", "0 6 * * *"}, {"end", "0 7 * * *"}},
       StatusCode::kInvalidArgument},
      {"zero desiredReplicas", Window("0 6 * * *", "0 7 * * *", "0"), StatusCode::kInvalidArgument},
      {"float desiredReplicas", Window("0 6 * * *", "0 7 * * *", "1.5"),
       StatusCode::kInvalidArgument},
      {"same start and end", Window("0 6 * * *", "0 6 * * *"), StatusCode::kInvalidArgument},
      {"bad start", Window("0 25 * * *", "0 6 * * *"), StatusCode::kInvalidArgument},
      {"six fields", Window("0 0 6 * * *", "0 7 * * *"), StatusCode::kInvalidArgument},
      {"macros are rejected", Window("@daily", "0 7 * * *"), StatusCode::kInvalidArgument},
      {"other time zones",
       {{"timezone", "Europe/Berlin"},
        {"start", "0 6 * * *"},
        {"end", "0 7 * * *"},
        {"desiredReplicas", "1"}},
       StatusCode::kUnimplemented},
      {"Etc/UTC",
       {{"timezone", "Etc/UTC"},
        {"start", "0 6 * * *"},
        {"end", "0 7 * * *"},
        {"desiredReplicas", "1"}},
       StatusCode::kOk},
  };
  for (const Case& c : cases) {
    StatusOr<CronScaler::Meta> m = CronScaler::ParseMetadata(Config("cron", c.meta));
    EXPECT_EQ(m.status().code(), c.code) << c.name << ": " << m.status().ToString();
  }
  StatusOr<CronScaler::Meta> m =
      CronScaler::ParseMetadata(Config("cron", Window("0 6 * * *", "0 6 * * *")));
  EXPECT_EQ(m.status().message(),
            "error parsing cron metadata: start and end can not have exactly same time input");
  m = CronScaler::ParseMetadata(Config("cron", Window("0 6 * * *", "0 7 * * *", "0")));
  EXPECT_EQ(m.status().message(), "error parsing cron metadata: no desiredReplicas specified");
  m = CronScaler::ParseMetadata(Config("cron", {{"timezone", "Asia/Kolkata"},
                                                {"start", "0 6 * * *"},
                                                {"end", "0 7 * * *"},
                                                {"desiredReplicas", "1"}}));
  EXPECT_NE(m.status().message().find("Asia/Kolkata"), std::string::npos);
  EXPECT_NE(m.status().message().find("UTC only"), std::string::npos);
}

TEST(Cron, MetricNameRewrite) {
  ScalerConfig c = Config("cron", {{"timezone", "Etc/UTC"},
                                   {"start", "*/5 9-17 ? * 1,3"},
                                   {"end", "0 18 * * *"},
                                   {"desiredReplicas", "4"}});
  c.trigger_index = 2;
  FakeSources s;
  auto scaler = CronScaler::Create(c, s);
  ASSERT_TRUE(scaler.ok()) << scaler.status().ToString();
  std::vector<MetricSpec> specs = (*scaler)->GetMetricSpecs();
  ASSERT_EQ(specs.size(), 1u);
  // "/" in the time zone is normalized to "-" after the cron rewrite.
  EXPECT_EQ(specs[0].name, "s2-cron-Etc-UTC-xSl59-17Qmx1Cm3-018xxx");
  EXPECT_EQ(specs[0].target_type, "AverageValue");
  EXPECT_EQ(specs[0].target_milli, 1000);  // target 1: HPA desired = desiredReplicas
}

TEST(Cron, WindowValuesAndActivity) {
  FakeSources s;
  auto scaler = CronScaler::Create(Config("cron", Window("0 6 * * *", "0 20 * * *")), s);
  ASSERT_TRUE(scaler.ok());
  struct Case {
    const char* now;
    bool inside;
  };
  const Case cases[] = {
      {"2026-03-02T05:59:59Z", false}, {"2026-03-02T06:00:00Z", true},
      {"2026-03-02T06:00:01Z", true},  {"2026-03-02T12:00:00Z", true},
      {"2026-03-02T19:59:59Z", true},  {"2026-03-02T20:00:00Z", false},
      {"2026-03-02T23:00:00Z", false},
  };
  for (const Case& c : cases) {
    s.fake_clock.Set(At(c.now));
    StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("s0-cron");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->values.size(), 1u);
    EXPECT_EQ(r->values[0].name, "s0-cron");
    EXPECT_EQ(r->active, c.inside) << c.now;
    EXPECT_EQ(r->values[0].milli, c.inside ? 10000 : 0) << c.now;
  }
}

TEST(Cron, WindowAcrossMidnight) {
  FakeSources s;
  auto scaler = CronScaler::Create(Config("cron", Window("0 22 * * *", "0 2 * * *", "3")), s);
  ASSERT_TRUE(scaler.ok());
  for (auto [now, inside] : {std::pair{"2026-03-02T21:59:00Z", false},
                             {"2026-03-02T22:00:00Z", true},
                             {"2026-03-03T01:59:30Z", true},
                             {"2026-03-03T02:00:00Z", false},
                             {"2026-03-03T12:00:00Z", false}}) {
    s.fake_clock.Set(At(now));
    StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("m");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->active, inside) << now;
  }
}

TEST(Cron, ScheduleThatNeverFires) {
  // Feb 30 never comes: robfig returns the zero time, which sorts first. KEDA's formula then
  // says "inside" for a start that never fires and an end that does.
  FakeSources s;
  s.fake_clock.Set(At("2026-03-02T12:00:00Z"));
  auto scaler = CronScaler::Create(Config("cron", Window("0 0 30 2 *", "0 20 * * *")), s);
  ASSERT_TRUE(scaler.ok());
  EXPECT_TRUE((*scaler)->GetMetricsAndActivity("m")->active);
  // An end that never fires: never inside.
  scaler = CronScaler::Create(Config("cron", Window("0 6 * * *", "0 0 30 2 *")), s);
  ASSERT_TRUE(scaler.ok());
  EXPECT_FALSE((*scaler)->GetMetricsAndActivity("m")->active);
}

TEST(Cron, NegativeDesiredReplicasReportsZero) {
  FakeSources s;
  s.fake_clock.Set(At("2026-03-02T12:00:00Z"));
  auto scaler = CronScaler::Create(Config("cron", Window("0 6 * * *", "0 20 * * *", "-2")), s);
  ASSERT_TRUE(scaler.ok());
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("m");
  EXPECT_TRUE(r->active);
  EXPECT_EQ(r->values[0].milli, 0);  // GenerateMetricInMili: negative -> 0
}

}  // namespace
}  // namespace swell::scalers
