// The other scalers end to end against real servers (keda.md §5.2-§5.7): a known list length,
// stream pending count and lag (redis-server), consumer-group lag (librdkafka's mock cluster),
// a query result (postgresql, prometheus), a queue length (rabbitmq-server, management API and
// AMQP), a consumer's pending count (nats-server -js) and a metrics-api value.
#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "sources/server_test_util.h"

namespace swell::sources {
namespace {

using namespace testing;  // NOLINT: ports and helpers

std::string Unique(const std::string& base) { return base + "-" + std::to_string(getpid()); }

// ---- redis ------------------------------------------------------------------------------

void RedisDo(const std::vector<std::string>& args) {
  redisContext* c = redisConnect("127.0.0.1", kRedisPort);
  ASSERT_TRUE(c != nullptr && c->err == 0);
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  void* r = redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lens.data());
  ASSERT_NE(r, nullptr);
  freeReplyObject(r);
  redisFree(c);
}

TEST(RedisServer, ListLengthAndKeyTypes) {
  SWELL_REQUIRE_SERVERS();
  const std::string list = Unique("swell-list"), zset = Unique("swell-zset");
  RedisDo({"DEL", list, zset});
  for (int i = 0; i < 17; i++) RedisDo({"RPUSH", list, "job" + std::to_string(i)});
  RedisDo({"ZADD", zset, "1", "a", "2", "b"});
  RealSources sources(FastOptions());
  auto s = MustBuild(sources, "redis",
                     {{"address", Local(kRedisPort)}, {"listName", list}, {"listLength", "5"}});
  StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 17000);
  EXPECT_TRUE(r->active);
  s = MustBuild(sources, "redis", {{"address", Local(kRedisPort)}, {"listName", zset}});
  EXPECT_EQ(Poll(*s)->values[0].milli, 2000);  // ZCARD
  s = MustBuild(sources, "redis", {{"address", Local(kRedisPort)}, {"listName", "absent-key"}});
  EXPECT_EQ(Poll(*s)->values[0].milli, 0);  // a missing key is an empty list
  RedisDo({"SET", zset, "text"});
  s = MustBuild(sources, "redis", {{"address", Local(kRedisPort)}, {"listName", zset}});
  EXPECT_EQ(Poll(*s).status().code(), StatusCode::kInvalidArgument);
}

TEST(RedisServer, StreamLengthPendingAndLag) {
  SWELL_REQUIRE_SERVERS();
  const std::string stream = Unique("swell-stream");
  RedisDo({"DEL", stream});
  for (int i = 0; i < 12; i++) RedisDo({"XADD", stream, "*", "n", std::to_string(i)});
  RedisDo({"XGROUP", "CREATE", stream, "workers", "0"});
  RedisDo({"XREADGROUP", "GROUP", "workers", "w1", "COUNT", "5", "STREAMS", stream, ">"});
  RealSources sources(FastOptions());
  const api::StringMap base = {{"address", Local(kRedisPort)}, {"stream", stream}};
  struct Case {
    api::StringMap extra;
    int64_t want;
  };
  const Case cases[] = {
      {{}, 12},                                                // XLEN
      {{{"consumerGroup", "workers"}}, 5},                     // XPENDING count
      {{{"consumerGroup", "workers"}, {"lagCount", "3"}}, 7},  // lag = 12 - 5 read
      {{{"consumerGroup", "nobody"}, {"lagCount", "3"}}, 12},  // no group: XLEN
  };
  for (const Case& c : cases) {
    api::StringMap m = base;
    for (auto& [k, v] : c.extra) m[k] = v;
    auto s = MustBuild(sources, "redis-streams", m);
    StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->values[0].milli, c.want * 1000);
  }
  auto s =
      MustBuild(sources, "redis-streams",
                {{"address", Local(kRedisPort)}, {"stream", stream}, {"consumerGroup", "nobody"}});
  EXPECT_EQ(Poll(*s).status().code(), StatusCode::kNotFound);  // XPENDING: NOGROUP
}

TEST(RedisServer, SentinelFindsTheMaster) {
  SWELL_REQUIRE_SERVERS();
  const std::string list = Unique("swell-sentinel-list");
  RedisDo({"DEL", list});
  for (int i = 0; i < 4; i++) RedisDo({"RPUSH", list, "x"});
  RealSources sources(FastOptions());
  auto s = MustBuild(sources, "redis-sentinel",
                     {{"addresses", "127.0.0.1:1," + Local(kSentinelPort)},
                      {"sentinelMaster", "swellmaster"},
                      {"listName", list}});
  StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();  // the first sentinel is down: the next answers
  EXPECT_EQ(r->values[0].milli, 4000);
  s = MustBuild(
      sources, "redis-sentinel",
      {{"addresses", Local(kSentinelPort)}, {"sentinelMaster", "nobody"}, {"listName", list}});
  EXPECT_EQ(Poll(*s).status().code(), StatusCode::kNotFound);
}

TEST(RedisServer, DownAndBadPassword) {
  SWELL_REQUIRE_SERVERS();
  RealSources sources(FastOptions());
  auto s = MustBuild(sources, "redis", {{"address", "127.0.0.1:1"}, {"listName", "l"}});
  EXPECT_EQ(Poll(*s).status().code(), StatusCode::kUnavailable);
  s = MustBuild(sources, "redis", {{"address", Local(kRedisPort)}, {"listName", "l"}},
                {{"password", "hunter2-redis"}});
  StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(r.status().message().find("hunter2"), std::string::npos) << r.status().message();
}

// ---- kafka (librdkafka's mock cluster) ----------------------------------------------------

class MockKafka {
 public:
  MockKafka() {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "test.mock.num.brokers", "1", err, sizeof err);
    producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    mock_ = rd_kafka_handle_mock_cluster(producer_);
    bootstraps_ = rd_kafka_mock_cluster_bootstraps(mock_);
  }
  ~MockKafka() { rd_kafka_destroy(producer_); }
  const std::string& bootstraps() const { return bootstraps_; }

  void Topic(const std::string& t, int partitions) {
    rd_kafka_mock_topic_create(mock_, t.c_str(), partitions, 1);
  }
  void Produce(const std::string& t, int32_t partition, int n) {
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(producer_, t.c_str(), nullptr);
    char x = 'x';
    for (int i = 0; i < n; i++) {
      rd_kafka_produce(rkt, partition, RD_KAFKA_MSG_F_COPY, &x, 1, nullptr, 0, nullptr);
    }
    rd_kafka_flush(producer_, 10000);
    rd_kafka_topic_destroy(rkt);
  }
  // Commits `offset` for (topic, partition) as `group`.
  void Commit(const std::string& group, const std::string& t, int32_t partition, int64_t offset) {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps_.c_str(), err, sizeof err);
    rd_kafka_conf_set(conf, "group.id", group.c_str(), err, sizeof err);
    rd_kafka_t* c = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    rd_kafka_topic_partition_list_t* l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, t.c_str(), partition)->offset = offset;
    EXPECT_EQ(rd_kafka_commit(c, l, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_topic_partition_list_destroy(l);
    rd_kafka_destroy_flags(c, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  }

 private:
  rd_kafka_t* producer_ = nullptr;
  rd_kafka_mock_cluster_t* mock_ = nullptr;
  std::string bootstraps_;
};

TEST(KafkaMockCluster, ConsumerGroupLag) {
  MockKafka kafka;  // no external server: always runs
  kafka.Topic("orders", 3);
  kafka.Produce("orders", 0, 10);
  kafka.Produce("orders", 1, 5);
  kafka.Produce("orders", 2, 3);
  kafka.Commit("workers", "orders", 0, 4);
  kafka.Commit("workers", "orders", 1, 5);
  RealSources sources(FastOptions());
  struct Case {
    const char* type;
    api::StringMap extra;
    int64_t want;
  };
  const Case cases[] = {
      {"kafka", {{"topic", "orders"}}, 7},  // 6 + 0 + 1 (no commit, latest policy)
      {"kafka", {{"topic", "orders"}, {"offsetResetPolicy", "earliest"}}, 9},  // 6 + 0 + 3
      {"kafka", {{"topic", "orders"}, {"lagThreshold", "1"}}, 3},  // capped: 3 partitions x 1
      {"kafka", {}, 6},  // the group's committed partitions only: 6 + 0
      {"apache-kafka", {{"topic", "orders"}, {"partitionLimitation", "0,2"}}, 7},  // 6 + 1
  };
  for (const Case& c : cases) {
    api::StringMap m = {{"bootstrapServers", kafka.bootstraps()}, {"consumerGroup", "workers"}};
    for (auto& [k, v] : c.extra) m[k] = v;
    auto s = MustBuild(sources, c.type, m);
    ASSERT_NE(s, nullptr);
    StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
    ASSERT_TRUE(r.ok()) << c.type << ": " << r.status().ToString();
    EXPECT_EQ(r->values[0].milli, c.want * 1000) << c.type << " case " << (&c - cases);
  }
  auto s = MustBuild(sources, "kafka",
                     {{"bootstrapServers", kafka.bootstraps()},
                      {"consumerGroup", "workers"},
                      {"topic", "orders"},
                      {"partitionLimitation", "7"}});
  EXPECT_EQ(Poll(*s).status().message(),
            "expected at least one active partition within the topic 'orders'");
}

TEST(KafkaMockCluster, BrokerDown) {
  RealSourcesOptions o = FastOptions();
  o.call.default_timeout = Milliseconds(800);
  RealSources sources(o);
  auto s = MustBuild(sources, "kafka",
                     {{"bootstrapServers", "127.0.0.1:1"}, {"consumerGroup", "g"}, {"topic", "t"}});
  StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
  EXPECT_TRUE(r.status().code() == StatusCode::kUnavailable ||
              r.status().code() == StatusCode::kDeadlineExceeded)
      << r.status().ToString();
}

// ---- postgresql -----------------------------------------------------------------------------

void Sql(const std::string& sql) {
  PGconn* c = PQconnectdb("host=127.0.0.1 port=15432 user=postgres dbname=postgres");
  ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  PGresult* r = PQexec(c, sql.c_str());
  EXPECT_TRUE(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK)
      << PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
}

TEST(PostgresServer, QueryResult) {
  SWELL_REQUIRE_SERVERS();
  const std::string table = "swell_jobs_" + std::to_string(getpid());
  Sql("DROP TABLE IF EXISTS " + table);
  Sql("CREATE TABLE " + table + " (id int, state text)");
  Sql("INSERT INTO " + table +
      " SELECT g, CASE WHEN g <= 13 THEN 'pending' ELSE 'done' END FROM generate_series(1, 20) g");
  RealSources sources(FastOptions());
  const std::string query = "SELECT count(*) FROM " + table + " WHERE state = 'pending'";
  auto s = MustBuild(sources, "postgresql",
                     {{"query", query},
                      {"targetQueryValue", "5"},
                      {"host", "127.0.0.1"},
                      {"port", "15432"},
                      {"userName", "postgres"},
                      {"dbName", "postgres"},
                      {"sslmode", "disable"}},
                     {{"password", "pg-secret-pw"}});
  StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 13000);
  EXPECT_TRUE(r->active);
  s = MustBuild(sources, "postgresql",
                {{"query", "SELECT avg(id)::float / 4 FROM " + table}, {"targetQueryValue", "1"}},
                {{"connection", "host=127.0.0.1 port=15432 user=postgres dbname=postgres"}});
  EXPECT_EQ(Poll(*s)->values[0].milli, 2625);  // 10.5 / 4
  s = MustBuild(sources, "postgresql",
                {{"query", "SELECT nope FROM missing_table"}, {"targetQueryValue", "1"}},
                {{"connection", "host=127.0.0.1 port=15432 user=postgres dbname=postgres"}});
  r = Poll(*s);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("missing_table"), std::string::npos);
  s = MustBuild(sources, "postgresql", {{"query", "SELECT 1"}, {"targetQueryValue", "1"}},
                {{"connection", "host=127.0.0.1 port=1 user=u password=pg-secret-pw"}});
  r = Poll(*s);
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(r.status().message().find("pg-secret-pw"), std::string::npos);
  Sql("DROP TABLE " + table);
}

// ---- prometheus -----------------------------------------------------------------------------

TEST(PrometheusServer, QueryValueEmptyAndMultiple) {
  SWELL_REQUIRE_SERVERS();
  RealSources sources(FastOptions());
  const std::string server = "http://" + Local(kPrometheusPort);
  auto s = MustBuild(sources, "prometheus",
                     {{"serverAddress", server}, {"query", "vector(42)"}, {"threshold", "10"}});
  StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 42000);
  s = MustBuild(sources, "prometheus",
                {{"serverAddress", server}, {"query", "vector(1) > 5"}, {"threshold", "1"}});
  EXPECT_EQ(Poll(*s)->values[0].milli, 0);  // empty result, ignoreNullValues
  s = MustBuild(sources, "prometheus",
                {{"serverAddress", server},
                 {"query", "vector(1) > 5"},
                 {"threshold", "1"},
                 {"ignoreNullValues", "false"}});
  EXPECT_EQ(Poll(*s).status().code(), StatusCode::kInvalidArgument);
  s = MustBuild(sources, "prometheus",
                {{"serverAddress", server},
                 {"query", R"(vector(1) or label_replace(vector(2), "a", "b", "", ""))"},
                 {"threshold", "1"}});
  EXPECT_NE(Poll(*s).status().message().find("multiple elements"), std::string::npos);
  s = MustBuild(sources, "prometheus",
                {{"serverAddress", server}, {"query", "sum(("}, {"threshold", "1"}});
  EXPECT_EQ(Poll(*s).status().message(), "prometheus query api returned error. status: 400");
}

// ---- rabbitmq -------------------------------------------------------------------------------

const std::string kRabbitApi = "http://" + Local(kRabbitHttpPort);

void RabbitHttp(const std::string& method, const std::string& path, const std::string& body) {
  CurlHttpClient http;
  scalers::HttpRequest r;
  r.method = method;
  r.url = kRabbitApi + path;
  r.body = body;
  r.headers = {{"Content-Type", "application/json"},
               {"Authorization", "Basic Z3Vlc3Q6Z3Vlc3Q="}};  // guest:guest
  StatusOr<scalers::HttpResponse> resp = http.Do(r);
  ASSERT_TRUE(resp.ok() && resp->status < 300)
      << path << ": " << (resp.ok() ? resp->body : resp.status().ToString());
}

TEST(RabbitMqServer, QueueLengthOverHttpAndAmqp) {
  SWELL_REQUIRE_SERVERS();
  const std::string queue = Unique("swell-jobs");
  RabbitHttp("PUT", "/api/queues/%2F/" + queue, R"({"durable":false})");
  for (int i = 0; i < 9; i++) {
    RabbitHttp("POST", "/api/exchanges/%2F/amq.default/publish",
               R"({"properties":{},"routing_key":")" + queue +
                   R"(","payload":"x","payload_encoding":"string"})");
  }
  RealSources sources(FastOptions());
  auto amqp = MustBuild(sources, "rabbitmq",
                        {{"queueName", queue},
                         {"host", "amqp://guest:guest@" + Local(kAmqpPort) + "/%2F"},
                         {"mode", "QueueLength"},
                         {"value", "5"}});
  StatusOr<scalers::MetricsAndActivity> r = Poll(*amqp);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 9000);
  // The management API's counts are statistics, refreshed every 500 ms here.
  auto http =
      MustBuild(sources, "rabbitmq",
                {{"queueName", queue}, {"host", "http://guest:guest@" + Local(kRabbitHttpPort)}});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  do {
    r = Poll(*http);
    if (r.ok() && r->values[0].milli == 9000) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  } while (std::chrono::steady_clock::now() < deadline);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 9000);
  RabbitHttp("DELETE", "/api/queues/%2F/" + queue, "");
}

TEST(RabbitMqServer, MissingQueueAndBadPassword) {
  SWELL_REQUIRE_SERVERS();
  RealSources sources(FastOptions());
  auto http = MustBuild(
      sources, "rabbitmq",
      {{"queueName", "no-such-queue"}, {"host", "http://guest:guest@" + Local(kRabbitHttpPort)}});
  EXPECT_EQ(Poll(*http).status().code(), StatusCode::kNotFound);
  auto amqp = MustBuild(sources, "rabbitmq",
                        {{"queueName", "no-such-queue"},
                         {"host", "amqp://guest:guest@" + Local(kAmqpPort) + "/%2F"}});
  StatusOr<scalers::MetricsAndActivity> r = Poll(*amqp);
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound) << r.status().ToString();
  http = MustBuild(sources, "rabbitmq",
                   {{"queueName", "q"}, {"host", "http://" + Local(kRabbitHttpPort)}},
                   {{"username", "guest"}, {"password", "rabbit-wrong-pw"}});
  r = Poll(*http);
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(r.status().message().find("rabbit-wrong-pw"), std::string::npos);
  amqp =
      MustBuild(sources, "rabbitmq",
                {{"queueName", "q"}, {"host", "amqp://guest:rabbit-wrong-pw@" + Local(kAmqpPort)}});
  r = Poll(*amqp);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find("rabbit-wrong-pw"), std::string::npos)
      << r.status().message();
}

// ---- nats-jetstream -------------------------------------------------------------------------

// A minimal NATS protocol client: enough to create a stream and a consumer, publish, and pull.
class Nats {
 public:
  Nats() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(kNatsPort);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ReadLine();  // INFO
    Send("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB _INBOX.swell 1\r\n");
  }
  ~Nats() { close(fd_); }
  // Publishes and waits for `replies` messages on the inbox.
  void Request(const std::string& subject, const std::string& body, int replies = 1) {
    Send("PUB " + subject + " _INBOX.swell " + std::to_string(body.size()) + "\r\n" + body +
         "\r\n");
    for (int got = 0; got < replies;) {
      std::string line = ReadLine();
      if (line.rfind("PING", 0) == 0) Send("PONG\r\n");
      if (line.rfind("MSG ", 0) != 0) continue;
      size_t len = std::stoul(line.substr(line.rfind(' ') + 1));
      ReadBytes(len + 2);
      got++;
    }
  }

 private:
  void Send(const std::string& s) {
    ASSERT_EQ(send(fd_, s.data(), s.size(), 0), ssize_t(s.size()));
  }
  std::string ReadLine() {
    std::string line;
    char c;
    while (recv(fd_, &c, 1, 0) == 1) {
      line.push_back(c);
      if (line.size() >= 2 && line.substr(line.size() - 2) == "\r\n") break;
    }
    return line;
  }
  void ReadBytes(size_t n) {
    std::string b(n, '\0');
    size_t got = 0;
    while (got < n) {
      ssize_t r = recv(fd_, b.data() + got, n - got, 0);
      if (r <= 0) return;
      got += static_cast<size_t>(r);
    }
  }
  int fd_ = -1;
};

TEST(NatsServer, ConsumerPendingPlusAckPending) {
  SWELL_REQUIRE_SERVERS();
  const std::string stream = "SWELL" + std::to_string(getpid());
  Nats nats;
  nats.Request("$JS.API.STREAM.CREATE." + stream,
               R"({"name":")" + stream + R"(","subjects":[")" + stream + R"(.>"]})");
  nats.Request("$JS.API.CONSUMER.DURABLE.CREATE." + stream + ".worker",
               R"({"stream_name":")" + stream +
                   R"(","config":{"durable_name":"worker","ack_policy":"explicit"}})");
  for (int i = 0; i < 11; i++) nats.Request(stream + ".orders", "order" + std::to_string(i));
  nats.Request("$JS.API.CONSUMER.MSG.NEXT." + stream + ".worker", R"({"batch":4})", 4);
  RealSources sources(FastOptions());
  auto s = MustBuild(sources, "nats-jetstream",
                     {{"natsServerMonitoringEndpoint", Local(kNatsMonitorPort)},
                      {"account", "$G"},
                      {"stream", stream},
                      {"consumer", "worker"},
                      {"lagThreshold", "5"}});
  StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 11000);  // 7 pending + 4 delivered, not acknowledged
  s = MustBuild(sources, "nats-jetstream",
                {{"natsServerMonitoringEndpoint", Local(kNatsMonitorPort)},
                 {"account", "$G"},
                 {"stream", stream},
                 {"consumer", "nobody"}});
  EXPECT_EQ(Poll(*s).status().code(), StatusCode::kNotFound);
  nats.Request("$JS.API.STREAM.DELETE." + stream, "");
}

// ---- metrics-api (Prometheus's own JSON API as the metrics API) ------------------------------

TEST(MetricsApiServer, ValueLocationAndMalformedReply) {
  SWELL_REQUIRE_SERVERS();
  RealSources sources(FastOptions());
  const std::string api = "http://" + Local(kPrometheusPort);
  auto s = MustBuild(sources, "metrics-api",
                     {{"url", api + "/api/v1/query?query=vector(7)"},
                      {"valueLocation", "data.result.0.value.1"},
                      {"targetValue", "2"}});
  StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 7000);  // the string "7", read as a quantity
  s = MustBuild(sources, "metrics-api",
                {{"url", api + "/api/v1/query?query=vector(7)"},
                 {"valueLocation", "data.result.#"},
                 {"targetValue", "2"}});
  EXPECT_EQ(Poll(*s)->values[0].milli, 1000);
  s = MustBuild(sources, "metrics-api",
                {{"url", api + "/metrics"}, {"valueLocation", "a"}, {"targetValue", "2"}});
  r = Poll(*s);  // text, not JSON
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  s = MustBuild(sources, "metrics-api",
                {{"url", api + "/no/such/path"}, {"valueLocation", "a"}, {"targetValue", "2"}});
  EXPECT_EQ(Poll(*s).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace swell::sources
