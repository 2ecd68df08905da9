// rabbitmq against keda.md §5.5, KEDA's rabbitmq_scaler.go and rabbitmq_scaler_test.go.
#include "scalers/rabbitmq.h"

#include <gtest/gtest.h>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;

constexpr char kHttpHost[] = "http://guest:s3cret@rabbit:15672/";

api::StringMap Meta(api::StringMap extra = {}) {
  api::StringMap m = {{"queueName", "jobs"}, {"host", kHttpHost}};
  for (auto& [k, v] : extra) m[k] = v;
  return m;
}

TEST(RabbitMq, ParseTable) {
  struct Case {
    const char* name;
    api::StringMap meta;
    api::StringMap auth;
    bool ok;
    std::string mode = "";
    double value = 0;
    std::string protocol = "";
  };
  const Case cases[] = {
      {"defaults: QueueLength 20", Meta(), {}, true, "QueueLength", 20, "http"},
      {"amqp host",
       Meta({{"host", "amqp://u:p@rabbit:5672/vh"}}),
       {},
       true,
       "QueueLength",
       20,
       "amqp"},
      {"deprecated queueLength", Meta({{"queueLength", "7"}}), {}, true, "QueueLength", 7, "http"},
      {"queueLength with mode", Meta({{"queueLength", "7"}, {"mode", "QueueLength"}}), {}, false},
      {"mode and value",
       Meta({{"mode", "MessageRate"}, {"value", "2.5"}}),
       {},
       true,
       "MessageRate",
       2.5,
       "http"},
      {"mode without value", Meta({{"mode", "QueueLength"}}), {}, false},
      {"value without mode", Meta({{"value", "3"}}), {}, false},
      {"unknown mode", Meta({{"mode", "Lag"}, {"value", "3"}}), {}, false},
      {"rate mode over amqp",
       Meta({{"host", "amqp://rabbit"}, {"mode", "MessageRate"}, {"value", "3"}}),
       {},
       false},
      {"bad protocol", Meta({{"protocol", "grpc"}}), {}, false},
      {"unknown scheme", Meta({{"host", "ftp://rabbit"}}), {}, false},
      {"regex over amqp", Meta({{"host", "amqp://rabbit"}, {"useRegex", "true"}}), {}, false},
      {"pageSize 0", Meta({{"pageSize", "0"}}), {}, false},
      {"username without password", Meta(), {{"username", "u"}}, false},
      {"bad tls", Meta(), {{"tls", "on"}}, false},
      {"cert without key", Meta(), {{"tls", "enable"}, {"cert", "C"}}, false},
      {"amqp timeout with a mode",
       Meta({{"host", "amqp://rabbit"},
             {"timeout", "1000"},
             {"mode", "QueueLength"},
             {"value", "5"}}),
       {},
       false},
      {"host from authParams",
       {{"queueName", "q"}},
       {{"host", kHttpHost}},
       true,
       "QueueLength",
       20,
       "http"},
      {"missing queueName", {{"host", kHttpHost}}, {}, false},
      {"missing host", {{"queueName", "q"}}, {}, false},
  };
  for (const Case& c : cases) {
    auto m = RabbitMqScaler::ParseMetadata(Config("rabbitmq", c.meta, c.auth));
    EXPECT_EQ(m.ok(), c.ok) << c.name << ": " << m.status().ToString();
    if (m.ok()) {
      EXPECT_EQ(m->mode, c.mode) << c.name;
      EXPECT_EQ(m->value, c.value) << c.name;
      EXPECT_EQ(m->protocol, c.protocol) << c.name;
    }
  }
}

TEST(RabbitMq, ManagementUrlAndMetricName) {
  auto url = [](api::StringMap extra) {
    auto m = RabbitMqScaler::ParseMetadata(Config("rabbitmq", Meta(extra)));
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? RabbitMqScaler::ManagementUrl(*m) : "";
  };
  EXPECT_EQ(url({}), "http://rabbit:15672/api/queues/%2F/jobs");
  EXPECT_EQ(url({{"host", "http://rabbit:15672"}}), "http://rabbit:15672/api/queues/%2F/jobs");
  EXPECT_EQ(url({{"host", "http://rabbit:15672/vh1"}}), "http://rabbit:15672/api/queues/vh1/jobs");
  EXPECT_EQ(url({{"host", "https://rabbit/sub/path/vh1"}}),
            "https://rabbit/sub/path/api/queues/vh1/jobs");
  EXPECT_EQ(url({{"vhostName", "my vh"}}), "http://rabbit:15672/api/queues/my+vh/jobs");
  EXPECT_EQ(url({{"queueName", "a/b c"}}), "http://rabbit:15672/api/queues/%2F/a%2Fb+c");
  EXPECT_EQ(url({{"useRegex", "true"}, {"queueName", "^job.*"}, {"pageSize", "50"}}),
            "http://rabbit:15672/api/queues/%2F?page=1&use_regex=true&pagination=false&name="
            "%5Ejob.%2A&page_size=50");
  FakeSources s;
  auto scaler = RabbitMqScaler::Create(Config("rabbitmq", Meta({{"queueName", "a/b"}})), s);
  ASSERT_TRUE(scaler.ok());
  EXPECT_EQ((*scaler)->GetMetricSpecs()[0].name, "s0-rabbitmq-a-2Fb");
  EXPECT_EQ((*scaler)->GetMetricSpecs()[0].target_milli, 20000);
}

TEST(RabbitMq, ModesMath) {
  struct Case {
    const char* mode;
    int64_t messages;
    double pub, del, act;
    int64_t want_milli;
    bool active;
  };
  const Case cases[] = {
      {"QueueLength", 10, 0, 0, 9, 10000, true},
      {"QueueLength", 9, 0, 0, 9, 9000, false},
      {"MessageRate", 10, 1.5, 0, 5, 1500, true},  // messages > activation keeps it active
      {"MessageRate", 1, 1.5, 0, 5, 1500, false},
      {"DeliverGetRate", 100, 0, 2.5, 2, 2500, true},
      {"PublishedToDeliveredRatio", 0, 4, 2, 1, 2000, true},
      {"PublishedToDeliveredRatio", 0, 4, 0, 1.5, 1500, true},  // publishing, nothing delivered
      {"PublishedToDeliveredRatio", 0, 0, 2, 1, 0, false},
      {"ExpectedQueueConsumptionTime", 0, 3, 2, 1, 0, false},
      {"ExpectedQueueConsumptionTime", 10, 3, 2, 1, 5500, true},  // (3-2)/2 + 10/2
      {"ExpectedQueueConsumptionTime", 10, 3, 0, 7, 7000, true},
  };
  for (const Case& c : cases) {
    RabbitMqScaler::Meta m;
    m.mode = c.mode;
    m.activation_value = c.act;
    MetricsAndActivity r = RabbitMqScaler::Evaluate(m, "x", {c.messages, c.pub, c.del});
    EXPECT_EQ(r.values[0].milli, c.want_milli) << c.mode << " " << c.messages;
    EXPECT_EQ(r.active, c.active) << c.mode << " " << c.messages;
  }
}

TEST(RabbitMq, HttpPollUsesBasicAuthAndHidesIt) {
  FakeSources s;
  const std::string url = "http://rabbit:15672/api/queues/%2F/jobs";
  s.http_client.replies[url] = {
      200,
      R"({"messages":12,"messages_ready":9,"message_stats":{"publish_details":{"rate":1.5}}})"};
  auto scaler = RabbitMqScaler::Create(Config("rabbitmq", Meta()), s);
  ASSERT_TRUE(scaler.ok());
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("s0-rabbitmq-jobs");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 12000);
  EXPECT_EQ(s.http_client.requests[0].headers.at("Authorization"), "Basic Z3Vlc3Q6czNjcmV0");
  EXPECT_EQ(s.http_client.requests[0].url.find("s3cret"), std::string::npos);

  scaler = RabbitMqScaler::Create(Config("rabbitmq", Meta({{"excludeUnacknowledged", "true"}})), s);
  ASSERT_TRUE(scaler.ok());
  EXPECT_EQ((*scaler)->GetMetricsAndActivity("m")->values[0].milli, 9000);

  s.http_client.replies.erase(url);  // the fake answers 404
  r = (*scaler)->GetMetricsAndActivity("m");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message().find("s3cret"), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().message().rfind("error inspecting RabbitMQ: ", 0), 0u);
}

TEST(RabbitMq, RegexComposition) {
  FakeSources s;
  s.http_client.replies
      ["http://rabbit:15672/api/queues/%2F?page=1&use_regex=true&pagination=false&name=j.%2A"
       "&page_size=100"] = {200, R"({"page_count":1,"items":[{"messages":3},{"messages":4}]})"};
  for (auto [op, want] : {std::pair{"sum", 7000}, {"avg", 3000}, {"max", 4000}}) {
    auto scaler = RabbitMqScaler::Create(
        Config("rabbitmq", Meta({{"useRegex", "true"}, {"queueName", "j.*"}, {"operation", op}})),
        s);
    ASSERT_TRUE(scaler.ok());
    StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("m");
    ASSERT_TRUE(r.ok()) << op << r.status().ToString();
    EXPECT_EQ(r->values[0].milli, want) << op;
  }
}

TEST(RabbitMq, AmqpPoll) {
  FakeSources s;
  s.amqp_client.reply = int64_t{42};
  ScalerConfig c = Config("rabbitmq", Meta({{"host", "amqp://u:p@rabbit:5672/vh"}}));
  c.owner_namespace = "ns";
  c.owner_name = "so";
  auto scaler = RabbitMqScaler::Create(c, s);
  ASSERT_TRUE(scaler.ok());
  EXPECT_EQ((*scaler)->GetMetricsAndActivity("m")->values[0].milli, 42000);
  EXPECT_EQ(s.amqp_client.requests[0].queue, "jobs");
  EXPECT_EQ(s.amqp_client.requests[0].connection_name, "keda-ns-so");
  s.has_amqp = false;
  EXPECT_EQ(RabbitMqScaler::Create(c, s).status().code(), StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace swell::scalers
