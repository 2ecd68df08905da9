// Validation of ScaledObject and ScaledJob: the CRD schema (../shared/reference/crds/
// keda.sh_scaledobjects.yaml, keda.sh_scaledjobs.yaml), the admission webhook's per-object
// rules (keda.md §7.2 items 5-10), its warnings (§2.5), the annotations (§1.6) and each
// trigger's metadata against the scaler schema (§1.5, scaler_schema.h). Cross-object rules
// (§7.2 items 1-4) belong to lint.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

#include "api/keda/expr.h"
#include "api/keda/scaler_schema.h"
#include "api/keda/validate_util.h"
#include "api/labels.h"
#include "api/placeholder.h"

namespace swell::api {
namespace {

using keda::Minimum;
using keda::OneOf;

// ---- triggers (shared by ScaledObject and ScaledJob) ----------------------------------------

// keda.md §7.2 item 8 (ValidateTriggers) and the CRD: at least one trigger, a non-empty type,
// unique names, no useCachedMetrics on cpu/memory/cron, a valid authenticationRef.
void ValidateTriggerList(const std::vector<ScaleTriggers>& triggers, Diagnostics& diags) {
  if (triggers.empty()) {
    diags.Error("spec.triggers", "at least one trigger is required", "keda/triggers");
  }
  std::map<std::string, size_t, std::less<>> names;
  for (size_t i = 0; i < triggers.size(); i++) {
    const ScaleTriggers& t = triggers[i];
    std::string path = PathIndex("spec.triggers", i);
    if (t.type.empty()) diags.Error(path + ".type", "must not be empty", "keda/triggers");
    if (t.use_cached_metrics && (keda::IsCpuOrMemory(t) || t.type == "cron")) {
      diags.Error(path + ".useCachedMetrics",
                  "useCachedMetrics is not supported for " + t.type + " triggers", "keda/triggers");
    }
    if (!t.name.empty()) {
      auto [it, inserted] = names.emplace(t.name, i);
      if (!inserted) {
        diags.Error(path + ".name",
                    "trigger name \"" + t.name + "\" is already used by spec.triggers[" +
                        std::to_string(it->second) + "]: names must be unique",
                    "keda/triggers");
      }
    }
    if (t.authentication_ref) {
      if (t.authentication_ref->name.empty()) {
        diags.Error(path + ".authenticationRef.name", "must not be empty", "keda/triggers");
      }
      OneOf(t.authentication_ref->kind, {"TriggerAuthentication", "ClusterTriggerAuthentication"},
            path + ".authenticationRef.kind", diags);
    }
  }
}

// cpu/memory `value`: an integer percent for Utilization, a quantity for AverageValue
// (keda.md §5.9; cpu_memory_scaler.go).
void ValidateResourceValue(const ScaleTriggers& t, const std::string& path, Diagnostics& diags) {
  auto it = t.metadata.find("value");
  if (it == t.metadata.end() || it->second.empty() || ContainsPlaceholder(it->second)) return;
  std::string vpath = PathJoin(path + ".metadata", "value");
  if (t.metric_type == keda::kMetricUtilization) {
    char* end = nullptr;
    errno = 0;
    long v = std::strtol(it->second.c_str(), &end, 10);
    if (errno != 0 || end == it->second.c_str() || *end != '\0' || v < 0 || v > 2147483647) {
      diags.Error(vpath, "must be an integer percentage with metricType Utilization",
                  "keda/metadata-value");
    }
  } else if (t.metric_type == keda::kMetricAverageValue && !Quantity::Parse(it->second).ok()) {
    diags.Error(vpath, "must be a quantity (e.g. 500m, 512Mi) with metricType AverageValue",
                "keda/metadata-value");
  }
}

// keda.md §1.4, §5.9: cpu/memory require metricType Utilization or AverageValue (their old
// metadata.type was removed in v2.18); other scalers reject Utilization.
void ValidateMetricType(const ScaleTriggers& t, const std::string& path, Diagnostics& diags) {
  std::string mpath = path + ".metricType";
  if (keda::IsCpuOrMemory(t)) {
    if (t.metric_type.empty()) {
      diags.Error(mpath, t.type + " triggers require metricType: Utilization or AverageValue",
                  "keda/metric-type");
    } else if (t.metric_type != keda::kMetricUtilization &&
               t.metric_type != keda::kMetricAverageValue) {
      diags.Error(mpath,
                  "\"" + t.metric_type + "\": " + t.type +
                      " triggers accept only Utilization or AverageValue",
                  "keda/metric-type");
    }
    ValidateResourceValue(t, path, diags);
    return;
  }
  if (t.metric_type == keda::kMetricUtilization) {
    diags.Error(mpath, "Utilization is only supported by cpu and memory triggers",
                "keda/metric-type");
  } else if (!t.metric_type.empty() && t.metric_type != keda::kMetricAverageValue &&
             t.metric_type != keda::kMetricValue) {
    diags.Error(mpath, "\"" + t.metric_type + "\" must be AverageValue or Value",
                "keda/metric-type");
  }
}

void ValidateTriggers(const std::vector<ScaleTriggers>& triggers, Diagnostics& diags) {
  ValidateTriggerList(triggers, diags);
  for (size_t i = 0; i < triggers.size(); i++) {
    const ScaleTriggers& t = triggers[i];
    std::string path = PathIndex("spec.triggers", i);
    ValidateMetricType(t, path, diags);
    keda::CheckTriggerMetadata(t, path, t.authentication_ref.has_value(), diags);
    keda::CheckTriggerImplemented(t, path, diags);
  }
}

// ---- annotations (keda.md §1.6) -------------------------------------------------------------

bool IsGoBool(std::string_view v) {
  static constexpr std::string_view kBools[] = {"1", "t", "T", "TRUE",  "true",  "True",
                                                "0", "f", "F", "FALSE", "false", "False"};
  return std::find(std::begin(kBools), std::end(kBools), v) != std::end(kBools);
}

constexpr std::string_view kKedaAnnotationPrefixes[] = {
    "autoscaling.keda.sh/", "scaledobject.keda.sh/", "scaledjob.keda.sh/", "validations.keda.sh/"};

bool HasKedaPrefix(std::string_view key) {
  return std::any_of(std::begin(kKedaAnnotationPrefixes), std::end(kKedaAnnotationPrefixes),
                     [&](std::string_view p) { return key.substr(0, p.size()) == p; });
}

void CheckBoolAnnotation(const std::string& path, std::string_view value, Diagnostics& diags) {
  if (IsGoBool(value)) return;
  diags.Warning(path, "is not true or false: KEDA treats any other value as true",
                "keda/annotations");
}

// autoscaling.keda.sh/paused-replicas: strconv.ParseInt(value, 10, 32); negative counts are
// rejected by the target's /scale.
void CheckPausedReplicas(const std::string& path, const std::string& value, Diagnostics& diags) {
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(value.c_str(), &end, 10);
  if (errno != 0 || end == value.c_str() || *end != '\0' || v < -2147483648LL || v > 2147483647LL) {
    diags.Error(path, "must be an integer replica count (KEDA fails to pause otherwise)",
                "keda/annotations");
  } else if (v < 0) {
    diags.Error(path, "must be >= 0", "keda/annotations");
  }
}

// Annotations KEDA reads, with whether ScaledObjects and ScaledJobs use them.
struct KnownAnnotation {
  std::string_view key;
  bool on_so;
  bool on_sj;
};
constexpr KnownAnnotation kKnownAnnotations[] = {
    {keda::kAnnotationPaused, true, true},
    {keda::kAnnotationPausedReplicas, true, false},
    {keda::kAnnotationPausedScaleIn, true, false},
    {keda::kAnnotationPausedScaleOut, true, false},
    {keda::kAnnotationForceActivation, true, false},
    {keda::kAnnotationTransferHpaOwnership, true, false},
    {keda::kAnnotationHpaOwnershipValidation, false, false},
    {keda::kAnnotationHpaExcludedLabels, true, false},
    {keda::kAnnotationJobExcludedLabels, false, true},
    {keda::kAnnotationScaledJobGeneration, false, false},
};

// Flags keda.sh annotations that do nothing on this kind, and unknown ones (typos).
void CheckAnnotationKey(std::string_view key, bool is_so, const std::string& path,
                        Diagnostics& diags) {
  std::vector<std::string_view> keys;
  for (const KnownAnnotation& a : kKnownAnnotations) {
    keys.push_back(a.key);
    if (a.key != key) continue;
    if (key == keda::kAnnotationHpaOwnershipValidation) {
      diags.Warning(path,
                    "KEDA reads this annotation from HorizontalPodAutoscalers (value \"false\" "
                    "exempts that HPA from the ownership check), not from ScaledObjects",
                    "keda/annotations");
    } else if (is_so ? !a.on_so : !a.on_sj) {
      diags.Warning(path,
                    std::string("has no effect on a ") + (is_so ? "ScaledObject" : "ScaledJob"),
                    "keda/annotations");
    }
    return;
  }
  if (!HasKedaPrefix(key)) return;
  std::string suggestion = keda::Suggest(key, keys);
  diags.Warning(
      path,
      "unknown KEDA annotation" +
          (suggestion.empty() ? std::string() : " (did you mean \"" + suggestion + "\"?)"),
      "keda/annotations");
}

void ValidateAnnotations(const ObjectMeta& meta, bool is_so, Diagnostics& diags) {
  for (const auto& [key, value] : meta.annotations) {
    std::string path = PathJoin("metadata.annotations", key);
    CheckAnnotationKey(key, is_so, path, diags);
    if (key == keda::kAnnotationPaused || key == keda::kAnnotationPausedScaleIn ||
        key == keda::kAnnotationPausedScaleOut || key == keda::kAnnotationForceActivation) {
      CheckBoolAnnotation(path, value, diags);
    } else if (key == keda::kAnnotationPausedReplicas && is_so) {
      CheckPausedReplicas(path, value, diags);
    }
  }
}

void ValidateTransferOwnership(const ScaledObject& o, Diagnostics& diags) {
  auto it = o.metadata.annotations.find(keda::kAnnotationTransferHpaOwnership);
  if (it == o.metadata.annotations.end() || it->second != "true") return;
  const auto& adv = o.spec.advanced;
  if (adv && adv->horizontal_pod_autoscaler_config &&
      !adv->horizontal_pod_autoscaler_config->name.empty()) {
    return;
  }
  diags.Warning(PathJoin("metadata.annotations", keda::kAnnotationTransferHpaOwnership),
                "the webhook rejects an ownership transfer unless "
                "spec.advanced.horizontalPodAutoscalerConfig.name names the existing HPA",
                "keda/annotations");
}

// ---- ScaledObject spec ----------------------------------------------------------------------

// CRD minimums (keda.md §1.1).
void ValidateSoMinimums(const ScaledObjectSpec& s, Diagnostics& diags) {
  Minimum(s.polling_interval, 1, "spec.pollingInterval", diags);
  Minimum(s.cooldown_period, 0, "spec.cooldownPeriod", diags);
  Minimum(s.initial_cooldown_period, 0, "spec.initialCooldownPeriod", diags);
  Minimum(s.idle_replica_count, 0, "spec.idleReplicaCount", diags);
  Minimum(s.min_replica_count, 0, "spec.minReplicaCount", diags);
  Minimum(s.max_replica_count, 1, "spec.maxReplicaCount", diags);
}

bool IsValidGroupVersion(std::string_view gv) {
  size_t slash = gv.find('/');
  if (slash == std::string_view::npos) return !gv.empty();
  return slash > 0 && slash + 1 < gv.size() && gv.find('/', slash + 1) == std::string_view::npos;
}

// keda.md §1.1: name required (minLength 1); apiVersion a group/version; apiVersion and kind
// default to apps/v1 and Deployment independently.
void ValidateScaleTarget(const ScaleTarget& t, Diagnostics& diags) {
  if (t.name.empty()) {
    diags.Error("spec.scaleTargetRef.name", "must not be empty", "keda/scale-target");
  }
  if (!t.api_version.empty() && !IsValidGroupVersion(t.api_version)) {
    diags.Error("spec.scaleTargetRef.apiVersion",
                "\"" + t.api_version + "\" is not a group/version such as apps/v1",
                "keda/scale-target");
  }
  if (t.api_version.empty() && !t.kind.empty() && t.kind != "Deployment" &&
      t.kind != "StatefulSet" && t.kind != "ReplicaSet") {
    diags.Warning("spec.scaleTargetRef.apiVersion",
                  "is unset, so KEDA looks for kind " + t.kind +
                      " in apps/v1, which has no such kind: set the target's apiVersion",
                  "keda/scale-target");
  }
}

// keda.md §7.2 item 6 (CheckReplicaCountBoundsAreValid) and the CRD's CEL rule. KEDA compares
// idleReplicaCount with the HPA minimum, which is 1 when minReplicaCount is set to 0.
void ValidateReplicaBounds(const ScaledObjectSpec& s, Diagnostics& diags) {
  int32_t max = s.max_replica_count.value_or(100);
  if (s.min_replica_count && *s.min_replica_count > max) {
    diags.Error("spec.minReplicaCount",
                std::to_string(*s.min_replica_count) + " must be <= maxReplicaCount (" +
                    std::to_string(max) + ")",
                "keda/replica-bounds");
  }
  if (!s.idle_replica_count) return;
  int32_t idle = *s.idle_replica_count;
  int32_t min = s.min_replica_count.value_or(0);
  int32_t hpa_min = !s.min_replica_count ? 0 : std::max(min, 1);
  if (idle >= hpa_min) {
    diags.Error("spec.idleReplicaCount",
                std::to_string(idle) + " must be < minReplicaCount (" + std::to_string(min) +
                    (s.min_replica_count ? ")" : ", unset)"),
                "keda/replica-bounds");
  } else if (idle >= min) {
    diags.Warning("spec.idleReplicaCount",
                  std::to_string(idle) + " is not below minReplicaCount (" + std::to_string(min) +
                      "): the webhook accepts it but idle mode has no effect",
                  "keda/replica-bounds");
  } else if (idle > 0) {
    // keda.md §2.6: the HPA scales a target below its minReplicas back up.
    diags.Warning("spec.idleReplicaCount",
                  "only 0 works reliably: the HPA scales the target back up to minReplicaCount",
                  "keda/replica-bounds");
  }
}

bool IsAppsWorkload(const ScaleTarget& t) {
  bool apps = t.api_version.empty() || t.api_version == "apps/v1";
  bool kind = t.kind.empty() || t.kind == "Deployment" || t.kind == "StatefulSet";
  return apps && kind;
}

// keda.md §7.2 item 5 (verifyCPUMemoryScalers): only cpu/memory triggers and minReplicaCount
// 0 or unset, on a Deployment or StatefulSet.
void ValidateScaleToZero(const ScaledObjectSpec& s, Diagnostics& diags) {
  if (s.triggers.empty() || !IsAppsWorkload(s.scale_target_ref)) return;
  bool only_resource = std::all_of(s.triggers.begin(), s.triggers.end(), keda::IsCpuOrMemory);
  if (!only_resource || s.min_replica_count.value_or(0) != 0) return;
  // KEDA's webhook runs this check only after it has fetched the target Deployment or
  // StatefulSet, so for one object alone it is a warning; lint makes it an error when the
  // target is among the given objects (keda/scale-to-zero in lint).
  diags.Warning(s.min_replica_count ? "spec.minReplicaCount" : "spec",
                "a ScaledObject with only cpu/memory triggers cannot scale to zero, and KEDA's "
                "admission webhook rejects it once its Deployment/StatefulSet exists: set "
                "minReplicaCount to 1 or more",
                "keda/scale-to-zero");
}

// keda.md §1.2 (HasValidFallback): with scalingModifiers the target must be an integer > 0,
// else KEDA treats the fallback as not configured.
void ValidateFallbackTarget(const ScaledObject& o, Diagnostics& diags) {
  const std::string& target = o.spec.advanced->scaling_modifiers.target;
  char* end = nullptr;
  long long v = std::strtoll(target.c_str(), &end, 10);
  if (target.empty() || (end != target.c_str() && *end == '\0' && v > 0)) return;
  diags.Warning("spec.advanced.scalingModifiers.target",
                "is not an integer > 0, so KEDA treats the fallback as not configured",
                "keda/fallback");
}

// keda.md §1.2, §7.2 item 7 (CheckFallbackValid) and item 9 (scaling-modifiers-fallback).
void ValidateFallback(const ScaledObject& o, Diagnostics& diags) {
  const auto& f = o.spec.fallback;
  if (!f) return;
  Minimum(f->failure_threshold, 0, "spec.fallback.failureThreshold", diags, "keda/fallback");
  Minimum(f->replicas, 0, "spec.fallback.replicas", diags, "keda/fallback");
  if (f->behavior) {
    OneOf(*f->behavior,
          {keda::kFallbackStatic, keda::kFallbackCurrentReplicas,
           keda::kFallbackCurrentReplicasIfHigher, keda::kFallbackCurrentReplicasIfLower,
           keda::kFallbackScalingModifiers},
          "spec.fallback.behavior", diags, /*allow_empty=*/false);
  }
  bool modifiers = keda::IsUsingModifiers(o);
  if (!modifiers &&
      std::all_of(o.spec.triggers.begin(), o.spec.triggers.end(), keda::IsCpuOrMemory)) {
    diags.Error("spec.fallback", "fallback needs at least one trigger that is not cpu or memory",
                "keda/fallback");
  }
  if (f->behavior == keda::kFallbackScalingModifiers &&
      (!modifiers || o.spec.advanced->scaling_modifiers.formula.empty())) {
    diags.Error("spec.fallback.behavior",
                "scalingModifiers fallback behavior requires "
                "spec.advanced.scalingModifiers.formula",
                "keda/scaling-modifiers");
  }
  if (modifiers) ValidateFallbackTarget(o, diags);
}

// Go's strconv.ParseFloat for the values KEDA reads (finite numbers only).
bool ParseFloat(const std::string& s, double* out) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front()))) return false;
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(s.c_str(), &end);
  if (errno != 0 || *end != '\0' || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

// keda.md §2.11: the formula compiles with the named non-cpu/memory triggers as variables and
// survives a trial run with every variable at -1.
void ValidateFormula(const ScaledObject& o, const std::string& path, Diagnostics& diags) {
  std::vector<std::string> vars;
  std::map<std::string, std::optional<double>, std::less<>> trial;
  for (const ScaleTriggers& t : o.spec.triggers) {
    if (keda::IsCpuOrMemory(t) || t.name.empty()) continue;
    vars.push_back(t.name);
    trial[t.name] = -1.0;
  }
  const std::string& formula = o.spec.advanced->scaling_modifiers.formula;
  StatusOr<keda::Formula> compiled = keda::Formula::Compile(formula, vars);
  if (!compiled.ok() && (compiled.status().code() == StatusCode::kUnimplemented ||
                         compiled.status().message().find("not supported") != std::string::npos)) {
    // Valid expr-lang outside the subset swell evaluates (expr.h: strings, maps, filter...):
    // KEDA may well accept it, so this is not an error.
    diags.Warning(path, "swell cannot evaluate this formula: " + compiled.status().message(),
                  "keda/scaling-modifiers");
    return;
  }
  if (!compiled.ok()) {
    diags.Error(path, "does not compile: " + compiled.status().message(), "keda/scaling-modifiers");
    return;
  }
  StatusOr<std::optional<double>> result = compiled->Eval(trial);
  if (!result.ok()) {
    diags.Error(path, "fails a trial run with every trigger at -1: " + result.status().message(),
                "keda/scaling-modifiers");
  }
}

// keda.md §7.2 item 9 (ValidateAndCompileScalingModifiers).
void ValidateScalingModifiers(const ScaledObject& o, Diagnostics& diags) {
  if (!keda::IsUsingModifiers(o)) return;
  const ScalingModifiers& m = o.spec.advanced->scaling_modifiers;
  const std::string base = "spec.advanced.scalingModifiers";
  if (m.formula.empty()) {
    diags.Error(base + ".formula", "is required when scalingModifiers is set",
                "keda/scaling-modifiers");
  } else {
    ValidateFormula(o, base + ".formula", diags);
  }
  double v = 0;
  if (m.target.empty()) {
    diags.Error(base + ".target", "is required with a formula", "keda/scaling-modifiers");
  } else if (!ParseFloat(m.target, &v) || v <= 0) {
    diags.Error(base + ".target", "must be a number > 0", "keda/scaling-modifiers");
  }
  if (!m.activation_target.empty() && !ParseFloat(m.activation_target, &v)) {
    diags.Error(base + ".activationTarget", "must be a number", "keda/scaling-modifiers");
  }
  if (!m.metric_type.empty() && m.metric_type != keda::kMetricAverageValue &&
      m.metric_type != keda::kMetricValue) {
    diags.Error(base + ".metricType", "\"" + m.metric_type + "\" must be AverageValue or Value",
                "keda/scaling-modifiers");
  }
  // keda.md §2.11 (#5367): unnamed external triggers cannot be paired with formula variables.
  for (size_t i = 0; i < o.spec.triggers.size(); i++) {
    const ScaleTriggers& t = o.spec.triggers[i];
    if (t.name.empty() && !keda::IsCpuOrMemory(t)) {
      diags.Warning(PathIndex("spec.triggers", i) + ".name",
                    "triggers used with scalingModifiers need a name (the formula refers to "
                    "triggers by name)",
                    "keda/scaling-modifiers");
    }
  }
}

// keda.md §1.6, §7.2 item 10 (verifyName): the name is a label value (<= 63), and so is the
// HPA name, keda-hpa-<name> unless set.
void ValidateNames(const ScaledObject& o, Diagnostics& diags) {
  if (o.metadata.name.size() > 63) {
    diags.Error("metadata.name",
                "is " + std::to_string(o.metadata.name.size()) +
                    " characters: must be at most 63 (it is used as the " +
                    std::string(keda::kLabelScaledObjectName) + " label value)",
                "keda/name-too-long");
    return;
  }
  const auto& adv = o.spec.advanced;
  bool custom = adv && adv->horizontal_pod_autoscaler_config &&
                !adv->horizontal_pod_autoscaler_config->name.empty();
  std::string hpa = keda::HpaNameOf(o);
  std::string path =
      custom ? "spec.advanced.horizontalPodAutoscalerConfig.name" : std::string("metadata.name");
  if (hpa.size() > 63) {
    diags.Error(path,
                "the HPA name \"" + hpa + "\" is " + std::to_string(hpa.size()) +
                    " characters: must be at most 63 (shorten the name or set "
                    "spec.advanced.horizontalPodAutoscalerConfig.name)",
                "keda/name-too-long");
  } else if (custom) {
    if (std::string why = CheckDns1123Subdomain(hpa); !why.empty()) {
      diags.Error(path, "\"" + hpa + "\": " + why, "keda/hpa-name");
    }
  }
}

// keda.md §2.5: webhook warnings for settings that do nothing.
void ValidateIrrelevantSettings(const ScaledObjectSpec& s, Diagnostics& diags) {
  if (s.min_replica_count.value_or(0) <= 0 || s.idle_replica_count) return;
  bool cached = std::any_of(s.triggers.begin(), s.triggers.end(),
                            [](const ScaleTriggers& t) { return t.use_cached_metrics; });
  if (s.polling_interval && !cached) {
    diags.Warning("spec.pollingInterval",
                  "is set but not relevant: it only matters when minReplicaCount is 0, "
                  "idleReplicaCount is set or a trigger uses useCachedMetrics",
                  "keda/polling-irrelevant");
  }
  if (s.cooldown_period) {
    diags.Warning("spec.cooldownPeriod",
                  "is set but not relevant: it only matters when minReplicaCount is 0 or "
                  "idleReplicaCount is set",
                  "keda/cooldown-irrelevant");
  }
}

// autoscaling/v2 HPAScalingRules validation (kubernetes.md §1.2).
void ValidateScalingRules(const HPAScalingRules& r, const std::string& path, Diagnostics& diags) {
  const char* rule = "keda/hpa-behavior";
  const auto& w = r.stabilization_window_seconds;
  if (w && (*w < 0 || *w > 3600)) {
    diags.Error(path + ".stabilizationWindowSeconds",
                std::to_string(*w) + " must be between 0 and 3600", rule);
  }
  OneOf(r.select_policy, {"Max", "Min", "Disabled"}, path + ".selectPolicy", diags, true, rule);
  for (size_t i = 0; i < r.policies.size(); i++) {
    const HPAScalingPolicy& p = r.policies[i];
    std::string pp = PathIndex(path + ".policies", i);
    OneOf(p.type, {"Pods", "Percent"}, pp + ".type", diags, false, rule);
    if (p.value <= 0) diags.Error(pp + ".value", std::to_string(p.value) + " must be > 0", rule);
    if (p.period_seconds <= 0 || p.period_seconds > 1800) {
      diags.Error(pp + ".periodSeconds",
                  std::to_string(p.period_seconds) + " must be between 1 and 1800", rule);
    }
  }
  if (r.tolerance && r.tolerance->Sign() < 0) {
    diags.Error(path + ".tolerance", "must be >= 0", rule);
  }
}

void ValidateHpaBehavior(const ScaledObjectSpec& s, Diagnostics& diags) {
  if (!s.advanced || !s.advanced->horizontal_pod_autoscaler_config ||
      !s.advanced->horizontal_pod_autoscaler_config->behavior) {
    return;
  }
  const HPABehavior& b = *s.advanced->horizontal_pod_autoscaler_config->behavior;
  const std::string base = "spec.advanced.horizontalPodAutoscalerConfig.behavior";
  if (b.scale_up) ValidateScalingRules(*b.scale_up, base + ".scaleUp", diags);
  if (b.scale_down) ValidateScalingRules(*b.scale_down, base + ".scaleDown", diags);
}

// ---- ScaledJob spec (keda.md §3.1) ----------------------------------------------------------

void ValidateSjSchema(const ScaledJobSpec& s, Diagnostics& diags) {
  Minimum(s.polling_interval, 1, "spec.pollingInterval", diags);
  Minimum(s.successful_jobs_history_limit, 0, "spec.successfulJobsHistoryLimit", diags);
  Minimum(s.failed_jobs_history_limit, 0, "spec.failedJobsHistoryLimit", diags);
  Minimum(s.min_replica_count, 0, "spec.minReplicaCount", diags);
  Minimum(s.max_replica_count, 1, "spec.maxReplicaCount", diags);
  OneOf(s.rollout_strategy, {"gradual", "immediate"}, "spec.rolloutStrategy", diags);
  OneOf(s.rollout.strategy, {"gradual", "immediate"}, "spec.rollout.strategy", diags);
  OneOf(s.rollout.propagation_policy, {"foreground", "background"},
        "spec.rollout.propagationPolicy", diags);
  OneOf(s.scaling_strategy.strategy, {"default", "custom", "accurate", "eager"},
        "spec.scalingStrategy.strategy", diags);
  OneOf(s.scaling_strategy.multiple_scalers_calculation, {"min", "avg", "sum", "max"},
        "spec.scalingStrategy.multipleScalersCalculation", diags);
}

void ValidateSjSemantics(const ScaledJobSpec& s, Diagnostics& diags) {
  if (!s.rollout_strategy.empty()) {
    diags.Warning("spec.rolloutStrategy", "is deprecated: use spec.rollout.strategy",
                  "keda/deprecated");
  }
  // Only with both set: an unset maxReplicaCount means 100 above the minimum (keda.md §3.1).
  if (s.min_replica_count && s.max_replica_count && *s.min_replica_count > *s.max_replica_count) {
    diags.Warning("spec.minReplicaCount",
                  std::to_string(*s.min_replica_count) + " is above maxReplicaCount (" +
                      std::to_string(*s.max_replica_count) +
                      "): KEDA uses maxReplicaCount as the minimum",
                  "keda/replica-bounds");
  }
  const ScalingStrategy& st = s.scaling_strategy;
  bool custom_fields =
      st.custom_scaling_queue_length_deduction || !st.custom_scaling_running_job_percentage.empty();
  double pct = 0;
  if (custom_fields && st.strategy != "custom") {
    diags.Warning("spec.scalingStrategy",
                  "customScalingQueueLengthDeduction and customScalingRunningJobPercentage are "
                  "only used by strategy custom",
                  "keda/scaling-strategy");
  } else if (st.strategy == "custom" &&
             !ParseFloat(st.custom_scaling_running_job_percentage, &pct)) {
    diags.Warning("spec.scalingStrategy.customScalingRunningJobPercentage",
                  "is not a number: KEDA falls back to the default strategy",
                  "keda/scaling-strategy");
  }
}

// keda.md §3.2: jobs are sized from each metric's AverageValue target.
void ValidateSjTriggers(const ScaledJobSpec& s, Diagnostics& diags) {
  for (size_t i = 0; i < s.triggers.size(); i++) {
    const ScaleTriggers& t = s.triggers[i];
    std::string path = PathIndex("spec.triggers", i);
    if (keda::IsCpuOrMemory(t)) {
      diags.Warning(path + ".type",
                    t.type + " triggers produce no queue length: a ScaledJob cannot use them",
                    "keda/triggers");
    } else if (t.metric_type == keda::kMetricValue) {
      diags.Warning(path + ".metricType",
                    "a ScaledJob sizes jobs from AverageValue targets; with Value it computes "
                    "no jobs from this trigger",
                    "keda/metric-type");
    }
  }
}

// The job template as KEDA creates it: restartPolicy OnFailure when empty (keda.md §3.1).
void ValidateJobTarget(const JobSpec& spec, Diagnostics& diags) {
  JobSpec copy = spec;
  if (copy.template_.spec.restart_policy.empty()) copy.template_.spec.restart_policy = "OnFailure";
  ValidateJobSpec(copy, "spec.jobTargetRef", diags);
}

void ValidateSjName(const ScaledJob& o, Diagnostics& diags) {
  if (o.metadata.name.size() <= 63) return;
  diags.Error("metadata.name",
              "is " + std::to_string(o.metadata.name.size()) +
                  " characters: must be at most 63 (KEDA labels each Job with " +
                  std::string(keda::kLabelScaledJobName) + "=<name>)",
              "keda/name-too-long");
}

}  // namespace

void Validate(const ScaledObject& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, true, diags);
  ValidateAnnotations(o.metadata, true, diags);
  ValidateTransferOwnership(o, diags);
  ValidateNames(o, diags);
  const ScaledObjectSpec& s = o.spec;
  ValidateScaleTarget(s.scale_target_ref, diags);
  ValidateSoMinimums(s, diags);
  ValidateReplicaBounds(s, diags);
  ValidateScaleToZero(s, diags);
  ValidateTriggers(s.triggers, diags);
  ValidateFallback(o, diags);
  ValidateScalingModifiers(o, diags);
  ValidateHpaBehavior(s, diags);
  ValidateIrrelevantSettings(s, diags);
}

void Validate(const ScaledJob& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, true, diags);
  ValidateAnnotations(o.metadata, false, diags);
  ValidateSjName(o, diags);
  ValidateSjSchema(o.spec, diags);
  ValidateSjSemantics(o.spec, diags);
  ValidateTriggers(o.spec.triggers, diags);
  ValidateSjTriggers(o.spec, diags);
  ValidateJobTarget(o.spec.job_target_ref, diags);
}

}  // namespace swell::api
