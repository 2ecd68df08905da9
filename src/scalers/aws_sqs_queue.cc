#include "scalers/aws_sqs_queue.h"

#include "scalers/aws_auth.h"
#include "scalers/common.h"

namespace swell::scalers {
namespace {

// clang-format off
constexpr Param kParams[] = {
    {.name = "queueLength", .order = "triggerMetadata", .type = ParamType::kInt,
     .default_value = "5"},
    {.name = "activationQueueLength", .order = "triggerMetadata", .type = ParamType::kInt,
     .default_value = "0"},
    {.name = "queueURL", .order = "triggerMetadata;resolvedEnv"},
    {.name = "awsRegion", .order = "triggerMetadata;authParams"},
    {.name = "awsEndpoint", .order = "triggerMetadata", .optional = true},
    {.name = "scaleOnInFlight", .order = "triggerMetadata", .type = ParamType::kBool,
     .default_value = "true"},
    {.name = "scaleOnDelayed", .order = "triggerMetadata", .type = ParamType::kBool,
     .default_value = "false"},
    {.name = "identityOwner", .order = "triggerMetadata", .optional = true},
};
// clang-format on

}  // namespace

std::span<const Param> AwsSqsQueueScaler::Params() { return kParams; }

StatusOr<AwsSqsQueueScaler::Meta> AwsSqsQueueScaler::ParseMetadata(const ScalerConfig& config) {
  StatusOr<ParsedParams> p = ParseParams(config, kParams);
  if (!p.ok()) return MetadataError(config, p.status());
  Meta m;
  m.queue_length = p->Int("queueLength");
  m.activation_queue_length = p->Int("activationQueueLength");
  m.queue_url = p->String("queueURL");
  m.aws_region = p->String("awsRegion");
  m.aws_endpoint = p->String("awsEndpoint");
  m.scale_on_in_flight = p->Bool("scaleOnInFlight");
  m.scale_on_delayed = p->Bool("scaleOnDelayed");
  m.identity_owner = p->String("identityOwner");

  m.attribute_names = {"ApproximateNumberOfMessages"};
  if (m.scale_on_in_flight) m.attribute_names.emplace_back("ApproximateNumberOfMessagesNotVisible");
  if (m.scale_on_delayed) m.attribute_names.emplace_back("ApproximateNumberOfMessagesDelayed");

  if (std::optional<std::string> path = GoRequestUriPath(m.queue_url)) {
    std::vector<std::string_view> parts = SplitString(*path, "/");
    if (parts.size() != 3 || parts[2].empty()) {
      return MetadataError(config, "cannot get queueName from queueURL");
    }
    m.queue_name = std::string(parts[2]);
  } else {
    m.queue_name = m.queue_url;
  }

  StatusOr<AwsCredentials> creds = ResolveAwsCredentials(config);
  if (!creds.ok()) return MetadataError(config, creds.status());
  m.credentials = std::move(*creds);
  m.metric_name = MetricName(config.trigger_index, "aws-sqs-" + m.queue_name);
  return m;
}

StatusOr<std::unique_ptr<Scaler>> AwsSqsQueueScaler::Create(const ScalerConfig& config,
                                                            Sources& sources) {
  SWELL_ASSIGN_OR_RETURN(std::string target_type, MetricTargetType(config));
  SWELL_ASSIGN_OR_RETURN(Meta meta, ParseMetadata(config));
  if (sources.sqs() == nullptr) return NoClient("SQS");
  return std::unique_ptr<Scaler>(
      std::make_unique<AwsSqsQueueScaler>(std::move(meta), std::move(target_type), *sources.sqs()));
}

std::vector<MetricSpec> AwsSqsQueueScaler::GetMetricSpecs() const {
  return {ExternalMetric(meta_.metric_name, target_type_, meta_.queue_length)};
}

StatusOr<MetricsAndActivity> AwsSqsQueueScaler::GetMetricsAndActivity(
    std::string_view metric_name) {
  SqsRequest req;
  req.queue_url = meta_.queue_url;
  req.region = meta_.aws_region;
  req.endpoint = meta_.aws_endpoint;
  req.attribute_names = meta_.attribute_names;
  req.credentials = meta_.credentials;
  SWELL_ASSIGN_OR_RETURN(auto attrs, client_.GetQueueAttributes(req));
  int64_t total = 0;
  for (const std::string& name : meta_.attribute_names) {
    auto it = attrs.find(name);
    if (it == attrs.end()) {
      return InvalidArgument("metric " + name + " not found in SQS queue attributes");
    }
    int64_t v = 0;
    if (!ParseGoInt(it->second, 64, &v)) {
      return InvalidArgument("SQS attribute " + name + " is not an integer");
    }
    if (__builtin_add_overflow(total, v, &total)) {
      return InvalidArgument("SQS attributes overflow int64");
    }
  }
  return OneMetric(metric_name, static_cast<double>(total), total > meta_.activation_queue_length);
}

}  // namespace swell::scalers
