// Karpenter label sets and restricted-label rules (../shared/reference/karpenter.md §1.1,
// §1.3, §1.4; core and AWS pkg/apis/v1/labels.go).
#include "api/karpenter/well_known.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace swell::api::karpenter {
namespace {

TEST(WellKnownLabels, SetsAreSortedAndComplete) {
  for (auto set : {CoreWellKnownLabels(), AwsWellKnownLabels(), WellKnownLabels(),
                   RestrictedLabelDomains(), RestrictedLabels()}) {
    EXPECT_TRUE(std::is_sorted(set.begin(), set.end()));
    EXPECT_EQ(std::adjacent_find(set.begin(), set.end()), set.end());
  }
  EXPECT_EQ(CoreWellKnownLabels().size(), 8u);
  EXPECT_EQ(AwsWellKnownLabels().size(), 29u);
  EXPECT_EQ(WellKnownLabels().size(), 37u);
  for (std::string_view key :
       {kNodePoolLabelKey, kCapacityTypeLabelKey, kLabelTopologyZone, kLabelTopologyRegion,
        kLabelInstanceTypeStable, kLabelArchStable, kLabelOSStable, kLabelWindowsBuild,
        kLabelInstanceCategory, kLabelInstanceFamily, kLabelInstanceGeneration, kLabelInstanceSize,
        kLabelInstanceCpu, kLabelInstanceMemory, kLabelInstanceHypervisor, kLabelTopologyZoneId,
        kLabelInstanceGpuCount, kLabelCapacityReservationId, kLabelPlacementGroupPartition}) {
    EXPECT_TRUE(IsWellKnownLabel(key)) << key;
  }
  for (std::string_view key : {kLabelHostname, kLabelFailureDomainBetaZone, kLabelNodeClass,
                               kNodeInitializedLabelKey, std::string_view("team")}) {
    EXPECT_FALSE(IsWellKnownLabel(key)) << key;
  }
}

struct RestrictedCase {
  std::string key;
  bool restricted;
};

TEST(IsRestrictedLabel, CoreAndAwsDomains) {
  const std::vector<RestrictedCase> cases = {
      // Well-known labels are always allowed, even in restricted domains.
      {"karpenter.sh/capacity-type", false},
      {"karpenter.sh/nodepool", false},
      {"karpenter.k8s.aws/instance-family", false},
      {"karpenter.k8s.aws/instance-cpu", false},
      {"topology.kubernetes.io/zone", false},
      {"node.kubernetes.io/instance-type", false},
      // The karpenter.sh domain and its subdomains.
      {"karpenter.sh/initialized", true},
      {"karpenter.sh/custom", true},
      {"foo.karpenter.sh/custom", true},
      {"notkarpenter.sh/custom", false},  // a suffix, but not a subdomain
      // The AWS domain.
      {"karpenter.k8s.aws/ec2nodeclass", true},
      {"karpenter.k8s.aws/instance-pods", true},
      {"x.karpenter.k8s.aws/y", true},
      // Restricted labels.
      {"kubernetes.io/hostname", true},
      // kubernetes.io and k8s.io are no longer restricted domains (karpenter#2586).
      {"kubernetes.io/custom", false},
      {"node-restriction.kubernetes.io/team", false},
      {"example.com/team", false},
      {"team", false},
      {"karpenter.sh", false},  // no '/', so no domain
  };
  for (const RestrictedCase& c : cases) {
    EXPECT_EQ(IsRestrictedLabel(c.key), c.restricted) << c.key;
    EXPECT_EQ(CheckRestrictedLabel(c.key).empty(), !c.restricted) << c.key;
  }
}

TEST(IsRestrictedLabel, ErrorText) {
  std::string msg = CheckRestrictedLabel("karpenter.sh/custom");
  EXPECT_EQ(msg.rfind("using label karpenter.sh/custom is not allowed as it might interfere with "
                      "the internal provisioning logic; specify a well known label: "
                      "[karpenter.k8s.aws/capacity-reservation-id ",
                      0),
            0u)
      << msg;
  EXPECT_TRUE(
      msg.ends_with(" topology.kubernetes.io/zone], or a custom label that does not use "
                    "a restricted domain: [karpenter.k8s.aws karpenter.sh]"))
      << msg;
}

TEST(GetLabelDomain, SplitsAtFirstSlash) {
  EXPECT_EQ(GetLabelDomain("karpenter.sh/nodepool"), "karpenter.sh");
  EXPECT_EQ(GetLabelDomain("a/b/c"), "a");
  EXPECT_EQ(GetLabelDomain("team"), "");
  EXPECT_EQ(GetLabelDomain("/x"), "");
}

TEST(NormalizeLabelKey, BetaToGa) {
  EXPECT_EQ(NormalizedLabels().size(), 5u);
  EXPECT_EQ(NormalizeLabelKey("failure-domain.beta.kubernetes.io/zone"),
            "topology.kubernetes.io/zone");
  EXPECT_EQ(NormalizeLabelKey("failure-domain.beta.kubernetes.io/region"),
            "topology.kubernetes.io/region");
  EXPECT_EQ(NormalizeLabelKey("beta.kubernetes.io/arch"), "kubernetes.io/arch");
  EXPECT_EQ(NormalizeLabelKey("beta.kubernetes.io/os"), "kubernetes.io/os");
  EXPECT_EQ(NormalizeLabelKey("beta.kubernetes.io/instance-type"),
            "node.kubernetes.io/instance-type");
  EXPECT_EQ(NormalizeLabelKey("topology.kubernetes.io/zone"), "topology.kubernetes.io/zone");
  EXPECT_EQ(NormalizeLabelKey("beta.kubernetes.io/other"), "beta.kubernetes.io/other");
  EXPECT_EQ(NormalizeLabelKey(""), "");
}

TEST(WellKnownValuesForRequirement, CapacityTypeAndTenancy) {
  auto ct = WellKnownValuesForRequirement(kCapacityTypeLabelKey);
  EXPECT_EQ(std::vector<std::string_view>(ct.begin(), ct.end()),
            (std::vector<std::string_view>{"on-demand", "reserved", "spot"}));
  auto tenancy = WellKnownValuesForRequirement(kLabelInstanceTenancy);
  EXPECT_EQ(std::vector<std::string_view>(tenancy.begin(), tenancy.end()),
            (std::vector<std::string_view>{"dedicated", "default"}));
  EXPECT_TRUE(WellKnownValuesForRequirement(kLabelTopologyZone).empty());
}

TEST(NodeClassLabelKey, LowercasesKind) {
  EXPECT_EQ(NodeClassLabelKey("karpenter.k8s.aws", "EC2NodeClass"), kLabelNodeClass);
  EXPECT_EQ(NodeClassLabelKey("karpenter.kwok.sh", "KWOKNodeClass"),
            "karpenter.kwok.sh/kwoknodeclass");
}

}  // namespace
}  // namespace swell::api::karpenter
