// The Karpenter half on the EventLoop with KubeSim and the recording fake cloud: pending pods
// become NodeClaims, instances become Nodes, Nodes become Ready, pods run; deletion drains;
// the invariants are counted.
#include "sim/karpenter_driver.h"

#include <gtest/gtest.h>

#include "cloud/fake_cloud_provider.h"
#include "provisioning/scheduling/test_world.h"
#include "sim/test_util.h"

namespace swell::sim {
namespace {

using provisioning::testing::MakeType;

api::NodePool Pool() {
  api::NodePool np;
  np.metadata.name = "default";
  np.spec.template_.spec.node_class_ref = {"EC2NodeClass", "default", "karpenter.k8s.aws"};
  return np;
}

api::Deployment Web(int32_t replicas) {
  api::Deployment d;
  d.metadata.name = "web";
  d.metadata.namespace_ = "default";
  d.spec.replicas = replicas;
  d.spec.template_.metadata.labels = {{"app", "web"}};
  api::Container c;
  c.name = "c";
  c.resources.requests = {{"cpu", api::Quantity::MustParse("1")},
                          {"memory", api::Quantity::MustParse("1Gi")}};
  d.spec.template_.spec.containers.push_back(c);
  d.spec.template_.spec.termination_grace_period_seconds = 10;
  return d;
}

struct Fixture {
  EventLoop loop{testing::T0()};
  state::ClusterState cluster;
  KubeSim kube{loop, cluster, 1, KubeOptions{}};
  SimActuator events{loop, cluster, kube};
  cloud::FakeCloudProvider cloud{
      {MakeType({"m.large", 2, 8, 0.10}), MakeType({"m.xlarge", 4, 16, 0.20})}};
  KarpenterDriver driver{loop, cluster, kube, events, cloud};
  std::set<std::string> registered;

  Fixture() { cluster.Add(Pool()); }
  // The kubelets of launched instances register (the simulated cloud's job in the world).
  void RegisterInstances() {
    StatusOr<std::vector<api::NodeClaim>> instances = cloud.List();
    if (!instances.ok()) return;
    for (const api::NodeClaim& i : *instances) {
      if (registered.insert(i.status.provider_id).second) driver.InstanceRegistered(i);
    }
  }
  void Run(Duration d, Duration step = Seconds(1)) {
    for (TimePoint end = loop.Now() + d; loop.Now() < end;) {
      loop.RunUntil(std::min(end, loop.Now() + step));
      RegisterInstances();
      driver.CheckInvariants(loop.Now());
    }
  }
  int Ready() const { return kube.Counts("default", "Deployment", "web").ready; }
  int Reasons(const std::string& reason) const {
    int n = 0;
    for (const auto& e : events.events()) n += e.reason == reason ? 1 : 0;
    return n;
  }
};

TEST(KarpenterDriver, PendingPodsGetANodeThatBecomesReadyAndRunsThem) {
  Fixture f;
  f.driver.Start(f.loop.Now());
  f.cluster.Add(Web(3));
  f.kube.WorkloadChanged("Deployment", "default", "web");
  f.Run(Seconds(1));
  EXPECT_EQ(f.kube.Counts().unschedulable, 3);
  EXPECT_EQ(f.driver.counters().nodeclaims_created, 0);  // the batch window is still open
  f.Run(Seconds(2));
  ASSERT_EQ(f.driver.counters().nodeclaims_created, 1);
  f.Run(Seconds(30));
  EXPECT_EQ(f.Ready(), 3);
  const auto& claims = f.cluster.store<api::NodeClaim>();
  ASSERT_EQ(claims.size(), 1u);
  const api::NodeClaim& nc = claims.begin()->second;
  EXPECT_EQ(nc.metadata.labels.at("node.kubernetes.io/instance-type"), "m.xlarge");
  const api::Node& node = f.cluster.store<api::Node>().begin()->second;
  EXPECT_EQ(node.metadata.labels.at("karpenter.sh/initialized"), "true");
  EXPECT_EQ(nc.status.node_name, node.metadata.name);
  EXPECT_TRUE(f.driver.counters().first_node_ready.has_value());
  EXPECT_GE(f.Reasons("Nominated"), 3);
  EXPECT_EQ(f.driver.counters().limit_violations, 0);
  EXPECT_EQ(f.driver.counters().orphan_violations, 0);
}

TEST(KarpenterDriver, DeletedNodeClaimIsDrainedReplacedAndGone) {
  Fixture f;
  f.driver.Start(f.loop.Now());
  f.cluster.Add(Web(2));
  f.kube.WorkloadChanged("Deployment", "default", "web");
  f.Run(Seconds(40));
  ASSERT_EQ(f.Ready(), 2);
  const std::string old_claim = f.cluster.store<api::NodeClaim>().begin()->first;
  SimNodeActuator writer(f.loop, f.cluster, f.kube, f.events);
  ASSERT_TRUE(writer.DeleteNodeClaim(old_claim).ok());
  f.driver.NodesChanged();
  f.Run(Minutes(2));
  EXPECT_EQ(f.cluster.store<api::NodeClaim>().Get("", old_claim), nullptr);
  EXPECT_EQ(f.Ready(), 2);  // on the replacement
  EXPECT_EQ(f.driver.counters().nodeclaims_created, 2);
  EXPECT_EQ(f.cluster.store<api::Node>().size(), 1u);
  EXPECT_GE(f.driver.termination().stats().evictions, 2);
  EXPECT_EQ(f.cloud.List()->size(), 1u);
}

TEST(KarpenterDriver, OrphanInstanceIsCollectedWithinTheWindow) {
  Fixture f;
  f.driver.Start(f.loop.Now());
  api::NodeClaim stray;
  stray.metadata.name = "stray";
  stray.metadata.creation_timestamp = api::Time{f.loop.Now()};
  ASSERT_TRUE(f.cloud.Create(stray).ok());
  f.registered.insert("fake:///1");  // it never registers
  f.Run(Minutes(1));
  EXPECT_TRUE(f.cloud.List()->empty());
  EXPECT_EQ(f.driver.gc().stats().instances_deleted, 1);
  EXPECT_EQ(f.driver.counters().orphan_violations, 0);
}

TEST(KarpenterDriver, InvariantsCountViolations) {
  Fixture f;
  api::NodePool np = Pool();
  np.metadata.name = "capped";
  np.spec.limits["cpu"] = api::Quantity::FromInt(1);
  f.cluster.Add(np);
  api::NodeClaim over;
  over.metadata.name = "capped-x";
  over.metadata.labels["karpenter.sh/nodepool"] = "capped";
  over.status.provider_id = "elsewhere:///1";
  over.status.capacity = {{"cpu", api::Quantity::FromInt(2)}};
  f.cluster.Add(over);
  f.driver.CheckInvariants(f.loop.Now());
  EXPECT_EQ(f.driver.counters().limit_violations, 1);
  EXPECT_NE(f.driver.counters().first_violation_message.find("capped"), std::string::npos);
}

// Without garbage collection running, an instance nobody claims breaks the invariant once the
// GC window (30 s grace + 2 min interval) has passed.
TEST(KarpenterDriver, OrphanBeyondTheWindowIsAViolation) {
  Fixture f;
  api::NodeClaim stray;
  stray.metadata.name = "stray";
  ASSERT_TRUE(f.cloud.Create(stray).ok());
  for (int s = 0; s <= 150; s += 5) f.driver.CheckInvariants(f.loop.Now() + Seconds(s));
  EXPECT_EQ(f.driver.counters().orphan_violations, 0);
  for (int s = 155; s <= 300; s += 5) f.driver.CheckInvariants(f.loop.Now() + Seconds(s));
  EXPECT_EQ(f.driver.counters().orphan_violations, 1);  // counted once per instance
  EXPECT_NE(f.driver.counters().first_violation_message.find("fake:///1"), std::string::npos);
}

TEST(KarpenterDriver, VanishedInstanceTakesItsNodeAndPods) {
  Fixture f;
  f.driver.Start(f.loop.Now());
  f.cluster.Add(Web(1));
  f.kube.WorkloadChanged("Deployment", "default", "web");
  f.Run(Seconds(40));
  ASSERT_EQ(f.Ready(), 1);
  const std::string pid = f.cluster.store<api::Node>().begin()->second.spec.provider_id;
  f.cloud.TerminateInstance(pid);  // a spot reclaim
  f.driver.InstanceTerminated(pid);
  f.Run(Seconds(2));
  for (const auto& [k, n] : f.cluster.store<api::Node>()) EXPECT_NE(n.spec.provider_id, pid);
  f.Run(Seconds(60));
  EXPECT_EQ(f.Ready(), 1);  // rescheduled onto a new NodeClaim's node
}

}  // namespace
}  // namespace swell::sim
