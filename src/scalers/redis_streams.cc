#include "scalers/redis_streams.h"

#include "scalers/common.h"

namespace swell::scalers {
namespace {

// clang-format off
constexpr Param kParams[] = {
    {.name = "pendingEntriesCount", .order = "triggerMetadata", .type = ParamType::kInt,
     .default_value = "5"},
    {.name = "streamLength", .order = "triggerMetadata", .type = ParamType::kInt,
     .default_value = "5"},
    {.name = "lagCount", .order = "triggerMetadata", .type = ParamType::kInt, .optional = true},
    {.name = "stream", .order = "triggerMetadata"},
    {.name = "consumerGroup", .order = "triggerMetadata", .optional = true},
    {.name = "activationLagCount", .order = "triggerMetadata", .type = ParamType::kInt,
     .default_value = "0"},
};
// clang-format on

}  // namespace

std::span<const Param> RedisStreamsScaler::Params() { return kParams; }

StatusOr<RedisStreamsScaler::Meta> RedisStreamsScaler::ParseMetadata(const ScalerConfig& config) {
  StatusOr<ParsedParams> p = ParseParams(config, kParams);
  if (!p.ok()) return MetadataError(config, p.status());
  StatusOr<RedisConnection> conn = ParseRedisConnection(config);
  if (!conn.ok()) return MetadataError(config, conn.status());
  Meta m;
  m.pending_entries_count = p->Int("pendingEntriesCount");
  m.stream_length = p->Int("streamLength");
  m.lag_count = p->Int("lagCount");
  m.stream = p->String("stream");
  m.consumer_group = p->String("consumerGroup");
  m.activation_lag_count = p->Int("activationLagCount");
  // redisStreamsMetadata.Validate: the scale factor.
  if (m.consumer_group.empty()) {
    m.mode = kStreamModeXLen;
    m.target = m.stream_length;
  } else if (m.lag_count != 0) {
    m.mode = kStreamModeLag;
    m.target = m.lag_count;
  } else {
    m.mode = kStreamModeXPending;
    m.target = m.pending_entries_count;
  }
  m.redis_mode = RedisModeOf(config.type);
  m.connection = std::move(*conn);
  m.metric_name = MetricName(config.trigger_index, "redis-streams-" + m.stream);
  return m;
}

StatusOr<std::unique_ptr<Scaler>> RedisStreamsScaler::Create(const ScalerConfig& config,
                                                             Sources& sources) {
  SWELL_ASSIGN_OR_RETURN(std::string target_type, MetricTargetType(config));
  SWELL_ASSIGN_OR_RETURN(Meta meta, ParseMetadata(config));
  if (sources.redis() == nullptr) return NoClient("Redis");
  return std::unique_ptr<Scaler>(std::make_unique<RedisStreamsScaler>(
      std::move(meta), std::move(target_type), *sources.redis()));
}

std::vector<MetricSpec> RedisStreamsScaler::GetMetricSpecs() const {
  return {ExternalMetric(meta_.metric_name, target_type_, meta_.target)};
}

StatusOr<MetricsAndActivity> RedisStreamsScaler::GetMetricsAndActivity(
    std::string_view metric_name) {
  SWELL_ASSIGN_OR_RETURN(int64_t count,
                         client_.StreamCount(meta_.connection.target, meta_.stream,
                                             meta_.consumer_group, std::string(meta_.mode)));
  return OneMetric(metric_name, static_cast<double>(count), count > meta_.activation_lag_count);
}

}  // namespace swell::scalers
