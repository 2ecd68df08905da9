// redis, redis-cluster, redis-sentinel against keda.md §5.2 and KEDA's redis_scaler(_test).go.
#include "scalers/redis.h"

#include <gtest/gtest.h>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;

api::StringMap Meta(api::StringMap extra = {}) {
  api::StringMap m = {{"listName", "jobs"}, {"address", "redis:6379"}};
  for (auto& [k, v] : extra) m[k] = v;
  return m;
}

TEST(Redis, ParseTable) {
  struct Case {
    const char* name;
    api::StringMap meta, auth, env;
    bool ok;
  };
  const Case cases[] = {
      {"address", Meta(), {}, {}, true},
      {"addresses alias", {{"listName", "l"}, {"addresses", "a:1, b:2"}}, {}, {}, true},
      {"host and port", {{"listName", "l"}, {"host", "h"}, {"port", "6379"}}, {}, {}, true},
      {"hosts and ports", {{"listName", "l"}, {"hosts", "a,b"}, {"ports", "1,2"}}, {}, {}, true},
      {"unequal hosts and ports",
       {{"listName", "l"}, {"hosts", "a,b"}, {"ports", "1"}},
       {},
       {},
       false},
      {"host without port", {{"listName", "l"}, {"host", "h"}}, {}, {}, false},
      {"no address", {{"listName", "l"}}, {}, {}, false},
      {"address from authParams", {{"listName", "l"}}, {{"address", "a:1"}}, {}, true},
      {"address FromEnv",
       {{"listName", "l"}, {"addressFromEnv", "ADDR"}},
       {},
       {{"ADDR", "a:1"}},
       true},
      {"missing listName", {{"address", "a:1"}}, {}, {}, false},
      {"bad listLength", Meta({{"listLength", "x"}}), {}, {}, false},
      {"bad activationListLength", Meta({{"activationListLength", "1.5"}}), {}, {}, false},
      {"bad databaseIndex", Meta({{"databaseIndex", "one"}}), {}, {}, false},
      {"enableTLS", Meta({{"enableTLS", "true"}}), {}, {}, true},
      {"bad enableTLS", Meta({{"enableTLS", "yes"}}), {}, {}, false},
      {"tls from authParams", Meta(), {{"tls", "enable"}}, {}, true},
      {"bad tls", Meta(), {{"tls", "on"}}, {}, false},
      {"tls in both", Meta({{"enableTLS", "true"}}), {{"tls", "enable"}}, {}, false},
      {"password FromEnv", Meta({{"passwordFromEnv", "PW"}}), {}, {{"PW", "p"}}, true},
  };
  for (const Case& c : cases) {
    auto m = RedisScaler::ParseMetadata(Config("redis", c.meta, c.auth, c.env));
    EXPECT_EQ(m.ok(), c.ok) << c.name << ": " << m.status().ToString();
  }
  auto m = RedisScaler::ParseMetadata(Config("redis", Meta()));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->list_length, 5);
  EXPECT_EQ(m->activation_list_length, 0);
  EXPECT_EQ(m->metric_name, "s0-redis-jobs");
  EXPECT_FALSE(m->connection.target.tls);
  m = RedisScaler::ParseMetadata(Config("redis", {{"listName", "l"}, {"host", "h"}}));
  EXPECT_EQ(m.status().message(),
            "error parsing redis metadata: no addresses or hosts given. address should be a comma "
            "separated list of host:port or set the host/port values");
}

TEST(Redis, ConnectionByType) {
  api::StringMap meta = {{"listName", "l"},
                         {"hosts", "a, ::1"},
                         {"ports", "1,2"},
                         {"databaseIndex", "3"},
                         {"sentinelMaster", "mymaster"}};
  api::StringMap auth = {{"username", "u"}, {"password", "p"}, {"tls", "enable"}};
  auto single = RedisScaler::ParseMetadata(Config("redis", meta, auth));
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  EXPECT_EQ(single->connection.addresses, (std::vector<std::string>{"a:1", "[::1]:2"}));
  EXPECT_EQ(single->connection.target.addresses, (std::vector<std::string>{"a:1"}));
  EXPECT_EQ(single->connection.target.database, 3);
  EXPECT_EQ(single->connection.target.username, "u");
  EXPECT_EQ(single->connection.target.password, "p");
  EXPECT_TRUE(single->connection.target.tls);

  auto cluster = RedisScaler::ParseMetadata(Config("redis-cluster", meta, auth));
  ASSERT_TRUE(cluster.ok());
  EXPECT_EQ(cluster->mode, RedisMode::kCluster);
  EXPECT_EQ(cluster->connection.target.addresses.size(), 2u);
  EXPECT_EQ(cluster->connection.target.database, 0);  // clusters have no databases

  auto sentinel = RedisScaler::ParseMetadata(Config("redis-sentinel", meta, auth));
  ASSERT_TRUE(sentinel.ok());
  EXPECT_EQ(sentinel->mode, RedisMode::kSentinel);
  EXPECT_EQ(sentinel->connection.target.addresses.size(), 2u);
  EXPECT_EQ(sentinel->connection.target.database, 3);
  EXPECT_EQ(sentinel->connection.sentinel_master, "mymaster");
}

TEST(Redis, ValuesActivityAndSpec) {
  FakeSources s;
  s.redis_client.lengths["jobs"] = 12;
  ScalerConfig c = Config("redis", Meta({{"listLength", "4"}, {"activationListLength", "12"}}));
  c.trigger_index = 1;
  auto scaler = RedisScaler::Create(c, s);
  ASSERT_TRUE(scaler.ok()) << scaler.status().ToString();
  std::vector<MetricSpec> specs = (*scaler)->GetMetricSpecs();
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].name, "s1-redis-jobs");
  EXPECT_EQ(specs[0].target_milli, 4000);
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("s1-redis-jobs");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->values[0].milli, 12000);
  EXPECT_FALSE(r->active);  // 12 > 12 is false
  s.redis_client.lengths["jobs"] = 13;
  EXPECT_TRUE((*scaler)->GetMetricsAndActivity("s1-redis-jobs")->active);
  s.redis_client.lengths.clear();  // a missing key has length 0
  r = (*scaler)->GetMetricsAndActivity("s1-redis-jobs");
  EXPECT_EQ(r->values[0].milli, 0);
  s.redis_client.error = Unavailable("connection refused");
  EXPECT_EQ((*scaler)->GetMetricsAndActivity("m").status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.redis_client.targets.back().addresses, (std::vector<std::string>{"redis:6379"}));
}

TEST(Redis, MissingClientAndSecrets) {
  FakeSources s;
  s.has_redis = false;
  EXPECT_EQ(RedisScaler::Create(Config("redis-cluster", Meta()), s).status().message(),
            "this world has no Redis");
  const std::string secret = "hunter2-redis-secret";
  for (const ScalerConfig& c :
       {Config("redis", Meta(), {{"tls", secret}, {"password", secret}}),
        Config("redis", {{"listName", "l"}}, {{"password", secret}, {"username", secret}}),
        Config("redis", Meta({{"enableTLSFromEnv", "T"}, {"enableTLS", "x"}}),
               {{"password", secret}}, {{"T", secret}}),
        Config("redis", {{"listName", "l"}, {"hostsFromEnv", "H"}, {"ports", "1"}}, {},
               {{"H", secret + "," + secret}})}) {
    auto r = RedisScaler::ParseMetadata(c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message().find(secret), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace swell::scalers
