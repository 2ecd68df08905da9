#include "scaling/scalers_cache.h"

#include "scaling/auth.h"

namespace swell::scaling {

StatusOr<ScalersCache> ScalersCache::Build(const state::ClusterState& cluster,
                                           scalers::Sources& sources, const OwnerInfo& owner,
                                           const std::vector<api::ScaleTriggers>& triggers,
                                           const api::PodSpec* target_pod,
                                           const std::string& env_container, bool uses_modifiers) {
  ScalersCache cache;
  for (size_t i = 0; i < triggers.size(); i++) {
    const auto& t = triggers[i];
    auto cfg = BuildScalerConfig(cluster, owner.ns, owner.name, t, static_cast<int>(i), target_pod,
                                 env_container, owner.kind == "ScaledJob", uses_modifiers);
    if (!cfg.ok())
      return cfg.status().WithPrefix("trigger " + std::to_string(i) + " (" + t.type + ")");
    auto scaler = scalers::BuildScaler(*cfg, sources);
    if (!scaler.ok()) {
      return scaler.status().WithPrefix("trigger " + std::to_string(i) + " (" + t.type + ")");
    }
    Entry e;
    e.config = std::move(cfg).value();
    e.scaler = std::move(scaler).value();
    e.specs = e.scaler->GetMetricSpecs();
    e.cpu_memory = t.type == "cpu" || t.type == "memory";
    cache.entries_.push_back(std::move(e));
  }
  return cache;
}

ScalersCache::Entry* ScalersCache::FindByMetric(std::string_view name) {
  for (auto& e : entries_) {
    for (const auto& s : e.specs) {
      if (s.source == scalers::MetricSpec::Source::kExternal && s.name == name) return &e;
    }
  }
  return nullptr;
}

std::vector<scalers::MetricSpec> ScalersCache::AllSpecs() const {
  std::vector<scalers::MetricSpec> out;
  for (const auto& e : entries_) out.insert(out.end(), e.specs.begin(), e.specs.end());
  return out;
}

void ScalersCache::Close() {
  for (auto& e : entries_) {
    if (e.scaler) e.scaler->Close();
  }
}

}  // namespace swell::scaling
