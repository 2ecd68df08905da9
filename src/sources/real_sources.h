// The real world's event sources: scalers::Sources backed by real clients (SQS over HTTPS with
// SigV4, Prometheus, Redis, Kafka, PostgreSQL, AMQP, plain HTTP). What `swell probe` and a
// future in-cluster runtime hand to the scalers. Every call is bounded by a timeout (default
// 3 s, KEDA_HTTP_DEFAULT_TIMEOUT) with bounded retries (call.h). All clients are thread-safe,
// so one RealSources serves concurrent polls (poll.h).
#pragma once

#include <memory>

#include "scalers/sources.h"
#include "sources/amqp.h"
#include "sources/aws_credentials.h"
#include "sources/call.h"
#include "sources/http.h"
#include "sources/kafka.h"
#include "sources/postgres.h"
#include "sources/prometheus.h"
#include "sources/redis.h"
#include "sources/sqs.h"
#include "util/clock.h"

namespace swell::sources {

// The system clock (UTC microseconds): the real world's time, for SigV4 dates and queries.
class WallClock final : public Clock {
 public:
  TimePoint Now() const override;
};

struct RealSourcesOptions {
  CallOptions call;                                    // timeout 3 s, 3 attempts, backoff
  AwsEnvironment aws_env = AwsEnvironment::Process();  // where the AWS chain looks
  AwsCredentialOptions aws;                            // refresh 5 min before expiry
};

class RealSources final : public scalers::Sources {
 public:
  explicit RealSources(RealSourcesOptions options = {});

  const Clock& clock() const override { return clock_; }
  scalers::SqsClient* sqs() override { return &sqs_; }
  scalers::RedisClient* redis() override { return &redis_; }
  scalers::KafkaClient* kafka() override { return &kafka_; }
  scalers::PrometheusClient* prometheus() override { return &prometheus_; }
  scalers::HttpClient* http() override { return &http_; }
  scalers::PostgresClient* postgres() override { return &postgres_; }
  scalers::AmqpClient* amqp() override { return &amqp_; }

  AwsCredentialProvider& aws_credentials() { return aws_; }

 private:
  WallClock clock_;
  CurlHttpClient http_;
  AwsCredentialProvider aws_;
  SqsHttpClient sqs_;
  PrometheusHttpClient prometheus_;
  HiredisClient redis_;
  RdKafkaClient kafka_;
  LibpqClient postgres_;
  RabbitMqAmqpClient amqp_;
};

}  // namespace swell::sources
