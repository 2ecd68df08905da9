// Label sets and restricted-label rules: karpenter core pkg/apis/v1/labels.go and the AWS
// provider's pkg/apis/v1/labels.go init() (see well_known.h).
#include "api/karpenter/well_known.h"

#include <algorithm>
#include <array>

namespace swell::api::karpenter {
namespace {

template <size_t N>
constexpr std::array<std::string_view, N> Sorted(std::array<std::string_view, N> a) {
  std::sort(a.begin(), a.end());
  return a;
}

constexpr auto kCoreWellKnown = Sorted<8>({
    kNodePoolLabelKey,
    kLabelTopologyZone,
    kLabelTopologyRegion,
    kLabelInstanceTypeStable,
    kLabelArchStable,
    kLabelOSStable,
    kCapacityTypeLabelKey,
    kLabelWindowsBuild,
});

// In the order of the AWS init(), minus corev1.LabelWindowsBuild (already core).
constexpr auto kAwsWellKnown = Sorted<29>({
    kLabelCapacityReservationId,
    kLabelCapacityReservationType,
    kLabelCapacityReservationInterruptible,
    kLabelInstanceHypervisor,
    kLabelInstanceEncryptionInTransitSupported,
    kLabelInstanceNitroEnclavesSupported,
    kLabelInstanceCategory,
    kLabelInstanceCapabilityFlex,
    kLabelInstanceFamily,
    kLabelInstanceGeneration,
    kLabelInstanceSize,
    kLabelInstanceLocalNvme,
    kLabelInstanceCpu,
    kLabelInstanceCpuManufacturer,
    kLabelInstanceCpuSustainedClockSpeedMhz,
    kLabelInstanceMemory,
    kLabelInstanceEbsBandwidth,
    kLabelInstanceNetworkBandwidth,
    kLabelInstanceGpuName,
    kLabelInstanceGpuManufacturer,
    kLabelInstanceGpuCount,
    kLabelInstanceGpuMemory,
    kLabelInstanceAcceleratorName,
    kLabelInstanceAcceleratorManufacturer,
    kLabelInstanceAcceleratorCount,
    kLabelTopologyZoneId,
    kLabelInstanceTenancy,
    kLabelPlacementGroupId,
    kLabelPlacementGroupPartition,
});

constexpr auto kAllWellKnown = [] {
  std::array<std::string_view, kCoreWellKnown.size() + kAwsWellKnown.size()> a{};
  std::merge(kCoreWellKnown.begin(), kCoreWellKnown.end(), kAwsWellKnown.begin(),
             kAwsWellKnown.end(), a.begin());
  return a;
}();
static_assert(std::adjacent_find(kAllWellKnown.begin(), kAllWellKnown.end()) == kAllWellKnown.end(),
              "core and AWS well-known labels must not overlap");

constexpr std::array<std::string_view, 2> kRestrictedDomains = {kAwsGroup, kGroup};
static_assert(kRestrictedDomains[0] < kRestrictedDomains[1]);
constexpr std::array<std::string_view, 1> kRestrictedLabels = {kLabelHostname};

constexpr std::array<LabelAlias, 5> kNormalizedLabels = {{
    {kLabelArchBeta, kLabelArchStable},
    {kLabelInstanceType, kLabelInstanceTypeStable},
    {kLabelOSBeta, kLabelOSStable},
    {kLabelFailureDomainBetaRegion, kLabelTopologyRegion},
    {kLabelFailureDomainBetaZone, kLabelTopologyZone},
}};
static_assert(std::is_sorted(kNormalizedLabels.begin(), kNormalizedLabels.end(),
                             [](const LabelAlias& a, const LabelAlias& b) {
                               return a.from < b.from;
                             }));

constexpr std::array<std::string_view, 3> kCapacityTypeValues = {
    kCapacityTypeOnDemand, kCapacityTypeReserved, kCapacityTypeSpot};
constexpr std::array<std::string_view, 2> kTenancyValues = {"dedicated", "default"};

// fmt's %v of a sorted []string: "[a b c]".
std::string GoList(std::span<const std::string_view> items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); i++) {
    if (i > 0) out += ' ';
    out += items[i];
  }
  out += ']';
  return out;
}

}  // namespace

std::span<const std::string_view> CoreWellKnownLabels() { return kCoreWellKnown; }
std::span<const std::string_view> AwsWellKnownLabels() { return kAwsWellKnown; }
std::span<const std::string_view> WellKnownLabels() { return kAllWellKnown; }

bool IsWellKnownLabel(std::string_view key) {
  return std::binary_search(kAllWellKnown.begin(), kAllWellKnown.end(), key);
}

std::span<const std::string_view> RestrictedLabelDomains() { return kRestrictedDomains; }
std::span<const std::string_view> RestrictedLabels() { return kRestrictedLabels; }

std::string_view GetLabelDomain(std::string_view key) {
  size_t slash = key.find('/');
  return slash == std::string_view::npos ? std::string_view() : key.substr(0, slash);
}

bool IsRestrictedLabel(std::string_view key) {
  if (IsWellKnownLabel(key)) return false;
  std::string_view domain = GetLabelDomain(key);
  for (std::string_view restricted : kRestrictedDomains) {
    if (domain == restricted) return true;
    // strings.HasSuffix(labelDomain, "."+restrictedLabelDomain)
    if (domain.size() > restricted.size() && domain.ends_with(restricted) &&
        domain[domain.size() - restricted.size() - 1] == '.') {
      return true;
    }
  }
  return std::find(kRestrictedLabels.begin(), kRestrictedLabels.end(), key) !=
         kRestrictedLabels.end();
}

std::string CheckRestrictedLabel(std::string_view key) {
  if (!IsRestrictedLabel(key)) return {};
  std::string out = "using label ";
  out += key;
  out +=
      " is not allowed as it might interfere with the internal provisioning logic; specify a "
      "well known label: ";
  out += GoList(kAllWellKnown);
  out += ", or a custom label that does not use a restricted domain: ";
  out += GoList(kRestrictedDomains);
  return out;
}

std::span<const LabelAlias> NormalizedLabels() { return kNormalizedLabels; }

std::string_view NormalizeLabelKey(std::string_view key) {
  auto it = std::lower_bound(kNormalizedLabels.begin(), kNormalizedLabels.end(), key,
                             [](const LabelAlias& a, std::string_view k) { return a.from < k; });
  return it != kNormalizedLabels.end() && it->from == key ? it->to : key;
}

std::span<const std::string_view> WellKnownValuesForRequirement(std::string_view key) {
  if (key == kCapacityTypeLabelKey) return kCapacityTypeValues;
  if (key == kLabelInstanceTenancy) return kTenancyValues;
  return {};
}

std::string NodeClassLabelKey(std::string_view group, std::string_view kind) {
  std::string out(group);
  out += '/';
  for (char c : kind) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

}  // namespace swell::api::karpenter
