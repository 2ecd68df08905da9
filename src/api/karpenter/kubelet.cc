#include "api/karpenter/kubelet.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <set>

#include "api/duration.h"
#include "api/karpenter/types.h"
#include "api/karpenter/validation_util.h"
#include "api/quantity.h"

namespace swell::api::karpenter {
namespace {

// The JSON shape of an upstream KubeletConfiguration field.
enum class Shape : uint8_t {
  kString,  // string, metav1.Duration and named string types
  kInt32,
  kInt64,
  kBool,
  kFloat,
  kStringList,
  kInt32List,
  kStringMap,
  kBoolMap,
  kStringListMap,
  kObject,      // a nested struct (checked to be a mapping only)
  kObjectList,  // a list of structs
};

struct KubeletField {
  std::string_view name;
  Shape shape;
};

// Every field of k8s.io/kubelet config/v1beta1 KubeletConfiguration at v0.36.3, plus TypeMeta.
constexpr KubeletField kKubeletFields[] = {
    {"apiVersion", Shape::kString},
    {"kind", Shape::kString},
    {"enableServer", Shape::kBool},
    {"staticPodPath", Shape::kString},
    {"podLogsDir", Shape::kString},
    {"syncFrequency", Shape::kString},
    {"fileCheckFrequency", Shape::kString},
    {"httpCheckFrequency", Shape::kString},
    {"staticPodURL", Shape::kString},
    {"staticPodURLHeader", Shape::kStringListMap},
    {"address", Shape::kString},
    {"port", Shape::kInt32},
    {"readOnlyPort", Shape::kInt32},
    {"tlsCertFile", Shape::kString},
    {"tlsPrivateKeyFile", Shape::kString},
    {"tlsCipherSuites", Shape::kStringList},
    {"tlsCurvePreferences", Shape::kInt32List},
    {"tlsMinVersion", Shape::kString},
    {"rotateCertificates", Shape::kBool},
    {"serverTLSBootstrap", Shape::kBool},
    {"authentication", Shape::kObject},
    {"authorization", Shape::kObject},
    {"registryPullQPS", Shape::kInt32},
    {"registryBurst", Shape::kInt32},
    {"imagePullCredentialsVerificationPolicy", Shape::kString},
    {"preloadedImagesVerificationAllowlist", Shape::kStringList},
    {"eventRecordQPS", Shape::kInt32},
    {"eventBurst", Shape::kInt32},
    {"enableDebuggingHandlers", Shape::kBool},
    {"enableContentionProfiling", Shape::kBool},
    {"healthzPort", Shape::kInt32},
    {"healthzBindAddress", Shape::kString},
    {"oomScoreAdj", Shape::kInt32},
    {"clusterDomain", Shape::kString},
    {"clusterDNS", Shape::kStringList},
    {"streamingConnectionIdleTimeout", Shape::kString},
    {"nodeStatusUpdateFrequency", Shape::kString},
    {"nodeStatusReportFrequency", Shape::kString},
    {"nodeLeaseDurationSeconds", Shape::kInt32},
    {"imageMinimumGCAge", Shape::kString},
    {"imageMaximumGCAge", Shape::kString},
    {"imageGCHighThresholdPercent", Shape::kInt32},
    {"imageGCLowThresholdPercent", Shape::kInt32},
    {"volumeStatsAggPeriod", Shape::kString},
    {"kubeletCgroups", Shape::kString},
    {"systemCgroups", Shape::kString},
    {"cgroupRoot", Shape::kString},
    {"cgroupsPerQOS", Shape::kBool},
    {"cgroupDriver", Shape::kString},
    {"cpuManagerPolicy", Shape::kString},
    {"singleProcessOOMKill", Shape::kBool},
    {"cpuManagerPolicyOptions", Shape::kStringMap},
    {"cpuManagerReconcilePeriod", Shape::kString},
    {"memoryManagerPolicy", Shape::kString},
    {"topologyManagerPolicy", Shape::kString},
    {"topologyManagerScope", Shape::kString},
    {"topologyManagerPolicyOptions", Shape::kStringMap},
    {"qosReserved", Shape::kStringMap},
    {"runtimeRequestTimeout", Shape::kString},
    {"hairpinMode", Shape::kString},
    {"maxPods", Shape::kInt32},
    {"podCIDR", Shape::kString},
    {"podPidsLimit", Shape::kInt64},
    {"resolvConf", Shape::kString},
    {"runOnce", Shape::kBool},
    {"cpuCFSQuota", Shape::kBool},
    {"cpuCFSQuotaPeriod", Shape::kString},
    {"nodeStatusMaxImages", Shape::kInt32},
    {"maxOpenFiles", Shape::kInt64},
    {"contentType", Shape::kString},
    {"kubeAPIQPS", Shape::kInt32},
    {"kubeAPIBurst", Shape::kInt32},
    {"serializeImagePulls", Shape::kBool},
    {"maxParallelImagePulls", Shape::kInt32},
    {"evictionHard", Shape::kStringMap},
    {"evictionSoft", Shape::kStringMap},
    {"evictionSoftGracePeriod", Shape::kStringMap},
    {"evictionPressureTransitionPeriod", Shape::kString},
    {"evictionMaxPodGracePeriod", Shape::kInt32},
    {"evictionMinimumReclaim", Shape::kStringMap},
    {"mergeDefaultEvictionSettings", Shape::kBool},
    {"podsPerCore", Shape::kInt32},
    {"enableControllerAttachDetach", Shape::kBool},
    {"protectKernelDefaults", Shape::kBool},
    {"makeIPTablesUtilChains", Shape::kBool},
    {"iptablesMasqueradeBit", Shape::kInt32},
    {"iptablesDropBit", Shape::kInt32},
    {"featureGates", Shape::kBoolMap},
    {"failSwapOn", Shape::kBool},
    {"memorySwap", Shape::kObject},
    {"containerLogMaxSize", Shape::kString},
    {"containerLogMaxFiles", Shape::kInt32},
    {"containerLogMaxWorkers", Shape::kInt32},
    {"containerLogMonitorInterval", Shape::kString},
    {"configMapAndSecretChangeDetectionStrategy", Shape::kString},
    {"systemReserved", Shape::kStringMap},
    {"kubeReserved", Shape::kStringMap},
    {"reservedSystemCPUs", Shape::kString},
    {"showHiddenMetricsForVersion", Shape::kString},
    {"systemReservedCgroup", Shape::kString},
    {"kubeReservedCgroup", Shape::kString},
    {"enforceNodeAllocatable", Shape::kStringList},
    {"allowedUnsafeSysctls", Shape::kStringList},
    {"volumePluginDir", Shape::kString},
    {"providerID", Shape::kString},
    {"kernelMemcgNotification", Shape::kBool},
    {"logging", Shape::kObject},
    {"enableSystemLogHandler", Shape::kBool},
    {"enableSystemLogQuery", Shape::kBool},
    {"shutdownGracePeriod", Shape::kString},
    {"shutdownGracePeriodCriticalPods", Shape::kString},
    {"shutdownGracePeriodByPodPriority", Shape::kObjectList},
    {"crashLoopBackOff", Shape::kObject},
    {"reservedMemory", Shape::kObjectList},
    {"enableProfilingHandler", Shape::kBool},
    {"enableDebugFlagsHandler", Shape::kBool},
    {"seccompDefault", Shape::kBool},
    {"memoryThrottlingFactor", Shape::kFloat},
    {"memoryReservationPolicy", Shape::kString},
    {"registerWithTaints", Shape::kObjectList},
    {"registerNode", Shape::kBool},
    {"tracing", Shape::kObject},
    {"localStorageCapacityIsolation", Shape::kBool},
    {"containerRuntimeEndpoint", Shape::kString},
    {"imageServiceEndpoint", Shape::kString},
    {"failCgroupV1", Shape::kBool},
    {"userNamespaces", Shape::kObject},
};

// The fields ParsedKubeletConfig maps (managedKubeletFields upstream).
constexpr std::string_view kManagedFields[] = {
    "clusterDNS",
    "maxPods",
    "podsPerCore",
    "systemReserved",
    "kubeReserved",
    "evictionHard",
    "evictionSoft",
    "evictionSoftGracePeriod",
    "evictionMaxPodGracePeriod",
    "imageGCHighThresholdPercent",
    "imageGCLowThresholdPercent",
    "cpuCFSQuota",
};

constexpr std::string_view kEvictionSignals[] = {
    "memory.available",  "nodefs.available",   "nodefs.inodesFree",
    "imagefs.available", "imagefs.inodesFree", "pid.available",
};
constexpr std::string_view kReservedResources[] = {"cpu", "memory", "ephemeral-storage", "pid"};

template <class C>
bool Contains(const C& list, std::string_view v) {
  return std::find(std::begin(list), std::end(list), v) != std::end(list);
}

const KubeletField* FindField(std::string_view name) {
  for (const KubeletField& f : kKubeletFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string_view ShapeName(Shape s) {
  switch (s) {
    case Shape::kString:
      return "a string";
    case Shape::kInt32:
      return "a 32-bit integer";
    case Shape::kInt64:
      return "an integer";
    case Shape::kBool:
      return "true or false";
    case Shape::kFloat:
      return "a number";
    case Shape::kStringList:
      return "a list of strings";
    case Shape::kInt32List:
      return "a list of integers";
    case Shape::kStringMap:
      return "a map of strings";
    case Shape::kBoolMap:
      return "a map of booleans";
    case Shape::kStringListMap:
      return "a map of string lists";
    case Shape::kObject:
      return "an object";
    case Shape::kObjectList:
      return "a list of objects";
  }
  return "";
}

// Decodes `n` as T with a scratch decoder; true if nothing was reported (a string-typed field
// given a plain number is a warning for the codec but a decode error for Go's JSON).
template <class T>
bool DecodesCleanly(const yaml::Node& n) {
  Diagnostics scratch;
  Decoder d(&scratch);
  T out{};
  DecodeValue(n, out, d);
  return scratch.empty();
}

bool ListOfMappings(const yaml::Node& n) {
  if (n.IsNull()) return true;
  if (!n.IsSequence()) return false;
  for (size_t i = 0; i < n.size(); i++) {
    if (!n.item(i).IsMapping() && !n.item(i).IsNull()) return false;
  }
  return true;
}

bool HasShape(const yaml::Node& n, Shape s) {
  using SM = std::map<std::string, std::string, std::less<>>;
  switch (s) {
    case Shape::kString:
      return DecodesCleanly<std::string>(n);
    case Shape::kInt32:
      return DecodesCleanly<int32_t>(n);
    case Shape::kInt64:
      return DecodesCleanly<int64_t>(n);
    case Shape::kBool:
      return DecodesCleanly<bool>(n);
    case Shape::kFloat:
      return DecodesCleanly<double>(n);
    case Shape::kStringList:
      return DecodesCleanly<std::vector<std::string>>(n);
    case Shape::kInt32List:
      return DecodesCleanly<std::vector<int32_t>>(n);
    case Shape::kStringMap:
      return DecodesCleanly<SM>(n);
    case Shape::kBoolMap:
      return DecodesCleanly<std::map<std::string, bool, std::less<>>>(n);
    case Shape::kStringListMap:
      return DecodesCleanly<std::map<std::string, std::vector<std::string>, std::less<>>>(n);
    case Shape::kObject:
      return n.IsNull() || n.IsMapping();
    case Shape::kObjectList:
      return ListOfMappings(n);
  }
  return false;
}

// maxPods may hold a CEL expression (a string) instead of an integer.
bool IsExpressionString(const yaml::Node& n) {
  return n.IsScalar() && !n.IsNull() && n.Resolve() == yaml::ScalarType::kString;
}

// validateAgainstUpstreamType: every key a KubeletConfiguration field, of the right type.
// Returns the keys that passed, for the semantic checks.
std::set<std::string> CheckFieldsAndTypes(const yaml::Node& map, const std::string& path,
                                          Diagnostics& diags) {
  std::set<std::string> ok;
  for (size_t i = 0; i < map.size(); i++) {
    const std::string& key = map.key(i).value();
    const yaml::Node& val = map.val(i);
    std::string p = PathJoin(path, key);
    const KubeletField* f = FindField(key);
    if (f == nullptr) {
      diags.Error(p,
                  "unknown kubelet field " + Quoted(key) +
                      ": not a field of KubeletConfiguration (kubelet.config.k8s.io/v1beta1)",
                  "karpenter/kubelet-field");
      continue;
    }
    bool good = HasShape(val, f->shape) || (key == "maxPods" && IsExpressionString(val));
    if (!good) {
      diags.Error(p, "kubelet field " + key + " must be " + std::string(ShapeName(f->shape)),
                  "karpenter/kubelet-field");
      continue;
    }
    ok.insert(key);
  }
  return ok;
}

// A mapping holding only the keys in `keep` that ParsedKubeletConfig maps.
yaml::Node ManagedSubset(const yaml::Node& map, const std::set<std::string>* keep) {
  yaml::Node out = yaml::Node::Mapping(map.mark());
  for (size_t i = 0; i < map.size(); i++) {
    const std::string& key = map.key(i).value();
    if (!Contains(kManagedFields, key)) continue;
    if (keep != nullptr && keep->count(key) == 0) continue;
    out.Add(map.key(i), map.val(i));
  }
  return out;
}

ParsedKubeletConfig DecodeManaged(const yaml::Node& subset, Diagnostics& scratch) {
  ParsedKubeletConfig out;
  Decoder d(&scratch);
  DecodeValue(subset, out, d);
  return out;
}

StringMap RawStringMap(const yaml::Node& map, std::string_view key,
                       const std::set<std::string>& ok) {
  StringMap out;
  const yaml::Node* n = map.Find(key);
  if (n == nullptr || ok.count(std::string(key)) == 0) return out;
  Diagnostics scratch;
  Decoder d(&scratch);
  DecodeValue(*n, out, d);
  return out;
}

// validateEvictionThreshold: "N%" with 0 <= N <= 100, or a non-negative quantity.
std::string EvictionThresholdProblem(const std::string& value) {
  if (value.ends_with('%')) {
    double pct = 0;
    std::string_view num(value.data(), value.size() - 1);
    auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), pct);
    if (num.empty() || ec != std::errc() || end != num.data() + num.size() || pct < 0 ||
        pct > 100) {
      return "must be a percentage or a resource quantity";
    }
    return "";
  }
  auto q = Quantity::Parse(value);
  if (!q.ok()) return "must be a percentage or a resource quantity";
  if (q->Sign() < 0) return "can't be a negative resource quantity";
  return "";
}

std::string GracePeriodProblem(const std::string& value) {
  auto d = ParseGoDuration(value);
  if (!d.ok()) return "must be a duration";
  if (*d < Duration(0)) return "can't be a negative duration";
  return "";
}

void CheckEvictionMap(const StringMap& m, std::string_view field, const std::string& path,
                      Diagnostics& diags) {
  for (const auto& [signal, value] : m) {
    std::string p = PathJoin(PathJoin(path, field), signal);
    if (!Contains(kEvictionSignals, signal)) {
      diags.Error(p,
                  Quoted(signal) +
                      " isn't a valid eviction signal, must be one of memory.available, "
                      "nodefs.available, nodefs.inodesFree, imagefs.available, "
                      "imagefs.inodesFree, pid.available",
                  "karpenter/kubelet-eviction");
    }
    std::string why = field == "evictionSoftGracePeriod" ? GracePeriodProblem(value)
                                                         : EvictionThresholdProblem(value);
    if (!why.empty()) {
      ReportValue(diags, p, value, Quoted(value) + " " + why, "karpenter/kubelet-eviction");
    }
  }
}

void CheckSoftGracePairs(const ParsedKubeletConfig& c, const std::string& path,
                         Diagnostics& diags) {
  for (const auto& [signal, v] : c.eviction_soft) {
    if (c.eviction_soft_grace_period.count(signal) == 0) {
      diags.Error(PathJoin(PathJoin(path, "evictionSoft"), signal),
                  "soft eviction threshold " + signal +
                      " has no matching evictionSoftGracePeriod (the kubelet ignores it)",
                  "karpenter/kubelet-eviction-soft-grace");
    }
  }
  for (const auto& [signal, v] : c.eviction_soft_grace_period) {
    if (c.eviction_soft.count(signal) == 0) {
      diags.Error(PathJoin(PathJoin(path, "evictionSoftGracePeriod"), signal),
                  "grace period for " + signal + " has no matching evictionSoft threshold",
                  "karpenter/kubelet-eviction-soft-grace");
    }
  }
}

void CheckReserved(const StringMap& m, std::string_view field, const std::string& path,
                   Diagnostics& diags) {
  for (const auto& [resource, value] : m) {
    std::string p = PathJoin(PathJoin(path, field), resource);
    if (!Contains(kReservedResources, resource)) {
      diags.Error(p,
                  Quoted(resource) +
                      " isn't a reservable resource, must be one of cpu, memory, "
                      "ephemeral-storage, pid",
                  "karpenter/kubelet-reserved");
    }
    if (value.starts_with('-')) {
      diags.Error(p, Quoted(value) + " can't be a negative resource quantity",
                  "karpenter/kubelet-reserved");
    }
  }
}

void CheckRange(const std::optional<int32_t>& v, std::string_view field, int64_t lo, int64_t hi,
                const std::string& path, Diagnostics& diags) {
  if (!v || (*v >= lo && *v <= hi)) return;
  std::string bound = hi == INT32_MAX ? "can't be negative" : "must be between 0 and 100";
  diags.Error(PathJoin(path, field), std::string(field) + " " + std::to_string(*v) + " " + bound,
              "karpenter/kubelet-range");
}

void CheckRanges(const ParsedKubeletConfig& c, const std::string& path, Diagnostics& diags) {
  CheckRange(c.image_gc_high_threshold_percent, "imageGCHighThresholdPercent", 0, 100, path, diags);
  CheckRange(c.image_gc_low_threshold_percent, "imageGCLowThresholdPercent", 0, 100, path, diags);
  CheckRange(c.pods_per_core, "podsPerCore", 0, INT32_MAX, path, diags);
  CheckRange(c.eviction_max_pod_grace_period, "evictionMaxPodGracePeriod", 0, INT32_MAX, path,
             diags);
  if (c.max_pods && !c.max_pods->is_string && c.max_pods->int_value < 0) {
    diags.Error(PathJoin(path, "maxPods"),
                "maxPods " + std::to_string(c.max_pods->int_value) + " can't be negative",
                "karpenter/kubelet-range");
  }
  const auto& high = c.image_gc_high_threshold_percent;
  const auto& low = c.image_gc_low_threshold_percent;
  if (high && low && *high <= *low) {
    diags.Error(PathJoin(path, "imageGCHighThresholdPercent"),
                "imageGCHighThresholdPercent (" + std::to_string(*high) +
                    ") must be greater than imageGCLowThresholdPercent (" + std::to_string(*low) +
                    ")",
                "karpenter/kubelet-image-gc");
  }
}

// validateKubeletFieldsSupported: families other than AL2023 and Custom render only the mapped
// fields into bootstrap flags; Bottlerocket has no podsPerCore; one clusterDNS entry only.
void CheckSupported(const yaml::Node& map, const ParsedKubeletConfig& c,
                    std::string_view ami_family, const std::string& path, Diagnostics& diags) {
  if (map.size() == 0 || ami_family == kAmiFamilyCustom || ami_family == kAmiFamilyAL2023) return;
  std::string family(ami_family);
  for (size_t i = 0; i < map.size(); i++) {
    const std::string& key = map.key(i).value();
    bool unmanaged = !Contains(kManagedFields, key);
    bool no_ppc = key == "podsPerCore" && ami_family == kAmiFamilyBottlerocket;
    if (unmanaged || no_ppc) {
      diags.Error(PathJoin(path, key),
                  "kubelet field " + key + " is not applied by the " + family +
                      " AMI family and would be silently dropped",
                  "karpenter/kubelet-unsupported");
    }
  }
  if (c.cluster_dns.size() > 1) {
    diags.Error(PathJoin(path, "clusterDNS"),
                "the " + family + " AMI family accepts one clusterDNS entry, but " +
                    std::to_string(c.cluster_dns.size()) + " were set",
                "karpenter/kubelet-unsupported");
  }
}

void CheckExpressions(const ParsedKubeletConfig& c, const std::string& path, Diagnostics& diags) {
  if (!HasExpressions(c)) return;
  diags.Warning(path,
                "spec.kubelet holds a CEL expression (a string maxPods or a non-quantity "
                "kubeReserved/systemReserved value); Karpenter accepts it only with the "
                "NodeClassCEL feature gate (off by default), otherwise the EC2NodeClass is not "
                "Ready",
                "karpenter/kubelet-expression");
}

}  // namespace

StatusOr<ParsedKubeletConfig> ParseKubeletConfig(const RawNode& kubelet) {
  if (kubelet.empty() || kubelet.get()->IsNull()) return ParsedKubeletConfig{};
  const yaml::Node& map = *kubelet.get();
  if (!map.IsMapping()) return InvalidArgument("spec.kubelet must be a mapping");
  Diagnostics scratch;
  ParsedKubeletConfig out = DecodeManaged(ManagedSubset(map, nullptr), scratch);
  for (const Diagnostic& d : scratch.items()) {
    if (d.severity == Severity::kError) {
      return InvalidArgument("spec.kubelet." + d.path + ": " + d.message);
    }
  }
  return out;
}

bool HasExpressions(const ParsedKubeletConfig& config) {
  if (config.max_pods && config.max_pods->is_string) return true;
  for (const StringMap* m : {&config.kube_reserved, &config.system_reserved}) {
    for (const auto& [k, v] : *m) {
      if (!Quantity::Parse(v).ok()) return true;
    }
  }
  return false;
}

void ValidateKubeletConfig(const RawNode& kubelet, std::string_view ami_family,
                           const std::string& path, Diagnostics& diags) {
  if (kubelet.empty() || kubelet.get()->IsNull()) return;
  const yaml::Node& map = *kubelet.get();
  if (!map.IsMapping()) {
    diags.Error(path, "kubelet must be a mapping of KubeletConfiguration fields",
                "karpenter/kubelet-field");
    return;
  }
  size_t errors_before = diags.error_count();
  std::set<std::string> ok = CheckFieldsAndTypes(map, path, diags);
  Diagnostics scratch;
  ParsedKubeletConfig c = DecodeManaged(ManagedSubset(map, &ok), scratch);
  if (map.Find("registerWithTaints") != nullptr) {
    diags.Error(PathJoin(path, "registerWithTaints"),
                "registerWithTaints can't be set: Karpenter sets it from the NodeClaim's taints "
                "so the node registers unschedulable until it's ready",
                "karpenter/kubelet-owned-field");
  }
  CheckEvictionMap(c.eviction_hard, "evictionHard", path, diags);
  CheckEvictionMap(c.eviction_soft, "evictionSoft", path, diags);
  CheckEvictionMap(c.eviction_soft_grace_period, "evictionSoftGracePeriod", path, diags);
  CheckEvictionMap(RawStringMap(map, "evictionMinimumReclaim", ok), "evictionMinimumReclaim", path,
                   diags);
  CheckSoftGracePairs(c, path, diags);
  CheckReserved(c.kube_reserved, "kubeReserved", path, diags);
  CheckReserved(c.system_reserved, "systemReserved", path, diags);
  CheckRanges(c, path, diags);
  // Upstream stops at the first failing stage; the family check runs on a valid config only.
  if (diags.error_count() == errors_before) CheckSupported(map, c, ami_family, path, diags);
  CheckExpressions(c, path, diags);
}

}  // namespace swell::api::karpenter
