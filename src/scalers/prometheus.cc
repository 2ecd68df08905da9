#include "scalers/prometheus.h"

#include <cmath>

#include "scalers/common.h"

namespace swell::scalers {
namespace {

// clang-format off
constexpr Param kParams[] = {
    {.name = "serverAddress", .order = "triggerMetadata"},
    {.name = "query", .order = "triggerMetadata"},
    {.name = "queryParameters", .order = "triggerMetadata", .type = ParamType::kMap,
     .optional = true},
    {.name = "threshold", .order = "triggerMetadata", .type = ParamType::kFloat},
    {.name = "activationThreshold", .order = "triggerMetadata", .type = ParamType::kFloat,
     .optional = true},
    {.name = "namespace", .order = "triggerMetadata", .optional = true},
    {.name = "customHeaders", .order = "triggerMetadata", .type = ParamType::kMap,
     .optional = true},
    {.name = "ignoreNullValues", .order = "triggerMetadata", .type = ParamType::kBool,
     .default_value = "true"},
    {.name = "unsafeSsl", .order = "triggerMetadata", .type = ParamType::kBool, .optional = true},
    {.name = "awsRegion", .order = "triggerMetadata;authParams", .optional = true},
    {.name = "timeout", .order = "triggerMetadata", .type = ParamType::kDuration, .optional = true},
    {.name = "identityOwner", .order = "triggerMetadata", .optional = true},
};
// clang-format on

}  // namespace

std::span<const Param> PrometheusScaler::Params() { return kParams; }

StatusOr<PrometheusScaler::Meta> PrometheusScaler::ParseMetadata(const ScalerConfig& config) {
  StatusOr<ParsedParams> p = ParseParams(config, kParams);
  StatusOr<HttpAuth> auth = ParseHttpAuth(config);
  if (!p.ok() && !auth.ok()) {
    return MetadataError(config, p.status().message() + "; " + auth.status().message());
  }
  if (!p.ok()) return MetadataError(config, p.status());
  if (!auth.ok()) return MetadataError(config, auth.status());
  Meta m;
  m.server_address = p->String("serverAddress");
  m.query = p->String("query");
  m.query_parameters = p->Map("queryParameters");
  m.threshold = p->Float("threshold");
  m.activation_threshold = p->Float("activationThreshold");
  m.namespace_name = p->String("namespace");
  m.custom_headers = p->Map("customHeaders");
  m.ignore_null_values = p->Bool("ignoreNullValues");
  m.unsafe_ssl = p->Bool("unsafeSsl");
  m.aws_region = p->String("awsRegion");
  m.timeout = p->DurationOf("timeout");
  m.identity_owner = p->String("identityOwner");
  m.auth = std::move(*auth);
  if (!m.auth.Disabled() && !config.pod_identity.empty() && config.pod_identity != "none") {
    return MetadataError(config, "pod identity cannot be enabled with other auth types");
  }
  m.metric_name = MetricName(config.trigger_index, "prometheus");
  return m;
}

StatusOr<std::unique_ptr<Scaler>> PrometheusScaler::Create(const ScalerConfig& config,
                                                           Sources& sources) {
  SWELL_ASSIGN_OR_RETURN(std::string target_type, MetricTargetType(config));
  SWELL_ASSIGN_OR_RETURN(Meta meta, ParseMetadata(config));
  for (std::string_view mode : {"tls", "oauth"}) {
    if (meta.auth.Enabled(mode)) {
      return Unimplemented("prometheus authModes " + std::string(mode) +
                           ": swell's Prometheus client does not support it yet");
    }
  }
  if (sources.prometheus() == nullptr) return NoClient("Prometheus");
  return std::unique_ptr<Scaler>(std::make_unique<PrometheusScaler>(
      std::move(meta), std::move(target_type), *sources.prometheus()));
}

std::vector<MetricSpec> PrometheusScaler::GetMetricSpecs() const {
  return {ExternalMetricMilli(meta_.metric_name, target_type_, meta_.threshold)};
}

StatusOr<MetricsAndActivity> PrometheusScaler::GetMetricsAndActivity(std::string_view metric_name) {
  PrometheusQuery q;
  q.server_address = meta_.server_address;
  q.query = meta_.query;
  q.namespace_name = meta_.namespace_name;
  q.query_parameters = meta_.query_parameters;
  q.timeout = meta_.timeout;
  q.headers = meta_.custom_headers;
  for (auto& [k, v] : HttpAuthHeaders(meta_.auth)) q.headers[k] = v;
  q.unsafe_ssl = meta_.unsafe_ssl;
  StatusOr<double> v = client_.Query(q);
  double value = 0;
  if (v.ok()) {
    value = *v;
  } else if (!v.status().IsNotFound()) {
    return v.status();
  } else if (!meta_.ignore_null_values) {
    return InvalidArgument(
        "prometheus metrics 'prometheus' target may be lost, the result is empty");
  }
  if (!std::isfinite(value)) {
    if (!meta_.ignore_null_values) {
      return InvalidArgument(std::string("prometheus query returns ") + (std::isnan(value) ? "NaN"
                                                                         : value > 0       ? "+Inf"
                                                                                     : "-Inf"));
    }
    value = 0;
  }
  return OneMetric(metric_name, value, value > meta_.activation_threshold);
}

}  // namespace swell::scalers
