// NodeClaim lifecycle: launch, registration, initialization, liveness (karpenter.md §1.2, §9).
#include "provisioning/nodeclaim_lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/fake_cloud_provider.h"
#include "provisioning/conditions.h"
#include "provisioning/scheduling/test_world.h"
#include "provisioning/test_util.h"

namespace swell::provisioning {
namespace {

using ::testing::HasSubstr;
using testing::MakeNode;
using testing::MakeType;
using testing::RecordingActuator;
using testing::Res;
using testing::T0;

class LifecycleTest : public ::testing::Test {
 protected:
  LifecycleTest()
      : clock_(T0()),
        cloud_({MakeType({"m.large", 2, 8, 0.10}), MakeType({"m.xlarge", 4, 16, 0.20})}),
        actuator_(&cluster_, clock_),
        lifecycle_(cluster_, cloud_, actuator_) {}

  // A NodeClaim as the provisioner creates it (no finalizer, not launched).
  void AddClaim(const std::string& name) {
    api::NodeClaim nc;
    nc.metadata.name = name;
    nc.metadata.creation_timestamp = api::Time{clock_.Now()};
    nc.metadata.labels["karpenter.sh/nodepool"] = "default";
    nc.spec.node_class_ref = {"EC2NodeClass", "default", "karpenter.k8s.aws"};
    nc.spec.requirements.push_back({"karpenter.sh/capacity-type", "In", {"on-demand"}, {}});
    nc.spec.resources.requests = Res("1", "1Gi");
    nc.spec.taints.push_back({"team", "a", "NoSchedule", {}});
    nc.spec.startup_taints.push_back({"cni/not-ready", "", "NoSchedule", {}});
    cluster_.Add(nc);
  }
  const api::NodeClaim& Claim(const std::string& name) {
    return testing::Must(cluster_.store<api::NodeClaim>().Get("", name));
  }
  std::optional<TimePoint> Reconcile(const std::string& name) {
    return lifecycle_.Reconcile(name, clock_.Now());
  }
  // The kubelet's Node: not ready, with the unregistered taint the launch template adds.
  void AddNode(const std::string& name, const std::string& pid, bool ready) {
    api::Node n = MakeNode(name, pid, Res("2", "8Gi", "29"));
    n.spec.taints = {{"karpenter.sh/unregistered", "", "NoExecute", {}},
                     {"node.kubernetes.io/not-ready", "", "NoSchedule", {}}};
    n.status.conditions[0].status = ready ? "True" : "False";
    cluster_.Add(n);
  }

  state::ClusterState cluster_;
  FakeClock clock_;
  cloud::FakeCloudProvider cloud_;
  RecordingActuator actuator_;
  NodeClaimLifecycle lifecycle_;
};

TEST_F(LifecycleTest, LaunchWritesProviderIDCapacityLabelsAndFinalizer) {
  AddClaim("default-1");
  Reconcile("default-1");
  const api::NodeClaim& nc = Claim("default-1");
  EXPECT_EQ(nc.status.provider_id, "fake:///1");
  EXPECT_EQ(nc.status.capacity.at("cpu"), api::Quantity::MustParse("2"));
  EXPECT_EQ(nc.metadata.labels.at("node.kubernetes.io/instance-type"), "m.large");
  EXPECT_EQ(nc.metadata.labels.at("karpenter.sh/capacity-type"), "on-demand");
  EXPECT_EQ(nc.metadata.labels.at("karpenter.sh/nodepool"), "default");
  EXPECT_TRUE(IsConditionTrue(nc.status.conditions, kConditionLaunched));
  EXPECT_EQ(nc.metadata.finalizers, std::vector<std::string>{"karpenter.sh/termination"});
  const api::Condition* reg = api::FindCondition(nc.status.conditions, kConditionRegistered);
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(reg->reason, "NodeNotFound");
  EXPECT_EQ(cloud_.create_calls().size(), 1u);
  // Launched once: a second reconcile does not create another instance.
  Reconcile("default-1");
  EXPECT_EQ(cloud_.create_calls().size(), 1u);
}

TEST_F(LifecycleTest, InsufficientCapacityDeletesTheNodeClaimWithAnEvent) {
  AddClaim("default-1");
  cloud_.FailNextCreate(InsufficientCapacity("no spot capacity"));
  EXPECT_FALSE(Reconcile("default-1").has_value());
  EXPECT_EQ(cluster_.store<api::NodeClaim>().Get("", "default-1"), nullptr);
  ASSERT_EQ(actuator_.CountEvents("InsufficientCapacityError"), 1);
  EXPECT_THAT(actuator_.events[0].message, HasSubstr("no spot capacity"));
  EXPECT_EQ(lifecycle_.stats().insufficient_capacity, 1);
}

TEST_F(LifecycleTest, NodeClassNotReadyDeletesTheNodeClaim) {
  AddClaim("default-1");
  cloud_.FailNextCreate(NotReady("EC2NodeClass default not ready"));
  Reconcile("default-1");
  EXPECT_EQ(cluster_.store<api::NodeClaim>().Get("", "default-1"), nullptr);
  EXPECT_EQ(actuator_.CountEvents("NodeClassNotReady"), 1);
}

TEST_F(LifecycleTest, OtherLaunchErrorsRetryWithBackoff) {
  AddClaim("default-1");
  cloud_.FailNextCreate(Unavailable("throttled"));
  EXPECT_EQ(Reconcile("default-1"), T0() + Seconds(1));
  const api::Condition* c = api::FindCondition(Claim("default-1").status.conditions, "Launched");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->status, "Unknown");
  EXPECT_EQ(c->reason, "LaunchFailed");
  cloud_.FailNextCreate(Unavailable("throttled"));
  EXPECT_EQ(Reconcile("default-1"), T0() + Seconds(2));
  Reconcile("default-1");
  EXPECT_TRUE(IsConditionTrue(Claim("default-1").status.conditions, kConditionLaunched));
}

TEST_F(LifecycleTest, RegistrationSyncsTheNode) {
  AddClaim("default-1");
  Reconcile("default-1");
  AddNode("ip-10-0-0-1", "fake:///1", /*ready=*/false);
  Reconcile("default-1");
  const api::NodeClaim& nc = Claim("default-1");
  EXPECT_TRUE(IsConditionTrue(nc.status.conditions, kConditionRegistered));
  EXPECT_EQ(nc.status.node_name, "ip-10-0-0-1");
  const api::Node& n = testing::Must(cluster_.store<api::Node>().Get("", "ip-10-0-0-1"));
  EXPECT_EQ(n.metadata.labels.at("karpenter.sh/registered"), "true");
  EXPECT_EQ(n.metadata.labels.at("karpenter.sh/nodepool"), "default");
  EXPECT_EQ(n.metadata.labels.at("node.kubernetes.io/instance-type"), "m.large");
  EXPECT_EQ(n.metadata.finalizers, std::vector<std::string>{"karpenter.sh/termination"});
  std::vector<std::string> keys;
  for (const auto& t : n.spec.taints) keys.push_back(t.key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"node.kubernetes.io/not-ready", "team", "cni/not-ready"}));
  // Not Ready yet: not initialized.
  const api::Condition* init = api::FindCondition(nc.status.conditions, kConditionInitialized);
  ASSERT_NE(init, nullptr);
  EXPECT_EQ(init->reason, "NodeNotReady");
  EXPECT_EQ(actuator_.CountEvents("UnregisteredTaintMissing"), 0);
}

TEST_F(LifecycleTest, InitializationWaitsForReadyAndStartupTaints) {
  AddClaim("default-1");
  Reconcile("default-1");
  AddNode("n1", "fake:///1", /*ready=*/false);
  Reconcile("default-1");
  api::Node& n = testing::Must(cluster_.store<api::Node>().GetMutable("", "n1"));
  n.status.conditions[0].status = "True";
  std::erase_if(n.spec.taints, [](auto& t) { return t.key == "node.kubernetes.io/not-ready"; });
  Reconcile("default-1");
  const api::Condition* init =
      api::FindCondition(Claim("default-1").status.conditions, kConditionInitialized);
  EXPECT_EQ(init->reason, "StartupTaintsExist");
  EXPECT_THAT(init->message, HasSubstr("cni/not-ready"));
  std::erase_if(n.spec.taints, [](auto& t) { return t.key == "cni/not-ready"; });
  Reconcile("default-1");
  const api::NodeClaim& nc = Claim("default-1");
  EXPECT_TRUE(IsConditionTrue(nc.status.conditions, kConditionInitialized));
  EXPECT_TRUE(IsConditionTrue(nc.status.conditions, kConditionReady));
  EXPECT_EQ(testing::Must(cluster_.store<api::Node>().Get("", "n1"))
                .metadata.labels.at("karpenter.sh/initialized"),
            "true");
}

TEST_F(LifecycleTest, RequestedResourceMustBeRegistered) {
  AddClaim("default-1");
  testing::Must(cluster_.store<api::NodeClaim>().GetMutable("", "default-1"))
      .spec.resources.requests["nvidia.com/gpu"] = api::Quantity::FromInt(1);
  // The fake launches the cheapest type that fits; give one a GPU.
  cloud::InstanceType gpu = MakeType({"g.xlarge", 4, 16, 0.5});
  gpu.capacity["nvidia.com/gpu"] = api::Quantity::FromInt(1);
  cloud_.set_instance_types_for("default", {gpu});
  Reconcile("default-1");
  AddNode("n1", Claim("default-1").status.provider_id, /*ready=*/true);
  testing::Must(cluster_.store<api::Node>().GetMutable("", "n1")).spec.taints.clear();
  testing::Must(cluster_.store<api::NodeClaim>().GetMutable("", "default-1"))
      .spec.startup_taints.clear();
  Reconcile("default-1");
  EXPECT_EQ(
      testing::Must(api::FindCondition(Claim("default-1").status.conditions, kConditionInitialized))
          .reason,
      "ResourceNotRegistered");
}

TEST_F(LifecycleTest, MissingUnregisteredTaintIsReported) {
  AddClaim("default-1");
  Reconcile("default-1");
  AddNode("n1", "fake:///1", /*ready=*/true);
  testing::Must(cluster_.store<api::Node>().GetMutable("", "n1")).spec.taints.clear();
  Reconcile("default-1");
  EXPECT_EQ(actuator_.CountEvents("UnregisteredTaintMissing"), 1);
  EXPECT_TRUE(IsConditionTrue(Claim("default-1").status.conditions, kConditionRegistered));
}

// §9: not registered within 15 minutes of launch: deleted.
TEST_F(LifecycleTest, LivenessDeletesUnregisteredNodeClaims) {
  AddClaim("default-1");
  EXPECT_EQ(Reconcile("default-1"), T0() + Minutes(15));
  clock_.Advance(Minutes(14));
  Reconcile("default-1");
  EXPECT_FALSE(Claim("default-1").metadata.deletion_timestamp.has_value());
  clock_.Advance(Minutes(1));
  EXPECT_FALSE(Reconcile("default-1").has_value());
  EXPECT_TRUE(Claim("default-1").metadata.deletion_timestamp.has_value());
  EXPECT_EQ(lifecycle_.stats().liveness_deleted, 1);
}

TEST_F(LifecycleTest, LivenessDeletesNodeClaimsThatNeverLaunch) {
  AddClaim("default-1");
  for (int i = 0; i < 12; i++) {
    cloud_.FailNextCreate(Unavailable("throttled"));
    Reconcile("default-1");
    clock_.Advance(Seconds(30));
  }
  EXPECT_TRUE(Claim("default-1").metadata.deletion_timestamp.has_value());
}

TEST_F(LifecycleTest, ReconcileAllSkipsDeletingNodeClaims) {
  AddClaim("a");
  AddClaim("b");
  testing::Must(cluster_.store<api::NodeClaim>().GetMutable("", "b")).metadata.deletion_timestamp =
      api::Time{T0()};
  lifecycle_.ReconcileAll(T0());
  EXPECT_EQ(cloud_.create_calls().size(), 1u);
  EXPECT_EQ(cloud_.create_calls()[0].metadata.name, "a");
}

}  // namespace
}  // namespace swell::provisioning
