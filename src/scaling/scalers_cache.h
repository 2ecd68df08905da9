// The scalers of one ScaledObject or ScaledJob (KEDA's ScalersCache, keda.md §6.2): built
// from its triggers through the registry, dropped after any scaler error and rebuilt on the
// next use, so credentials and sources are re-resolved.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/object.h"
#include "scalers/registry.h"
#include "state/cluster_state.h"

namespace swell::scaling {

struct OwnerInfo {
  std::string kind;  // ScaledObject | ScaledJob
  std::string ns;
  std::string name;
};

class ScalersCache {
 public:
  struct Entry {
    scalers::ScalerConfig config;
    std::unique_ptr<scalers::Scaler> scaler;
    std::vector<scalers::MetricSpec> specs;
    bool cpu_memory = false;
  };

  // Builds one scaler per trigger. Any trigger that cannot be built fails the whole cache
  // (NotFound for a missing TriggerAuthentication/Secret, InvalidArgument for bad metadata,
  // Unimplemented for a trigger type swell does not run).
  static StatusOr<ScalersCache> Build(const state::ClusterState& cluster, scalers::Sources& sources,
                                      const OwnerInfo& owner,
                                      const std::vector<api::ScaleTriggers>& triggers,
                                      const api::PodSpec* target_pod,
                                      const std::string& env_container, bool uses_modifiers);

  ScalersCache() = default;
  ScalersCache(ScalersCache&&) = default;
  ScalersCache& operator=(ScalersCache&&) = default;
  ~ScalersCache() { Close(); }

  std::vector<Entry>& entries() { return entries_; }
  const std::vector<Entry>& entries() const { return entries_; }
  // The entry whose specs include External metric `name`, or nullptr.
  Entry* FindByMetric(std::string_view name);
  // All specs in trigger order.
  std::vector<scalers::MetricSpec> AllSpecs() const;
  void Close();

 private:
  std::vector<Entry> entries_;
};

}  // namespace swell::scaling
