// kafka (pkg/scalers/kafka_scaler.go, Sarama) and apache-kafka
// (pkg/scalers/apache_kafka_scaler.go, kafka-go); keda.md §5.3: consumer-group lag.
// Per partition (KafkaClient::Offsets rows, filtered to `topic` and partitionLimitation):
//   committed == -1: latest policy -> lag 1, earliest policy -> lag = latest offset; 0 either
//                    way with scaleToZeroOnInvalidOffset
//   otherwise        lag = latest - committed; with excludePersistentLag a partition whose
//                    committed offset did not move since the previous poll counts 0 towards
//                    the value (but its lag still counts towards activity)
// totalLag = Σ lag; unless allowIdleConsumers (and neither limitToPartitionsWithLag nor
// ensureEvenDistributionOfPartitions): ensureEven -> totalLag = f x lagThreshold for the
// smallest factor f of #partitions with f x lagThreshold >= totalLag (else #partitions); then
// if totalLag / lagThreshold (integer division) > upper, totalLag = upper x lagThreshold, upper
// = #partitions, or #partitions with lag > 0 under limitToPartitionsWithLag.
//   value  = totalLag; active = Σ lag-with-persistent > activationLagThreshold
//   spec   = External "s<i>-kafka-<topic>" (apache-kafka: topics joined by ","), or
//            "s<i>-kafka-<consumerGroup>-topics" without a topic; GetMetricTarget(lagThreshold)
// Differences between the two kept from KEDA: `kafka` has one topic, errors when the topic has
// no partition left after partitionLimitation, and validates sasl oauthbearer/gssapi, version,
// fullMetadata; `apache-kafka` takes a topic list and sasl aws_msk_iam, and forbids sasl or tls
// in both metadata and the TriggerAuthentication. apache-kafka without a topic reads the
// group's topics here (KEDA reads every topic of the cluster and needs active members).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "scalers/metadata.h"
#include "scalers/scaler.h"
#include "scalers/sources.h"

namespace swell::scalers {

class KafkaScaler final : public Scaler {
 public:
  enum class Flavor : uint8_t { kSarama, kApache };  // trigger type kafka | apache-kafka

  struct Meta {
    Flavor flavor = Flavor::kSarama;
    std::vector<std::string> bootstrap_servers;    // bootstrapServers, required
    std::string consumer_group;                    // consumerGroup, required
    std::vector<std::string> topics;               // topic (kafka: at most one)
    bool limit_partitions = false;                 // partitionLimitation given (with a topic)
    std::vector<int64_t> partitions;               // partitionLimitation, "1,2,10-20"
    int64_t lag_threshold = 10;                    // lagThreshold. Default: 10, > 0
    int64_t activation_lag_threshold = 0;          // activationLagThreshold. Default: 0, >= 0
    bool earliest = false;                         // offsetResetPolicy. Default: latest
    bool allow_idle_consumers = false;             // allowIdleConsumers. Default: false
    bool exclude_persistent_lag = false;           // excludePersistentLag. Default: false
    bool scale_to_zero_on_invalid_offset = false;  // Default: false
    bool limit_to_partitions_with_lag = false;     // Default: false
    bool ensure_even_distribution_of_partitions = false;  // Default: false
    bool full_metadata = true;                            // fullMetadata (kafka). Default: true
    // What the client needs besides servers, group and topic, by KEDA parameter name: tls,
    // unsafeSsl, ca, cert, key, keyPassword, sasl, username, password, saslTokenProvider,
    // scopes, oauthTokenEndpointUri, oauthExtensions, keytab, realm, kerberosConfig,
    // kerberosServiceName, kerberosDisableFAST, version, awsRegion and, for aws_msk_iam, the
    // resolved awsAccessKeyID, awsSecretAccessKey, awsSessionToken, awsRoleArn,
    // awsUseDefaultChain. Holds secrets.
    std::map<std::string, std::string> options;
    std::string metric_name;  // s<index>-kafka-<topic> | s<index>-kafka-<group>-topics
  };

  struct Lag {
    int64_t total = 0;                  // the metric value
    int64_t total_with_persistent = 0;  // what activity compares
  };
  // (topic, partition) -> committed offset at the previous poll, for excludePersistentLag.
  using PreviousOffsets = std::map<std::pair<std::string, int32_t>, int64_t>;

  // KEDA's struct tags for kafkaMetadata / apacheKafkaMetadata.
  static std::span<const Param> Params(Flavor flavor);
  // Parses and validates; no I/O. The flavor is config.type's.
  static StatusOr<Meta> ParseMetadata(const ScalerConfig& config);
  // KEDA's getTotalLag over one poll's offsets (rows of other topics or limited-out partitions
  // are dropped here). Updates `previous`. InvalidArgument when `kafka`'s topic has no partition.
  static StatusOr<Lag> TotalLag(const Meta& meta,
                                const std::vector<KafkaClient::PartitionOffsets>& rows,
                                PreviousOffsets& previous);
  // The registry's factory for kafka and apache-kafka: metric type, metadata, then
  // sources.kafka() (Unimplemented "this world has no Kafka" when the world lacks it).
  static StatusOr<std::unique_ptr<Scaler>> Create(const ScalerConfig& config, Sources& sources);

  KafkaScaler(Meta meta, std::string target_type, KafkaClient& client)
      : meta_(std::move(meta)), target_type_(std::move(target_type)), client_(client) {}

  // One Offsets call per topic (one with topic "" when none is set). Errors: the client's.
  StatusOr<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override;
  std::vector<MetricSpec> GetMetricSpecs() const override;
  const Meta& meta() const { return meta_; }

 private:
  Meta meta_;
  std::string target_type_;
  KafkaClient& client_;
  PreviousOffsets previous_;
};

}  // namespace swell::scalers
