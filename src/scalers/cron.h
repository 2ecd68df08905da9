// cron (pkg/scalers/cron_scaler.go; keda.md §5.8): desiredReplicas inside a recurring window.
//   window = [start, end): with nextStart = start.Next(now) and nextEnd = end.Next(now),
//            inside iff (nextStart < nextEnd ? now > nextStart && now < nextEnd
//                                            : now > nextStart || now < nextEnd)
//            (KEDA's formula; since Next() is after now, that is nextEnd <= nextStart. A
//            schedule that never fires counts as Go's zero time, as robfig returns.)
//   value  = desiredReplicas inside the window, else 0; active = inside the window
//   spec   = External "s<i>-cron-<timezone>-<start>-<end>" with the schedules rewritten
//            (spaces dropped, * -> x, / -> Sl, ? -> Qm, , -> Cm), GetMetricTarget(1)
// Schedules: five fields, no @macros (KEDA's parser has no Descriptor option); start != end;
// desiredReplicas != 0. now is sources.clock(). Time zones: UTC and its zero-offset aliases
// (Etc/UTC, GMT, Zulu, ...); any other zone is Unimplemented (swell has no tz database).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "api/cron.h"
#include "scalers/metadata.h"
#include "scalers/scaler.h"
#include "scalers/sources.h"

namespace swell::scalers {

class CronScaler final : public Scaler {
 public:
  struct Meta {
    std::string start;             // start, required
    std::string end;               // end, required
    std::string timezone;          // timezone, required
    int64_t desired_replicas = 0;  // desiredReplicas, required, non-zero
    api::CronSchedule start_schedule;
    api::CronSchedule end_schedule;
    std::string metric_name;  // s<index>-cron-<timezone>-<start>-<end>, rewritten
  };

  // KEDA's struct tags for cronMetadata.
  static std::span<const Param> Params();
  // Parses and validates; no I/O. InvalidArgument for bad metadata, Unimplemented for a time
  // zone other than UTC.
  static StatusOr<Meta> ParseMetadata(const ScalerConfig& config);
  // The registry's factory: metric type, then metadata. Reads time from sources.clock().
  static StatusOr<std::unique_ptr<Scaler>> Create(const ScalerConfig& config, Sources& sources);

  CronScaler(Meta meta, std::string target_type, const Clock& clock)
      : meta_(std::move(meta)), target_type_(std::move(target_type)), clock_(clock) {}

  // Never fails.
  StatusOr<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override;
  std::vector<MetricSpec> GetMetricSpecs() const override;
  const Meta& meta() const { return meta_; }

 private:
  Meta meta_;
  std::string target_type_;
  const Clock& clock_;
};

}  // namespace swell::scalers
