// The instance-type catalog: what a node of each type offers (capacity, overhead, allocatable),
// the labels the provisioner matches NodePool requirements against, and where and at what
// price it can be launched (offerings).
//
// Two sources:
//  - LoadAws(): the 1,101 real EC2 types of ../shared/data/aws-instance-types-us-east-1.csv
//    (embedded at configure time), shaped exactly as Karpenter's AWS provider shapes them
//    (karpenter.md §1.3-1.4 labels, §2.4 capacity and overhead). Spot prices are modelled:
//    see SpotPrice().
//  - GenerateKwok(): the generated catalog of Karpenter's kwok provider (karpenter.md §4).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec.h"
#include "api/karpenter/well_known.h"
#include "api/quantity.h"
#include "util/status.h"

namespace swell::cloud {

// One place an instance type can be launched: a zone and a capacity type, at a price.
// (Karpenter's Offering; its requirements are the single-valued zone and capacity type.)
struct Offering {
  std::string zone;           // topology.kubernetes.io/zone
  std::string capacity_type;  // karpenter.sh/capacity-type: "on-demand" | "spot"
  double price_per_hour = 0;  // USD per hour
  bool available = true;      // false while the cloud has no capacity for it

  friend bool operator==(const Offering&, const Offering&) = default;
};

// What the kubelet and the OS hold back from a node's capacity (karpenter.md §2.4).
struct Overhead {
  api::ResourceList kube_reserved;
  api::ResourceList system_reserved;
  api::ResourceList eviction_threshold;

  // The per-resource sum of the three lists (Karpenter's InstanceTypeOverhead.Total).
  api::ResourceList Total() const;
};

struct InstanceType {
  std::string name;  // e.g. "m5.large", "c-4x-amd64-linux"
  // Every label a node of this type carries, each single-valued, sorted by key. Zone and
  // capacity type are not here: they vary per offering.
  api::StringMap labels;
  api::ResourceList capacity;  // cpu, memory, pods, ephemeral-storage, [nvidia.com/gpu, ...]
  Overhead overhead;
  std::vector<Offering> offerings;

  // capacity - overhead.Total() for every resource in capacity; memory is clamped at zero
  // (Karpenter cloudprovider.InstanceType.Allocatable, karpenter.md §2.4). Computed per call.
  api::ResourceList Allocatable() const;
  // The value of label `key`, or nullptr if the type does not carry it.
  const std::string* Label(std::string_view key) const;
  // The cheapest available offering, restricted to `capacity_type` unless it is empty;
  // nullptr if there is none. Ties go to the first in `offerings` order.
  const Offering* CheapestOffering(std::string_view capacity_type = {}) const;
};

// The EC2NodeClass `spec.kubelet` settings that change capacity or overhead (karpenter.md
// §1.5, §2.4). Unset fields keep Karpenter's defaults.
struct KubeletOptions {
  std::optional<int32_t> max_pods;       // Default: unset (ENI-limited max pods from the CSV)
  std::optional<int32_t> pods_per_core;  // Default: unset (pods not capped per vCPU)
  // Per-resource overrides of the computed kube-reserved defaults. Default: {}
  api::ResourceList kube_reserved;
  api::ResourceList system_reserved;  // Default: {} (nothing reserved)
  // evictionHard signals that change allocatable: "memory.available" and "nodefs.available",
  // each a quantity ("500Mi") or a percent of capacity ("5%"; "100%" disables it). Other
  // signals are ignored, as is evictionSoft. Default: {} (memory 100Mi, nodefs 10%)
  api::StringMap eviction_hard;
};

// How LoadAws()/ParseCsv() shape the EC2 catalog.
struct CatalogOptions {
  std::string region = "us-east-1";  // topology.kubernetes.io/region. Default: "us-east-1"
  // Zones every type is offered in. Default: us-east-1a, us-east-1b, us-east-1c
  std::vector<std::string> zones = {"us-east-1a", "us-east-1b", "us-east-1c"};
  // Capacity types offered in every zone. Default: on-demand, spot
  std::vector<std::string> capacity_types = {std::string(api::karpenter::kCapacityTypeOnDemand),
                                             std::string(api::karpenter::kCapacityTypeSpot)};

  // Share of memory withheld for the hypervisor until the real node reports its capacity.
  double vm_memory_overhead_percent = 0.075;  // Default: 0.075 (VM_MEMORY_OVERHEAD_PERCENT)
  // ENIs left out of the max-pods formula (VPC CNI custom networking). Default: 0
  // (RESERVED_ENIS). Only 0 is supported: the CSV holds the ENI-limited max pods, not the
  // ENI and IP-per-ENI counts the formula needs; other values are Unimplemented.
  int32_t reserved_enis = 0;
  // kube-reserved memory is 11 x pods + 255 MiB with pods = the ENI-limited max pods even
  // when kubelet.maxPods is set (AL2/AL2023: UsesENILimitedMemoryOverhead). false uses the
  // pods capacity instead (Bottlerocket, Windows). Default: true
  bool kube_reserved_memory_from_eni_pods = true;
  // ephemeral-storage capacity: the root volume. Default: 20Gi (AL2/AL2023 default EBS volume)
  api::Quantity root_volume_size =
      api::Quantity::FromInt(int64_t{20} << 30, api::Quantity::Format::kBinarySI);
  KubeletOptions kubelet;  // Default: all unset

  // Spot price model, see SpotPrice(). A flat ratio replaces the per-(type, zone) draw when
  // set; Karpenter's kwok provider uses 0.7. Default: unset
  std::optional<double> spot_price_ratio;
  double spot_ratio_min = 0.30;  // lowest spot/on-demand ratio drawn. Default: 0.30
  double spot_ratio_max = 0.70;  // highest spot/on-demand ratio drawn. Default: 0.70
  uint64_t spot_seed = 0;        // changes every draw. Default: 0
};

// The kwok provider's generated catalog (karpenter.md §4, kwok/tools/gen_instance_types.go):
// one type per cpus x memory_gib_per_cpu x oses x arches.
struct KwokOptions {
  // vCPUs per type. Default: 1 2 4 8 16 32 48 64 96 128 192 256
  std::vector<int32_t> cpus = {1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 256};
  // GiB per vCPU; names the family: 2 = "c", 4 = "s", 8 = "m", other = "e". Default: 2 4 8
  std::vector<int32_t> memory_gib_per_cpu = {2, 4, 8};
  std::vector<std::string> oses = {"linux", "windows"};  // Default: linux, windows
  std::vector<std::string> arches = {"amd64", "arm64"};  // Default: amd64, arm64
  // Default: test-zone-a .. test-zone-d
  std::vector<std::string> zones = {"test-zone-a", "test-zone-b", "test-zone-c", "test-zone-d"};
  double spot_price_ratio = 0.7;  // spot = ratio x on-demand. Default: 0.7
};

// One row of the EC2 CSV (columns in this order; see ../shared/README.md).
struct AwsInstanceRow {
  std::string instance_type;  // "m5.large"
  std::string family;         // "m5"
  std::string size;           // "large"
  std::string arch;           // "amd64" | "arm64"
  int32_t vcpu = 0;
  int64_t memory_mib = 0;
  int32_t gpu = 0;
  // (#ENIs) x (IPv4 per ENI - 1) + 2. For multi-network-card types the CSV counts the ENIs of
  // all cards, Karpenter only the default card's: see PodsCapacity in the .cc.
  int32_t max_pods_eni = 0;
  std::string hypervisor;  // "nitro" | "xen" | "" (bare metal)
  bool bare_metal = false;
  double on_demand_usd_per_hour = 0;
};

// The modelled spot price of `type` in `zone` given its on-demand price:
//   spot = on_demand x spot_price_ratio                      if spot_price_ratio is set, else
//   spot = on_demand x (spot_ratio_min + (spot_ratio_max - spot_ratio_min) x u)
// where u in [0, 1) is the top 53 bits of SplitMix64(FNV-1a-64(seed as 8 little-endian bytes,
// type, '\0', zone)) x 2^-53. The draw depends only on (type, zone, seed): stable across loads,
// platforms and catalog order. With the defaults spot is 30%-70% of on-demand.
double SpotPrice(std::string_view type, std::string_view zone, double on_demand,
                 const CatalogOptions& options);

// Karpenter's default kube-reserved CPU in millicores for a node of `cpu_millis`: 6% of the
// first core, 1% of the second, 0.5% of cores 3-4, 0.25% of the rest (karpenter.md §2.4).
int64_t KubeReservedCpuMillis(int64_t cpu_millis);

// Builds one EC2 instance type from a CSV row as Karpenter's AWS provider would (labels
// §1.3-1.4, capacity and overhead §2.4), with offerings in options.zones x capacity_types.
// `row` is taken as valid (ParseCsv checks every field). InvalidArgument / Unimplemented if the
// options are invalid (see CatalogOptions).
StatusOr<InstanceType> BuildAwsInstanceType(const AwsInstanceRow& row,
                                            const CatalogOptions& options);

// True for the types Karpenter's AWS exotic filter drops (karpenter.md §2.7): a size
// containing "metal", or a non-zero GPU / Neuron / Gaudi resource, or an AWS Neuron
// accelerator (the CSV has no Neuron counts, so inf*/trn* types are recognized by their
// karpenter.k8s.aws/instance-accelerator-manufacturer=aws label).
bool IsExotic(const InstanceType& type);

// Karpenter's exotic instance filter: drops exotic types unless that drops all of them, in
// which case `types` is returned unchanged. Order is kept. (Karpenter skips the filter when
// the requirements carry minValues; that is the caller's decision.)
std::vector<const InstanceType*> FilterExotic(std::span<const InstanceType* const> types);

// An immutable set of instance types, sorted by name, names unique.
class Catalog {
 public:
  // The embedded EC2 catalog (1,101 types). Errors: invalid options; a malformed CSV would
  // be a build defect (InvalidArgument naming the line and column).
  static StatusOr<Catalog> LoadAws(const CatalogOptions& options = {});
  // Parses EC2 CSV text (header line first, columns as in AwsInstanceRow). InvalidArgument
  // naming the line (1-based) and column for a malformed header, row or duplicate type.
  static StatusOr<Catalog> ParseCsv(std::string_view text, const CatalogOptions& options);
  // The kwok provider's generated catalog (144 types with the defaults).
  static Catalog GenerateKwok(const KwokOptions& options = {});
  // A catalog of the given types (e.g. a test fake). InvalidArgument on an empty or duplicate
  // name.
  static StatusOr<Catalog> FromTypes(std::vector<InstanceType> types);

  // All types, sorted by name.
  const std::vector<InstanceType>& types() const { return types_; }
  // The type named `name`, or nullptr.
  const InstanceType* Find(std::string_view name) const;
  // Every label key any type carries, plus topology.kubernetes.io/zone and
  // karpenter.sh/capacity-type when any type has offerings.
  const std::set<std::string, std::less<>>& LabelKeys() const { return label_keys_; }
  // The distinct values of `key` over all types (offering zones / capacity types for those
  // two keys), sorted; empty if no type carries the key.
  std::vector<std::string> ValuesOf(std::string_view key) const;

 private:
  explicit Catalog(std::vector<InstanceType> types);

  std::vector<InstanceType> types_;
  std::set<std::string, std::less<>> label_keys_;
};

}  // namespace swell::cloud
