// kafka and apache-kafka against keda.md §5.3 and KEDA's kafka_scaler.go /
// apache_kafka_scaler.go (getLagForPartition, getTotalLag) and their tests.
#include "scalers/kafka.h"

#include <gtest/gtest.h>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;
using Row = KafkaClient::PartitionOffsets;

api::StringMap Meta(api::StringMap extra = {}) {
  api::StringMap m = {{"bootstrapServers", "kafka-0:9092, kafka-1:9092"},
                      {"consumerGroup", "workers"},
                      {"topic", "orders"}};
  for (auto& [k, v] : extra) m[k] = v;
  return m;
}

KafkaScaler::Meta MustParse(const std::string& type, api::StringMap meta,
                            api::StringMap auth = {}) {
  StatusOr<KafkaScaler::Meta> m = KafkaScaler::ParseMetadata(Config(type, meta, auth));
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? *m : KafkaScaler::Meta{};
}

// Rows of topic "orders" with the given (committed, latest) per partition 0, 1, ...
std::vector<Row> Orders(std::vector<std::pair<int64_t, int64_t>> offsets) {
  std::vector<Row> rows;
  int32_t p = 0;
  for (auto [committed, latest] : offsets) rows.push_back(Row{"orders", p++, committed, latest});
  return rows;
}

int64_t Total(const KafkaScaler::Meta& m, const std::vector<Row>& rows) {
  KafkaScaler::PreviousOffsets previous;
  StatusOr<KafkaScaler::Lag> lag = KafkaScaler::TotalLag(m, rows, previous);
  EXPECT_TRUE(lag.ok()) << lag.status().ToString();
  return lag.ok() ? lag->total : -1;
}

TEST(Kafka, ParseDefaults) {
  for (const char* type : {"kafka", "apache-kafka"}) {
    KafkaScaler::Meta m = MustParse(type, Meta());
    EXPECT_EQ(m.bootstrap_servers, (std::vector<std::string>{"kafka-0:9092", "kafka-1:9092"}));
    EXPECT_EQ(m.consumer_group, "workers");
    EXPECT_EQ(m.topics, (std::vector<std::string>{"orders"}));
    EXPECT_EQ(m.lag_threshold, 10);
    EXPECT_EQ(m.activation_lag_threshold, 0);
    EXPECT_FALSE(m.earliest);
    EXPECT_FALSE(m.allow_idle_consumers);
    EXPECT_FALSE(m.exclude_persistent_lag);
    EXPECT_FALSE(m.scale_to_zero_on_invalid_offset);
    EXPECT_FALSE(m.limit_to_partitions_with_lag);
    EXPECT_FALSE(m.ensure_even_distribution_of_partitions);
    EXPECT_FALSE(m.limit_partitions);
    EXPECT_EQ(m.metric_name, "s0-kafka-orders");
  }
  EXPECT_EQ(MustParse("kafka", Meta()).flavor, KafkaScaler::Flavor::kSarama);
  EXPECT_EQ(MustParse("apache-kafka", Meta()).flavor, KafkaScaler::Flavor::kApache);
}

TEST(Kafka, ParseTable) {
  struct Case {
    const char* name;
    const char* type;
    api::StringMap meta;
    api::StringMap auth;
    bool ok;
  };
  const Case cases[] = {
      {"missing bootstrapServers", "kafka", {{"consumerGroup", "g"}}, {}, false},
      {"missing consumerGroup", "kafka", {{"bootstrapServers", "b:9092"}}, {}, false},
      {"no topic", "kafka", {{"bootstrapServers", "b"}, {"consumerGroup", "g"}}, {}, true},
      {"servers from env",
       "kafka",
       {{"bootstrapServersFromEnv", "BS"}, {"consumerGroup", "g"}},
       {},
       false},  // env unset
      {"lagThreshold 0", "kafka", Meta({{"lagThreshold", "0"}}), {}, false},
      {"lagThreshold 0 apache", "apache-kafka", Meta({{"lagThreshold", "0"}}), {}, false},
      {"negative activation", "kafka", Meta({{"activationLagThreshold", "-1"}}), {}, false},
      {"float lagThreshold", "kafka", Meta({{"lagThreshold", "1.5"}}), {}, false},
      {"offsetResetPolicy earliest", "kafka", Meta({{"offsetResetPolicy", "earliest"}}), {}, true},
      {"bad offsetResetPolicy", "kafka", Meta({{"offsetResetPolicy", "smallest"}}), {}, false},
      {"idle + limit",
       "kafka",
       Meta({{"allowIdleConsumers", "true"}, {"limitToPartitionsWithLag", "true"}}),
       {},
       false},
      {"limit without topic",
       "kafka",
       {{"bootstrapServers", "b"}, {"consumerGroup", "g"}, {"limitToPartitionsWithLag", "true"}},
       {},
       false},
      {"limit + even",
       "kafka",
       Meta({{"limitToPartitionsWithLag", "true"}, {"ensureEvenDistributionOfPartitions", "true"}}),
       {},
       false},
      {"even without topic",
       "kafka",
       {{"bootstrapServers", "b"},
        {"consumerGroup", "g"},
        {"ensureEvenDistributionOfPartitions", "true"}},
       {},
       false},
      {"even without topic (apache does not check)",
       "apache-kafka",
       {{"bootstrapServers", "b"},
        {"consumerGroup", "g"},
        {"ensureEvenDistributionOfPartitions", "true"}},
       {},
       true},
      {"fullMetadata false without topic",
       "kafka",
       {{"bootstrapServers", "b"}, {"consumerGroup", "g"}, {"fullMetadata", "false"}},
       {},
       false},
      {"partitionLimitation", "kafka", Meta({{"partitionLimitation", "1, 2, 10-20"}}), {}, true},
      {"bad partitionLimitation", "kafka", Meta({{"partitionLimitation", "1,x"}}), {}, false},
      {"bad partitionLimitation range",
       "kafka",
       Meta({{"partitionLimitation", "1-2-3"}}),
       {},
       false},
      {"bad partitionLimitation, no topic",
       "kafka",
       {{"bootstrapServers", "b"}, {"consumerGroup", "g"}, {"partitionLimitation", "x"}},
       {},
       false},
      {"apache partitionLimitation range",
       "apache-kafka",
       Meta({{"partitionLimitation", "1,3-5"}}),
       {},
       true},
      {"version", "kafka", Meta({{"version", "2.8.1"}}), {}, true},
      {"old version", "kafka", Meta({{"version", "0.10.2.0"}}), {}, true},
      {"bad version", "kafka", Meta({{"version", "2.8"}}), {}, false},
      {"bad tls", "kafka", Meta({{"tls", "on"}}), {}, false},
      {"tls cert without key", "kafka", Meta({{"tls", "enable"}}), {{"cert", "c"}}, false},
      {"tls cert and key", "kafka", Meta({{"tls", "enable"}}), {{"cert", "c"}, {"key", "k"}}, true},
      {"apache tls cert without key",
       "apache-kafka",
       Meta({{"tls", "enable"}}),
       {{"cert", "c"}},
       false},
      {"sasl plaintext",
       "kafka",
       Meta({{"sasl", "plaintext"}}),
       {{"username", "u"}, {"password", "p"}},
       true},
      {"sasl plaintext without password",
       "kafka",
       Meta({{"sasl", "plaintext"}}),
       {{"username", "u"}},
       false},
      {"sasl scram without username", "kafka", Meta(), {{"sasl", "scram_sha512"}}, false},
      {"sasl unknown", "kafka", Meta({{"sasl", "kerberos"}}), {}, false},
      {"sasl aws_msk_iam is apache only", "kafka", Meta({{"sasl", "aws_msk_iam"}}), {}, false},
      {"oauthbearer",
       "kafka",
       Meta({{"sasl", "oauthbearer"}}),
       {{"username", "u"},
        {"password", "p"},
        {"oauthTokenEndpointUri", "https://idp/token"},
        {"oauthExtensions", "a=b,c=d"}},
       true},
      {"oauthbearer without uri",
       "kafka",
       Meta({{"sasl", "oauthbearer"}}),
       {{"username", "u"}, {"password", "p"}},
       false},
      {"oauthbearer bad extension",
       "kafka",
       Meta({{"sasl", "oauthbearer"}}),
       {{"username", "u"},
        {"password", "p"},
        {"oauthTokenEndpointUri", "u"},
        {"oauthExtensions", "a"}},
       false},
      {"msk iam without tls",
       "kafka",
       Meta({{"sasl", "oauthbearer"},
             {"saslTokenProvider", "aws_msk_iam"},
             {"awsRegion", "eu-west-1"}}),
       {},
       false},
      {"msk iam",
       "kafka",
       Meta({{"sasl", "oauthbearer"},
             {"saslTokenProvider", "aws_msk_iam"},
             {"tls", "enable"},
             {"awsRegion", "eu-west-1"}}),
       {{"awsRoleArn", "arn:role"}},
       true},
      {"msk iam without credentials",
       "kafka",
       Meta({{"sasl", "oauthbearer"},
             {"saslTokenProvider", "aws_msk_iam"},
             {"tls", "enable"},
             {"awsRegion", "eu-west-1"}}),
       {},
       false},
      {"gssapi",
       "kafka",
       Meta({{"sasl", "gssapi"}}),
       {{"username", "u"}, {"keytab", "k"}, {"realm", "R"}, {"kerberosConfig", "c"}},
       true},
      {"gssapi password and keytab",
       "kafka",
       Meta({{"sasl", "gssapi"}}),
       {{"username", "u"},
        {"password", "p"},
        {"keytab", "k"},
        {"realm", "R"},
        {"kerberosConfig", "c"}},
       false},
      {"apache msk iam",
       "apache-kafka",
       Meta({{"sasl", "aws_msk_iam"}, {"tls", "enable"}, {"awsRegion", "r"}}),
       {{"awsAccessKeyID", "AK"}, {"awsSecretAccessKey", "SK"}},
       true},
      {"apache msk iam without region",
       "apache-kafka",
       Meta({{"sasl", "aws_msk_iam"}, {"tls", "enable"}}),
       {{"awsRoleArn", "r"}},
       false},
      {"apache oauthbearer is not offered",
       "apache-kafka",
       Meta({{"sasl", "oauthbearer"}}),
       {},
       false},
      {"apache sasl in both places",
       "apache-kafka",
       Meta({{"sasl", "plaintext"}}),
       {{"sasl", "plaintext"}, {"username", "u"}, {"password", "p"}},
       false},
      {"apache tls in both places",
       "apache-kafka",
       Meta({{"tls", "disable"}}),
       {{"tls", "disable"}},
       false},
  };
  for (const Case& c : cases) {
    auto m = KafkaScaler::ParseMetadata(Config(c.type, c.meta, c.auth));
    EXPECT_EQ(m.ok(), c.ok) << c.name << ": " << m.status().ToString();
  }
  auto m = KafkaScaler::ParseMetadata(Config("kafka", Meta({{"lagThreshold", "0"}})));
  EXPECT_EQ(m.status().message(),
            "error parsing kafka metadata: \"lagThreshold\" must be positive number");
}

TEST(Kafka, MetricNames) {
  auto name = [](const char* type, api::StringMap meta, int index = 0) {
    ScalerConfig c = Config(type, meta);
    c.trigger_index = index;
    auto m = KafkaScaler::ParseMetadata(c);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? m->metric_name : "";
  };
  EXPECT_EQ(name("kafka", Meta({{"topic", "my.topic"}}), 2), "s2-kafka-my-topic");
  EXPECT_EQ(name("kafka", {{"bootstrapServers", "b"}, {"consumerGroup", "grp"}}),
            "s0-kafka-grp-topics");
  EXPECT_EQ(name("apache-kafka", Meta({{"topic", "a, b"}})), "s0-kafka-a,b");
  EXPECT_EQ(name("apache-kafka", {{"bootstrapServers", "b"}, {"consumerGroup", "grp"}}),
            "s0-kafka-grp-topics");
}

TEST(Kafka, LagPerPartitionAndCaps) {
  KafkaScaler::Meta m = MustParse("kafka", Meta());
  // 5 + 10 + 0 = 15 over 3 partitions: 15/10 = 1 <= 3, no cap.
  EXPECT_EQ(Total(m, Orders({{5, 10}, {0, 10}, {7, 7}})), 15);
  // 200 over 2 partitions: 200/10 = 20 > 2 -> capped at 2 x 10.
  EXPECT_EQ(Total(m, Orders({{0, 100}, {0, 100}})), 20);
  // Integer division: 29/10 = 2, not > 2: no cap.
  EXPECT_EQ(Total(m, Orders({{0, 15}, {0, 14}})), 29);
  // allowIdleConsumers lifts the cap.
  EXPECT_EQ(Total(MustParse("kafka", Meta({{"allowIdleConsumers", "true"}})),
                  Orders({{0, 100}, {0, 100}})),
            200);
  // limitToPartitionsWithLag: only 1 of 4 partitions has lag -> cap 1 x 10.
  EXPECT_EQ(Total(MustParse("kafka", Meta({{"limitToPartitionsWithLag", "true"}})),
                  Orders({{0, 50}, {5, 5}, {5, 5}, {5, 5}})),
            10);
  // No partitions at all (group without topics): 0.
  EXPECT_EQ(Total(MustParse("kafka", {{"bootstrapServers", "b"}, {"consumerGroup", "g"}}), {}), 0);
}

TEST(Kafka, EnsureEvenDistributionOfPartitions) {
  KafkaScaler::Meta m = MustParse("kafka", Meta({{"ensureEvenDistributionOfPartitions", "true"},
                                                 {"allowIdleConsumers", "true"}}));
  auto six = [](int64_t lag_on_first) {
    std::vector<std::pair<int64_t, int64_t>> o(6, {0, 0});
    o[0] = {0, lag_on_first};
    return Orders(o);
  };
  // Factors of 6: 1 2 3 6. 25 -> 3 x 10; 10 -> 1 x 10; 0 -> 1 x 10; 70 -> 6 x 10 (no factor).
  EXPECT_EQ(Total(m, six(25)), 30);
  EXPECT_EQ(Total(m, six(10)), 10);
  EXPECT_EQ(Total(m, six(0)), 10);
  EXPECT_EQ(Total(m, six(70)), 60);
  // KEDA's TestGetNextFactor, through 100 partitions and threshold 10.
  std::vector<std::pair<int64_t, int64_t>> hundred(100, {0, 0});
  for (auto [lag, want] :
       {std::pair{10, 10}, {20, 20}, {40, 40}, {50, 50}, {99, 100}, {100, 100}}) {
    hundred[0] = {0, lag};
    EXPECT_EQ(Total(m, Orders(hundred)), want) << lag;
  }
}

TEST(Kafka, InvalidCommittedOffsets) {
  struct Case {
    const char* name;
    api::StringMap extra;
    int64_t want;
  };
  const Case cases[] = {
      {"latest: lag 1", {}, 1},
      {"earliest: lag = latest offset", {{"offsetResetPolicy", "earliest"}}, 7},
      {"latest, scaleToZero", {{"scaleToZeroOnInvalidOffset", "true"}}, 0},
      {"earliest, scaleToZero",
       {{"offsetResetPolicy", "earliest"}, {"scaleToZeroOnInvalidOffset", "true"}},
       0},
  };
  for (const Case& c : cases) {
    for (const char* type : {"kafka", "apache-kafka"}) {
      KafkaScaler::Meta m = MustParse(type, Meta(c.extra));
      KafkaScaler::PreviousOffsets prev;
      auto lag = KafkaScaler::TotalLag(m, Orders({{-1, 7}}), prev);
      ASSERT_TRUE(lag.ok());
      EXPECT_EQ(lag->total, c.want) << c.name << " " << type;
      EXPECT_EQ(lag->total_with_persistent, c.want) << c.name << " " << type;
    }
  }
}

TEST(Kafka, ExcludePersistentLag) {
  FakeSources s;
  s.kafka_client.rows = Orders({{10, 20}, {0, 5}});
  auto scaler = KafkaScaler::Create(
      Config("kafka", Meta({{"excludePersistentLag", "true"}, {"activationLagThreshold", "3"}})),
      s);
  ASSERT_TRUE(scaler.ok()) << scaler.status().ToString();
  // First poll: no history, everything counts.
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("s0-kafka-orders");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->values[0].milli, 15000);
  EXPECT_TRUE(r->active);
  // Second poll: partition 0 did not move (persistent), partition 1 moved from 0 to 2.
  s.kafka_client.rows = Orders({{10, 20}, {2, 5}});
  r = (*scaler)->GetMetricsAndActivity("s0-kafka-orders");
  EXPECT_EQ(r->values[0].milli, 3000);
  EXPECT_TRUE(r->active);  // 10 + 3 > 3: persistent lag still counts for activity
  // Third poll: both stuck -> value 0 but still active.
  r = (*scaler)->GetMetricsAndActivity("s0-kafka-orders");
  EXPECT_EQ(r->values[0].milli, 0);
  EXPECT_TRUE(r->active);
}

TEST(Kafka, PartitionLimitationAndTopics) {
  std::vector<Row> rows = Orders({{0, 1}, {0, 2}, {0, 4}, {0, 8}});
  rows.push_back(Row{"other", 0, 0, 1000});
  KafkaScaler::Meta m =
      MustParse("kafka", Meta({{"partitionLimitation", "0,2-3"}, {"allowIdleConsumers", "true"}}));
  EXPECT_EQ(m.partitions, (std::vector<int64_t>{0, 2, 3}));
  EXPECT_EQ(Total(m, rows), 13);  // 1 + 4 + 8; "other" is not the topic
  // kafka: no partition left is an error; apache-kafka: lag 0.
  KafkaScaler::Meta none = MustParse("kafka", Meta({{"partitionLimitation", "9"}}));
  KafkaScaler::PreviousOffsets prev;
  auto lag = KafkaScaler::TotalLag(none, rows, prev);
  EXPECT_EQ(lag.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(lag.status().message(),
            "expected at least one active partition within the topic 'orders'");
  EXPECT_EQ(Total(MustParse("apache-kafka", Meta({{"partitionLimitation", "9"}})), rows), 0);
  // Without a topic partitionLimitation is ignored and every topic counts.
  KafkaScaler::Meta all = MustParse("kafka", {{"bootstrapServers", "b"},
                                              {"consumerGroup", "g"},
                                              {"partitionLimitation", "9"},
                                              {"allowIdleConsumers", "true"}});
  EXPECT_FALSE(all.limit_partitions);
  EXPECT_EQ(Total(all, rows), 1015);
}

TEST(Kafka, ClientCallsAndOptions) {
  FakeSources s;
  s.kafka_client.rows = {Row{"a", 0, 0, 3}, Row{"b", 0, 0, 4}, Row{"c", 0, 0, 100}};
  auto apache = KafkaScaler::Create(
      Config("apache-kafka", Meta({{"topic", "a,b"}, {"tls", "enable"}, {"sasl", "plaintext"}}),
             {{"username", "u"}, {"password", "pw"}, {"ca", "CA"}}),
      s);
  ASSERT_TRUE(apache.ok()) << apache.status().ToString();
  StatusOr<MetricsAndActivity> r = (*apache)->GetMetricsAndActivity("s0-kafka-a,b");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->values[0].milli, 7000);
  ASSERT_EQ(s.kafka_client.targets.size(), 2u);  // one call per topic
  EXPECT_EQ(s.kafka_client.targets[0].topic, "a");
  EXPECT_EQ(s.kafka_client.targets[1].topic, "b");
  const KafkaTarget& t = s.kafka_client.targets[0];
  EXPECT_EQ(t.group, "workers");
  EXPECT_EQ(t.bootstrap_servers.size(), 2u);
  EXPECT_EQ(t.options.at("tls"), "enable");
  EXPECT_EQ(t.options.at("sasl"), "plaintext");
  EXPECT_EQ(t.options.at("password"), "pw");
  EXPECT_EQ(t.options.at("ca"), "CA");

  s.kafka_client.targets.clear();
  auto group = KafkaScaler::Create(
      Config("kafka",
             {{"bootstrapServers", "b"}, {"consumerGroup", "g"}, {"allowIdleConsumers", "1"}}),
      s);
  ASSERT_TRUE(group.ok());
  r = (*group)->GetMetricsAndActivity("s0-kafka-g-topics");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->values[0].milli, 107000);
  ASSERT_EQ(s.kafka_client.targets.size(), 1u);
  EXPECT_EQ(s.kafka_client.targets[0].topic, "");

  std::vector<MetricSpec> specs = (*group)->GetMetricSpecs();
  EXPECT_EQ(specs[0].name, "s0-kafka-g-topics");
  EXPECT_EQ(specs[0].target_milli, 10000);

  s.kafka_client.error = Unavailable("broker down");
  EXPECT_EQ((*group)->GetMetricsAndActivity("m").status().code(), StatusCode::kUnavailable);
  s.has_kafka = false;
  EXPECT_EQ(KafkaScaler::Create(Config("kafka", Meta()), s).status().message(),
            "this world has no Kafka");
}

TEST(Kafka, ActivationUsesLagWithPersistent) {
  FakeSources s;
  s.kafka_client.rows = Orders({{0, 5}});
  auto scaler = KafkaScaler::Create(Config("kafka", Meta({{"activationLagThreshold", "5"}})), s);
  ASSERT_TRUE(scaler.ok());
  EXPECT_FALSE((*scaler)->GetMetricsAndActivity("m")->active);  // 5 > 5 is false
  s.kafka_client.rows = Orders({{0, 6}});
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("m");
  EXPECT_TRUE(r->active);
  EXPECT_EQ(r->values[0].milli, 6000);
}

TEST(Kafka, MskIamCredentialsInOptionsNeverInErrors) {
  auto m = MustParse("apache-kafka",
                     Meta({{"sasl", "aws_msk_iam"}, {"tls", "enable"}, {"awsRegion", "r"}}),
                     {{"awsAccessKeyID", "AK"}, {"awsSecretAccessKey", "SK"}});
  EXPECT_EQ(m.options.at("awsAccessKeyID"), "AK");
  EXPECT_EQ(m.options.at("awsSecretAccessKey"), "SK");
  const std::string secret = "kafka-pa55word-secret";
  for (const ScalerConfig& c :
       {Config("kafka", Meta({{"sasl", "plaintext"}}), {{"password", secret}}),
        Config("kafka", Meta(), {{"sasl", secret}, {"password", secret}}),
        Config("apache-kafka",
               Meta({{"sasl", "aws_msk_iam"}, {"tls", "enable"}, {"awsRegion", "r"}}),
               {{"awsAccessKeyID", secret}}),
        Config("kafka", Meta(), {{"tls", secret}, {"key", secret}})}) {
    auto r = KafkaScaler::ParseMetadata(c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message().find(secret), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace swell::scalers
