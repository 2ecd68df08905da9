// nats-jetstream against KEDA's nats_jetstream_scaler.go and its tests.
#include "scalers/nats_jetstream.h"

#include <gtest/gtest.h>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;

api::StringMap Meta(api::StringMap extra = {}) {
  api::StringMap m = {{"natsServerMonitoringEndpoint", "nats.svc:8222"},
                      {"account", "$G"},
                      {"stream", "orders"},
                      {"consumer", "worker"}};
  for (auto& [k, v] : extra) m[k] = v;
  return m;
}

constexpr char kJsz[] = R"({"meta_cluster":{"cluster_size":1},"account_details":[
  {"name":"$G","id":"$G","stream_detail":[
    {"name":"other","consumer_detail":[{"name":"worker","num_pending":100,"num_ack_pending":1}]},
    {"name":"orders","state":{"messages":30},"consumer_detail":[
      {"name":"audit","num_pending":1,"num_ack_pending":0},
      {"name":"worker","num_pending":25,"num_ack_pending":3}]}]}]})";

TEST(NatsJetStream, ParseTable) {
  struct Case {
    const char* name;
    api::StringMap meta;
    api::StringMap auth;
    bool ok;
  };
  const Case cases[] = {
      {"valid", Meta(), {}, true},
      {"accountID only",
       {{"natsServerMonitoringEndpoint", "n:8222"},
        {"accountID", "A1"},
        {"stream", "s"},
        {"consumer", "c"}},
       {},
       true},
      {"no account",
       {{"natsServerMonitoringEndpoint", "n:8222"}, {"stream", "s"}, {"consumer", "c"}},
       {},
       false},
      {"endpoint from authParams",
       {{"account", "$G"}, {"stream", "s"}, {"consumer", "c"}},
       {{"natsServerMonitoringEndpoint", "n:8222"}},
       true},
      {"missing endpoint", {{"account", "$G"}, {"stream", "s"}, {"consumer", "c"}}, {}, false},
      {"missing stream", Meta({{"stream", ""}}), {}, false},
      {"missing consumer", Meta({{"consumer", ""}}), {}, false},
      {"bad lagThreshold", Meta({{"lagThreshold", "x"}}), {}, false},
      {"bad useHttps", Meta({{"useHttps", "maybe"}}), {}, false},
  };
  for (const Case& c : cases) {
    auto m = NatsJetStreamScaler::ParseMetadata(Config("nats-jetstream", c.meta, c.auth));
    EXPECT_EQ(m.ok(), c.ok) << c.name << ": " << m.status().ToString();
  }
  auto m =
      NatsJetStreamScaler::ParseMetadata(Config("nats-jetstream", Meta({{"useHttps", "true"}})));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->monitoring_url, "https://nats.svc:8222/jsz?acc=%24G&config=true&consumers=true");
  EXPECT_EQ(m->lag_threshold, 10);
  EXPECT_EQ(m->metric_name, "s0-nats-jetstream-orders");
}

TEST(NatsJetStream, PendingPlusAckPending) {
  FakeSources s;
  s.http_client.replies["http://nats.svc:8222/jsz?acc=%24G&config=true&consumers=true"] = {200,
                                                                                           kJsz};
  auto scaler = NatsJetStreamScaler::Create(
      Config("nats-jetstream", Meta({{"activationLagThreshold", "27"}})), s);
  ASSERT_TRUE(scaler.ok()) << scaler.status().ToString();
  EXPECT_EQ((*scaler)->GetMetricSpecs()[0].target_milli, 10000);
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("s0-nats-jetstream-orders");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 28000);
  EXPECT_TRUE(r->active);  // 28 > 27
}

TEST(NatsJetStream, Errors) {
  FakeSources s;
  auto scaler =
      NatsJetStreamScaler::Create(Config("nats-jetstream", Meta({{"consumer", "gone"}})), s);
  ASSERT_TRUE(scaler.ok());
  const std::string url = "http://nats.svc:8222/jsz?acc=%24G&config=true&consumers=true";
  s.http_client.replies[url] = {200, kJsz};
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("m");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "consumer \"gone\" not found in stream \"orders\"");
  s.http_client.replies[url] = {200, "<html>"};
  EXPECT_EQ((*scaler)->GetMetricsAndActivity("m").status().code(), StatusCode::kInvalidArgument);
  s.http_client.replies[url] = {503, ""};
  EXPECT_EQ((*scaler)->GetMetricsAndActivity("m").status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace swell::scalers
