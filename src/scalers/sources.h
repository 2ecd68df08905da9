// The event sources scalers read, as narrow client interfaces. A world provides them through
// `Sources`: the simulator backs them with simulated queues and gauges; the real world
// (src/sources/, RealSources) with HTTPS/TCP clients for SQS, Redis, Kafka, Prometheus,
// PostgreSQL, AMQP and plain HTTP (RabbitMQ management, NATS monitoring, metrics APIs).
// Requests carry what the scaler parsed from its metadata; credentials travel in the request
// and never appear in a Status.
//
// Every call is bounded: `timeout` 0 means the world's default (KEDA_HTTP_DEFAULT_TIMEOUT,
// 3 s). Errors are Unavailable (source down), DeadlineExceeded (no answer in time),
// PermissionDenied (credentials rejected), NotFound (queue, key or stream missing) or
// InvalidArgument (a malformed reply), each with a cause and never a credential.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "util/clock.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::scalers {

// AWS credentials as resolved from a TriggerAuthentication or the default chain.
struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;  // secret
  std::string session_token;      // secret
  std::string role_arn;
  bool use_default_chain = false;  // podIdentity.provider: aws
};

struct SqsRequest {
  std::string queue_url;
  std::string region;
  std::string endpoint;                      // awsEndpoint override, "" = the regional endpoint
  std::vector<std::string> attribute_names;  // e.g. ApproximateNumberOfMessages
  AwsCredentials credentials;
};

class SqsClient {
 public:
  virtual ~SqsClient() = default;
  // GetQueueAttributes: attribute name -> value as SQS returns it (a decimal string).
  // NotFound for a missing queue, PermissionDenied for rejected credentials.
  virtual StatusOr<std::map<std::string, std::string>> GetQueueAttributes(const SqsRequest& r) = 0;
};

enum class RedisTopology : uint8_t { kSingle, kCluster, kSentinel };

struct RedisTarget {
  RedisTopology topology = RedisTopology::kSingle;
  std::vector<std::string> addresses;  // host:port (sentinel: the sentinels' addresses)
  int database = 0;                    // ignored for kCluster
  std::string username;
  std::string password;  // secret
  bool tls = false;
  std::string sentinel_master;    // kSentinel: the master's name
  std::string sentinel_username;  // kSentinel: credentials for the sentinels
  std::string sentinel_password;  // secret
  Duration timeout{0};            // per call; 0 = the world's default
};

class RedisClient {
 public:
  virtual ~RedisClient() = default;
  virtual StatusOr<int64_t> ListLength(const RedisTarget& t, const std::string& key) = 0;
  // XLEN, XPENDING summary count, or consumer-group lag depending on `mode`.
  virtual StatusOr<int64_t> StreamCount(const RedisTarget& t, const std::string& stream,
                                        const std::string& group, const std::string& mode) = 0;
};

struct KafkaTarget {
  std::vector<std::string> bootstrap_servers;
  std::string group;
  std::string topic;                           // "" = all topics the group consumes
  std::map<std::string, std::string> options;  // sasl, tls ... (secrets inside)
};

class KafkaClient {
 public:
  virtual ~KafkaClient() = default;
  // Per (topic, partition): committed offset of the group (-1 if none) and the latest offset.
  struct PartitionOffsets {
    std::string topic;
    int32_t partition = 0;
    int64_t committed = -1;
    int64_t latest = 0;
  };
  virtual StatusOr<std::vector<PartitionOffsets>> Offsets(const KafkaTarget& t) = 0;
};

struct PrometheusQuery {
  std::string server_address;
  std::string query;
  std::string namespace_name;                           // namespace: &namespace= (Thanos)
  std::map<std::string, std::string> query_parameters;  // queryParameters: appended to the URL
  std::map<std::string, std::string> headers;           // may hold secrets
  bool unsafe_ssl = false;
  Duration timeout{0};  // per call; 0 = the world's default
};

class PrometheusClient {
 public:
  virtual ~PrometheusClient() = default;
  // The query's value: the single element of an instant-vector/scalar result. An empty result
  // is NotFound (the scaler applies ignoreNullValues).
  virtual StatusOr<double> Query(const PrometheusQuery& q) = 0;
};

// A plain HTTP(S) request, for scalers that read JSON over HTTP (rabbitmq's management API,
// nats-jetstream's /jsz, metrics-api).
struct HttpRequest {
  std::string method = "GET";
  std::string url;                             // may carry user:password@ (secret)
  std::map<std::string, std::string> headers;  // may hold secrets
  std::string body;
  bool unsafe_ssl = false;  // skip certificate verification
  std::string ca;           // PEM, "" = the system's roots
  std::string cert, key;    // PEM client certificate and key (key is secret)
  Duration timeout{0};      // per call; 0 = the world's default
};

struct HttpResponse {
  int64_t status = 0;  // the HTTP status code
  std::string body;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Sends the request (retrying connection failures and 5xx within the timeout). Any HTTP
  // status is a response; only transport failures are errors (Unavailable, DeadlineExceeded).
  virtual StatusOr<HttpResponse> Do(const HttpRequest& r) = 0;
};

struct PostgresQuery {
  std::string connection;  // a libpq connection string (holds the password: secret)
  std::string query;
  Duration timeout{0};  // per call; 0 = the world's default
};

class PostgresClient {
 public:
  virtual ~PostgresClient() = default;
  // The first column of the first row as a float64 (KEDA scans it into a float64): an empty
  // result, NULL or a non-numeric value is InvalidArgument; a failed query InvalidArgument with
  // the server's message; no connection Unavailable.
  virtual StatusOr<double> QueryValue(const PostgresQuery& q) = 0;
};

struct AmqpQueueRequest {
  std::string url;                 // amqp(s)://user:pass@host:port/vhost (secret inside)
  std::string vhost;               // vhostName override, "" = the URL's
  std::string username, password;  // override the URL's when both are set (password secret)
  std::string queue;
  bool unsafe_ssl = false;
  std::string connection_name;  // the connection_name client property
  Duration timeout{0};          // per call; 0 = the world's default
};

class AmqpClient {
 public:
  virtual ~AmqpClient() = default;
  // QueueDeclarePassive(queue).MessageCount. NotFound for a missing queue.
  virtual StatusOr<int64_t> QueueMessageCount(const AmqpQueueRequest& r) = 0;
};

// The clients a world offers. A world that lacks one returns nullptr and the scaler reports
// Unimplemented for its trigger.
class Sources {
 public:
  virtual ~Sources() = default;
  virtual const Clock& clock() const = 0;
  virtual SqsClient* sqs() { return nullptr; }
  virtual RedisClient* redis() { return nullptr; }
  virtual KafkaClient* kafka() { return nullptr; }
  virtual PrometheusClient* prometheus() { return nullptr; }
  virtual HttpClient* http() { return nullptr; }
  virtual PostgresClient* postgres() { return nullptr; }
  virtual AmqpClient* amqp() { return nullptr; }
};

}  // namespace swell::scalers
