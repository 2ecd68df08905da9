// Consolidatable, Drifted and lastPodEventTime (karpenter.md §1.2, §3.2).
#include "provisioning/disruption/nodeclaim_conditions.h"

#include <gtest/gtest.h>

#include "provisioning/disruption/test_env.h"

namespace swell::provisioning::disruption {
namespace {

using testing::Env;

bool Consolidatable(Env& env, const std::string& claim) {
  return IsConditionTrue(env.Claim(claim).status.conditions, kConditionConsolidatable);
}
std::string Drifted(Env& env, const std::string& claim) {
  const api::Condition* c =
      api::FindCondition(env.Claim(claim).status.conditions, kConditionDrifted);
  return c != nullptr && c->status == "True" ? c->reason : "";
}

// consolidateAfter counts from initialization, then from the last pod event.
TEST(NodeClaimConditionsTest, ConsolidatableAfterConsolidateAfter) {
  Env env;
  env.AddPool("default").spec.disruption.consolidate_after = api::NillableDuration::Of(Minutes(5));
  const std::string claim = env.AddNode("n", "default", "small");
  NodeClaimConditions ctl(env.cluster, env.cloud, env.act);
  std::optional<TimePoint> next = ctl.Reconcile(env.now);
  EXPECT_FALSE(Consolidatable(env, claim));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, env.now + Minutes(5));

  env.Advance(Minutes(3));
  env.AddPod("p", "n");  // a pod event at +3m
  next = ctl.Reconcile(env.now);
  EXPECT_EQ(env.Claim(claim).status.last_pod_event_time->value, env.now);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, env.now + Minutes(5));
  env.Advance(Minutes(5));
  EXPECT_FALSE(ctl.Reconcile(env.now).has_value());
  EXPECT_TRUE(Consolidatable(env, claim));

  // The pod leaves: not consolidatable again until 5 minutes later.
  env.cluster.pods().Erase("default", "p");
  ctl.Reconcile(env.now);
  EXPECT_FALSE(Consolidatable(env, claim));
  env.Advance(Minutes(5));
  ctl.Reconcile(env.now);
  EXPECT_TRUE(Consolidatable(env, claim));
}

// Pod events within 10 s of the last recorded one are dropped (dedupeTimeout).
TEST(NodeClaimConditionsTest, PodEventDedupe) {
  Env env;
  env.AddPool("default");
  const std::string claim = env.AddNode("n", "default", "small");
  NodeClaimConditions ctl(env.cluster, env.cloud, env.act);
  ctl.Reconcile(env.now);
  env.AddPod("a", "n");
  ctl.Reconcile(env.now);
  const TimePoint first = env.Claim(claim).status.last_pod_event_time->value;
  env.Advance(Seconds(5));
  env.AddPod("b", "n");
  ctl.Reconcile(env.now);
  EXPECT_EQ(env.Claim(claim).status.last_pod_event_time->value, first);
  env.Advance(Seconds(10));
  env.cluster.pods().GetMutable("default", "b")->status.phase = "Succeeded";
  ctl.Reconcile(env.now);
  EXPECT_EQ(env.Claim(claim).status.last_pod_event_time->value, env.now);
  EXPECT_EQ(ctl.stats().pod_events, 2);
}

TEST(NodeClaimConditionsTest, NeverAndUninitialized) {
  Env env;
  env.AddPool("default");
  const std::string claim = env.AddNode("n", "default", "small");
  NodeClaimConditions ctl(env.cluster, env.cloud, env.act);
  ctl.Reconcile(env.now);
  EXPECT_TRUE(Consolidatable(env, claim));  // consolidateAfter 0s
  env.Pool("default").spec.disruption.consolidate_after = api::NillableDuration::Never();
  ctl.Reconcile(env.now);
  EXPECT_FALSE(Consolidatable(env, claim));
  env.Pool("default").spec.disruption.consolidate_after = api::NillableDuration::Of(Duration(0));
  env.SetClaimCondition(claim, kConditionInitialized, "False");
  ctl.Reconcile(env.now);
  EXPECT_FALSE(Consolidatable(env, claim));
}

// NodePoolDrifted: the template hash stamped at launch differs from the pool's.
TEST(NodeClaimConditionsTest, NodePoolHashDrift) {
  Env env;
  env.AddPool("default");
  const std::string claim = env.AddNode("n", "default", "small");
  NodeClaimConditions ctl(env.cluster, env.cloud, env.act);
  ctl.Reconcile(env.now);
  EXPECT_EQ(Drifted(env, claim), "");
  env.Pool("default").spec.template_.metadata.labels["team"] = "b";
  env.Advance(Seconds(1));
  ctl.Reconcile(env.now);
  EXPECT_EQ(Drifted(env, claim), "NodePoolDrifted");
  EXPECT_EQ(ctl.stats().drifted, 1);
  // Another hash version: not comparable, not drifted.
  env.Claim(claim).metadata.annotations["karpenter.sh/nodepool-hash-version"] = "v2";
  ctl.Reconcile(env.now);
  EXPECT_EQ(Drifted(env, claim), "");
}

TEST(NodeClaimConditionsTest, RequirementsDrift) {
  Env env;
  env.AddPool("default").spec.template_.spec.requirements = {
      {"kubernetes.io/arch", "In", {"amd64"}, {}}};
  const std::string claim = env.AddNode("n", "default", "small");
  NodeClaimConditions ctl(env.cluster, env.cloud, env.act);
  ctl.Reconcile(env.now);
  EXPECT_EQ(Drifted(env, claim), "");
  env.Pool("default").spec.template_.spec.requirements = {
      {"kubernetes.io/arch", "In", {"arm64"}, {}}};
  ctl.Reconcile(env.now);
  EXPECT_EQ(Drifted(env, claim), "RequirementsDrifted");
  // A custom multi-valued requirement the claim carries as a requirement, not a label.
  env.Pool("default").spec.template_.spec.requirements = {{"team", "In", {"a", "b"}, {}}};
  env.Claim(claim).spec.requirements = {{"team", "In", {"a", "b"}, {}}};
  ctl.Reconcile(env.now);
  EXPECT_EQ(Drifted(env, claim), "");
}

TEST(NodeClaimConditionsTest, CloudProviderDriftAndNotLaunched) {
  Env env;
  env.AddPool("default");
  const std::string claim = env.AddNode("n", "default", "small");
  env.cloud.set_drifted("AMIDrift");
  NodeClaimConditions ctl(env.cluster, env.cloud, env.act);
  ctl.Reconcile(env.now);
  EXPECT_EQ(Drifted(env, claim), "AMIDrift");
  env.SetClaimCondition(claim, kConditionLaunched, "False");
  ctl.Reconcile(env.now);
  EXPECT_EQ(Drifted(env, claim), "");
}

// InstanceTypeNotFound: checked only once the claim is an hour old.
TEST(NodeClaimConditionsTest, InstanceTypeNotFound) {
  Env env;
  env.AddPool("default");
  const std::string claim = env.AddNode("n", "default", "small");
  env.cloud.set_instance_types_for("default", {env.Type("medium")});
  NodeClaimConditions ctl(env.cluster, env.cloud, env.act);
  ctl.Reconcile(env.now);
  EXPECT_EQ(Drifted(env, claim), "");
  env.Advance(Hours(1) + Seconds(1));
  ctl.Reconcile(env.now);
  EXPECT_EQ(Drifted(env, claim), "InstanceTypeNotFound");
}

}  // namespace
}  // namespace swell::provisioning::disruption
