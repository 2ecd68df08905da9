#include "scaling/scaled_object_controller.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "api/duration.h"
#include "api/keda/expr.h"
#include "scaling/conditions.h"
#include "scaling/fallback.h"
#include "scaling/scale_target.h"

namespace swell::scaling {

// Per-ScaledObject memory that KEDA and the HPA controller keep outside the API.
struct ScaledObjectController::Runtime {
  std::optional<ScalersCache> cache;
  std::optional<api::keda::Formula> formula;
  HpaState hpa;
  int32_t last_hpa_desired = 0;
  std::optional<int32_t> target;  // ReplicaTarget
  // The external metrics' total at the previous sync, for the lookahead's growth rate.
  std::optional<std::pair<TimePoint, int64_t>> last_total;
  // Records of the last poll per metric for useCachedMetrics (keda.md §6.2).
  struct Record {
    bool ok = false;
    int64_t milli = 0;
    bool active = false;
  };
  std::map<std::string, Record, std::less<>> records;
};

namespace {

using api::keda::kAnnotationForceActivation;
using api::keda::kAnnotationPausedScaleIn;
using api::keda::kAnnotationPausedScaleOut;

// The result of querying every trigger once (KEDA's getScaledObjectState, keda.md §2.3).
struct LoopState {
  bool active = false;
  bool error = false;
  std::string first_error;
  // Values of named triggers for scalingModifiers (nullopt = failed, bound to nil).
  std::map<std::string, std::optional<double>, std::less<>> named;
};

std::string DescribeTarget(const ScaleTargetRef& t) { return t.kind + " " + t.ns + "/" + t.name; }

bool UsesModifiers(const api::ScaledObject& so) { return api::keda::IsUsingModifiers(so); }

double ParseDouble(const std::string& s, double fallback) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  return (end == s.c_str() || *end != '\0') ? fallback : v;
}

// The names a scalingModifiers formula sees: each named trigger's first metric is <name>,
// further metrics <name>01, <name>02 ... (GetPairTriggerAndMetric).
std::vector<std::string> FormulaVariables(const ScalersCache& cache) {
  std::vector<std::string> vars;
  for (const auto& e : cache.entries()) {
    if (e.cpu_memory || e.config.trigger_name.empty()) continue;
    int n = 0;
    for (const auto& s : e.specs) {
      if (s.source != scalers::MetricSpec::Source::kExternal) continue;
      vars.push_back(n == 0 ? e.config.trigger_name
                            : e.config.trigger_name + (n < 10 ? "0" : "") + std::to_string(n));
      n++;
    }
  }
  return vars;
}

}  // namespace

ScaledObjectController::ScaledObjectController(const Clock& clock,
                                               const state::ClusterState& cluster,
                                               Actuator& actuator, scalers::Sources& sources,
                                               const PodMetrics* pod_metrics,
                                               ScaledObjectControllerOptions options)
    : clock_(clock),
      cluster_(cluster),
      actuator_(actuator),
      sources_(sources),
      pod_metrics_(pod_metrics),
      options_(std::move(options)) {}

ScaledObjectController::~ScaledObjectController() = default;

ScaledObjectController::Runtime& ScaledObjectController::RuntimeOf(const api::ScaledObject& so) {
  std::string key = state::Key(so.metadata.namespace_, so.metadata.name);
  auto it = runtimes_.find(key);
  if (it == runtimes_.end()) it = runtimes_.emplace(key, std::make_unique<Runtime>()).first;
  return *it->second;
}

int32_t ScaledObjectController::LastHpaDesired(const std::string& ns,
                                               const std::string& name) const {
  auto it = runtimes_.find(state::Key(ns, name));
  return it == runtimes_.end() ? 0 : it->second->last_hpa_desired;
}

bool ScaledObjectController::EnsureScalers(const api::ScaledObject& so, Runtime& rt,
                                           const ScaleInfo* scale,
                                           api::ScaledObjectStatus& status) {
  if (rt.cache) return true;
  const std::string& ns = so.metadata.namespace_;
  auto built =
      ScalersCache::Build(cluster_, sources_, {"ScaledObject", ns, so.metadata.name},
                          so.spec.triggers, scale ? scale->pod_template : nullptr,
                          so.spec.scale_target_ref.env_source_container_name, UsesModifiers(so));
  if (!built.ok()) {
    SetCondition(status.conditions, "Ready", "False", "ScaledObjectCheckFailed",
                 built.status().message());
    actuator_.RecordEvent({clock_.Now(), "ScaledObject", ns, so.metadata.name, "Warning",
                           "KEDAScalerFailed", built.status().message()});
    return false;
  }
  rt.cache = std::move(built).value();
  status.external_metric_names.clear();
  status.resource_metric_names.clear();
  std::string types;
  for (const auto& e : rt.cache->entries()) {
    types += (types.empty() ? "" : ",") + e.config.type;
    for (const auto& s : e.specs) {
      if (s.source == scalers::MetricSpec::Source::kExternal) {
        status.external_metric_names.push_back(s.name);
      } else {
        status.resource_metric_names.push_back(s.resource);
      }
    }
  }
  status.triggers_types = types;
  rt.formula.reset();
  if (UsesModifiers(so)) {
    auto f = api::keda::Formula::Compile(so.spec.advanced->scaling_modifiers.formula,
                                         FormulaVariables(*rt.cache));
    if (f.ok()) rt.formula = std::move(f).value();
    status.composite_scaler_name = std::string(api::keda::kCompositeMetricName);
  }
  actuator_.RecordEvent({clock_.Now(), "ScaledObject", ns, so.metadata.name, "Normal",
                         "KEDAScalersStarted", "Scaler " + types + " is built"});
  return true;
}

namespace {

// Queries every External metric of every trigger once, with fallback (keda.md §2.3, §2.10).
LoopState QueryTriggers(const api::ScaledObject& so, ScalersCache& cache, const ScaleInfo& scale,
                        api::ScaledObjectStatus& status,
                        std::map<std::string, std::pair<bool, int64_t>, std::less<>>& values) {
  LoopState out;
  bool all_resource = true;
  for (auto& e : cache.entries()) {
    if (e.cpu_memory) continue;
    all_resource = false;
    bool trigger_active = false;
    bool trigger_error = false;
    int n = 0;
    for (const auto& spec : e.specs) {
      if (spec.source != scalers::MetricSpec::Source::kExternal) continue;
      auto result = e.scaler->GetMetricsAndActivity(spec.name);
      FallbackOutcome o = ApplyFallback(so, spec, result, scale.spec_replicas, scale.ready_replicas,
                                        &status.health);
      values[spec.name] = {o.ok, o.milli};
      std::string var = n == 0 ? e.config.trigger_name
                               : e.config.trigger_name + (n < 10 ? "0" : "") + std::to_string(n);
      n++;
      if (!o.ok) {
        trigger_error = true;
        if (out.first_error.empty()) out.first_error = o.error;
        if (!e.config.trigger_name.empty()) out.named[var] = std::nullopt;
        continue;
      }
      trigger_active = trigger_active || o.active;
      if (!e.config.trigger_name.empty()) out.named[var] = static_cast<double>(o.milli) / 1000.0;
      status.triggers_activity[spec.name] = api::TriggerActivityStatus{o.active};
    }
    if (trigger_error) {
      out.error = true;
    } else {
      out.active = out.active || trigger_active;
    }
  }
  // Only cpu/memory triggers and no error: always active, never scaled to zero (§2.3 item 3).
  if (all_resource && !out.error) out.active = true;
  return out;
}

}  // namespace

std::optional<Duration> ScaledObjectController::Poll(const std::string& ns,
                                                     const std::string& name) {
  const api::ScaledObject* current = cluster_.store<api::ScaledObject>().Get(ns, name);
  if (current == nullptr) {
    runtimes_.erase(state::Key(ns, name));
    return std::nullopt;
  }
  const api::ScaledObject& so = *current;
  Runtime& rt = RuntimeOf(so);
  api::ScaledObject out = so;
  api::ScaledObjectStatus& st = out.status;
  InitConditions(st.conditions);
  st.hpa_name = api::keda::HpaNameOf(so);
  const Duration interval = Seconds(so.spec.polling_interval.value_or(30));
  const TimePoint now = clock_.Now();
  const ScaleTargetRef target = TargetOf(so);

  // Pause (keda.md §2.13): the loop stops; paused-replicas pins the size.
  if (IsPaused(so.metadata)) {
    std::optional<int32_t> pinned = PausedReplicas(so.metadata);
    auto scale = ReadScale(cluster_, target);
    if (pinned && scale.ok() && scale->spec_replicas != *pinned) {
      (void)actuator_.Scale(target, *pinned);
    }
    st.paused_replica_count = pinned;
    const auto* paused = GetCondition(st.conditions, "Paused");
    if (paused == nullptr || paused->status != "True") {
      actuator_.RecordEvent({now, "ScaledObject", ns, name, "Normal", "ScaledObjectPaused",
                             "ScaledObject is paused"});
    }
    SetCondition(st.conditions, "Paused", "True", "ScaledObjectPaused", "ScaledObject is paused");
    (void)actuator_.UpdateStatus(out);
    return interval;
  }
  if (const auto* paused = GetCondition(st.conditions, "Paused");
      paused && paused->status == "True") {
    SetCondition(st.conditions, "Paused", "False", "ScaledObjectUnpaused", "");
    st.paused_replica_count.reset();
    actuator_.RecordEvent({now, "ScaledObject", ns, name, "Normal", "ScaledObjectUnpaused",
                           "ScaledObject is unpaused"});
  }

  auto scale = ReadScale(cluster_, target);
  if (!scale.ok()) {
    SetCondition(st.conditions, "Ready", "False", "ScaledObjectCheckFailed",
                 scale.status().message());
    SetCondition(st.conditions, "Active", "Unknown", "UnknownState", "");
    (void)actuator_.UpdateStatus(out);
    return interval;
  }
  st.scale_target_kind = target.api_version + "." + target.kind;
  if (!st.original_replica_count) st.original_replica_count = scale->spec_replicas;
  if (!EnsureScalers(so, rt, &*scale, st)) {
    (void)actuator_.UpdateStatus(out);
    return interval;
  }

  std::map<std::string, std::pair<bool, int64_t>, std::less<>> values;
  LoopState ls = QueryTriggers(so, *rt.cache, *scale, st, values);
  for (const auto& [metric, v] : values) rt.records[metric] = {v.first, v.second, ls.active};
  if (UsesModifiers(so) && rt.formula) {
    // keda.md §2.11: activity is the composite value against activationTarget.
    auto composite = rt.formula->Eval(ls.named);
    double activation = ParseDouble(so.spec.advanced->scaling_modifiers.activation_target, 0);
    ls.active = !ls.error && composite.ok() && composite->has_value() && **composite > activation;
  }
  if (AnnotationTrue(so.metadata, kAnnotationForceActivation)) ls.active = true;

  RequestScale(so, rt, *scale, ls.active, ls.error, ls.first_error, target, st);
  SetCondition(st.conditions, "Fallback", AnyFallbackActive(so, st.health) ? "True" : "False",
               AnyFallbackActive(so, st.health) ? "FallbackExists" : "NoFallbackFound", "");
  if (ls.error) rt.cache.reset();  // rebuilt (and credentials re-read) on the next use
  (void)actuator_.UpdateStatus(out);
  return interval;
}

void ScaledObjectController::RequestScale(const api::ScaledObject& so, Runtime& /*rt*/,
                                          const ScaleInfo& scale, bool active, bool error,
                                          const std::string& error_message,
                                          const ScaleTargetRef& target,
                                          api::ScaledObjectStatus& st) {
  // keda.md §2.4, pkg/scaling/executor/scale_scaledobjects.go.
  const TimePoint now = clock_.Now();
  const std::string& ns = so.metadata.namespace_;
  const std::string& name = so.metadata.name;
  const int32_t min = so.spec.min_replica_count.value_or(0);
  const std::optional<int32_t> idle = so.spec.idle_replica_count;
  const int32_t cur = scale.spec_replicas;
  auto scale_to = [&](int32_t n, const char* reason, const std::string& verb) {
    if (!actuator_.Scale(target, n).ok()) return;
    actuator_.RecordEvent({now, "ScaledObject", ns, name, "Normal", reason,
                           verb + " " + DescribeTarget(target) + " from " + std::to_string(cur) +
                               " to " + std::to_string(n)});
  };
  if (active) {
    const bool forced = AnnotationTrue(so.metadata, kAnnotationForceActivation);
    SetCondition(st.conditions, "Active", "True", "ScalerActive",
                 forced ? "Scaling is performed because activation is forced by annotation"
                        : "Scaling is performed because triggers are active");
    if ((idle && cur < min) || cur == 0) {
      if (!AnnotationTrue(so.metadata, kAnnotationPausedScaleOut)) {
        scale_to(min > 0 ? min : 1, "KEDAScaleTargetActivated", "Scaled");
      }
      st.last_active_time = api::Time{now};
    } else if (error) {
      SetCondition(st.conditions, "Ready", "Unknown", "PartialTriggerError", error_message);
      return;
    } else {
      st.last_active_time = api::Time{now};
    }
    SetCondition(st.conditions, "Ready", "True", "ScaledObjectReady",
                 "ScaledObject is defined correctly and is ready for scaling");
    return;
  }
  SetCondition(st.conditions, "Active", "False", "ScalerNotActive",
               "Scaling is not performed because triggers are not active");
  if (error && so.spec.fallback && so.spec.fallback->replicas != 0) return;
  if (error && !so.spec.fallback) {
    SetCondition(st.conditions, "Ready", "False", "TriggerError", error_message);
    return;
  }
  if (!error) {
    SetCondition(st.conditions, "Ready", "True", "ScaledObjectReady",
                 "ScaledObject is defined correctly and is ready for scaling");
  }
  if ((idle && cur > *idle) || (cur > 0 && min == 0)) {
    // scaleToZeroOrIdle (§2.5).
    if (AnnotationTrue(so.metadata, kAnnotationPausedScaleIn)) return;
    const Duration cooldown = Seconds(so.spec.cooldown_period.value_or(300));
    const Duration initial = Seconds(so.spec.initial_cooldown_period.value_or(0));
    const TimePoint created =
        so.metadata.creation_timestamp ? so.metadata.creation_timestamp->value : TimePoint{};
    bool cooled =
        st.last_active_time ? st.last_active_time->value + cooldown < now : created + initial < now;
    if (cooled) {
      scale_to(idle.value_or(min), "KEDAScaleTargetDeactivated", "Deactivated");
    } else {
      SetCondition(st.conditions, "Active", "False", "ScalerCooldown",
                   "Scaler cooling down because triggers are not active");
    }
  } else if (!idle && cur < min) {
    scale_to(min, "KEDAScaleTargetActivated", "Scaled");
  }
}

std::optional<Duration> ScaledObjectController::SyncHpa(const std::string& ns,
                                                        const std::string& name) {
  const api::ScaledObject* current = cluster_.store<api::ScaledObject>().Get(ns, name);
  if (current == nullptr) return std::nullopt;
  const api::ScaledObject& so = *current;
  if (IsPaused(so.metadata)) return options_.hpa_sync_period;  // KEDA deleted the HPA
  Runtime& rt = RuntimeOf(so);
  const ScaleTargetRef target = TargetOf(so);
  auto scale = ReadScale(cluster_, target);
  if (!scale.ok()) return options_.hpa_sync_period;
  api::ScaledObject out = so;
  if (!EnsureScalers(so, rt, &*scale, out.status)) return options_.hpa_sync_period;

  HpaSpec spec = HpaSpecFor(so, *rt.cache);
  HpaInput in = HpaInputFor(so, rt, *scale, spec, out.status);
  HpaResult r = ReconcileHpa(spec, in, clock_.Now(), &rt.hpa, options_.hpa);
  rt.last_hpa_desired = r.desired_replicas;
  UpdateTarget(so, spec, in, r, rt);
  if (r.rescale && actuator_.Scale(target, r.desired_replicas).ok()) {
    actuator_.RecordEvent(
        {clock_.Now(), "HorizontalPodAutoscaler", ns,
         out.status.hpa_name.empty() ? api::keda::HpaNameOf(so) : out.status.hpa_name, "Normal",
         "SuccessfulRescale",
         "New size: " + std::to_string(r.desired_replicas) + "; reason: " + r.reason});
  }
  if (out.status != so.status) (void)actuator_.UpdateStatus(out);
  return options_.hpa_sync_period;
}

std::optional<int32_t> ScaledObjectController::ReplicaTarget(const std::string& ns,
                                                             const std::string& name) const {
  auto it = runtimes_.find(state::Key(ns, name));
  return it == runtimes_.end() ? std::nullopt : it->second->target;
}

void ScaledObjectController::UpdateTarget(const api::ScaledObject& so, const HpaSpec& spec,
                                          const HpaInput& in, const HpaResult& r, Runtime& rt) {
  const TimePoint now = clock_.Now();
  int64_t total = 0;
  for (const scalers::MetricValue& m : in.external) total += m.milli;
  std::optional<std::pair<TimePoint, int64_t>> last = rt.last_total;
  rt.last_total = std::make_pair(now, total);
  if (r.metric_desired < 0 || in.spec_replicas == 0) {
    rt.target.reset();  // scaled to zero (KEDA's half decides) or no valid metric: no target
    return;
  }
  double desired = r.metric_desired;
  auto ann = so.metadata.annotations.find(std::string(kAnnotationLookahead));
  if (ann != so.metadata.annotations.end() && last && now > last->first && total > 0) {
    auto horizon = api::ParseGoDuration(ann->second);
    const double dt = std::chrono::duration<double>(now - last->first).count();
    const double growth = std::max(0.0, static_cast<double>(total - last->second) / dt);
    if (horizon.ok() && *horizon > Duration(0)) {
      const double h = std::chrono::duration<double>(*horizon).count();
      desired = std::ceil(desired * (static_cast<double>(total) + growth * h) /
                          static_cast<double>(total));
    }
  }
  const int32_t target = static_cast<int32_t>(
      std::clamp<double>(desired, spec.min_replicas, static_cast<double>(spec.max_replicas)));
  const bool raised = !rt.target || target > *rt.target;
  rt.target = target;
  if (raised && on_target_raised_) on_target_raised_(so.metadata.namespace_, so.metadata.name);
}

HpaSpec ScaledObjectController::HpaSpecFor(const api::ScaledObject& so,
                                           const ScalersCache& cache) const {
  HpaSpec spec;
  spec.min_replicas = std::max(1, so.spec.min_replica_count.value_or(0));
  spec.max_replicas = so.spec.max_replica_count.value_or(100);
  if (so.spec.advanced && so.spec.advanced->horizontal_pod_autoscaler_config) {
    spec.behavior = so.spec.advanced->horizontal_pod_autoscaler_config->behavior;
  }
  // paused-scale-in/out disable a direction (keda.md §1.6, hpa.go).
  for (auto [key, up] :
       {std::pair{kAnnotationPausedScaleIn, false}, std::pair{kAnnotationPausedScaleOut, true}}) {
    if (!AnnotationTrue(so.metadata, key)) continue;
    if (!spec.behavior) spec.behavior.emplace();
    auto& rules = up ? spec.behavior->scale_up : spec.behavior->scale_down;
    if (!rules) rules.emplace();
    rules->select_policy = "Disabled";
  }
  for (const auto& s : cache.AllSpecs()) {
    if (UsesModifiers(so) && s.source == scalers::MetricSpec::Source::kExternal) continue;
    spec.metrics.push_back(s);
  }
  if (UsesModifiers(so)) {
    const auto& m = so.spec.advanced->scaling_modifiers;
    scalers::MetricSpec composite;
    composite.name = std::string(api::keda::kCompositeMetricName);
    composite.target_type = m.metric_type.empty() ? "AverageValue" : m.metric_type;
    composite.target_milli = scalers::ToMilli(ParseDouble(m.target, 0));
    spec.metrics.push_back(composite);
  }
  return spec;
}

HpaInput ScaledObjectController::HpaInputFor(const api::ScaledObject& so, Runtime& rt,
                                             const ScaleInfo& scale, const HpaSpec& spec,
                                             api::ScaledObjectStatus& status) {
  HpaInput in;
  in.spec_replicas = scale.spec_replicas;
  in.status_replicas = scale.status_replicas;
  in.ready_pods = scale.ready_replicas;
  in.selected_pods = static_cast<int32_t>(scale.pods.size());
  // External values as the metrics adapter serves them (keda.md §2.9): the cached record of the
  // last poll for useCachedMetrics, else a live query through fallback.
  std::map<std::string, std::optional<double>, std::less<>> named;
  bool any_fallback = false;
  for (auto& e : rt.cache->entries()) {
    if (e.cpu_memory) continue;
    const bool cached = std::any_of(
        so.spec.triggers.begin(), so.spec.triggers.end(), [&](const api::ScaleTriggers& t) {
          return t.use_cached_metrics && &t - so.spec.triggers.data() == e.config.trigger_index;
        });
    int n = 0;
    for (const auto& s : e.specs) {
      if (s.source != scalers::MetricSpec::Source::kExternal) continue;
      FallbackOutcome o;
      auto rec = rt.records.find(s.name);
      if (cached && rec != rt.records.end()) {
        o.ok = rec->second.ok;
        o.milli = rec->second.milli;
      } else {
        o = ApplyFallback(so, s, e.scaler->GetMetricsAndActivity(s.name), scale.spec_replicas,
                          scale.ready_replicas, &status.health);
      }
      any_fallback = any_fallback || o.fallback_used;
      std::string var = n == 0 ? e.config.trigger_name
                               : e.config.trigger_name + (n < 10 ? "0" : "") + std::to_string(n);
      n++;
      if (!e.config.trigger_name.empty()) {
        named[var] =
            o.ok ? std::optional<double>(static_cast<double>(o.milli) / 1000.0) : std::nullopt;
      }
      if (o.ok && !UsesModifiers(so)) in.external.push_back({s.name, o.milli});
    }
  }
  if (UsesModifiers(so) && rt.formula) {
    const auto& fb = so.spec.fallback;
    const double target = ParseDouble(so.spec.advanced->scaling_modifiers.target, 0);
    std::optional<double> value;
    if (any_fallback && fb && fb->behavior.value_or("static") != "scalingModifiers") {
      value = target * FallbackReplicas(*fb, scale.spec_replicas);
    } else if (auto r = rt.formula->Eval(named); r.ok()) {
      value = *r;
      if (!value && fb) value = target * fb->replicas;
    }
    if (value)
      in.external.push_back(
          {std::string(api::keda::kCompositeMetricName), scalers::ToMilli(*value)});
  }
  if (pod_metrics_ != nullptr) {
    for (const api::Pod* p : scale.pods) in.pods.push_back(SampleOf(*p, spec));
  }
  return in;
}

PodSample ScaledObjectController::SampleOf(const api::Pod& p, const HpaSpec& spec) const {
  PodSample s;
  s.name = p.metadata.name;
  s.deleting = state::IsPodTerminating(p);
  s.failed = p.status.phase == "Failed";
  s.pending = p.status.phase == "Pending" || p.status.phase.empty();
  if (const api::Condition* c = api::FindCondition(p.status.conditions, "Ready")) {
    s.ready = c->status == "True";
    if (c->last_transition_time) s.ready_transition = c->last_transition_time->value;
  }
  if (p.status.start_time) s.start_time = p.status.start_time->value;
  s.sample_time = clock_.Now();
  std::optional<api::ResourceList> usage = pod_metrics_->Usage(p);
  for (const auto& m : spec.metrics) {
    if (m.source != scalers::MetricSpec::Source::kResource) continue;
    PodResource r;
    r.resource = m.resource;
    r.container = m.container;
    if (usage) {
      auto u = usage->find(m.resource);
      if (u != usage->end()) r.usage_milli = u->second.MilliValue();
    }
    int64_t request = 0;
    bool all_have = true;
    for (const auto& c : p.spec.containers) {
      if (!m.container.empty() && c.name != m.container) continue;
      auto q = c.resources.requests.find(m.resource);
      if (q == c.resources.requests.end()) {
        all_have = false;
      } else {
        request += q->second.MilliValue();
      }
    }
    if (all_have) r.request_milli = request;
    s.resources.push_back(r);
  }
  return s;
}

}  // namespace swell::scaling
