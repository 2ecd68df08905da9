// NodePool template hash (karpenter.md §1.1 "Hash/drift").
#include "provisioning/nodepool_hash.h"

#include <gtest/gtest.h>

#include "provisioning/scheduling/scheduler.h"

namespace swell::provisioning {
namespace {

api::NodePool Pool() {
  api::NodePool np;
  np.metadata.name = "default";
  auto& t = np.spec.template_;
  t.metadata.labels = {{"team", "a"}};
  t.spec.node_class_ref = {"EC2NodeClass", "default", "karpenter.k8s.aws"};
  t.spec.taints = {{"a", "1", "NoSchedule", std::nullopt}, {"b", "", "NoExecute", std::nullopt}};
  return np;
}

TEST(NodePoolHashTest, StableAndDecimal) {
  std::string h = NodePoolHash(Pool());
  EXPECT_EQ(h, NodePoolHash(Pool()));
  EXPECT_FALSE(h.empty());
  EXPECT_EQ(h.find_first_not_of("0123456789"), std::string::npos);
}

// Every hashed template field changes the hash.
TEST(NodePoolHashTest, TemplateFieldsChangeIt) {
  const std::string base = NodePoolHash(Pool());
  std::vector<std::pair<const char*, void (*)(api::NodePool&)>> edits = {
      {"label", [](api::NodePool& p) { p.spec.template_.metadata.labels["team"] = "b"; }},
      {"annotation", [](api::NodePool& p) { p.spec.template_.metadata.annotations["x"] = "y"; }},
      {"taint", [](api::NodePool& p) { p.spec.template_.spec.taints[0].value = "2"; }},
      {"startupTaint",
       [](api::NodePool& p) {
         p.spec.template_.spec.startup_taints.push_back({"s", "", "NoSchedule", std::nullopt});
       }},
      {"nodeClassRef", [](api::NodePool& p) { p.spec.template_.spec.node_class_ref.name = "b"; }},
      {"terminationGracePeriod",
       [](api::NodePool& p) {
         p.spec.template_.spec.termination_grace_period = {"1h", Hours(1)};
       }},
      {"expireAfter",
       [](api::NodePool& p) {
         p.spec.template_.spec.expire_after = api::NillableDuration::Of(Hours(24));
       }},
  };
  for (const auto& [name, edit] : edits) {
    api::NodePool p = Pool();
    edit(p);
    EXPECT_NE(NodePoolHash(p), base) << name;
  }
}

// Requirements, disruption, limits and weight are hash:"ignore" / outside the template; taint
// order does not matter (SlicesAsSets); expireAfter compares by value, unset = 720h.
TEST(NodePoolHashTest, IgnoredFieldsKeepIt) {
  const std::string base = NodePoolHash(Pool());
  api::NodePool p = Pool();
  p.spec.template_.spec.requirements.push_back({"kubernetes.io/arch", "In", {"arm64"}, {}});
  p.spec.disruption.consolidate_after = api::NillableDuration::Never();
  p.spec.disruption.budgets = std::vector<api::Budget>{{{}, "0", {}, {}}};
  p.spec.limits["cpu"] = api::Quantity::FromInt(10);
  p.spec.weight = 10;
  std::swap(p.spec.template_.spec.taints[0], p.spec.template_.spec.taints[1]);
  p.spec.template_.spec.expire_after = {"43200m", Hours(720)};
  EXPECT_EQ(NodePoolHash(p), base);
}

TEST(NodePoolHashTest, StampSetsBothAnnotations) {
  api::NodeClaim nc;
  StampNodePoolHash(Pool(), nc);
  EXPECT_EQ(nc.metadata.annotations.at("karpenter.sh/nodepool-hash"), NodePoolHash(Pool()));
  EXPECT_EQ(nc.metadata.annotations.at("karpenter.sh/nodepool-hash-version"), "v3");
}

// ToNodeClaim stamps it, with the template's annotations, on every NodeClaim it builds.
TEST(NodePoolHashTest, ToNodeClaimStamps) {
  api::NodePool np = Pool();
  np.spec.template_.metadata.annotations["example.com/owner"] = "team-a";
  NewNodeClaim plan;
  plan.nodepool = "default";
  api::NodeClaim nc = ToNodeClaim(plan, np);
  EXPECT_EQ(nc.metadata.annotations.at("karpenter.sh/nodepool-hash"), NodePoolHash(np));
  EXPECT_EQ(nc.metadata.annotations.at("karpenter.sh/nodepool-hash-version"), "v3");
  EXPECT_EQ(nc.metadata.annotations.at("example.com/owner"), "team-a");
}

}  // namespace
}  // namespace swell::provisioning
