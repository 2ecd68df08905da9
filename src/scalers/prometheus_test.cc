// prometheus against keda.md §5.4 and KEDA's prometheus_scaler.go / _test.go.
#include "scalers/prometheus.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;

api::StringMap Meta(api::StringMap extra = {}) {
  api::StringMap m = {{"serverAddress", "http://prometheus:9090"},
                      {"query", "sum(rate(http_requests_total[2m]))"},
                      {"threshold", "100"}};
  for (auto& [k, v] : extra) m[k] = v;
  return m;
}

TEST(Prometheus, ParseTable) {
  struct Case {
    const char* name;
    api::StringMap meta;
    api::StringMap auth;
    bool ok;
  };
  const Case cases[] = {
      {"minimal", Meta(), {}, true},
      {"float threshold", Meta({{"threshold", "1.5"}, {"activationThreshold", "0.5"}}), {}, true},
      {"missing serverAddress", {{"query", "q"}, {"threshold", "1"}}, {}, false},
      {"missing query", {{"serverAddress", "s"}, {"threshold", "1"}}, {}, false},
      {"missing threshold", {{"serverAddress", "s"}, {"query", "q"}}, {}, false},
      {"bad threshold", Meta({{"threshold", "a"}}), {}, false},
      {"bad activationThreshold", Meta({{"activationThreshold", "x"}}), {}, false},
      {"bad ignoreNullValues", Meta({{"ignoreNullValues", "maybe"}}), {}, false},
      {"custom headers", Meta({{"customHeaders", "X-A=1,X-B=2"}}), {}, true},
      {"bad custom headers", Meta({{"customHeaders", "X-A"}}), {}, false},
      {"query parameters", Meta({{"queryParameters", "a=1"}}), {}, true},
      {"timeout ms", Meta({{"timeout", "1000"}}), {}, true},
      {"timeout duration", Meta({{"timeout", "2s"}}), {}, true},
      {"negative timeout", Meta({{"timeout", "-1"}}), {}, false},
      {"bearer", Meta({{"authModes", "bearer"}}), {{"bearerToken", "t"}}, true},
      {"bearer via token alias", Meta({{"authModes", "bearer"}}), {{"token", "t"}}, true},
      {"bearer without token", Meta({{"authModes", "bearer"}}), {}, false},
      {"basic", Meta({{"authModes", "basic"}}), {{"username", "u"}, {"password", "p"}}, true},
      {"basic without username", Meta({{"authModes", "basic"}}), {{"password", "p"}}, false},
      {"basic and bearer exclusive",
       Meta({{"authModes", "basic,bearer"}}),
       {{"username", "u"}, {"bearerToken", "t"}},
       false},
      {"unknown auth mode", Meta({{"authModes", "kerberos"}}), {}, false},
      {"authModes from authParams",
       Meta(),
       {{"authModes", "custom"}, {"customAuthHeader", "X-Key"}, {"customAuthValue", "v"}},
       true},
      {"custom without value", Meta({{"authModes", "custom"}}), {{"customAuthHeader", "X"}}, false},
      {"tls needs cert and key", Meta({{"authModes", "tls"}}), {{"cert", "c"}}, false},
  };
  for (const Case& c : cases) {
    auto m = PrometheusScaler::ParseMetadata(Config("prometheus", c.meta, c.auth));
    EXPECT_EQ(m.ok(), c.ok) << c.name << ": " << m.status().ToString();
  }
  auto m = PrometheusScaler::ParseMetadata(Config("prometheus", Meta()));
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->ignore_null_values);  // default true
  EXPECT_DOUBLE_EQ(m->activation_threshold, 0);
  EXPECT_EQ(m->metric_name, "s0-prometheus");
  m = PrometheusScaler::ParseMetadata(Config("prometheus", Meta({{"timeout", "1500"}})));
  EXPECT_EQ(m->timeout, Milliseconds(1500));
}

TEST(Prometheus, PodIdentityWithAuthModes) {
  ScalerConfig c = Config("prometheus", Meta({{"authModes", "bearer"}}), {{"bearerToken", "t"}});
  c.pod_identity = "azure-workload";
  EXPECT_EQ(PrometheusScaler::ParseMetadata(c).status().message(),
            "error parsing prometheus metadata: pod identity cannot be enabled with other auth "
            "types");
  c.pod_identity = "none";
  EXPECT_TRUE(PrometheusScaler::ParseMetadata(c).ok());
}

TEST(Prometheus, MetricSpecMilliTarget) {
  FakeSources s;
  ScalerConfig c = Config("prometheus", Meta({{"threshold", "0.25"}}));
  c.trigger_index = 1;
  auto scaler = PrometheusScaler::Create(c, s);
  ASSERT_TRUE(scaler.ok()) << scaler.status().ToString();
  std::vector<MetricSpec> specs = (*scaler)->GetMetricSpecs();
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].name, "s1-prometheus");
  EXPECT_EQ(specs[0].target_type, "AverageValue");
  EXPECT_EQ(specs[0].target_milli, 250);  // GetMetricTargetMili
  c.metadata["threshold"] = "-3";
  EXPECT_EQ((*PrometheusScaler::Create(c, s))->GetMetricSpecs()[0].target_milli, 0);
}

TEST(Prometheus, ValuesActivityAndNulls) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  struct Case {
    const char* name;
    api::StringMap extra;
    StatusOr<double> reply;
    StatusCode code;
    int64_t milli;
    bool active;
  };
  const Case cases[] = {
      {"value", {}, 12.5, StatusCode::kOk, 12500, true},
      {"zero", {}, 0.0, StatusCode::kOk, 0, false},
      {"at activation", {{"activationThreshold", "5"}}, 5.0, StatusCode::kOk, 5000, false},
      {"above activation", {{"activationThreshold", "5"}}, 5.001, StatusCode::kOk, 5001, true},
      {"negative", {}, -4.0, StatusCode::kOk, 0, false},
      {"empty ignored", {}, StatusOr<double>(NotFound("empty")), StatusCode::kOk, 0, false},
      {"empty not ignored",
       {{"ignoreNullValues", "false"}},
       StatusOr<double>(NotFound("empty")),
       StatusCode::kInvalidArgument,
       0,
       false},
      {"NaN ignored", {}, kNaN, StatusCode::kOk, 0, false},
      {"NaN not ignored",
       {{"ignoreNullValues", "f"}},
       kNaN,
       StatusCode::kInvalidArgument,
       0,
       false},
      {"Inf ignored", {}, kInf, StatusCode::kOk, 0, false},
      {"Inf not ignored",
       {{"ignoreNullValues", "0"}},
       -kInf,
       StatusCode::kInvalidArgument,
       0,
       false},
      {"source down",
       {},
       StatusOr<double>(Unavailable("connection refused")),
       StatusCode::kUnavailable,
       0,
       false},
  };
  for (const Case& c : cases) {
    FakeSources s;
    s.prometheus_client.reply = c.reply;
    auto scaler = PrometheusScaler::Create(Config("prometheus", Meta(c.extra)), s);
    ASSERT_TRUE(scaler.ok()) << c.name;
    StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("s0-prometheus");
    ASSERT_EQ(r.status().code(), c.code) << c.name << ": " << r.status().ToString();
    if (!r.ok()) continue;
    ASSERT_EQ(r->values.size(), 1u);
    EXPECT_EQ(r->values[0].name, "s0-prometheus");
    EXPECT_EQ(r->values[0].milli, c.milli) << c.name;
    EXPECT_EQ(r->active, c.active) << c.name;
  }
  FakeSources s;
  s.prometheus_client.reply = NotFound("empty");
  auto scaler =
      PrometheusScaler::Create(Config("prometheus", Meta({{"ignoreNullValues", "false"}})), s);
  EXPECT_EQ((*scaler)->GetMetricsAndActivity("m").status().message(),
            "prometheus metrics 'prometheus' target may be lost, the result is empty");
}

TEST(Prometheus, RequestCarriesQueryAndHeaders) {
  FakeSources s;
  s.prometheus_client.reply = 1.0;
  auto scaler = PrometheusScaler::Create(Config("prometheus",
                                                Meta({{"customHeaders", "X-Scope-OrgID=team-a"},
                                                      {"unsafeSsl", "true"},
                                                      {"authModes", "basic"}}),
                                                {{"username", "user"}, {"password", "pass"}}),
                                         s);
  ASSERT_TRUE(scaler.ok()) << scaler.status().ToString();
  ASSERT_TRUE((*scaler)->GetMetricsAndActivity("m").ok());
  ASSERT_EQ(s.prometheus_client.queries.size(), 1u);
  const PrometheusQuery& q = s.prometheus_client.queries[0];
  EXPECT_EQ(q.server_address, "http://prometheus:9090");
  EXPECT_EQ(q.query, "sum(rate(http_requests_total[2m]))");
  EXPECT_TRUE(q.unsafe_ssl);
  EXPECT_EQ(q.headers.at("X-Scope-OrgID"), "team-a");
  EXPECT_EQ(q.headers.at("Authorization"), "Basic dXNlcjpwYXNz");  // base64("user:pass")

  auto bearer = PrometheusScaler::Create(
      Config("prometheus", Meta({{"authModes", "bearer"}}), {{"bearerToken", "tok"}}), s);
  ASSERT_TRUE((*bearer)->GetMetricsAndActivity("m").ok());
  EXPECT_EQ(s.prometheus_client.queries.back().headers.at("Authorization"), "Bearer tok");

  auto custom = PrometheusScaler::Create(
      Config("prometheus", Meta({{"authModes", "custom"}}),
             {{"customAuthHeader", "X-Api-Key"}, {"customAuthValue", "k"}}),
      s);
  ASSERT_TRUE((*custom)->GetMetricsAndActivity("m").ok());
  EXPECT_EQ(s.prometheus_client.queries.back().headers.at("X-Api-Key"), "k");
}

TEST(Prometheus, UnsupportedAuthAndMissingClient) {
  FakeSources s;
  auto tls = PrometheusScaler::Create(
      Config("prometheus", Meta({{"authModes", "tls"}}), {{"cert", "c"}, {"key", "k"}}), s);
  EXPECT_EQ(tls.status().code(), StatusCode::kUnimplemented);
  s.has_prometheus = false;
  auto none = PrometheusScaler::Create(Config("prometheus", Meta()), s);
  EXPECT_EQ(none.status().code(), StatusCode::kUnimplemented);
  EXPECT_EQ(none.status().message(), "this world has no Prometheus");
}

TEST(Prometheus, NoErrorMessageContainsACredential) {
  const std::string secret = "glsa_secretTOKENvalue";
  const std::vector<ScalerConfig> configs = {
      Config("prometheus", Meta({{"authModes", "basic"}}), {{"password", secret}}),
      Config("prometheus", Meta({{"authModes", "bearer,basic"}}),
             {{"bearerToken", secret}, {"username", secret}}),
      Config("prometheus", Meta(), {{"authModes", secret}}),
      Config("prometheus", Meta({{"authModes", "custom"}}), {{"customAuthValue", secret}}),
  };
  for (const ScalerConfig& c : configs) {
    FakeSources s;
    auto r = PrometheusScaler::Create(c, s);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message().find(secret), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace swell::scalers
