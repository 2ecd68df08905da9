// Termination: taint, drain in Karpenter's order, PDBs, do-not-disrupt, terminationGracePeriod,
// instance deletion, finalizers (karpenter.md §3.7).
#include "provisioning/termination.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/fake_cloud_provider.h"
#include "provisioning/conditions.h"
#include "provisioning/scheduling/test_world.h"
#include "provisioning/test_util.h"

namespace swell::provisioning {
namespace {

using testing::Bind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::MakeNode;
using testing::MakePod;
using testing::MakeType;
using testing::Own;
using testing::RecordingActuator;
using testing::Res;
using testing::T0;

class TerminationTest : public ::testing::Test {
 protected:
  TerminationTest()
      : clock_(T0()),
        cloud_({MakeType({"m.large", 2, 8, 0.10})}),
        actuator_(&cluster_, clock_),
        termination_(cluster_, cloud_, actuator_) {}

  // A launched, registered NodeClaim with its Node (finalizers on both), instance in the cloud.
  void AddNodeWithClaim() {
    api::NodeClaim nc;
    nc.metadata.name = "default-1";
    nc.metadata.labels["karpenter.sh/nodepool"] = "default";
    nc.spec.requirements.push_back({"karpenter.sh/capacity-type", "In", {"on-demand"}, {}});
    auto launched = cloud_.Create(nc);
    ASSERT_TRUE(launched.ok());
    nc = *launched;
    nc.metadata.finalizers.push_back("karpenter.sh/termination");
    nc.status.node_name = "n1";
    SetCondition(nc.status.conditions, kConditionLaunched, "True", "Launched", "", T0());
    SetCondition(nc.status.conditions, kConditionRegistered, "True", "Registered", "", T0());
    cluster_.Add(nc);
    api::Node n = MakeNode("n1", nc.status.provider_id, Res("2", "8Gi", "29"), "default");
    n.metadata.finalizers.push_back("karpenter.sh/termination");
    cluster_.Add(n);
  }
  api::Pod& AddPodOnNode(const std::string& name) {
    api::Pod p = MakePod(name, "100m", "128Mi");
    Bind(p, "n1");
    p.spec.termination_grace_period_seconds = 30;
    cluster_.Add(p);
    return testing::Must(cluster_.pods().GetMutable("default", name));
  }
  void DeleteClaim() { ASSERT_TRUE(actuator_.DeleteNodeClaim("default-1").ok()); }
  std::optional<TimePoint> Run() { return termination_.ReconcileAll(clock_.Now()); }
  // The kubelet finishing a terminating pod.
  void Gone(const std::string& name) { cluster_.pods().Erase("default", name); }
  const api::Node* Node() { return cluster_.store<api::Node>().Get("", "n1"); }
  const api::NodeClaim* Claim() { return cluster_.store<api::NodeClaim>().Get("", "default-1"); }

  state::ClusterState cluster_;
  FakeClock clock_;
  cloud::FakeCloudProvider cloud_;
  RecordingActuator actuator_;
  Termination termination_;
};

TEST_F(TerminationTest, TaintsDrainsInTiersThenDeletesTheInstance) {
  AddNodeWithClaim();
  AddPodOnNode("web");
  api::Pod& ds = AddPodOnNode("agent");
  Own(ds, "DaemonSet", "agent");
  api::Pod& tolerant = AddPodOnNode("tolerant");
  tolerant.spec.tolerations.push_back({"karpenter.sh/disrupted", "Exists", "", "", {}});
  DeleteClaim();
  EXPECT_EQ(Run(), T0() + Seconds(1));
  ASSERT_NE(Node(), nullptr);
  EXPECT_TRUE(testing::Must(Node()).metadata.deletion_timestamp.has_value());
  ASSERT_FALSE(testing::Must(Node()).spec.taints.empty());
  EXPECT_EQ(testing::Must(Node()).spec.taints.back().key, "karpenter.sh/disrupted");
  EXPECT_EQ(testing::Must(Node()).metadata.labels.at(
                "node.kubernetes.io/exclude-from-external-load-balancers"),
            "karpenter");
  // Tier 1 (non-critical, non-DaemonSet) first; the DaemonSet pod waits; tolerating pods stay.
  EXPECT_THAT(actuator_.evictions, ElementsAre("default/web"));
  EXPECT_EQ(actuator_.CountEvents("Evicted"), 1);
  Gone("web");
  clock_.Advance(Seconds(1));
  Run();
  EXPECT_THAT(actuator_.evictions, ElementsAre("default/web", "default/agent"));
  Gone("agent");
  // Drained, but the minimum drain time (5 s) holds.
  clock_.Advance(Seconds(1));
  EXPECT_EQ(Run(), clock_.Now() + Seconds(1));
  EXPECT_TRUE(cloud_.delete_calls().empty());
  clock_.Advance(Seconds(4));
  EXPECT_TRUE(Run().has_value());  // the instance is terminating
  ASSERT_EQ(cloud_.delete_calls().size(), 1u);
  EXPECT_TRUE(IsConditionTrue(testing::Must(Claim()).status.conditions, kConditionDrained));
  EXPECT_TRUE(
      IsConditionTrue(testing::Must(Claim()).status.conditions, kConditionInstanceTerminating));
  ASSERT_NE(Node(), nullptr);
  // Gone at the cloud: finalizers removed, Node and NodeClaim disappear.
  clock_.Advance(Seconds(5));
  Run();
  EXPECT_EQ(Node(), nullptr);
  EXPECT_NE(Claim(), nullptr);  // the NodeClaim finishes on its next reconcile
  EXPECT_FALSE(Run().has_value());
  EXPECT_EQ(Claim(), nullptr);
  EXPECT_EQ(termination_.stats().nodes_terminated, 1);
  EXPECT_EQ(termination_.stats().nodeclaims_terminated, 1);
}

TEST_F(TerminationTest, PdbBlockedEvictionIsRetried) {
  AddNodeWithClaim();
  AddPodOnNode("web");
  actuator_.blocked.push_back("default/web");
  DeleteClaim();
  Run();
  EXPECT_EQ(termination_.stats().evictions_blocked, 1);
  EXPECT_EQ(actuator_.CountEvents("FailedDraining"), 1);
  EXPECT_THAT(actuator_.events.back().message, HasSubstr("violates a PDB"));
  clock_.Advance(Seconds(1));
  Run();
  EXPECT_EQ(termination_.stats().evictions_blocked, 2);
  actuator_.blocked.clear();
  clock_.Advance(Seconds(1));
  Run();
  EXPECT_EQ(termination_.stats().evictions, 1);
}

TEST_F(TerminationTest, DoNotDisruptPodBlocksUntilTerminationGracePeriod) {
  AddNodeWithClaim();
  api::NodeClaim& nc = testing::Must(cluster_.store<api::NodeClaim>().GetMutable("", "default-1"));
  nc.spec.termination_grace_period = api::GoDuration{"10m", Minutes(10)};
  api::Pod& p = AddPodOnNode("batch");
  p.metadata.annotations["karpenter.sh/do-not-disrupt"] = "true";
  DeleteClaim();
  Run();
  EXPECT_EQ(testing::Must(Claim()).metadata.annotations.at(
                "karpenter.sh/nodeclaim-termination-timestamp"),
            FormatRfc3339(T0() + Minutes(10)));
  EXPECT_EQ(actuator_.CountEvents("TerminationGracePeriodExpiring"), 1);
  EXPECT_TRUE(actuator_.evictions.empty());
  // The pod is deleted once its 30 s grace would outlast the node's termination time.
  clock_.Advance(Minutes(9) + Seconds(30));
  Run();
  EXPECT_TRUE(actuator_.deleted_pods.empty());
  clock_.Advance(Seconds(1));
  Run();
  EXPECT_THAT(actuator_.deleted_pods, ElementsAre("default/batch"));
  EXPECT_EQ(actuator_.CountEvents("Disrupted"), 1);
}

TEST_F(TerminationTest, UnlaunchedNodeClaimLosesItsFinalizerAtOnce) {
  api::NodeClaim nc;
  nc.metadata.name = "default-1";
  nc.metadata.finalizers.push_back("karpenter.sh/termination");
  cluster_.Add(nc);
  DeleteClaim();
  EXPECT_FALSE(Run().has_value());
  EXPECT_EQ(Claim(), nullptr);
  EXPECT_TRUE(cloud_.delete_calls().empty());
}

TEST_F(TerminationTest, DeletingTheNodeDeletesItsNodeClaim) {
  AddNodeWithClaim();
  ASSERT_TRUE(actuator_.DeleteNode("n1").ok());
  Run();
  EXPECT_TRUE(testing::Must(Claim()).metadata.deletion_timestamp.has_value());
}

TEST_F(TerminationTest, NotReadyNodeWithoutInstanceSkipsTheDrain) {
  AddNodeWithClaim();
  AddPodOnNode("web");
  testing::Must(cluster_.store<api::Node>().GetMutable("", "n1")).status.conditions[0].status =
      "Unknown";
  cloud_.TerminateInstance(testing::Must(Claim()).status.provider_id);
  DeleteClaim();
  Run();
  EXPECT_TRUE(actuator_.evictions.empty());
  EXPECT_EQ(Node(), nullptr);
}

}  // namespace
}  // namespace swell::provisioning
