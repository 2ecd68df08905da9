// Karpenter's well-known label, annotation and taint keys, the label normalization map and the
// restricted-label rules (../shared/reference/karpenter.md §1.1, §1.3, §1.4).
//
// Sources: karpenter core pkg/apis/v1/labels.go and taints.go, pkg/apis/apis.go; the AWS
// provider pkg/apis/v1/labels.go, whose init() adds its labels to core's WellKnownLabels and
// its domain to RestrictedLabelDomains. swell reads AWS NodePools, so the sets below are the
// union that the AWS Karpenter binary runs with. Upstream well-known label names come from
// kubernetes api core/v1/well_known_labels.go.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace swell::api::karpenter {

// ---- API groups (core pkg/apis/apis.go, aws pkg/apis/apis.go) ------------------------------
inline constexpr std::string_view kGroup = "karpenter.sh";
inline constexpr std::string_view kCompatibilityGroup = "compatibility.karpenter.sh";
inline constexpr std::string_view kAwsGroup = "karpenter.k8s.aws";

// ---- well-known values (core labels.go) ---------------------------------------------------
inline constexpr std::string_view kArchitectureAmd64 = "amd64";
inline constexpr std::string_view kArchitectureArm64 = "arm64";
inline constexpr std::string_view kCapacityTypeSpot = "spot";
inline constexpr std::string_view kCapacityTypeOnDemand = "on-demand";
inline constexpr std::string_view kCapacityTypeReserved = "reserved";

// ---- Karpenter labels (core labels.go; karpenter.md §1.3) ---------------------------------
inline constexpr std::string_view kNodePoolLabelKey = "karpenter.sh/nodepool";
inline constexpr std::string_view kNodeInitializedLabelKey = "karpenter.sh/initialized";
inline constexpr std::string_view kNodeRegisteredLabelKey = "karpenter.sh/registered";
inline constexpr std::string_view kNodeDoNotSyncTaintsLabelKey = "karpenter.sh/do-not-sync-taints";
inline constexpr std::string_view kCapacityTypeLabelKey = "karpenter.sh/capacity-type";

// ---- Karpenter annotations (core labels.go) -----------------------------------------------
inline constexpr std::string_view kDoNotDisruptAnnotationKey = "karpenter.sh/do-not-disrupt";
inline constexpr std::string_view kProviderCompatibilityAnnotationKey =
    "compatibility.karpenter.sh/provider";
inline constexpr std::string_view kNodePoolHashAnnotationKey = "karpenter.sh/nodepool-hash";
inline constexpr std::string_view kNodePoolHashVersionAnnotationKey =
    "karpenter.sh/nodepool-hash-version";
inline constexpr std::string_view kNodeClaimTerminationTimestampAnnotationKey =
    "karpenter.sh/nodeclaim-termination-timestamp";
inline constexpr std::string_view kNodeClaimMinValuesRelaxedAnnotationKey =
    "karpenter.sh/nodeclaim-min-values-relaxed";
inline constexpr std::string_view kDraDriversAnnotationKey = "karpenter.sh/requested-dra-drivers";

// ---- finalizers and taints (core labels.go, taints.go) ------------------------------------
inline constexpr std::string_view kTerminationFinalizer = "karpenter.sh/termination";
// karpenter.sh/disrupted:NoSchedule, set on nodes being disrupted or terminated.
inline constexpr std::string_view kDisruptedTaintKey = "karpenter.sh/disrupted";
// karpenter.sh/unregistered:NoExecute, must be on a node when it registers.
inline constexpr std::string_view kUnregisteredTaintKey = "karpenter.sh/unregistered";

// ---- upstream Kubernetes labels (api core/v1/well_known_labels.go) ------------------------
inline constexpr std::string_view kLabelHostname = "kubernetes.io/hostname";
inline constexpr std::string_view kLabelTopologyZone = "topology.kubernetes.io/zone";
inline constexpr std::string_view kLabelTopologyRegion = "topology.kubernetes.io/region";
inline constexpr std::string_view kLabelFailureDomainBetaZone =
    "failure-domain.beta.kubernetes.io/zone";  // deprecated
inline constexpr std::string_view kLabelFailureDomainBetaRegion =
    "failure-domain.beta.kubernetes.io/region";  // deprecated
inline constexpr std::string_view kLabelInstanceType =
    "beta.kubernetes.io/instance-type";  // deprecated
inline constexpr std::string_view kLabelInstanceTypeStable = "node.kubernetes.io/instance-type";
inline constexpr std::string_view kLabelArchBeta = "beta.kubernetes.io/arch";  // deprecated
inline constexpr std::string_view kLabelArchStable = "kubernetes.io/arch";
inline constexpr std::string_view kLabelOSBeta = "beta.kubernetes.io/os";  // deprecated
inline constexpr std::string_view kLabelOSStable = "kubernetes.io/os";
inline constexpr std::string_view kLabelWindowsBuild = "node.kubernetes.io/windows-build";
// Set by termination to "karpenter" (karpenter.md §1.3).
inline constexpr std::string_view kLabelNodeExcludeBalancers =
    "node.kubernetes.io/exclude-from-external-load-balancers";

// ---- AWS provider labels (aws pkg/apis/v1/labels.go; karpenter.md §1.4) -------------------
inline constexpr std::string_view kLabelCapacityReservationId =
    "karpenter.k8s.aws/capacity-reservation-id";
inline constexpr std::string_view kLabelCapacityReservationType =
    "karpenter.k8s.aws/capacity-reservation-type";
inline constexpr std::string_view kLabelCapacityReservationInterruptible =
    "karpenter.k8s.aws/capacity-reservation-interruptible";
inline constexpr std::string_view kLabelInstanceHypervisor =
    "karpenter.k8s.aws/instance-hypervisor";
inline constexpr std::string_view kLabelInstanceEncryptionInTransitSupported =
    "karpenter.k8s.aws/instance-encryption-in-transit-supported";
inline constexpr std::string_view kLabelInstanceNitroEnclavesSupported =
    "karpenter.k8s.aws/nitro-sandbox";
inline constexpr std::string_view kLabelInstanceCategory = "karpenter.k8s.aws/instance-category";
inline constexpr std::string_view kLabelInstanceCapabilityFlex =
    "karpenter.k8s.aws/instance-capability-flex";
inline constexpr std::string_view kLabelInstanceFamily = "karpenter.k8s.aws/instance-family";
inline constexpr std::string_view kLabelInstanceGeneration =
    "karpenter.k8s.aws/instance-generation";
inline constexpr std::string_view kLabelInstanceLocalNvme = "karpenter.k8s.aws/instance-local-nvme";
inline constexpr std::string_view kLabelInstanceSize = "karpenter.k8s.aws/instance-size";
inline constexpr std::string_view kLabelInstanceCpu = "karpenter.k8s.aws/instance-cpu";
inline constexpr std::string_view kLabelInstanceCpuManufacturer =
    "karpenter.k8s.aws/instance-cpu-manufacturer";
inline constexpr std::string_view kLabelInstanceCpuSustainedClockSpeedMhz =
    "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz";
inline constexpr std::string_view kLabelInstanceMemory = "karpenter.k8s.aws/instance-memory";
inline constexpr std::string_view kLabelInstanceEbsBandwidth =
    "karpenter.k8s.aws/instance-ebs-bandwidth";
inline constexpr std::string_view kLabelInstanceNetworkBandwidth =
    "karpenter.k8s.aws/instance-network-bandwidth";
inline constexpr std::string_view kLabelInstanceGpuName = "karpenter.k8s.aws/instance-gpu-name";
inline constexpr std::string_view kLabelInstanceGpuManufacturer =
    "karpenter.k8s.aws/instance-gpu-manufacturer";
inline constexpr std::string_view kLabelInstanceGpuCount = "karpenter.k8s.aws/instance-gpu-count";
inline constexpr std::string_view kLabelInstanceGpuMemory = "karpenter.k8s.aws/instance-gpu-memory";
inline constexpr std::string_view kLabelInstanceAcceleratorName =
    "karpenter.k8s.aws/instance-accelerator-name";
inline constexpr std::string_view kLabelInstanceAcceleratorManufacturer =
    "karpenter.k8s.aws/instance-accelerator-manufacturer";
inline constexpr std::string_view kLabelInstanceAcceleratorCount =
    "karpenter.k8s.aws/instance-accelerator-count";
inline constexpr std::string_view kLabelInstanceTenancy = "karpenter.k8s.aws/instance-tenancy";
inline constexpr std::string_view kLabelPlacementGroupId = "karpenter.k8s.aws/placement-group-id";
inline constexpr std::string_view kLabelPlacementGroupPartition =
    "karpenter.k8s.aws/placement-group-partition";
inline constexpr std::string_view kLabelTopologyZoneId = "topology.k8s.aws/zone-id";
// The node-class label (core NodeClassLabelKey for EC2NodeClass). Not well-known, so it is
// restricted in requirements and labels by IsRestrictedLabel (the AWS CRD's CEL allows it).
inline constexpr std::string_view kLabelNodeClass = "karpenter.k8s.aws/ec2nodeclass";

// ---- AWS provider annotations and finalizer (aws pkg/apis/v1/labels.go) -------------------
inline constexpr std::string_view kAnnotationEc2NodeClassHash =
    "karpenter.k8s.aws/ec2nodeclass-hash";
inline constexpr std::string_view kAnnotationEc2NodeClassHashVersion =
    "karpenter.k8s.aws/ec2nodeclass-hash-version";
inline constexpr std::string_view kAnnotationInstanceTagged = "karpenter.k8s.aws/tagged";
inline constexpr std::string_view kAnnotationInstanceProfile =
    "karpenter.k8s.aws/instance-profile-name";
inline constexpr std::string_view kAnnotationClusterNameTaggedCompatibility =
    "compatibility.karpenter.k8s.aws/cluster-name-tagged";
inline constexpr std::string_view kAwsTerminationFinalizer = "karpenter.k8s.aws/termination";

// ---- label sets -----------------------------------------------------------------------------
// All spans are sorted ascending and free of duplicates (binary-searchable).

// Core WellKnownLabels: karpenter.sh/nodepool, karpenter.sh/capacity-type, zone, region,
// instance-type, arch, os, windows-build.
std::span<const std::string_view> CoreWellKnownLabels();
// The labels the AWS provider adds to WellKnownLabels (28 karpenter.k8s.aws/* keys plus
// topology.k8s.aws/zone-id; its windows-build entry is already core).
std::span<const std::string_view> AwsWellKnownLabels();
// Core ∪ AWS: the set behind Karpenter's AllowUndefinedWellKnownLabels in the AWS binary.
std::span<const std::string_view> WellKnownLabels();
// True if `key` is in WellKnownLabels().
bool IsWellKnownLabel(std::string_view key);

// RestrictedLabelDomains: karpenter.sh (core) and karpenter.k8s.aws (AWS).
std::span<const std::string_view> RestrictedLabelDomains();
// RestrictedLabels: kubernetes.io/hostname.
std::span<const std::string_view> RestrictedLabels();

// GetLabelDomain: the part of `key` before the first '/', or "" when there is no '/'.
std::string_view GetLabelDomain(std::string_view key);
// IsRestrictedLabel (core labels.go): false for well-known labels; true when the key's domain
// is a restricted domain or a subdomain of one (".karpenter.sh" suffix), or when the key is a
// restricted label. So karpenter.sh/foo, x.karpenter.sh/foo, karpenter.k8s.aws/foo and
// kubernetes.io/hostname are restricted; karpenter.sh/capacity-type,
// karpenter.k8s.aws/instance-family and kubernetes.io/foo are not. (The CRDs' CEL rules differ
// slightly: they test endsWith("karpenter.sh") on the text before the first '/', and also forbid
// karpenter.sh/nodepool; that belongs to NodePool validation.)
bool IsRestrictedLabel(std::string_view key);
// "" when IsRestrictedLabel(key) is false, else upstream's error text: "using label <key> is
// not allowed as it might interfere with the internal provisioning logic; specify a well known
// label: [...], or a custom label that does not use a restricted domain: [...]".
std::string CheckRestrictedLabel(std::string_view key);

// One NormalizedLabels entry: a deprecated label key and the GA key it stands for.
struct LabelAlias {
  std::string_view from;
  std::string_view to;
};
// NormalizedLabels: failure-domain.beta.kubernetes.io/zone -> topology.kubernetes.io/zone,
// failure-domain.beta.kubernetes.io/region -> topology.kubernetes.io/region,
// beta.kubernetes.io/arch -> kubernetes.io/arch, beta.kubernetes.io/os -> kubernetes.io/os,
// beta.kubernetes.io/instance-type -> node.kubernetes.io/instance-type. Sorted by `from`.
std::span<const LabelAlias> NormalizedLabels();
// The GA key for a deprecated alias, else `key` itself (a view of the argument).
std::string_view NormalizeLabelKey(std::string_view key);

// WellKnownValuesForRequirements: the values that make sense for a key, or an empty span.
// karpenter.sh/capacity-type: on-demand, reserved, spot (core); karpenter.k8s.aws/
// instance-tenancy: dedicated, default (AWS).
std::span<const std::string_view> WellKnownValuesForRequirement(std::string_view key);

// NodeClassLabelKey: "<group>/<lowercased kind>", e.g. karpenter.k8s.aws/ec2nodeclass.
std::string NodeClassLabelKey(std::string_view group, std::string_view kind);

}  // namespace swell::api::karpenter
