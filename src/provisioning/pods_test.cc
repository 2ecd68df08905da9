// Pod predicates (core pkg/utils/pod/scheduling.go; karpenter.md §2.1, §3.7).
#include "provisioning/pods.h"

#include <gtest/gtest.h>

#include "provisioning/test_util.h"

namespace swell::provisioning {
namespace {

using testing::MakePod;
using testing::MarkUnschedulable;
using testing::Own;
using testing::T0;

TEST(PodsTest, ProvisionableNeedsUnschedulableAndNotBoundNorDaemonSet) {
  api::Pod p = MakePod("a");
  EXPECT_FALSE(IsProvisionable(p));  // the scheduler has not looked at it yet
  MarkUnschedulable(p);
  EXPECT_TRUE(IsProvisionable(p));
  api::Pod preempting = p;
  preempting.status.nominated_node_name = "n1";
  EXPECT_FALSE(IsProvisionable(preempting));
  api::Pod bound = p;
  bound.spec.node_name = "n1";
  EXPECT_FALSE(IsProvisionable(bound));
  api::Pod ds = p;
  Own(ds, "DaemonSet", "agent");
  EXPECT_FALSE(IsProvisionable(ds));
  api::Pod mirror = p;
  Own(mirror, "Node", "n1");
  EXPECT_FALSE(IsProvisionable(mirror));
}

TEST(PodsTest, DoNotDisruptTrueOrDurationSinceStart) {
  api::Pod p = MakePod("a");
  EXPECT_FALSE(IsDoNotDisruptActive(p, T0()));
  p.metadata.annotations["karpenter.sh/do-not-disrupt"] = "true";
  EXPECT_TRUE(IsDoNotDisruptActive(p, T0()));
  p.metadata.annotations["karpenter.sh/do-not-disrupt"] = "10m";
  EXPECT_TRUE(IsDoNotDisruptActive(p, T0()));  // no start time: protected
  p.status.start_time = api::Time{T0()};
  EXPECT_TRUE(IsDoNotDisruptActive(p, T0() + Minutes(9)));
  EXPECT_FALSE(IsDoNotDisruptActive(p, T0() + Minutes(10)));
  p.metadata.annotations["karpenter.sh/do-not-disrupt"] = "soon";
  EXPECT_FALSE(IsDoNotDisruptActive(p, T0()));  // invalid: ignored
  p.metadata.annotations["karpenter.sh/do-not-disrupt"] = "-5m";
  EXPECT_FALSE(IsDoNotDisruptActive(p, T0()));
}

TEST(PodsTest, EvictableAndDrainable) {
  api::Pod p = MakePod("a");
  EXPECT_TRUE(IsEvictable(p, T0()));
  EXPECT_TRUE(IsDrainable(p, T0()));
  api::Pod tolerant = p;
  tolerant.spec.tolerations.push_back({"", "Exists", "", "", {}});
  EXPECT_FALSE(IsEvictable(tolerant, T0()));
  EXPECT_FALSE(IsDrainable(tolerant, T0()));
  api::Pod dnd = p;
  dnd.metadata.annotations["karpenter.sh/do-not-disrupt"] = "true";
  EXPECT_FALSE(IsEvictable(dnd, T0()));
  EXPECT_TRUE(IsDrainable(dnd, T0()));  // the drain waits for it
  api::Pod stuck = p;
  stuck.metadata.deletion_timestamp = api::Time{T0()};
  EXPECT_TRUE(IsDrainable(stuck, T0() + Seconds(60)));
  EXPECT_FALSE(IsDrainable(stuck, T0() + Seconds(61)));
  EXPECT_FALSE(IsEvictable(stuck, T0()));
}

}  // namespace
}  // namespace swell::provisioning
