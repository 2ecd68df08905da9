// The orchestration queue (karpenter.md §3.6).
#include "provisioning/disruption/queue.h"

#include <gtest/gtest.h>

#include "provisioning/disruption/test_env.h"

namespace swell::provisioning::disruption {
namespace {

using testing::Env;

struct QueueEnv : Env {
  QueueEnv() {
    AddPool("default");
    AddNode("a", "default", "large");
    AddPod("p", "a", "1", "1Gi");
  }
  // A replace command for node "a" with one small replacement.
  Command Replace(std::string_view reason = "Underutilized") {
    Command cmd;
    cmd.reason = std::string(reason);
    cmd.method = "single-node";
    cmd.candidates.push_back({"fake:///a", "a", "a-claim", "default", 0.40, 1});
    Replacement r;
    r.plan.nodepool = "default";
    r.plan.instance_types = {&Type("small")};
    r.plan.labels["karpenter.sh/nodepool"] = "default";  // as the scheduler's plans carry
    cmd.replacements.push_back(r);
    return cmd;
  }
  bool Tainted(const std::string& node) {
    for (const api::Taint& t : Node(node).spec.taints) {
      if (t.key == "karpenter.sh/disrupted") return true;
    }
    return false;
  }
  EventRecorder recorder{act};
  OrchestrationQueue queue{cluster, act, marks, recorder};
};

TEST(QueueTest, TaintLaunchWaitThenDelete) {
  QueueEnv env;
  ASSERT_TRUE(env.queue.Start(env.Replace(), env.now).ok());
  EXPECT_TRUE(env.Tainted("a"));
  const api::Condition* reason =
      api::FindCondition(env.Claim("a-claim").status.conditions, kConditionDisruptionReason);
  ASSERT_NE(reason, nullptr);
  EXPECT_EQ(reason->reason, "Underutilized");
  ASSERT_EQ(env.act.created.size(), 1u);
  const std::string repl = env.act.created[0].metadata.name;
  EXPECT_EQ(env.act.created[0].metadata.owner_references[0].kind, "NodePool");
  EXPECT_TRUE(env.marks.IsMarkedForDeletion("fake:///a"));
  EXPECT_TRUE(env.queue.HasAny("fake:///a"));
  EXPECT_EQ(env.act.CountEvents("DisruptionLaunching", repl), 1);
  // A second command on the same node is refused.
  EXPECT_EQ(env.queue.Start(env.Replace(), env.now).code(), StatusCode::kFailedPrecondition);

  env.Advance(Seconds(30));
  EXPECT_EQ(env.queue.Reconcile(env.now), env.now + Seconds(1));
  EXPECT_TRUE(env.act.deleted_claims.empty());
  EXPECT_EQ(env.act.CountEvents("DisruptionWaitingReadiness", repl), 1);
  env.Initialize(repl, "small");
  EXPECT_FALSE(env.queue.Reconcile(env.now).has_value());
  EXPECT_EQ(env.act.deleted_claims, std::vector<std::string>{"a-claim"});
  EXPECT_EQ(env.queue.stats().disrupted.at("Underutilized"), 1);
  EXPECT_EQ(env.queue.stats().pods_disrupted, 1);
  EXPECT_EQ(env.act.CountEvents("DisruptionTerminating", "a"), 1);
  EXPECT_TRUE(env.queue.empty());
}

// A replacement that disappears (insufficient capacity) fails the command: the candidate is
// untainted, unmarked and its DisruptionReason cleared.
TEST(QueueTest, ReplacementGoneRollsBack) {
  QueueEnv env;
  ASSERT_TRUE(env.queue.Start(env.Replace(), env.now).ok());
  const std::string repl = env.act.created[0].metadata.name;
  env.cluster.store<api::NodeClaim>().Erase("", repl);
  env.queue.Reconcile(env.now + Seconds(1));
  EXPECT_TRUE(env.queue.empty());
  EXPECT_EQ(env.queue.stats().failed, 1);
  EXPECT_FALSE(env.Tainted("a"));
  EXPECT_FALSE(env.marks.IsMarkedForDeletion("fake:///a"));
  EXPECT_EQ(api::FindCondition(env.Claim("a-claim").status.conditions, kConditionDisruptionReason),
            nullptr);
  EXPECT_TRUE(env.act.deleted_claims.empty());
}

// A replacement that never initializes: after the retry window (10 minutes for a small queue)
// the command is rolled back and the replacement deleted.
TEST(QueueTest, TimeoutRollsBackAndDeletesReplacement) {
  QueueEnv env;
  EXPECT_EQ(env.queue.MaxRetryDuration(), Minutes(10));
  ASSERT_TRUE(env.queue.Start(env.Replace(), env.now).ok());
  const std::string repl = env.act.created[0].metadata.name;
  env.queue.Reconcile(env.now + Minutes(10));
  EXPECT_FALSE(env.queue.empty());
  env.Advance(Minutes(10) + Seconds(1));
  env.queue.Reconcile(env.now);
  EXPECT_TRUE(env.queue.empty());
  EXPECT_EQ(env.act.deleted_claims, std::vector<std::string>{repl});
  EXPECT_FALSE(env.Tainted("a"));
}

// Creating the replacement fails: nothing is left marked.
TEST(QueueTest, LaunchFailureUndoes) {
  QueueEnv env;
  Command cmd = env.Replace();
  cmd.replacements[0].plan.nodepool = "gone";
  EXPECT_FALSE(env.queue.Start(cmd, env.now).ok());
  EXPECT_TRUE(env.queue.empty());
  EXPECT_FALSE(env.Tainted("a"));
  EXPECT_FALSE(env.marks.IsMarkedForDeletion("fake:///a"));
  EXPECT_EQ(env.queue.stats().start_failures, 1);
}

// The invariant: a consolidation never deletes a node that holds an active do-not-disrupt pod.
TEST(QueueTest, DoNotDisruptInvariant) {
  QueueEnv env;
  ASSERT_TRUE(env.queue.Start(env.Replace(), env.now).ok());
  env.AddPod("late", "a").metadata.annotations["karpenter.sh/do-not-disrupt"] = "true";
  env.Initialize(env.act.created[0].metadata.name, "small");
  env.queue.Reconcile(env.now);
  EXPECT_EQ(env.queue.stats().do_not_disrupt_violations, 1);
  // Drift is eventual: not counted.
  QueueEnv drift;
  ASSERT_TRUE(drift.queue.Start(drift.Replace("Drifted"), drift.now).ok());
  drift.AddPod("late", "a").metadata.annotations["karpenter.sh/do-not-disrupt"] = "true";
  drift.Initialize(drift.act.created[0].metadata.name, "small");
  drift.queue.Reconcile(drift.now);
  EXPECT_EQ(drift.queue.stats().do_not_disrupt_violations, 0);
}

}  // namespace
}  // namespace swell::provisioning::disruption
