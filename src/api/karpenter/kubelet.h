// EC2NodeClass spec.kubelet: an open map holding any field of the upstream kubelet
// KubeletConfiguration (k8s.io/kubelet config/v1beta1, v0.36 as the AWS provider pins it).
// Karpenter reads a handful of fields for scheduling and bootstrap (ParsedKubeletConfig) and its
// validation controller checks the whole map, setting ValidationSucceeded=False on a problem
// (aws pkg/apis/v1/kubeletconfiguration.go, kubeletconfiguration_validation.go,
// pkg/controllers/nodeclass/validation.go; karpenter.md §1.5).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec.h"
#include "api/diagnostics.h"
#include "api/intstr.h"
#include "util/status.h"

namespace swell::api::karpenter {

// The kubelet fields Karpenter maps itself (aws ParsedKubeletConfig).
struct ParsedKubeletConfig {
  std::vector<std::string> cluster_dns;
  // An integer, or a CEL expression evaluated per instance type (NodeClassCEL feature gate).
  std::optional<IntOrString> max_pods;
  std::optional<int32_t> pods_per_core;
  StringMap system_reserved;  // values are quantities or CEL expressions
  StringMap kube_reserved;
  StringMap eviction_hard;
  StringMap eviction_soft;
  StringMap eviction_soft_grace_period;  // Go durations
  std::optional<int32_t> eviction_max_pod_grace_period;
  std::optional<int32_t> image_gc_high_threshold_percent;
  std::optional<int32_t> image_gc_low_threshold_percent;
  std::optional<bool> cpu_cfs_quota;
  friend bool operator==(const ParsedKubeletConfig&, const ParsedKubeletConfig&) = default;
};
template <class V>
void Fields(V& v, ParsedKubeletConfig& c) {
  v("clusterDNS", c.cluster_dns);
  v("maxPods", c.max_pods);
  v("podsPerCore", c.pods_per_core);
  v("systemReserved", c.system_reserved);
  v("kubeReserved", c.kube_reserved);
  v("evictionHard", c.eviction_hard);
  v("evictionSoft", c.eviction_soft);
  v("evictionSoftGracePeriod", c.eviction_soft_grace_period);
  v("evictionMaxPodGracePeriod", c.eviction_max_pod_grace_period);
  v("imageGCHighThresholdPercent", c.image_gc_high_threshold_percent);
  v("imageGCLowThresholdPercent", c.image_gc_low_threshold_percent);
  v("cpuCFSQuota", c.cpu_cfs_quota);
}

// Extracts the mapped fields from spec.kubelet (empty when the map is absent); other fields are
// ignored. InvalidArgument, naming the field, when the map is not a mapping or a mapped field
// has the wrong type.
StatusOr<ParsedKubeletConfig> ParseKubeletConfig(const RawNode& kubelet);

// True if maxPods is a string, or a kubeReserved/systemReserved value is not a quantity: those
// are CEL expressions, which need the AWS feature gate NodeClassCEL (off by default).
bool HasExpressions(const ParsedKubeletConfig& config);

// The validation controller's kubelet checks on spec.kubelet at `path`, for an EC2NodeClass of
// AMI family `ami_family` (EC2NodeClass.AMIFamily()). Rules:
//   karpenter/kubelet-field        unknown field, or wrong type for its upstream type
//   karpenter/kubelet-owned-field  registerWithTaints (Karpenter sets it)
//   karpenter/kubelet-eviction     eviction map keys are signals; thresholds are 0-100% or
//                                  non-negative quantities; grace periods non-negative durations
//   karpenter/kubelet-eviction-soft-grace  evictionSoft and evictionSoftGracePeriod keys match
//   karpenter/kubelet-reserved     kube/systemReserved keys cpu|memory|ephemeral-storage|pid,
//                                  values not negative
//   karpenter/kubelet-range        GC percents 0..100; podsPerCore, evictionMaxPodGracePeriod
//                                  and an integer maxPods not negative
//   karpenter/kubelet-image-gc     imageGCHighThresholdPercent > imageGCLowThresholdPercent
//   karpenter/kubelet-unsupported  fields the AMI family would drop (all but AL2023 and Custom
//                                  apply only the mapped fields; Bottlerocket has no
//                                  podsPerCore; one clusterDNS entry only)
//   karpenter/kubelet-expression   (warning) CEL expressions need the NodeClassCEL gate
void ValidateKubeletConfig(const RawNode& kubelet, std::string_view ami_family,
                           const std::string& path, Diagnostics& diags);

}  // namespace swell::api::karpenter
