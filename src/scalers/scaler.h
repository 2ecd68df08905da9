// The scaler seam, shaped like KEDA's (pkg/scalers/scaler.go, keda.md §6.1): one scaler per
// trigger, built from the trigger's metadata by the registry (registry.h), asked for metric
// values and activity. A scaler reads its event source through a narrow client interface
// (sources.h) that each world provides: the simulator's queues and gauges, or real servers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec.h"
#include "util/clock.h"
#include "util/status.h"

namespace swell::scalers {

class Sources;

// What the HPA is asked to track for one metric (autoscaling/v2 MetricSpec, reduced).
struct MetricSpec {
  enum class Source : uint8_t { kExternal, kResource };
  Source source = Source::kExternal;
  std::string name;                // External: "s<index>-<scaler-specific>" (keda.md §2.7)
  std::string resource;            // Resource: "cpu" or "memory"
  std::string container;           // Resource: ContainerResource container name, "" = whole pod
  std::string target_type;         // AverageValue | Value | Utilization
  int64_t target_milli = 0;        // AverageValue/Value target in milli-units
  int32_t target_utilization = 0;  // Utilization target in percent
};

struct MetricValue {
  std::string name;
  int64_t milli = 0;  // the value x 1000, as KEDA's GenerateMetricInMili
};

struct MetricsAndActivity {
  std::vector<MetricValue> values;
  bool active = false;
};

// Everything a scaler is built from (KEDA's ScalerConfig). auth_params and resolved_env may
// hold secrets: a scaler never puts their values into a Status message.
struct ScalerConfig {
  std::string type;             // trigger type, e.g. "aws-sqs-queue"
  int trigger_index = 0;        // position in spec.triggers: the "s<index>-" metric prefix
  std::string trigger_name;     // triggers[].name, may be empty
  api::StringMap metadata;      // triggers[].metadata
  api::StringMap auth_params;   // resolved from the TriggerAuthentication
  api::StringMap resolved_env;  // env of the scale target's container
  std::string pod_identity;     // TriggerAuthentication podIdentity.provider, "" if none
  std::string metric_type = "AverageValue";  // triggers[].metricType after defaulting
  bool as_metric_source = false;             // scalingModifiers in use (values feed the formula)
  bool for_scaled_job = false;
  std::string owner_namespace;  // of the ScaledObject/ScaledJob
  std::string owner_name;
};

class Scaler {
 public:
  virtual ~Scaler() = default;
  // The metric values for `metric_name` (one of GetMetricSpecs()' External names) and whether
  // the trigger is active (almost always value > activation threshold, strictly). Errors are
  // Unavailable/DeadlineExceeded for a source that is down, InvalidArgument for a malformed
  // reply; they never contain credentials.
  virtual StatusOr<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) = 0;
  // The metrics this trigger feeds the HPA. Cheap; no I/O.
  virtual std::vector<MetricSpec> GetMetricSpecs() const = 0;
  // Releases clients. Idempotent.
  virtual void Close() {}
};

// KEDA's metric naming (keda.md §2.7): "s<index>-" + NormalizeString(name), where
// NormalizeString replaces '/', '.', ':', '%', '(' and ')' with '-'.
std::string MetricName(int trigger_index, std::string_view name);

// KEDA's GenerateMetricInMili / GetMetricTargetMili: value x 1000, NaN/Inf/negative -> 0.
int64_t ToMilli(double value);

}  // namespace swell::scalers
