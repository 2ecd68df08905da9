#include "scalers/cron.h"

#include <algorithm>

#include "scalers/common.h"

namespace swell::scalers {
namespace {

// clang-format off
constexpr Param kParams[] = {
    {.name = "start", .order = "triggerMetadata"},
    {.name = "end", .order = "triggerMetadata"},
    {.name = "timezone", .order = "triggerMetadata"},
    {.name = "desiredReplicas", .order = "triggerMetadata", .type = ParamType::kInt},
};
// clang-format on

// Zones Go's time.LoadLocation resolves to a zero offset without DST.
constexpr std::string_view kUtcZones[] = {
    "UTC",   "Etc/UTC",   "UCT",   "Etc/UCT",   "Universal", "Etc/Universal",
    "Zulu",  "Etc/Zulu",  "GMT",   "Etc/GMT",   "GMT0",      "Etc/GMT0",
    "GMT+0", "Etc/GMT+0", "GMT-0", "Etc/GMT-0", "Greenwich", "Etc/Greenwich"};

// KEDA's parseCronTimeFormat.
std::string RewriteSchedule(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case ' ':
        break;
      case '*':
        out += "x";
        break;
      case '/':
        out += "Sl";
        break;
      case '?':
        out += "Qm";
        break;
      case ',':
        out += "Cm";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::span<const Param> CronScaler::Params() { return kParams; }

StatusOr<CronScaler::Meta> CronScaler::ParseMetadata(const ScalerConfig& config) {
  StatusOr<ParsedParams> p = ParseParams(config, kParams);
  if (!p.ok()) return MetadataError(config, p.status());
  Meta m;
  m.start = p->String("start");
  m.end = p->String("end");
  m.timezone = p->String("timezone");
  m.desired_replicas = p->Int("desiredReplicas");
  api::CronOptions opts{.allow_macros = false};
  StatusOr<api::CronSchedule> start = api::CronSchedule::Parse(m.start, opts);
  if (!start.ok())
    return MetadataError(config, start.status().WithPrefix("error parsing start schedule"));
  StatusOr<api::CronSchedule> end = api::CronSchedule::Parse(m.end, opts);
  if (!end.ok())
    return MetadataError(config, end.status().WithPrefix("error parsing end schedule"));
  if (m.start == m.end) {
    return MetadataError(config, "start and end can not have exactly same time input");
  }
  if (m.desired_replicas == 0) return MetadataError(config, "no desiredReplicas specified");
  if (std::find(std::begin(kUtcZones), std::end(kUtcZones), m.timezone) == std::end(kUtcZones)) {
    return Unimplemented("cron trigger timezone \"" + m.timezone +
                         "\": swell evaluates cron schedules in UTC only (timezone: UTC, "
                         "Etc/UTC, GMT, ...)");
  }
  m.start_schedule = std::move(*start);
  m.end_schedule = std::move(*end);
  m.metric_name =
      MetricName(config.trigger_index, "cron-" + m.timezone + "-" + RewriteSchedule(m.start) + "-" +
                                           RewriteSchedule(m.end));
  return m;
}

StatusOr<std::unique_ptr<Scaler>> CronScaler::Create(const ScalerConfig& config, Sources& sources) {
  SWELL_ASSIGN_OR_RETURN(std::string target_type, MetricTargetType(config));
  SWELL_ASSIGN_OR_RETURN(Meta meta, ParseMetadata(config));
  return std::unique_ptr<Scaler>(
      std::make_unique<CronScaler>(std::move(meta), std::move(target_type), sources.clock()));
}

std::vector<MetricSpec> CronScaler::GetMetricSpecs() const {
  return {ExternalMetric(meta_.metric_name, target_type_, 1)};
}

StatusOr<MetricsAndActivity> CronScaler::GetMetricsAndActivity(std::string_view metric_name) {
  // robfig returns Go's zero time for a schedule that never fires; it sorts before any time.
  auto next = [](const api::CronSchedule& s, TimePoint now) {
    TimePoint t = s.Next(now);
    return t == TimePoint::max() ? TimePoint::min() : t;
  };
  TimePoint now = clock_.Now();
  TimePoint next_start = next(meta_.start_schedule, now);
  TimePoint next_end = next(meta_.end_schedule, now);
  bool inside = next_start < next_end ? (now > next_start && now < next_end)
                                      : (now > next_start || now < next_end);
  double value = inside ? static_cast<double>(meta_.desired_replicas) : 0;
  return OneMetric(metric_name, value, inside);
}

}  // namespace swell::scalers
