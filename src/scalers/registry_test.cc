// The registry table, and every scaler's parameter table against KEDA's embedded scaler schema
// (../shared/reference/crds/scalers-schema.json; keda.md §1.5).
#include "scalers/registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "api/keda/scaler_schema.h"
#include "scalers/aws_sqs_queue.h"
#include "scalers/cpu_memory.h"
#include "scalers/cron.h"
#include "scalers/fake_sources.h"
#include "scalers/http_auth.h"
#include "scalers/kafka.h"
#include "scalers/metrics_api.h"
#include "scalers/nats_jetstream.h"
#include "scalers/postgresql.h"
#include "scalers/prometheus.h"
#include "scalers/rabbitmq.h"
#include "scalers/redis.h"
#include "scalers/redis_streams.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;

TEST(Registry, TableIsSortedAndUnique) {
  std::vector<std::string_view> types = ScalerTypes();
  ASSERT_FALSE(types.empty());
  EXPECT_TRUE(std::is_sorted(types.begin(), types.end()));
  EXPECT_EQ(std::adjacent_find(types.begin(), types.end()), types.end());
}

TEST(Registry, SortScript) {
  // tools/sort_scalers.sh accepts the table as committed (ctest runs from the source dir).
  if (std::system("test -x tools/sort_scalers.sh") != 0) GTEST_SKIP() << "not in the source dir";
  EXPECT_EQ(std::system("tools/sort_scalers.sh src/scalers/registry.cc > /dev/null"), 0);
  // ... and rejects an unsorted or duplicated one.
  ASSERT_EQ(std::system("printf '// SCALERS-START\\n    {\"redis\", &A},\\n    {\"cpu\", &B},\\n"
                        "// SCALERS-END\\n' > /tmp/swell_sort_scalers_test.cc"),
            0);
  EXPECT_NE(std::system("tools/sort_scalers.sh /tmp/swell_sort_scalers_test.cc > /dev/null"), 0);
  ASSERT_EQ(std::system("printf '// SCALERS-START\\n    {\"cpu\", &A},\\n    {\"cpu\", &B},\\n"
                        "// SCALERS-END\\n' > /tmp/swell_sort_scalers_test.cc"),
            0);
  EXPECT_NE(std::system("tools/sort_scalers.sh /tmp/swell_sort_scalers_test.cc > /dev/null"), 0);
  std::remove("/tmp/swell_sort_scalers_test.cc");
}

TEST(Registry, MatchesImplementedTriggerTypes) {
  std::vector<std::string_view> types = ScalerTypes();
  std::set<std::string_view> registry(types.begin(), types.end());
  std::set<std::string_view> api(api::keda::kImplementedTriggerTypes.begin(),
                                 api::keda::kImplementedTriggerTypes.end());
  EXPECT_EQ(registry, api);
  for (std::string_view t : types) {
    EXPECT_NE(api::keda::FindScalerSchema(t), nullptr) << t << " is not a KEDA scaler";
  }
}

TEST(Registry, FindAndBuild) {
  EXPECT_NE(FindScaler("aws-sqs-queue"), nullptr);
  EXPECT_EQ(FindScaler("redis"), FindScaler("redis-sentinel"));
  EXPECT_EQ(FindScaler("activemq"), nullptr);
  EXPECT_EQ(FindScaler(""), nullptr);
  EXPECT_EQ(FindScaler("aws-sqs"), nullptr);

  FakeSources s;
  StatusOr<std::unique_ptr<Scaler>> r = BuildScaler(Config("activemq", {}), s);
  EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(r.status().message().find("activemq"), std::string::npos);
  r = BuildScaler(Config("redis", {{"listName", "l"}, {"address", "a:1"}}), s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->GetMetricSpecs()[0].name, "s0-redis-l");
  (*r)->Close();
  (*r)->Close();  // idempotent
}

// A minimal valid trigger per type, built through the registry with and without clients.
TEST(Registry, EveryTypeBuilds) {
  const std::map<std::string, std::pair<api::StringMap, api::StringMap>> minimal = {
      {"apache-kafka", {{{"bootstrapServers", "b:9092"}, {"consumerGroup", "g"}}, {}}},
      {"aws-sqs-queue",
       {{{"queueURL", "q"}, {"awsRegion", "r"}},
        {{"awsAccessKeyID", "a"}, {"awsSecretAccessKey", "s"}}}},
      {"cpu", {{{"value", "50"}}, {}}},
      {"cron",
       {{{"timezone", "UTC"},
         {"start", "0 6 * * *"},
         {"end", "0 7 * * *"},
         {"desiredReplicas", "2"}},
        {}}},
      {"kafka", {{{"bootstrapServers", "b:9092"}, {"consumerGroup", "g"}}, {}}},
      {"memory", {{{"value", "50"}}, {}}},
      {"metrics-api",
       {{{"url", "http://api/metrics"}, {"valueLocation", "a.b"}, {"targetValue", "5"}}, {}}},
      {"nats-jetstream",
       {{{"natsServerMonitoringEndpoint", "nats:8222"},
         {"account", "$G"},
         {"stream", "s"},
         {"consumer", "c"}},
        {}}},
      {"postgresql",
       {{{"query", "select 1"}, {"targetQueryValue", "1"}},
        {{"connection", "host=db user=u password=p"}}}},
      {"rabbitmq", {{{"queueName", "q"}, {"host", "http://guest:guest@rabbit:15672/"}}, {}}},
      {"prometheus", {{{"serverAddress", "http://p"}, {"query", "up"}, {"threshold", "1"}}, {}}},
      {"redis", {{{"listName", "l"}, {"address", "a:1"}}, {}}},
      {"redis-cluster", {{{"listName", "l"}, {"addresses", "a:1,b:1"}}, {}}},
      {"redis-cluster-streams", {{{"stream", "s"}, {"addresses", "a:1"}}, {}}},
      {"redis-sentinel", {{{"listName", "l"}, {"addresses", "a:1"}}, {}}},
      {"redis-sentinel-streams", {{{"stream", "s"}, {"addresses", "a:1"}}, {}}},
      {"redis-streams", {{{"stream", "s"}, {"address", "a:1"}}, {}}},
  };
  const std::set<std::string> needs_no_client = {"cpu", "memory", "cron"};
  for (std::string_view type : ScalerTypes()) {
    auto it = minimal.find(std::string(type));
    ASSERT_NE(it, minimal.end()) << "add a minimal trigger for " << type;
    ScalerConfig c = Config(std::string(type), it->second.first, it->second.second);
    if (type == "cpu" || type == "memory") c.metric_type = "Utilization";
    FakeSources with;
    StatusOr<std::unique_ptr<Scaler>> r = BuildScaler(c, with);
    ASSERT_TRUE(r.ok()) << type << ": " << r.status().ToString();
    EXPECT_EQ((*r)->GetMetricSpecs().size(), 1u) << type;

    FakeSources without;
    without.WithdrawAll();
    r = BuildScaler(c, without);
    if (needs_no_client.count(std::string(type))) {
      EXPECT_TRUE(r.ok()) << type;
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented) << type;
      EXPECT_EQ(r.status().message().rfind("this world has no ", 0), 0u) << type;
    }
    // Missing metadata is InvalidArgument naming the trigger type.
    r = BuildScaler(Config(std::string(type), {}), with);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << type;
    EXPECT_NE(r.status().message().find(std::string(type)), std::string::npos) << type;
  }
}

// ---- parameter tables vs the KEDA schema -----------------------------------------------------

// Every table each trigger type reads.
std::vector<std::span<const Param>> TablesOf(std::string_view type) {
  if (type == "aws-sqs-queue") return {AwsSqsQueueScaler::Params()};
  if (type == "cron") return {CronScaler::Params()};
  if (type == "cpu" || type == "memory") return {CpuMemoryScaler::Params()};
  if (type == "prometheus") return {PrometheusScaler::Params(), HttpAuthParams()};
  if (type == "metrics-api") return {MetricsApiScaler::Params(), HttpAuthParams()};
  if (type == "nats-jetstream") return {NatsJetStreamScaler::Params()};
  if (type == "postgresql") return {PostgresqlScaler::Params()};
  if (type == "rabbitmq") return {RabbitMqScaler::Params()};
  if (type == "kafka") return {KafkaScaler::Params(KafkaScaler::Flavor::kSarama)};
  if (type == "apache-kafka") return {KafkaScaler::Params(KafkaScaler::Flavor::kApache)};
  if (type.find("streams") != std::string_view::npos) {
    return {RedisStreamsScaler::Params(), RedisConnectionParams()};
  }
  if (type.starts_with("redis")) return {RedisScaler::Params(), RedisConnectionParams()};
  return {};
}

bool HasSource(const Param& p, std::string_view source) {
  for (std::string_view s : SplitString(p.order, ";")) {
    if (s == source) return true;
  }
  return false;
}

std::set<std::string> Items(std::string_view semicolon_list) {
  std::set<std::string> out;
  if (semicolon_list.empty()) return out;
  for (std::string_view v : SplitString(semicolon_list, ";")) out.emplace(v);
  return out;
}

TEST(ParamTables, AreWellFormed) {
  for (std::string_view type : ScalerTypes()) {
    for (std::span<const Param> t : TablesOf(type)) {
      EXPECT_TRUE(CheckParamTable(t).ok()) << type << ": " << CheckParamTable(t).ToString();
    }
  }
}

// Each row agrees with KEDA's schema on sources, default, required-ness, enum and deprecation.
TEST(ParamTables, AgreeWithKedaSchema) {
  for (std::string_view type : ScalerTypes()) {
    const api::keda::ScalerSchema* schema = api::keda::FindScalerSchema(type);
    ASSERT_NE(schema, nullptr) << type;
    std::set<std::string> covered;
    for (std::span<const Param> table : TablesOf(type)) {
      for (const Param& p : table) {
        bool required = !p.optional && p.default_value.empty() && p.deprecated.empty();
        for (std::string_view alias : SplitString(p.name, ";")) {
          covered.emplace(alias);
          std::vector<const api::keda::ScalerParam*> rows = schema->Find(alias);
          ASSERT_FALSE(rows.empty()) << type << ": " << alias << " is not in KEDA's schema";
          bool match = std::any_of(rows.begin(), rows.end(), [&](const api::keda::ScalerParam* s) {
            std::set<std::string> allowed(s->allowed_values.begin(), s->allowed_values.end());
            return s->metadata_readable == HasSource(p, "triggerMetadata") &&
                   s->auth_readable == HasSource(p, "authParams") &&
                   s->env_readable == HasSource(p, "resolvedEnv") &&
                   s->default_value.value_or("") == p.default_value && s->Required() == required &&
                   allowed == Items(p.enum_values) && s->deprecated == p.deprecated &&
                   s->range_separator == p.range_separator;
          });
          EXPECT_TRUE(match) << type << ": " << alias << " differs from KEDA's schema";
        }
      }
    }
    // ... and every schema parameter is read: by a table, or directly from the maps by
    // aws_auth.cc (as KEDA's aws_common.go does).
    const std::set<std::string> read_directly = {"awsAccessKeyID",     "awsAccessKeyId",
                                                 "awsSecretAccessKey", "awsSessionToken",
                                                 "awsRoleArn",         "identityOwner"};
    for (const api::keda::ScalerParam& s : schema->params) {
      EXPECT_TRUE(covered.count(s.name) || read_directly.count(s.name))
          << type << ": KEDA's " << s.name << " is not in swell's table";
    }
  }
}

}  // namespace
}  // namespace swell::scalers
