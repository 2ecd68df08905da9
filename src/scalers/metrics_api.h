// metrics-api (pkg/scalers/metrics_api_scaler.go; keda.md §1.4 lists it, the semantics are
// KEDA's code): one number read from an HTTP JSON API.
//   request = GET url (+ the auth block: apiKey as header X-API-KEY/<keyParamName> or query
//             api_key/<keyParamName>, basic, bearer, tls client certificate)
//   value   = gjson.Get(body, valueLocation): a Number, or a String parsed as a Kubernetes
//             quantity ("100m" = 0.1); anything else is an error naming its GJSON type
//   active  = value > activationTargetValue (default 0)
//   spec    = External "s<i>-metric-api-<valueLocation>", GetMetricTargetMili(targetValue);
//             targetValue is required (non-zero) unless the ScaledObject uses scalingModifiers
// format json only: prometheus, xml and yaml, and aggregateFromKubeServiceEndpoints (which
// needs the Kubernetes API), are Unimplemented.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "scalers/http_auth.h"
#include "scalers/metadata.h"
#include "scalers/scaler.h"
#include "scalers/sources.h"

namespace swell::scalers {

class MetricsApiScaler final : public Scaler {
 public:
  struct Meta {
    double target_value = 0;                   // targetValue
    double activation_target_value = 0;        // activationTargetValue. Default: 0
    std::string url;                           // url, required
    std::string format = "json";               // format. Default: json
    std::string value_location;                // valueLocation, required
    bool unsafe_ssl = false;                   // unsafeSsl. Default: false
    bool aggregate_from_endpoints = false;     // aggregateFromKubeServiceEndpoints. Default: false
    std::string aggregation_type = "average";  // aggregationType. Default: average
    Duration timeout{0};                       // timeout, 0 = the world's default
    HttpAuth auth;                             // authModes and their parameters
    std::string metric_name;                   // s<index>-metric-api-<valueLocation>
  };

  static std::span<const Param> Params();
  // Parses and validates; no I/O. InvalidArgument names the bad key.
  static StatusOr<Meta> ParseMetadata(const ScalerConfig& config);
  // Factory: metric type, metadata, the unsupported options, then sources.http().
  static StatusOr<std::unique_ptr<Scaler>> Create(const ScalerConfig& config, Sources& sources);

  MetricsApiScaler(Meta meta, std::string target_type, HttpClient& client)
      : meta_(std::move(meta)), target_type_(std::move(target_type)), client_(client) {}

  // Errors, prefixed "error requesting metrics endpoint: ": the client's, "<path>: api
  // returned <status>", malformed JSON, or a valueLocation that is not a number.
  StatusOr<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override;
  std::vector<MetricSpec> GetMetricSpecs() const override;
  const Meta& meta() const { return meta_; }

  // The value at `location` in a JSON `body` (KEDA's getValueFromJSONResponse).
  static StatusOr<double> ValueFromJson(std::string_view body, std::string_view location);

 private:
  HttpRequest Request() const;
  Meta meta_;
  std::string target_type_;
  HttpClient& client_;
};

}  // namespace swell::scalers
