#include "scalers/metrics_api.h"

#include "api/quantity.h"
#include "scalers/common.h"
#include "scalers/gjson.h"
#include "util/json.h"

namespace swell::scalers {
namespace {

// clang-format off
constexpr Param kParams[] = {
    {.name = "targetValue", .order = "triggerMetadata", .type = ParamType::kFloat,
     .optional = true},
    {.name = "activationTargetValue", .order = "triggerMetadata", .type = ParamType::kFloat,
     .default_value = "0"},
    {.name = "url", .order = "triggerMetadata"},
    {.name = "format", .order = "triggerMetadata", .default_value = "json",
     .enum_values = "prometheus;json;xml;yaml"},
    {.name = "valueLocation", .order = "triggerMetadata"},
    {.name = "unsafeSsl", .order = "triggerMetadata", .type = ParamType::kBool,
     .default_value = "false"},
    {.name = "aggregateFromKubeServiceEndpoints", .order = "triggerMetadata",
     .type = ParamType::kBool, .default_value = "false"},
    {.name = "aggregationType", .order = "triggerMetadata", .default_value = "average",
     .enum_values = "average;sum;max;min"},
    {.name = "timeout", .order = "triggerMetadata", .type = ParamType::kDuration,
     .optional = true},
};
// clang-format on

// The path of a URL, for KEDA's "<path>: api returned <status>".
std::string PathOf(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (start == std::string::npos) return "";
  return url.substr(start, url.find_first_of("?#", start) - start);
}

// Go's url.Values.Set + Encode for one key on a URL (the apiKey query method).
std::string WithQueryParam(const std::string& url, const std::string& key, const std::string& v) {
  char sep = url.find('?') == std::string::npos ? '?' : '&';
  return url + sep + QueryEscape(key) + "=" + QueryEscape(v);
}

}  // namespace

std::span<const Param> MetricsApiScaler::Params() { return kParams; }

StatusOr<MetricsApiScaler::Meta> MetricsApiScaler::ParseMetadata(const ScalerConfig& config) {
  StatusOr<ParsedParams> p = ParseParams(config, kParams);
  if (!p.ok()) return MetadataError(config, p.status());
  StatusOr<HttpAuth> auth = ParseHttpAuth(config);
  if (!auth.ok()) return MetadataError(config, auth.status());
  Meta m;
  m.target_value = p->Float("targetValue");
  m.activation_target_value = p->Float("activationTargetValue");
  m.url = p->String("url");
  m.format = p->String("format");
  m.value_location = p->String("valueLocation");
  m.unsafe_ssl = p->Bool("unsafeSsl");
  m.aggregate_from_endpoints = p->Bool("aggregateFromKubeServiceEndpoints");
  m.aggregation_type = p->String("aggregationType");
  m.timeout = p->DurationOf("timeout");
  m.auth = std::move(*auth);
  if (m.target_value == 0 && !config.as_metric_source) {
    return MetadataError(config, "no targetValue given in metadata");
  }
  m.metric_name = MetricName(config.trigger_index, "metric-api-" + m.value_location);
  return m;
}

StatusOr<std::unique_ptr<Scaler>> MetricsApiScaler::Create(const ScalerConfig& config,
                                                           Sources& sources) {
  SWELL_ASSIGN_OR_RETURN(std::string target_type, MetricTargetType(config));
  SWELL_ASSIGN_OR_RETURN(Meta meta, ParseMetadata(config));
  if (meta.format != "json") {
    return Unimplemented("metrics-api format " + meta.format + ": swell reads json only");
  }
  if (meta.aggregate_from_endpoints) {
    return Unimplemented(
        "metrics-api aggregateFromKubeServiceEndpoints: needs the Kubernetes API (real-cluster "
        "mode)");
  }
  if (meta.auth.Enabled("oauth")) {
    return Unimplemented("metrics-api authModes oauth: not supported yet");
  }
  if (sources.http() == nullptr) return NoClient("HTTP client");
  return std::unique_ptr<Scaler>(
      std::make_unique<MetricsApiScaler>(std::move(meta), std::move(target_type), *sources.http()));
}

std::vector<MetricSpec> MetricsApiScaler::GetMetricSpecs() const {
  return {ExternalMetricMilli(meta_.metric_name, target_type_, meta_.target_value)};
}

StatusOr<double> MetricsApiScaler::ValueFromJson(std::string_view body, std::string_view location) {
  StatusOr<json::Value> doc = json::Parse(body);
  GjsonResult r;
  if (doc.ok()) r = GjsonGet(*doc, location);
  if (r.type == GjsonResult::Type::kString) {
    StatusOr<api::Quantity> q = api::Quantity::Parse(r.str);
    if (!q.ok()) {
      return InvalidArgument("valueLocation \"" + std::string(location) +
                             "\" points to a string that is not parseable as a Quantity");
    }
    return q->AsDouble();
  }
  if (r.type != GjsonResult::Type::kNumber) {
    return InvalidArgument("valueLocation \"" + std::string(location) +
                           "\" must point to a numeric value or a string parseable as a "
                           "Quantity, got " +
                           std::string(GjsonTypeName(r.type)));
  }
  return r.num;
}

HttpRequest MetricsApiScaler::Request() const {
  HttpRequest req;
  req.url = meta_.url;
  req.unsafe_ssl = meta_.unsafe_ssl;
  req.timeout = meta_.timeout;
  const HttpAuth& a = meta_.auth;
  if (a.Enabled("apiKey")) {
    std::string name = a.key_param_name;
    if (a.method == "query") {
      req.url = WithQueryParam(req.url, name.empty() ? "api_key" : name, a.api_key);
    } else {
      req.headers[name.empty() ? "X-API-KEY" : name] = a.api_key;
    }
  }
  if (a.Enabled("basic") || a.Enabled("bearer")) {
    for (auto& [k, v] : HttpAuthHeaders(a)) req.headers[k] = v;
  }
  if (a.Enabled("tls")) {
    req.cert = a.cert;
    req.key = a.key;
    req.ca = a.ca;
  }
  return req;
}

StatusOr<MetricsAndActivity> MetricsApiScaler::GetMetricsAndActivity(std::string_view metric_name) {
  const std::string prefix = "error requesting metrics endpoint";
  StatusOr<HttpResponse> resp = client_.Do(Request());
  if (!resp.ok()) return resp.status().WithPrefix(prefix);
  if (resp->status != 200) {
    Status s =
        InvalidArgument(PathOf(meta_.url) + ": api returned " + std::to_string(resp->status));
    if (resp->status >= 500) s = Unavailable(s.message());
    if (resp->status == 404) s = NotFound(s.message());
    return s.WithPrefix(prefix);
  }
  StatusOr<double> v = ValueFromJson(resp->body, meta_.value_location);
  if (!v.ok()) return v.status().WithPrefix(prefix);
  return OneMetric(metric_name, *v, *v > meta_.activation_target_value);
}

}  // namespace swell::scalers
