// metrics-api against KEDA's metrics_api_scaler.go and metrics_api_scaler_test.go.
#include "scalers/metrics_api.h"

#include <gtest/gtest.h>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;

constexpr char kUrl[] = "http://api:8080/metrics";

api::StringMap Meta(api::StringMap extra = {}) {
  api::StringMap m = {
      {"url", kUrl}, {"valueLocation", "components.worker.tasks"}, {"targetValue", "5"}};
  for (auto& [k, v] : extra) m[k] = v;
  return m;
}

TEST(MetricsApi, ParseTable) {
  struct Case {
    const char* name;
    api::StringMap meta;
    api::StringMap auth;
    bool ok;
  };
  const Case cases[] = {
      {"valid", Meta(), {}, true},
      {"missing url", {{"valueLocation", "a"}, {"targetValue", "1"}}, {}, false},
      {"missing valueLocation", {{"url", kUrl}, {"targetValue", "1"}}, {}, false},
      {"missing targetValue", {{"url", kUrl}, {"valueLocation", "a"}}, {}, false},
      {"zero targetValue", Meta({{"targetValue", "0"}}), {}, false},
      {"float target", Meta({{"targetValue", "2.5"}}), {}, true},
      {"bad target", Meta({{"targetValue", "x"}}), {}, false},
      {"bad format", Meta({{"format", "csv"}}), {}, false},
      {"bad aggregationType", Meta({{"aggregationType", "median"}}), {}, false},
      {"timeout ms", Meta({{"timeout", "500"}}), {}, true},
      {"apiKey auth", Meta({{"authMode", "apiKey"}}), {{"apiKey", "k"}}, true},
      {"apiKey auth without key", Meta({{"authMode", "apiKey"}}), {}, false},
      {"bearer without token", Meta({{"authMode", "bearer"}}), {}, false},
  };
  for (const Case& c : cases) {
    StatusOr<MetricsApiScaler::Meta> m =
        MetricsApiScaler::ParseMetadata(Config("metrics-api", c.meta, c.auth));
    EXPECT_EQ(m.ok(), c.ok) << c.name << ": " << m.status().ToString();
  }
  ScalerConfig modifiers = Config("metrics-api", {{"url", kUrl}, {"valueLocation", "a"}});
  modifiers.as_metric_source = true;  // scalingModifiers: the target may be omitted
  EXPECT_TRUE(MetricsApiScaler::ParseMetadata(modifiers).ok());
  EXPECT_EQ(MetricsApiScaler::ParseMetadata(Config("metrics-api", Meta({{"targetValue", "0"}})))
                .status()
                .message(),
            "error parsing metrics-api metadata: no targetValue given in metadata");
}

TEST(MetricsApi, SpecAndUnsupportedOptions) {
  FakeSources s;
  ScalerConfig c = Config("metrics-api", Meta({{"targetValue", "2.5"}}));
  c.trigger_index = 2;
  auto scaler = MetricsApiScaler::Create(c, s);
  ASSERT_TRUE(scaler.ok()) << scaler.status().ToString();
  MetricSpec spec = (*scaler)->GetMetricSpecs()[0];
  EXPECT_EQ(spec.name, "s2-metric-api-components-worker-tasks");
  EXPECT_EQ(spec.target_milli, 2500);
  for (auto [k, v] : {std::pair{"format", "xml"}, {"aggregateFromKubeServiceEndpoints", "true"}}) {
    EXPECT_EQ(MetricsApiScaler::Create(Config("metrics-api", Meta({{k, v}})), s).status().code(),
              StatusCode::kUnimplemented)
        << k;
  }
}

TEST(MetricsApi, ValueFromJson) {
  const std::string body =
      R"({"components":{"worker":{"tasks":12,"q":"1500m","s":"abc","b":true}},"n":2.5})";
  EXPECT_EQ(*MetricsApiScaler::ValueFromJson(body, "components.worker.tasks"), 12);
  EXPECT_EQ(*MetricsApiScaler::ValueFromJson(body, "components.worker.q"), 1.5);
  EXPECT_EQ(*MetricsApiScaler::ValueFromJson(body, "n"), 2.5);
  EXPECT_EQ(MetricsApiScaler::ValueFromJson(body, "components.worker.s").status().message(),
            "valueLocation \"components.worker.s\" points to a string that is not parseable as a "
            "Quantity");
  EXPECT_EQ(MetricsApiScaler::ValueFromJson(body, "components.worker.b").status().message(),
            "valueLocation \"components.worker.b\" must point to a numeric value or a string "
            "parseable as a Quantity, got True");
  EXPECT_EQ(MetricsApiScaler::ValueFromJson(body, "nope").status().message(),
            "valueLocation \"nope\" must point to a numeric value or a string parseable as a "
            "Quantity, got Null");
  EXPECT_FALSE(MetricsApiScaler::ValueFromJson("not json", "a").ok());
}

TEST(MetricsApi, PollsAndAuthenticates) {
  FakeSources s;
  s.http_client.replies[std::string(kUrl) + "?key=s3cr3t"] = {
      200, R"({"components":{"worker":{"tasks":7}}})"};
  auto scaler = MetricsApiScaler::Create(Config("metrics-api",
                                                Meta({{"authMode", "apiKey"},
                                                      {"method", "query"},
                                                      {"keyParamName", "key"},
                                                      {"activationTargetValue", "7"}}),
                                                {{"apiKey", "s3cr3t"}}),
                                         s);
  ASSERT_TRUE(scaler.ok());
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("s0-m");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 7000);
  EXPECT_FALSE(r->active);  // 7 > 7 is false

  FakeSources h;
  h.http_client.replies[kUrl] = {200, R"({"components":{"worker":{"tasks":9}}})"};
  scaler = MetricsApiScaler::Create(
      Config("metrics-api", Meta({{"authMode", "apiKey"}}), {{"apiKey", "s3cr3t"}}), h);
  ASSERT_TRUE(scaler.ok());
  r = (*scaler)->GetMetricsAndActivity("s0-m");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->active);
  EXPECT_EQ(h.http_client.requests[0].headers.at("X-API-KEY"), "s3cr3t");
}

TEST(MetricsApi, ErrorsNameTheCause) {
  FakeSources s;
  s.http_client.replies[kUrl] = {500, "boom"};
  auto scaler = MetricsApiScaler::Create(Config("metrics-api", Meta()), s);
  ASSERT_TRUE(scaler.ok());
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("m");
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(r.status().message(), "error requesting metrics endpoint: /metrics: api returned 500");
  s.http_client.replies[kUrl] = {200, "{oops"};
  r = (*scaler)->GetMetricsAndActivity("m");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  s.http_client.error =
      Status(StatusCode::kDeadlineExceeded, "GET http://api:8080/metrics: no answer within 3s");
  EXPECT_EQ((*scaler)->GetMetricsAndActivity("m").status().code(), StatusCode::kDeadlineExceeded);
}

}  // namespace
}  // namespace swell::scalers
