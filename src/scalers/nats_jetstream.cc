#include "scalers/nats_jetstream.h"

#include "scalers/common.h"

namespace swell::scalers {
namespace {

// clang-format off
constexpr Param kParams[] = {
    {.name = "account", .order = "authParams;triggerMetadata", .optional = true},
    {.name = "accountID", .order = "authParams;triggerMetadata", .optional = true},
    {.name = "stream", .order = "triggerMetadata"},
    {.name = "consumer", .order = "triggerMetadata"},
    {.name = "lagThreshold", .order = "triggerMetadata", .type = ParamType::kInt,
     .default_value = "10"},
    {.name = "activationLagThreshold", .order = "triggerMetadata", .type = ParamType::kInt,
     .default_value = "0"},
    {.name = "useHttps", .order = "triggerMetadata", .type = ParamType::kBool,
     .default_value = "false", .optional = true},
    {.name = "natsServerMonitoringEndpoint", .order = "authParams;triggerMetadata"},
};
// clang-format on

int64_t IntField(const json::Value& v, std::string_view key) {
  int64_t out = 0;
  return v[key].AsInt(&out) ? out : 0;
}

}  // namespace

std::span<const Param> NatsJetStreamScaler::Params() { return kParams; }

StatusOr<NatsJetStreamScaler::Meta> NatsJetStreamScaler::ParseMetadata(const ScalerConfig& config) {
  StatusOr<ParsedParams> p = ParseParams(config, kParams);
  if (!p.ok()) return MetadataError(config, p.status());
  Meta m;
  m.account = p->String("account");
  m.account_id = p->String("accountID");
  m.stream = p->String("stream");
  m.consumer = p->String("consumer");
  m.lag_threshold = p->Int("lagThreshold");
  m.activation_lag_threshold = p->Int("activationLagThreshold");
  m.use_https = p->Bool("useHttps");
  m.endpoint = p->String("natsServerMonitoringEndpoint");
  if (m.account.empty() && m.account_id.empty()) {
    return MetadataError(config, "no account name or id given");
  }
  if (m.account_id.empty()) m.account_id = m.account;
  m.monitoring_url = std::string(m.use_https ? "https" : "http") + "://" + m.endpoint +
                     "/jsz?acc=" + QueryEscape(m.account_id) + "&config=true&consumers=true";
  m.metric_name = MetricName(config.trigger_index, "nats-jetstream-" + m.stream);
  return m;
}

StatusOr<std::unique_ptr<Scaler>> NatsJetStreamScaler::Create(const ScalerConfig& config,
                                                              Sources& sources) {
  SWELL_ASSIGN_OR_RETURN(std::string target_type, MetricTargetType(config));
  SWELL_ASSIGN_OR_RETURN(Meta meta, ParseMetadata(config));
  if (sources.http() == nullptr) return NoClient("HTTP client");
  return std::unique_ptr<Scaler>(std::make_unique<NatsJetStreamScaler>(
      std::move(meta), std::move(target_type), *sources.http()));
}

std::vector<MetricSpec> NatsJetStreamScaler::GetMetricSpecs() const {
  return {ExternalMetric(meta_.metric_name, target_type_, meta_.lag_threshold)};
}

StatusOr<MetricsAndActivity> NatsJetStreamScaler::GetMetricsAndActivity(
    std::string_view metric_name) {
  HttpRequest req;
  req.url = meta_.monitoring_url;
  SWELL_ASSIGN_OR_RETURN(HttpResponse resp, client_.Do(req));
  if (resp.status != 200) {
    Status s = InvalidArgument("nats monitoring /jsz returned HTTP " + std::to_string(resp.status));
    return resp.status >= 500 ? Unavailable(s.message()) : s;
  }
  StatusOr<json::Value> doc = json::Parse(resp.body);
  if (!doc.ok()) return doc.status().WithPrefix("malformed nats /jsz reply");
  const json::Value& accounts = (*doc)["account_details"];
  for (size_t a = 0; a < accounts.size(); a++) {
    const json::Value& acc = accounts.item(a);
    if (acc["id"].text() != meta_.account_id && acc["name"].text() != meta_.account) continue;
    const json::Value& streams = acc["stream_detail"];
    for (size_t s = 0; s < streams.size(); s++) {
      if (streams.item(s)["name"].text() == meta_.stream) stream_ = streams.item(s);
    }
  }
  const json::Value& consumers = stream_["consumer_detail"];
  for (size_t c = 0; c < consumers.size(); c++) {
    const json::Value& con = consumers.item(c);
    if (con["name"].text() != meta_.consumer) continue;
    int64_t lag = IntField(con, "num_pending") + IntField(con, "num_ack_pending");
    return OneMetric(metric_name, static_cast<double>(lag), lag > meta_.activation_lag_threshold);
  }
  return NotFound("consumer \"" + meta_.consumer + "\" not found in stream \"" + meta_.stream +
                  "\"");
}

}  // namespace swell::scalers
