// Garbage collection between instances and NodeClaims.
#include "provisioning/garbage_collection.h"

#include <gtest/gtest.h>

#include "cloud/fake_cloud_provider.h"
#include "provisioning/conditions.h"
#include "provisioning/scheduling/test_world.h"
#include "provisioning/test_util.h"

namespace swell::provisioning {
namespace {

using testing::MakeNode;
using testing::MakeType;
using testing::RecordingActuator;
using testing::Res;
using testing::T0;

class GarbageCollectionTest : public ::testing::Test {
 protected:
  GarbageCollectionTest()
      : clock_(T0()),
        cloud_({MakeType({"m.large", 2, 8, 0.10})}),
        actuator_(&cluster_, clock_),
        gc_(cluster_, cloud_, actuator_) {}

  // Launches an instance for a claim created at `created`; returns its providerID.
  std::string Launch(const std::string& name, TimePoint created) {
    api::NodeClaim nc;
    nc.metadata.name = name;
    nc.metadata.creation_timestamp = api::Time{created};
    return cloud_.Create(nc)->status.provider_id;
  }

  state::ClusterState cluster_;
  FakeClock clock_;
  cloud::FakeCloudProvider cloud_;
  RecordingActuator actuator_;
  GarbageCollection gc_;
};

TEST_F(GarbageCollectionTest, InstanceWithoutNodeClaimDeletedAfterGrace) {
  std::string old_id = Launch("old", T0() - Seconds(31));
  std::string young_id = Launch("young", T0() - Seconds(10));
  cluster_.Add(MakeNode("orphan", old_id, Res("2", "8Gi")));
  gc_.Reconcile(T0());
  ASSERT_EQ(cloud_.delete_calls().size(), 1u);
  EXPECT_EQ(cloud_.delete_calls()[0].status.provider_id, old_id);
  EXPECT_EQ(actuator_.deleted_nodes, std::vector<std::string>{"orphan"});
  EXPECT_TRUE(cloud_.Get(young_id).ok());
  EXPECT_EQ(gc_.stats().instances_deleted, 1);
}

TEST_F(GarbageCollectionTest, InstanceWithNodeClaimKept) {
  std::string id = Launch("a", T0() - Minutes(10));
  cluster_.Add(testing::MakeNodeClaim("a", "default", id, Res("2", "8Gi")));
  gc_.Reconcile(T0());
  EXPECT_TRUE(cloud_.delete_calls().empty());
}

TEST_F(GarbageCollectionTest, RegisteredNodeClaimWithoutInstanceDeletedUnlessNodeReady) {
  for (const char* name : {"gone", "kubelet-alive"}) {
    api::NodeClaim nc =
        testing::MakeNodeClaim(name, "default", std::string("fake:///x-") + name, Res("2", "8Gi"));
    SetCondition(nc.status.conditions, kConditionRegistered, "True", "Registered", "", T0());
    cluster_.Add(nc);
  }
  cluster_.Add(MakeNode("alive", "fake:///x-kubelet-alive", Res("2", "8Gi"), "default"));
  api::NodeClaim unregistered =
      testing::MakeNodeClaim("launching", "default", "fake:///x-l", Res("2", "8Gi"));
  cluster_.Add(unregistered);
  gc_.Reconcile(T0());
  EXPECT_EQ(actuator_.deleted_claims, std::vector<std::string>{"gone"});
}

TEST_F(GarbageCollectionTest, RunsEvery10sThenEvery2Minutes) {
  TimePoint t = T0();
  for (int i = 0; i < 20; i++) {
    TimePoint next = gc_.Reconcile(t);
    EXPECT_EQ(next, t + Seconds(10));
    t = next;
  }
  EXPECT_EQ(gc_.Reconcile(t), t + Minutes(2));
  EXPECT_EQ(gc_.Window(), Seconds(30) + Minutes(2));
}

}  // namespace
}  // namespace swell::provisioning
