// nats-jetstream (pkg/scalers/nats_jetstream_scaler.go; keda.md §5.7): the backlog of one
// JetStream consumer, from the server's monitoring endpoint.
//   request = GET http(s)://<natsServerMonitoringEndpoint>/jsz?acc=<accountID>&config=true
//             &consumers=true (https when useHttps)
//   value   = num_pending + num_ack_pending of the consumer named `consumer` in the stream
//             named `stream` of the account whose id is accountID or whose name is account
//   active  = value > activationLagThreshold (default 0)
//   spec    = External "s<i>-nats-jetstream-<stream>", GetMetricTarget(lagThreshold, 10)
// account or accountID is required (accountID defaults to account). As in KEDA, a stream that
// is not found keeps the previous poll's stream. Difference: in a cluster (meta_cluster
// cluster_size > 1) KEDA locates the consumer's leader through /varz and asks that node;
// swell reads the consumer from the node it asked.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "scalers/metadata.h"
#include "scalers/scaler.h"
#include "scalers/sources.h"
#include "util/json.h"

namespace swell::scalers {

class NatsJetStreamScaler final : public Scaler {
 public:
  struct Meta {
    std::string account;                   // account (authParams, metadata)
    std::string account_id;                // accountID, defaults to account
    std::string stream;                    // stream, required
    std::string consumer;                  // consumer, required
    int64_t lag_threshold = 10;            // lagThreshold. Default: 10
    int64_t activation_lag_threshold = 0;  // activationLagThreshold. Default: 0
    bool use_https = false;                // useHttps. Default: false
    std::string endpoint;                  // natsServerMonitoringEndpoint, required
    std::string monitoring_url;            // the /jsz URL
    std::string metric_name;               // s<index>-nats-jetstream-<stream>
  };

  static std::span<const Param> Params();
  static StatusOr<Meta> ParseMetadata(const ScalerConfig& config);
  static StatusOr<std::unique_ptr<Scaler>> Create(const ScalerConfig& config, Sources& sources);

  NatsJetStreamScaler(Meta meta, std::string target_type, HttpClient& client)
      : meta_(std::move(meta)), target_type_(std::move(target_type)), client_(client) {}

  // Errors: the client's, a non-200 status, malformed JSON, "consumer \"c\" not found in stream
  // \"s\"" (NotFound).
  StatusOr<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override;
  std::vector<MetricSpec> GetMetricSpecs() const override;
  const Meta& meta() const { return meta_; }

 private:
  Meta meta_;
  std::string target_type_;
  HttpClient& client_;
  json::Value stream_;  // the stream found at the last poll (KEDA keeps it)
};

}  // namespace swell::scalers
