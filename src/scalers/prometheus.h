// prometheus (pkg/scalers/prometheus_scaler.go; keda.md §5.4): the value of one PromQL query.
//   value  = the query's single element; an empty result (client NotFound) or NaN/Inf is 0
//            when ignoreNullValues (default true), else an error
//   active = value > activationThreshold (default 0)
//   spec   = External "s<i>-prometheus", GetMetricTargetMili(threshold) (threshold required)
// Headers: customHeaders, then the auth header of authModes bearer/basic/custom (http_auth.h).
// authModes together with a pod identity is an error. namespace, queryParameters and timeout
// travel in the PrometheusQuery. Parsed but not sent: awsRegion/identityOwner (SigV4 for
// Amazon Managed Prometheus), and tls/oauth auth, which the factory rejects as Unimplemented
// rather than send requests without them.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>

#include "scalers/http_auth.h"
#include "scalers/metadata.h"
#include "scalers/scaler.h"
#include "scalers/sources.h"

namespace swell::scalers {

class PrometheusScaler final : public Scaler {
 public:
  struct Meta {
    std::string server_address;                           // serverAddress, required
    std::string query;                                    // query, required
    std::map<std::string, std::string> query_parameters;  // queryParameters k=v,...
    double threshold = 0;                                 // threshold, required
    double activation_threshold = 0;                      // activationThreshold. Default: 0
    std::string namespace_name;                           // namespace (Thanos tenancy)
    std::map<std::string, std::string> custom_headers;    // customHeaders k=v,...
    bool ignore_null_values = true;                       // ignoreNullValues. Default: true
    bool unsafe_ssl = false;                              // unsafeSsl. Default: false
    std::string aws_region;                               // awsRegion (metadata or authParams)
    Duration timeout{0};                                  // timeout, 0 = the global default
    std::string identity_owner;                           // identityOwner
    HttpAuth auth;                                        // authModes and their parameters
    std::string metric_name;                              // s<index>-prometheus
  };

  // KEDA's struct tags for prometheusMetadata (without the auth block: HttpAuthParams()).
  static std::span<const Param> Params();
  // Parses and validates; no I/O. InvalidArgument names the bad key.
  static StatusOr<Meta> ParseMetadata(const ScalerConfig& config);
  // The registry's factory: metric type, metadata, then sources.prometheus() (Unimplemented
  // "this world has no Prometheus" when the world lacks it).
  static StatusOr<std::unique_ptr<Scaler>> Create(const ScalerConfig& config, Sources& sources);

  PrometheusScaler(Meta meta, std::string target_type, PrometheusClient& client)
      : meta_(std::move(meta)), target_type_(std::move(target_type)), client_(client) {}

  // Errors: the client's (Unavailable, InvalidArgument for several elements), and the
  // ignoreNullValues=false ones: "...target may be lost, the result is empty", "prometheus
  // query returns NaN".
  StatusOr<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override;
  std::vector<MetricSpec> GetMetricSpecs() const override;
  const Meta& meta() const { return meta_; }

 private:
  Meta meta_;
  std::string target_type_;
  PrometheusClient& client_;
};

}  // namespace swell::scalers
