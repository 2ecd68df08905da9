// The Prometheus client: KEDA's query URL and reply rules (keda.md §5.4).
#include "sources/prometheus.h"

#include <gtest/gtest.h>

#include <cmath>

#include "scalers/fake_sources.h"

namespace swell::sources {
namespace {

TimePoint At(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t));
  return t;
}

TEST(PrometheusClient, QueryUrl) {
  scalers::PrometheusQuery q;
  q.server_address = "http://prom:9090";
  q.query = "sum(rate(x{a=\"b\"}[1m]))";
  q.namespace_name = "team";
  q.query_parameters = {{"dedup", "true"}};
  EXPECT_EQ(PrometheusHttpClient::QueryUrl(q, At("2026-11-27T02:00:00.5Z")),
            "http://prom:9090/api/v1/query?query=sum%28rate%28x%7Ba%3D%22b%22%7D%5B1m%5D%29%29"
            "&time=2026-11-27T02:00:00Z&namespace=team&dedup=true");
}

TEST(PrometheusClient, Replies) {
  scalers::testing::FakeHttp http;
  FakeClock clock(At("2026-11-27T02:00:00Z"));
  PrometheusHttpClient client(http, clock);
  const scalers::PrometheusQuery q = [] {
    scalers::PrometheusQuery x;
    x.server_address = "http://prom";
    x.query = "up";
    return x;
  }();
  const std::string url = PrometheusHttpClient::QueryUrl(q, clock.Now());
  auto reply = [&](int64_t status, std::string body) {
    http.replies[url] = {status, std::move(body)};
    return client.Query(q);
  };
  const std::string vec = R"({"status":"success","data":{"resultType":"vector","result":[)";
  EXPECT_EQ(*reply(200, vec + R"({"metric":{},"value":[1,"42.5"]}]}})"), 42.5);
  EXPECT_EQ(reply(200, vec + "]}}").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(reply(200, vec + R"({"value":[1,"1"]},{"value":[1,"2"]}]}})").status().message(),
            "prometheus query up returned multiple elements");
  EXPECT_TRUE(std::isnan(*reply(200, vec + R"({"value":[1,"NaN"]}]}})")));
  EXPECT_TRUE(std::isinf(*reply(200, vec + R"({"value":[1,"+Inf"]}]}})")));
  EXPECT_EQ(reply(200, vec + R"({"value":[1,"x"]}]}})").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(reply(200, vec + R"({"value":[1]}]}})").status().message(),
            "prometheus query up didn't return enough values");
  EXPECT_EQ(reply(400, "").status().message(), "prometheus query api returned error. status: 400");
  EXPECT_EQ(reply(503, "").status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(reply(200, "<html>").status().code(), StatusCode::kInvalidArgument);
}

TEST(PrometheusClient, ParseGoFloat) {
  double v = 0;
  EXPECT_TRUE(ParseGoFloat("1e3", &v));
  EXPECT_EQ(v, 1000);
  EXPECT_TRUE(ParseGoFloat("-Inf", &v));
  EXPECT_TRUE(ParseGoFloat("infinity", &v));
  EXPECT_FALSE(ParseGoFloat("", &v));
  EXPECT_FALSE(ParseGoFloat("1x", &v));
  EXPECT_FALSE(ParseGoFloat("nan1", &v));
}

}  // namespace
}  // namespace swell::sources
