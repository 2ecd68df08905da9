// redis-streams against keda.md §5.2 and KEDA's redis_streams_scaler(_test).go.
#include "scalers/redis_streams.h"

#include <gtest/gtest.h>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;

api::StringMap Meta(api::StringMap extra = {}) {
  api::StringMap m = {{"stream", "orders"}, {"address", "redis:6379"}};
  for (auto& [k, v] : extra) m[k] = v;
  return m;
}

TEST(RedisStreams, ModeAndTarget) {
  struct Case {
    const char* name;
    api::StringMap meta;
    std::string_view mode;
    int64_t target;
  };
  const Case cases[] = {
      {"no group: stream length", Meta(), kStreamModeXLen, 5},
      {"no group, streamLength", Meta({{"streamLength", "20"}}), kStreamModeXLen, 20},
      {"group: pending entries", Meta({{"consumerGroup", "g"}}), kStreamModeXPending, 5},
      {"group, pendingEntriesCount", Meta({{"consumerGroup", "g"}, {"pendingEntriesCount", "7"}}),
       kStreamModeXPending, 7},
      {"group and lagCount: lag", Meta({{"consumerGroup", "g"}, {"lagCount", "3"}}), kStreamModeLag,
       3},
      {"lagCount without group: stream length", Meta({{"lagCount", "3"}}), kStreamModeXLen, 5},
  };
  for (const Case& c : cases) {
    auto m = RedisStreamsScaler::ParseMetadata(Config("redis-streams", c.meta));
    ASSERT_TRUE(m.ok()) << c.name << ": " << m.status().ToString();
    EXPECT_EQ(m->mode, c.mode) << c.name;
    EXPECT_EQ(m->target, c.target) << c.name;
  }
}

TEST(RedisStreams, ParseErrors) {
  for (const api::StringMap& meta :
       {api::StringMap{{"address", "a:1"}}, api::StringMap{{"stream", "s"}},
        Meta({{"pendingEntriesCount", "x"}}), Meta({{"activationLagCount", "1.5"}}),
        Meta({{"enableTLS", "maybe"}})}) {
    EXPECT_FALSE(RedisStreamsScaler::ParseMetadata(Config("redis-streams", meta)).ok());
  }
}

TEST(RedisStreams, ValuesActivityAndSpec) {
  FakeSources s;
  s.redis_client.streams["orders|g|lag"] = 9;
  ScalerConfig c =
      Config("redis-cluster-streams",
             Meta({{"consumerGroup", "g"}, {"lagCount", "3"}, {"activationLagCount", "9"}}));
  c.trigger_index = 4;
  auto scaler = RedisStreamsScaler::Create(c, s);
  ASSERT_TRUE(scaler.ok()) << scaler.status().ToString();
  std::vector<MetricSpec> specs = (*scaler)->GetMetricSpecs();
  EXPECT_EQ(specs[0].name, "s4-redis-streams-orders");
  EXPECT_EQ(specs[0].target_milli, 3000);
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("s4-redis-streams-orders");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 9000);
  EXPECT_FALSE(r->active);  // strictly greater than activationLagCount
  s.redis_client.streams["orders|g|lag"] = 10;
  EXPECT_TRUE((*scaler)->GetMetricsAndActivity("m")->active);
  EXPECT_EQ(s.redis_client.targets.back().database, 0);

  auto xlen = RedisStreamsScaler::Create(Config("redis-sentinel-streams", Meta()), s);
  ASSERT_TRUE(xlen.ok());
  s.redis_client.streams["orders||xlen"] = 1;
  r = (*xlen)->GetMetricsAndActivity("m");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->values[0].milli, 1000);
  EXPECT_TRUE(r->active);
  s.has_redis = false;
  EXPECT_EQ(RedisStreamsScaler::Create(Config("redis-streams", Meta()), s).status().code(),
            StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace swell::scalers
