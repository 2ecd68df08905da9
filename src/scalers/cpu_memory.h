// cpu and memory (pkg/scalers/cpu_memory_scaler.go; keda.md §5.9): Resource metrics the HPA
// reads from metrics.k8s.io; KEDA computes no value for them.
//   spec   = Resource (or ContainerResource with containerName) "cpu"/"memory", target by the
//            trigger's metricType, which is required: Utilization (value = integer percent,
//            strconv.ParseInt 32-bit) or AverageValue (value = a quantity such as 500m, 512Mi)
//   values = none; active = always true
// The removed metadata `type` is an error.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "scalers/metadata.h"
#include "scalers/scaler.h"
#include "scalers/sources.h"

namespace swell::scalers {

class CpuMemoryScaler final : public Scaler {
 public:
  struct Meta {
    std::string resource;             // "cpu" or "memory" (the trigger type)
    std::string value;                // value, required
    std::string container_name;       // containerName, "" = the whole pod
    std::string metric_type;          // Utilization | AverageValue (triggers[].metricType)
    int32_t average_utilization = 0;  // Utilization: percent of requests
    int64_t average_value_milli = 0;  // AverageValue: the quantity in milli-units
  };

  // KEDA's struct tags for cpuMemoryMetadata.
  static std::span<const Param> Params();
  // Parses and validates; no I/O. InvalidArgument for a missing/unknown metricType, a bad
  // value, or the removed `type`.
  static StatusOr<Meta> ParseMetadata(const ScalerConfig& config);
  // The registry's factory for "cpu" and "memory". Needs no client.
  static StatusOr<std::unique_ptr<Scaler>> Create(const ScalerConfig& config, Sources& sources);

  explicit CpuMemoryScaler(Meta meta) : meta_(std::move(meta)) {}

  // No values; active. Never fails.
  StatusOr<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override;
  std::vector<MetricSpec> GetMetricSpecs() const override;
  const Meta& meta() const { return meta_; }

 private:
  Meta meta_;
};

}  // namespace swell::scalers
