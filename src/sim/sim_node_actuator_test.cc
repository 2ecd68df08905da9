// The simulated world's Actuator for the Karpenter half: the API server's rules.
#include "sim/sim_node_actuator.h"

#include <gtest/gtest.h>

#include "sim/test_util.h"

namespace swell::sim {
namespace {

struct Fixture {
  EventLoop loop{testing::T0()};
  state::ClusterState cluster;
  KubeSim kube{loop, cluster, 1, KubeOptions{}};
  SimActuator events{loop, cluster, kube};
  SimNodeActuator actuator{loop, cluster, kube, events};
  int changes = 0;
  Fixture() {
    actuator.set_on_change([this]() { changes++; });
  }
  const api::NodeClaim* Claim(const std::string& name) {
    return cluster.store<api::NodeClaim>().Get("", name);
  }
};

api::NodeClaim NewClaim() {
  api::NodeClaim nc;
  nc.metadata.generate_name = "default-";
  nc.metadata.finalizers.push_back("karpenter.sh/termination");
  return nc;
}

TEST(SimNodeActuator, GenerateNameGivesDistinctReproducibleNames) {
  Fixture f;
  auto a = f.actuator.CreateNodeClaim(NewClaim());
  auto b = f.actuator.CreateNodeClaim(NewClaim());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->rfind("default-", 0), 0u);
  EXPECT_EQ(a->size(), std::string("default-").size() + 5);
  Fixture g;
  EXPECT_EQ(*g.actuator.CreateNodeClaim(NewClaim()), *a);
  const api::NodeClaim* stored = f.Claim(*a);
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->metadata.creation_timestamp->value, testing::T0());
  EXPECT_EQ(f.changes, 2);
  api::NodeClaim named = NewClaim();
  named.metadata.name = *a;
  EXPECT_EQ(f.actuator.CreateNodeClaim(named).status().code(), StatusCode::kAlreadyExists);
}

TEST(SimNodeActuator, FinalizersHoldADeletedNodeClaim) {
  Fixture f;
  std::string name = *f.actuator.CreateNodeClaim(NewClaim());
  ASSERT_TRUE(f.actuator.DeleteNodeClaim(name).ok());
  f.loop.RunUntil(f.loop.Now() + Seconds(1));
  ASSERT_NE(f.Claim(name), nullptr);
  api::NodeClaim update = *f.Claim(name);
  update.metadata.deletion_timestamp.reset();  // an update cannot clear it
  update.status.provider_id = "aws:///x";
  ASSERT_TRUE(f.actuator.UpdateNodeClaim(update).ok());
  EXPECT_TRUE(f.Claim(name)->metadata.deletion_timestamp.has_value());
  update.metadata.finalizers.clear();
  ASSERT_TRUE(f.actuator.UpdateNodeClaim(update).ok());
  EXPECT_NE(f.Claim(name), nullptr);  // still there until the write's event ends
  f.loop.RunUntil(f.loop.Now() + Seconds(1));
  EXPECT_EQ(f.Claim(name), nullptr);
  EXPECT_EQ(f.actuator.DeleteNodeClaim(name).code(), StatusCode::kNotFound);
}

TEST(SimNodeActuator, NodeGoesWithItsFinalizerAndTakesItsPods) {
  Fixture f;
  api::Node n;
  n.metadata.name = "n1";
  n.metadata.finalizers.push_back("karpenter.sh/termination");
  n.status.allocatable = {{"cpu", api::Quantity::FromInt(4)},
                          {"memory", api::Quantity::MustParse("8Gi")},
                          {"pods", api::Quantity::FromInt(10)}};
  ASSERT_TRUE(f.kube.AddNode(n).ok());
  api::Pod p;
  p.metadata.name = "p";
  p.metadata.namespace_ = "default";
  p.spec.node_name = "n1";
  p.status.phase = "Running";
  f.cluster.Add(p);
  ASSERT_TRUE(f.actuator.DeleteNode("n1").ok());
  f.loop.RunUntil(f.loop.Now() + Seconds(1));
  api::Node update = *f.cluster.store<api::Node>().Get("", "n1");
  update.spec.taints.push_back({"karpenter.sh/disrupted", "", "NoSchedule", {}});
  ASSERT_TRUE(f.actuator.UpdateNode(update).ok());
  EXPECT_EQ(f.cluster.store<api::Node>().Get("", "n1")->spec.taints.back().key,
            "karpenter.sh/disrupted");
  update.metadata.finalizers.clear();
  ASSERT_TRUE(f.actuator.UpdateNode(update).ok());
  f.loop.RunUntil(f.loop.Now() + Seconds(1));
  EXPECT_EQ(f.cluster.store<api::Node>().Get("", "n1"), nullptr);
  EXPECT_EQ(f.cluster.pods().Get("default", "p"), nullptr);
}

TEST(SimNodeActuator, EventsJoinTheWorldsLog) {
  Fixture f;
  state::Event e;
  e.reason = "Nominated";
  f.actuator.RecordEvent(e);
  ASSERT_EQ(f.events.events().size(), 1u);
  EXPECT_EQ(f.events.events()[0].reason, "Nominated");
}

}  // namespace
}  // namespace swell::sim
