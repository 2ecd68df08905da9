// Interruption handling (karpenter.md §3.8).
#include "provisioning/disruption/interruption.h"

#include <gtest/gtest.h>

#include <deque>

#include "provisioning/disruption/test_env.h"

namespace swell::provisioning::disruption {
namespace {

using testing::MakeClaim;
using testing::MakeNode;
using testing::RecordingActuator;
using testing::Start;
using Kind = cloud::InterruptionMessage::Kind;

class FakeQueue : public cloud::InterruptionQueue {
 public:
  std::vector<cloud::InterruptionMessage> Receive() override {
    std::vector<cloud::InterruptionMessage> out(pending.begin(), pending.end());
    pending.clear();
    return out;
  }
  std::deque<cloud::InterruptionMessage> pending;
};

struct Env {
  Env() {
    cluster.store<api::NodeClaim>().Put(MakeClaim("c1", "default", "aws:///i-1"));
    cluster.store<api::Node>().Put(MakeNode("n1", "aws:///i-1", "default"));
    cluster.store<api::NodeClaim>().Put(MakeClaim("c2", "default", "aws:///i-2"));
  }
  state::ClusterState cluster;
  FakeQueue queue;
  RecordingActuator act{cluster};
  Interruption ctl{cluster, queue, act};
};

TEST(InterruptionTest, SpotInterruptionDeletesTheNodeClaim) {
  Env env;
  env.queue.pending.push_back({Kind::kSpotInterruption, "aws:///i-1", Start(), ""});
  env.ctl.Reconcile(Start());
  EXPECT_EQ(env.act.deleted_claims, std::vector<std::string>{"c1"});
  EXPECT_EQ(env.act.CountEvents("SpotInterrupted", "n1"), 1);
  EXPECT_EQ(env.act.CountEvents("SpotInterrupted", "c1"), 1);
  EXPECT_EQ(env.act.CountEvents("TerminatingOnInterruption"), 2);
  EXPECT_EQ(env.ctl.stats().deleted.at("SpotInterruption"), 1);
  // Already deleting: a second warning does not delete again.
  env.queue.pending.push_back({Kind::kSpotInterruption, "aws:///i-1", Start(), ""});
  env.ctl.Reconcile(Start() + Seconds(1));
  EXPECT_EQ(env.act.deleted_claims.size(), 1u);
  EXPECT_EQ(env.ctl.stats().received.at("SpotInterruption"), 2);
}

TEST(InterruptionTest, ActionPerKind) {
  struct Case {
    Kind kind;
    std::string state;
    bool deletes;
    std::string event;
  };
  std::vector<Case> cases = {
      {Kind::kScheduledChange, "", true, "InstanceUnhealthy"},
      {Kind::kStateChange, "stopping", true, "InstanceStopping"},
      {Kind::kStateChange, "stopped", true, "InstanceStopping"},
      {Kind::kStateChange, "shutting-down", true, "InstanceTerminating"},
      {Kind::kStateChange, "terminated", true, "InstanceTerminating"},
      {Kind::kStateChange, "running", false, ""},
      {Kind::kRebalanceRecommendation, "", false, "SpotRebalanceRecommendation"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(InterruptionKindName(c.kind)) + " " + c.state);
    Env env;
    env.queue.pending.push_back({c.kind, "aws:///i-2", Start(), c.state});
    env.ctl.Reconcile(Start());
    EXPECT_EQ(env.act.deleted_claims.size(), c.deletes ? 1u : 0u);
    if (c.event.empty()) {
      EXPECT_TRUE(env.act.events.empty());
    } else {
      EXPECT_EQ(env.act.CountEvents(c.event, "c2"), 1);
    }
  }
}

TEST(InterruptionTest, UnknownInstanceIsDropped) {
  Env env;
  env.queue.pending.push_back({Kind::kSpotInterruption, "aws:///i-9", Start(), ""});
  env.ctl.Reconcile(Start());
  EXPECT_TRUE(env.act.deleted_claims.empty());
  EXPECT_EQ(env.ctl.stats().unknown_instance, 1);
  EXPECT_TRUE(env.queue.pending.empty());
}

}  // namespace
}  // namespace swell::provisioning::disruption
