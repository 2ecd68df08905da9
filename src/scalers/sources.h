// The event sources scalers read, as narrow client interfaces. A world provides them through
// `Sources`: the simulator backs them with simulated queues and gauges; the real world with
// HTTPS/TCP clients for SQS, Redis, Kafka, Prometheus. Requests carry what the scaler parsed
// from its metadata; credentials travel in `Credentials` and never appear in a Status.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "util/clock.h"
#include "util/status.h"

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

struct RedisTarget {
  std::vector<std::string> addresses;  // host:port
  int database = 0;
  std::string username;
  std::string password;  // secret
  bool tls = false;
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
  std::map<std::string, std::string> headers;  // may hold secrets
  bool unsafe_ssl = false;
};

class PrometheusClient {
 public:
  virtual ~PrometheusClient() = default;
  // The query's value: the single element of an instant-vector/scalar result. An empty result
  // is NotFound (the scaler applies ignoreNullValues).
  virtual StatusOr<double> Query(const PrometheusQuery& q) = 0;
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
};

}  // namespace swell::scalers
