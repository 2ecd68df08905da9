// Test helpers: scripted fakes of the clients in sources.h, a Sources that hands them out
// (each can be withdrawn to model a world without it), and a ScalerConfig builder.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "scalers/scaler.h"
#include "scalers/sources.h"
#include "util/clock.h"

namespace swell::scalers::testing {

class FakeSqs final : public SqsClient {
 public:
  std::map<std::string, std::string> attributes;  // the reply
  Status error;                                   // returned instead when not OK
  std::vector<SqsRequest> requests;               // every request, in order

  StatusOr<std::map<std::string, std::string>> GetQueueAttributes(const SqsRequest& r) override {
    requests.push_back(r);
    if (!error.ok()) return error;
    return attributes;
  }
};

class FakeRedis final : public RedisClient {
 public:
  std::map<std::string, int64_t> lengths;  // key -> length; a missing key has length 0 (LLEN)
  std::map<std::string, int64_t> streams;  // "<stream>|<group>|<mode>" -> count
  Status error;
  std::vector<RedisTarget> targets;  // every call's target

  StatusOr<int64_t> ListLength(const RedisTarget& t, const std::string& key) override {
    targets.push_back(t);
    if (!error.ok()) return error;
    auto it = lengths.find(key);
    return it == lengths.end() ? 0 : it->second;
  }
  StatusOr<int64_t> StreamCount(const RedisTarget& t, const std::string& stream,
                                const std::string& group, const std::string& mode) override {
    targets.push_back(t);
    if (!error.ok()) return error;
    auto it = streams.find(stream + "|" + group + "|" + mode);
    if (it == streams.end()) return NotFound("no stream count scripted for " + stream);
    return it->second;
  }
};

class FakeKafka final : public KafkaClient {
 public:
  std::vector<PartitionOffsets> rows;  // the reply (only the asked topic's, when one is asked)
  Status error;
  std::vector<KafkaTarget> targets;

  StatusOr<std::vector<PartitionOffsets>> Offsets(const KafkaTarget& t) override {
    targets.push_back(t);
    if (!error.ok()) return error;
    std::vector<PartitionOffsets> out;
    for (const PartitionOffsets& r : rows) {
      if (t.topic.empty() || r.topic == t.topic) out.push_back(r);
    }
    return out;
  }
};

class FakePrometheus final : public PrometheusClient {
 public:
  StatusOr<double> reply = 0.0;
  std::vector<PrometheusQuery> queries;

  StatusOr<double> Query(const PrometheusQuery& q) override {
    queries.push_back(q);
    return reply;
  }
};

// The fakes below lock: swell probe calls them from several threads.
class FakeHttp final : public HttpClient {
 public:
  std::map<std::string, HttpResponse> replies;  // url -> reply; a missing url is a 404
  Status error;                                 // returned instead when not OK
  std::vector<HttpRequest> requests;

  StatusOr<HttpResponse> Do(const HttpRequest& r) override {
    std::lock_guard<std::mutex> lock(mu_);
    requests.push_back(r);
    if (!error.ok()) return error;
    auto it = replies.find(r.url);
    if (it == replies.end()) return HttpResponse{404, "not found"};
    return it->second;
  }

 private:
  std::mutex mu_;
};

class FakePostgres final : public PostgresClient {
 public:
  StatusOr<double> reply = 0.0;
  std::vector<PostgresQuery> queries;

  StatusOr<double> QueryValue(const PostgresQuery& q) override {
    std::lock_guard<std::mutex> lock(mu_);
    queries.push_back(q);
    return reply;
  }

 private:
  std::mutex mu_;
};

class FakeAmqp final : public AmqpClient {
 public:
  StatusOr<int64_t> reply = int64_t{0};
  std::vector<AmqpQueueRequest> requests;

  StatusOr<int64_t> QueueMessageCount(const AmqpQueueRequest& r) override {
    std::lock_guard<std::mutex> lock(mu_);
    requests.push_back(r);
    return reply;
  }

 private:
  std::mutex mu_;
};

class FakeSources final : public Sources {
 public:
  FakeClock fake_clock;
  FakeSqs sqs_client;
  FakeRedis redis_client;
  FakeKafka kafka_client;
  FakePrometheus prometheus_client;
  FakeHttp http_client;
  FakePostgres postgres_client;
  FakeAmqp amqp_client;
  bool has_sqs = true, has_redis = true, has_kafka = true, has_prometheus = true;
  bool has_http = true, has_postgres = true, has_amqp = true;

  // Withdraws every client: a world with no sources at all.
  void WithdrawAll() {
    has_sqs = has_redis = has_kafka = has_prometheus = has_http = has_postgres = has_amqp = false;
  }

  const Clock& clock() const override { return fake_clock; }
  SqsClient* sqs() override { return has_sqs ? &sqs_client : nullptr; }
  RedisClient* redis() override { return has_redis ? &redis_client : nullptr; }
  KafkaClient* kafka() override { return has_kafka ? &kafka_client : nullptr; }
  PrometheusClient* prometheus() override { return has_prometheus ? &prometheus_client : nullptr; }
  HttpClient* http() override { return has_http ? &http_client : nullptr; }
  PostgresClient* postgres() override { return has_postgres ? &postgres_client : nullptr; }
  AmqpClient* amqp() override { return has_amqp ? &amqp_client : nullptr; }
};

// A ScalerConfig of `type` with trigger index 0 and metricType AverageValue.
inline ScalerConfig Config(std::string type, api::StringMap metadata,
                           api::StringMap auth_params = {}, api::StringMap resolved_env = {}) {
  ScalerConfig c;
  c.type = std::move(type);
  c.metadata = std::move(metadata);
  c.auth_params = std::move(auth_params);
  c.resolved_env = std::move(resolved_env);
  return c;
}

}  // namespace swell::scalers::testing
