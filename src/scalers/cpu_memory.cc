#include "scalers/cpu_memory.h"

#include "api/quantity.h"
#include "scalers/common.h"

namespace swell::scalers {
namespace {

// clang-format off
constexpr Param kParams[] = {
    {.name = "type", .order = "triggerMetadata", .optional = true,
     .enum_values = "Utilization;AverageValue",
     .deprecated = "The 'type' setting is DEPRECATED and is removed in v2.18 - "
                   "Use 'metricType' instead."},
    {.name = "value", .order = "triggerMetadata"},
    {.name = "containerName", .order = "triggerMetadata", .optional = true},
};
// clang-format on

}  // namespace

std::span<const Param> CpuMemoryScaler::Params() { return kParams; }

StatusOr<CpuMemoryScaler::Meta> CpuMemoryScaler::ParseMetadata(const ScalerConfig& config) {
  StatusOr<ParsedParams> p = ParseParams(config, kParams);
  if (!p.ok()) return MetadataError(config, p.status());
  Meta m;
  m.resource = config.type;
  m.value = p->String("value");
  m.container_name = p->String("containerName");
  m.metric_type = config.metric_type;
  if (m.metric_type == kAverageValue) {
    StatusOr<api::Quantity> q = api::Quantity::Parse(m.value);
    if (!q.ok()) {
      return MetadataError(config, "value \"" + m.value +
                                       "\" must be a quantity (e.g. 500m, 512Mi) with metricType "
                                       "AverageValue");
    }
    m.average_value_milli = q->MilliValue();
  } else if (m.metric_type == kUtilization) {
    int64_t v = 0;
    if (!ParseGoInt(m.value, 32, &v)) {
      return MetadataError(config, "value \"" + m.value +
                                       "\" must be an integer percentage with metricType "
                                       "Utilization");
    }
    m.average_utilization = static_cast<int32_t>(v);
  } else {
    return MetadataError(config, "unknown metric type: " + m.metric_type +
                                     ", allowed values are 'Utilization' or 'AverageValue'");
  }
  return m;
}

StatusOr<std::unique_ptr<Scaler>> CpuMemoryScaler::Create(const ScalerConfig& config,
                                                          Sources& /*sources*/) {
  SWELL_ASSIGN_OR_RETURN(Meta meta, ParseMetadata(config));
  return std::unique_ptr<Scaler>(std::make_unique<CpuMemoryScaler>(std::move(meta)));
}

std::vector<MetricSpec> CpuMemoryScaler::GetMetricSpecs() const {
  MetricSpec s;
  s.source = MetricSpec::Source::kResource;
  s.resource = meta_.resource;
  s.container = meta_.container_name;
  s.target_type = meta_.metric_type;
  s.target_milli = meta_.average_value_milli;
  s.target_utilization = meta_.average_utilization;
  return {s};
}

StatusOr<MetricsAndActivity> CpuMemoryScaler::GetMetricsAndActivity(
    std::string_view /*metric_name*/) {
  MetricsAndActivity out;
  out.active = true;
  return out;
}

}  // namespace swell::scalers
