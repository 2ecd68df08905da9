// Expiration (karpenter.md §3.7).
#include "provisioning/disruption/expiration.h"

#include <gtest/gtest.h>

#include "provisioning/disruption/test_env.h"

namespace swell::provisioning::disruption {
namespace {

using testing::MakeClaim;
using testing::RecordingActuator;
using testing::Start;

TEST(ExpirationTest, DeletesAtCreationPlusExpireAfterAndReportsNextExpiry) {
  state::ClusterState cluster;
  api::NodeClaim a = MakeClaim("a", "default", "fake:///1", Start());
  a.spec.expire_after = api::NillableDuration::Of(Hours(1));
  api::NodeClaim b = MakeClaim("b", "default", "fake:///2", Start() + Minutes(10));
  b.spec.expire_after = api::NillableDuration::Of(Hours(1));
  cluster.store<api::NodeClaim>().Put(a);
  cluster.store<api::NodeClaim>().Put(b);
  RecordingActuator act(cluster);
  Expiration exp(cluster, act);

  std::optional<TimePoint> next = exp.Reconcile(Start() + Minutes(59));
  EXPECT_TRUE(act.deleted_claims.empty());
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, Start() + Hours(1));

  act.now = Start() + Hours(1);
  next = exp.Reconcile(Start() + Hours(1));  // exactly at expiry: expired
  EXPECT_EQ(act.deleted_claims, std::vector<std::string>{"a"});
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, Start() + Minutes(70));
  EXPECT_EQ(exp.stats().expired, 1);

  // "a" is deleting now (finalizer held): not deleted again.
  exp.Reconcile(Start() + Hours(1) + Seconds(1));
  EXPECT_EQ(act.deleted_claims.size(), 1u);
}

TEST(ExpirationTest, NeverAndDefault) {
  state::ClusterState cluster;
  api::NodeClaim never = MakeClaim("never", "default", "fake:///1");
  never.spec.expire_after = api::NillableDuration::Never();
  api::NodeClaim unset = MakeClaim("unset", "default", "fake:///2");
  unset.spec.expire_after = {};  // not defaulted: the CRD default 720h
  cluster.store<api::NodeClaim>().Put(never);
  cluster.store<api::NodeClaim>().Put(unset);
  RecordingActuator act(cluster);
  Expiration exp(cluster, act);
  std::optional<TimePoint> next = exp.Reconcile(Start() + Hours(719));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, Start() + Hours(720));
  exp.Reconcile(Start() + Hours(10000));
  EXPECT_EQ(act.deleted_claims, std::vector<std::string>{"unset"});
}

}  // namespace
}  // namespace swell::provisioning::disruption
