// The provisioner: pending-pod detection, the batcher, scheduling passes and their writes
// (karpenter.md §2.1-§2.2, §9).
#include "provisioning/provisioner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/fake_cloud_provider.h"
#include "provisioning/scheduling/test_world.h"
#include "provisioning/test_util.h"

namespace swell::provisioning {
namespace {

using testing::Bind;
using ::testing::HasSubstr;
using testing::MakeNode;
using testing::MakeNodeClaim;
using testing::MakeNodePool;
using testing::MakePod;
using testing::MakeType;
using testing::MarkUnschedulable;
using testing::Own;
using testing::RecordingActuator;
using testing::Res;
using testing::T0;

std::vector<cloud::InstanceType> Types() {
  return {MakeType({"m.large", 2, 8, 0.10}), MakeType({"m.xlarge", 4, 16, 0.20}),
          MakeType({"m.2xlarge", 8, 32, 0.40})};
}

class ProvisionerTest : public ::testing::Test {
 protected:
  ProvisionerTest()
      : clock_(T0()),
        cloud_(Types()),
        actuator_(&cluster_, clock_),
        provisioner_(cluster_, cloud_, actuator_, marks_) {
    cluster_.Add(MakeNodePool("default"));
  }

  api::Pod& AddPending(const std::string& name, const std::string& cpu = "1") {
    api::Pod p = MakePod(name, cpu, "1Gi");
    MarkUnschedulable(p);
    cluster_.Add(p);
    return testing::Must(cluster_.pods().GetMutable("default", name));
  }

  std::vector<std::string> MustSchedule() {
    auto r = provisioner_.Schedule(clock_.Now());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<std::string>{};
  }

  state::ClusterState cluster_;
  ClusterMarks marks_;
  FakeClock clock_;
  cloud::FakeCloudProvider cloud_;
  RecordingActuator actuator_;
  Provisioner provisioner_;
};

TEST_F(ProvisionerTest, PendingPodsGetANodeClaimAndNominations) {
  AddPending("a");
  AddPending("b");
  std::vector<std::string> created = MustSchedule();
  ASSERT_EQ(created.size(), 1u);
  ASSERT_EQ(actuator_.created.size(), 1u);
  const api::NodeClaim& nc = actuator_.created[0];
  EXPECT_EQ(nc.metadata.generate_name, "default-");
  EXPECT_EQ(nc.metadata.labels.at("karpenter.sh/nodepool"), "default");
  ASSERT_EQ(nc.metadata.owner_references.size(), 1u);
  EXPECT_EQ(nc.metadata.owner_references[0].kind, "NodePool");
  EXPECT_EQ(nc.spec.resources.requests.at("cpu"), api::Quantity::MustParse("2"));
  EXPECT_EQ(actuator_.CountEvents("Nominated"), 2);
  EXPECT_THAT(actuator_.events[0].message, HasSubstr("Pod should schedule on: nodeclaim/"));
  EXPECT_EQ(provisioner_.stats().nodeclaims_created, 1);
}

TEST_F(ProvisionerTest, IgnoresPodsNotMarkedUnschedulableDaemonSetsAndTerminating) {
  cluster_.Add(MakePod("fresh"));  // kube-scheduler has not looked at it yet
  api::Pod& ds = AddPending("ds-pod");
  Own(ds, "DaemonSet", "agent");
  api::Pod& gone = AddPending("gone");
  gone.metadata.deletion_timestamp = api::Time{T0()};
  EXPECT_TRUE(MustSchedule().empty());
  EXPECT_TRUE(actuator_.created.empty());
}

// §2.1: a window closes 1 s after the last new trigger, at most 10 s after the first.
TEST_F(ProvisionerTest, BatcherIdleAndMaxWindows) {
  AddPending("a");
  TimePoint t = T0();
  EXPECT_EQ(provisioner_.Trigger(t), t);
  EXPECT_EQ(provisioner_.Reconcile(t), t + Seconds(1));
  // A new pod 500 ms later pushes the idle end back.
  AddPending("b");
  provisioner_.Trigger(t + Milliseconds(500));
  EXPECT_EQ(provisioner_.Reconcile(t + Milliseconds(500)), t + Milliseconds(1500));
  // The same pods again do not extend it.
  provisioner_.Trigger(t + Milliseconds(900));
  EXPECT_EQ(provisioner_.Reconcile(t + Milliseconds(900)), t + Milliseconds(1500));
  EXPECT_TRUE(actuator_.created.empty());
  // Window closed: one pass, then the pods' 10 s requeue.
  std::optional<TimePoint> next = provisioner_.Reconcile(t + Milliseconds(1500));
  EXPECT_EQ(actuator_.created.size(), 1u);
  EXPECT_EQ(provisioner_.stats().passes, 1);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, t + Seconds(10));
}

TEST_F(ProvisionerTest, BatcherMaxDurationCapsAStreamOfPods) {
  TimePoint t = T0();
  for (int i = 0; i < 30; i++) {
    TimePoint now = t + Milliseconds(500 * i);
    AddPending("p" + std::to_string(i));
    provisioner_.Trigger(now);
    provisioner_.Reconcile(now);
    if (now >= t + Seconds(10)) break;
  }
  EXPECT_EQ(provisioner_.stats().passes, 1);  // closed at 10 s although pods kept coming
}

TEST_F(ProvisionerTest, IdleWithoutWork) {
  provisioner_.Trigger(T0());
  EXPECT_FALSE(provisioner_.Reconcile(T0()).has_value());
}

// Cluster.Synced: no decision while a NodeClaim has no providerID.
TEST_F(ProvisionerTest, WaitsWhileANodeClaimHasNotLaunched) {
  cluster_.Add(MakeNodeClaim("default-x", "default", "", {}));
  AddPending("a");
  auto r = provisioner_.Schedule(T0());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(actuator_.created.empty());
  EXPECT_EQ(provisioner_.stats().unsynced_passes, 1);
}

// An in-flight NodeClaim takes the pods; they stay counted there and are not planned again.
TEST_F(ProvisionerTest, InFlightNodeClaimAbsorbsPendingPods) {
  api::NodeClaim nc = MakeNodeClaim("default-x", "default", "fake:///9", Res("4", "16Gi", "110"));
  nc.metadata.labels["node.kubernetes.io/instance-type"] = "m.xlarge";
  cluster_.Add(nc);
  AddPending("a");
  AddPending("b");
  EXPECT_TRUE(MustSchedule().empty());
  EXPECT_EQ(marks_.NominatedNodeOf("default/a", T0()), "fake:///9");
  EXPECT_TRUE(marks_.IsNominated("fake:///9", T0()));
  EXPECT_EQ(actuator_.CountEvents("Nominated"), 2);
  // Next pass within the window: both pods are accounted on the NodeClaim; a third needs room.
  AddPending("c", "3");
  clock_.Advance(Seconds(5));
  std::vector<std::string> created = MustSchedule();
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(actuator_.created[0].spec.resources.requests.at("cpu"), api::Quantity::MustParse("3"));
}

// §2.2 step 3: pods of a node marked for deletion get replacement capacity first.
TEST_F(ProvisionerTest, ReplacementForPodsOfADeletingNode) {
  cluster_.Add(MakeNodeClaim("default-old", "default", "fake:///1", Res("2", "8Gi", "110")));
  api::Node node = MakeNode("old", "fake:///1", Res("2", "8Gi", "110"), "default");
  node.spec.taints.push_back({"karpenter.sh/disrupted", "", "NoSchedule", {}});
  cluster_.Add(node);
  api::Pod p = MakePod("web", "1500m", "1Gi");
  Bind(p, "old");
  cluster_.Add(p);
  std::vector<std::string> created = MustSchedule();
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(actuator_.created[0].spec.resources.requests.at("cpu"),
            api::Quantity::MustParse("1500m"));
  // The node trigger fires for the tainted node.
  provisioner_.Trigger(T0());
  EXPECT_EQ(provisioner_.Reconcile(T0()), T0() + Seconds(1));
}

// §2.2 step 10: a pool at its limit creates nothing.
TEST_F(ProvisionerTest, NodePoolLimitStopsProvisioning) {
  testing::Must(cluster_.store<api::NodePool>().GetMutable("", "default")).spec.limits["cpu"] =
      api::Quantity::MustParse("4");
  cluster_.Add(MakeNodeClaim("default-x", "default", "fake:///1", Res("4", "16Gi", "110")));
  api::Node n = MakeNode("full", "fake:///1", Res("4", "16Gi", "110"), "default");
  cluster_.Add(n);
  for (int i = 0; i < 4; i++) {
    api::Pod p = MakePod("busy" + std::to_string(i), "1", "1Gi");
    Bind(p, "full");
    cluster_.Add(p);
  }
  AddPending("a");
  EXPECT_TRUE(MustSchedule().empty());
  EXPECT_EQ(actuator_.CountEvents("FailedScheduling"), 1);
  EXPECT_THAT(actuator_.events.back().message, HasSubstr("Failed to schedule pod"));
}

TEST_F(ProvisionerTest, UntoleratedTaintLeavesPodPendingWithReason) {
  testing::Must(cluster_.store<api::NodePool>().GetMutable("", "default"))
      .spec.template_.spec.taints.push_back({"dedicated", "gpu", "NoSchedule", {}});
  AddPending("a");
  EXPECT_TRUE(MustSchedule().empty());
  ASSERT_EQ(actuator_.CountEvents("FailedScheduling"), 1);
  const state::Event& e = actuator_.events.back();
  EXPECT_EQ(e.kind, "Pod");
  EXPECT_EQ(e.name, "a");
  EXPECT_THAT(e.message, HasSubstr("incompatible with nodepool \"default\""));
  EXPECT_THAT(e.message, HasSubstr("did not tolerate taint"));
  // Deduplicated for 5 minutes.
  clock_.Advance(Minutes(1));
  MustSchedule();
  EXPECT_EQ(actuator_.CountEvents("FailedScheduling"), 1);
  clock_.Advance(Minutes(5));
  MustSchedule();
  EXPECT_EQ(actuator_.CountEvents("FailedScheduling"), 2);
}

// A pass that sees what the last, fruitless one saw is not simulated again; any change is.
TEST_F(ProvisionerTest, RepeatsAFruitlessPassWithoutSimulatingAgain) {
  testing::Must(cluster_.store<api::NodePool>().GetMutable("", "default"))
      .spec.template_.spec.taints.push_back({"dedicated", "gpu", "NoSchedule", {}});
  AddPending("a");
  MustSchedule();
  clock_.Advance(Minutes(6));
  MustSchedule();
  EXPECT_EQ(provisioner_.stats().repeated_passes, 1);
  EXPECT_EQ(actuator_.CountEvents("FailedScheduling"), 2);  // its events are repeated
  // The pod now tolerates the taint: a new simulation, a NodeClaim.
  testing::Must(cluster_.pods().GetMutable("default", "a"))
      .spec.tolerations.push_back({"dedicated", "Exists", "", "", {}});
  AddPending("b").spec.tolerations.push_back({"dedicated", "Exists", "", "", {}});
  MustSchedule();
  EXPECT_EQ(provisioner_.stats().repeated_passes, 1);
  EXPECT_EQ(actuator_.created.size(), 1u);
}

TEST_F(ProvisionerTest, SkipsStaticAndDeletingNodePools) {
  testing::Must(cluster_.store<api::NodePool>().GetMutable("", "default")).spec.replicas = 3;
  api::NodePool deleting = MakeNodePool("deleting");
  deleting.metadata.deletion_timestamp = api::Time{T0()};
  cluster_.Add(deleting);
  AddPending("a");
  EXPECT_TRUE(MustSchedule().empty());
  EXPECT_EQ(cloud_.get_instance_types_calls(), 0);
}

TEST_F(ProvisionerTest, HigherWeightNodePoolFirst) {
  api::NodePool heavy = MakeNodePool("preferred");
  heavy.spec.weight = 50;
  cluster_.Add(heavy);
  AddPending("a");
  MustSchedule();
  ASSERT_EQ(actuator_.created.size(), 1u);
  EXPECT_EQ(actuator_.created[0].metadata.labels.at("karpenter.sh/nodepool"), "preferred");
}

// The coordinated-mode hook: anticipated pods are planned as if pending, without events.
TEST_F(ProvisionerTest, AnticipatedPodsArePlannedLikePendingOnes) {
  provisioner_.set_anticipated_pods([](TimePoint) {
    std::vector<api::Pod> pods;
    for (int i = 0; i < 3; i++) pods.push_back(MakePod("future-" + std::to_string(i), "2", "1Gi"));
    return pods;
  });
  provisioner_.Trigger(T0());
  EXPECT_EQ(provisioner_.Reconcile(T0()), T0() + Seconds(1));  // they trigger the batcher
  provisioner_.Reconcile(T0() + Seconds(1));
  // All 6 cpu are planned (cost-aware packing, on by default, splits them 4 + 2: cheaper than
  // one 8-cpu node).
  ASSERT_FALSE(actuator_.created.empty());
  int64_t cpu = 0;
  for (const auto& nc : actuator_.created) cpu += nc.spec.resources.requests.at("cpu").MilliValue();
  EXPECT_EQ(cpu, 6000);
  EXPECT_EQ(actuator_.events.size(), 0u);
  EXPECT_EQ(provisioner_.stats().anticipated_pods, 3);
}

}  // namespace
}  // namespace swell::provisioning
