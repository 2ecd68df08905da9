// The emulated Kubernetes controllers: replicas to pods, scale-down order, scheduling with
// Unschedulable reasons, kubelet timings and graceful stop, the Job controller.
#include "sim/kube.h"

#include <gtest/gtest.h>

namespace swell::sim {
namespace {

constexpr TimePoint kStart{std::chrono::hours(24 * 365 * 56)};

api::Node MakeNode(const std::string& name, const std::string& cpu, const std::string& memory,
                   api::Labels labels = {}, std::vector<api::Taint> taints = {}) {
  api::Node n;
  n.metadata.name = name;
  n.metadata.labels = std::move(labels);
  n.spec.taints = std::move(taints);
  n.status.allocatable = {{"cpu", api::Quantity::MustParse(cpu)},
                          {"memory", api::Quantity::MustParse(memory)},
                          {"pods", api::Quantity::FromInt(110)}};
  return n;
}

api::Deployment MakeDeployment(const std::string& name, int32_t replicas, const std::string& cpu) {
  api::Deployment d;
  d.metadata.name = name;
  d.metadata.namespace_ = "default";
  d.spec.replicas = replicas;
  d.spec.template_.metadata.labels = {{"app", name}};
  api::Container c;
  c.name = "c";
  c.resources.requests = {{"cpu", api::Quantity::MustParse(cpu)},
                          {"memory", api::Quantity::MustParse("128Mi")}};
  d.spec.template_.spec.containers.push_back(c);
  d.spec.template_.spec.termination_grace_period_seconds = 30;
  return d;
}

struct Fixture {
  EventLoop loop{kStart};
  state::ClusterState cluster;
  KubeSim kube{loop, cluster, 1, KubeOptions{}};

  std::vector<const api::Pod*> Pods(const std::string& owner) const {
    return cluster.PodsOwnedBy("default", "Deployment", owner);
  }
  void Scale(const std::string& name, int32_t n) {
    cluster.store<api::Deployment>().GetMutable("default", name)->spec.replicas = n;
    kube.WorkloadChanged("Deployment", "default", name);
  }
};

TEST(KubeSim, ReplicasBecomeReadyPodsAfterKubeletDelays) {
  Fixture f;
  f.cluster.Add(MakeNode("n1", "4", "16Gi"));
  f.cluster.Add(MakeDeployment("web", 3, "500m"));
  f.kube.WorkloadChanged("Deployment", "default", "web");
  f.loop.RunUntil(kStart + Seconds(1));
  KubeCounts c = f.kube.Counts("default", "Deployment", "web");
  EXPECT_EQ(c.starting, 3);  // bound, image pulling
  // Defaults: 100ms scheduling + 2s pull + 1s start + 2s readiness = Ready at 5.1s.
  f.loop.RunUntil(kStart + Milliseconds(5050));
  EXPECT_EQ(f.kube.Counts("default", "Deployment", "web").ready, 0);
  f.loop.RunUntil(kStart + Milliseconds(5100));
  c = f.kube.Counts("default", "Deployment", "web");
  EXPECT_EQ(c.ready, 3);
}

TEST(KubeSim, ScaleDownDeletesUnscheduledThenNotReadyThenLowestDeletionCost) {
  Fixture f;
  f.cluster.Add(MakeNode("n1", "2", "16Gi"));
  f.cluster.Add(MakeDeployment("web", 4, "500m"));
  f.kube.WorkloadChanged("Deployment", "default", "web");
  f.loop.RunUntil(kStart + Seconds(10));  // 4 pods fill the node (2 cpu / 500m)
  // Two more: they cannot be scheduled.
  f.Scale("web", 6);
  f.loop.RunUntil(kStart + Seconds(20));
  EXPECT_EQ(f.kube.Counts("default", "Deployment", "web").unschedulable, 2);
  // Mark one ready pod as cheapest to delete.
  std::string cheap;
  for (const api::Pod* p : f.Pods("web")) {
    if (!p->spec.node_name.empty()) cheap = p->metadata.name;
  }
  f.cluster.pods()
      .GetMutable("default", cheap)
      ->metadata.annotations["controller.kubernetes.io/pod-deletion-cost"] = "-100";
  f.Scale("web", 3);  // delete 3: the two unscheduled, then the cheap one
  f.loop.RunUntil(kStart + Seconds(21));
  int unscheduled_left = 0, running_left = 0;
  bool cheap_gone = true;
  for (const api::Pod* p : f.Pods("web")) {
    if (p->spec.node_name.empty()) unscheduled_left++;
    if (!state::IsPodTerminating(*p) && !p->spec.node_name.empty()) running_left++;
    if (p->metadata.name == cheap && !state::IsPodTerminating(*p)) cheap_gone = false;
  }
  EXPECT_EQ(unscheduled_left, 0);
  EXPECT_EQ(running_left, 3);
  EXPECT_TRUE(cheap_gone);  // the lowest pod-deletion-cost goes first among ready pods
}

TEST(KubeSim, UnschedulablePodsCarryTheSchedulersReasons) {
  Fixture f;
  f.cluster.Add(MakeNode("small", "1", "16Gi"));
  f.cluster.Add(MakeNode("tainted", "8", "16Gi", {},
                         {api::Taint{"dedicated", "gpu", "NoSchedule", std::nullopt}}));
  f.cluster.Add(MakeDeployment("big", 1, "2"));
  f.kube.WorkloadChanged("Deployment", "default", "big");
  f.loop.RunUntil(kStart + Seconds(1));
  auto pods = f.Pods("big");
  ASSERT_EQ(pods.size(), 1u);
  const api::Condition* c = api::FindCondition(pods[0]->status.conditions, "PodScheduled");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->status, "False");
  EXPECT_EQ(c->reason, "Unschedulable");
  EXPECT_EQ(c->message,
            "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint "
            "{dedicated: gpu}.");
}

TEST(KubeSim, NodeSelectorIsHonoured) {
  Fixture f;
  f.cluster.Add(MakeNode("a", "4", "16Gi", {{"disk", "hdd"}}));
  f.cluster.Add(MakeNode("b", "4", "16Gi", {{"disk", "ssd"}}));
  api::Deployment d = MakeDeployment("db", 2, "1");
  d.spec.template_.spec.node_selector = {{"disk", "ssd"}};
  f.cluster.Add(d);
  f.kube.WorkloadChanged("Deployment", "default", "db");
  f.loop.RunUntil(kStart + Seconds(1));
  for (const api::Pod* p : f.Pods("db")) EXPECT_EQ(p->spec.node_name, "b");
}

class Recorder final : public PodListener {
 public:
  void OnPodReady(const api::Pod& p) override { ready.push_back(p.metadata.name); }
  void OnPodStopping(const api::Pod& p, Duration grace, std::function<void()> done) override {
    stopping.push_back(p.metadata.name);
    graces.push_back(grace);
    dones.push_back(std::move(done));
  }
  void OnPodDeleted(const api::Pod& p) override { deleted.push_back(p.metadata.name); }
  std::vector<std::string> ready, stopping, deleted;
  std::vector<Duration> graces;
  std::vector<std::function<void()>> dones;
};

TEST(KubeSim, GracefulStopWaitsForTheProcessOrTheGracePeriod) {
  Fixture f;
  Recorder r;
  f.kube.set_listener(&r);
  f.cluster.Add(MakeNode("n1", "4", "16Gi"));
  f.cluster.Add(MakeDeployment("web", 2, "500m"));
  f.kube.WorkloadChanged("Deployment", "default", "web");
  f.loop.RunUntil(kStart + Seconds(10));
  ASSERT_EQ(r.ready.size(), 2u);
  f.Scale("web", 0);
  f.loop.RunUntil(kStart + Seconds(11));
  ASSERT_EQ(r.stopping.size(), 2u);
  EXPECT_EQ(r.graces[0], Seconds(30));
  r.dones[0]();  // the first process exits at once
  f.loop.RunUntil(kStart + Seconds(12));
  EXPECT_EQ(r.deleted.size(), 1u);
  f.loop.RunUntil(kStart + Seconds(41));  // the second is killed after the grace period
  EXPECT_EQ(r.deleted.size(), 2u);
}

TEST(KubeSim, JobRunsToCompletionAndFailsAfterBackoffLimit) {
  Fixture f;
  Recorder r;
  f.kube.set_listener(&r);
  f.cluster.Add(MakeNode("n1", "8", "16Gi"));
  api::Job ok;
  ok.metadata.name = "ok";
  ok.metadata.namespace_ = "default";
  ok.spec.completions = 2;
  ok.spec.parallelism = 2;
  ok.spec.template_.spec.containers.push_back(api::Container{});
  ok.spec.template_.spec.containers[0].name = "c";
  ok.spec.template_.spec.restart_policy = "Never";
  api::Job bad = ok;
  bad.metadata.name = "bad";
  bad.spec.completions = 1;
  bad.spec.parallelism = 1;
  bad.spec.backoff_limit = 1;
  f.cluster.Add(ok);
  f.cluster.Add(bad);
  f.kube.WorkloadChanged("Job", "default", "ok");
  f.kube.WorkloadChanged("Job", "default", "bad");
  // Every ready pod exits right away: ok's succeed, bad's fail.
  for (int round = 0; round < 6; round++) {
    f.loop.RunUntil(f.loop.Now() + Seconds(10));
    for (const auto& name : r.ready) {
      const api::Pod* p = f.cluster.pods().Get("default", name);
      if (p == nullptr || p->status.phase != "Running") continue;
      bool is_bad = state::ControllerOf(p->metadata)->name == "bad";
      f.kube.PodExited("default", name, !is_bad);
    }
  }
  const api::Job* done = f.cluster.store<api::Job>().Get("default", "ok");
  const api::Job* failed = f.cluster.store<api::Job>().Get("default", "bad");
  ASSERT_NE(api::FindCondition(done->status.conditions, "Complete"), nullptr);
  EXPECT_EQ(done->status.succeeded, 2);
  const api::Condition* c = api::FindCondition(failed->status.conditions, "Failed");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->reason, "BackoffLimitExceeded");
  EXPECT_EQ(failed->status.failed, 2);  // backoffLimit 1: the second failure ends it
}

TEST(KubeSim, JobActiveDeadline) {
  Fixture f;
  f.cluster.Add(MakeNode("n1", "8", "16Gi"));
  api::Job j;
  j.metadata.name = "slow";
  j.metadata.namespace_ = "default";
  j.spec.active_deadline_seconds = 60;
  j.spec.template_.spec.containers.push_back(api::Container{});
  j.spec.template_.spec.containers[0].name = "c";
  j.spec.template_.spec.restart_policy = "Never";
  f.cluster.Add(j);
  f.kube.WorkloadChanged("Job", "default", "slow");
  f.loop.RunUntil(kStart + Seconds(61));
  const api::Job* stored = f.cluster.store<api::Job>().Get("default", "slow");
  const api::Condition* c = api::FindCondition(stored->status.conditions, "Failed");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->reason, "DeadlineExceeded");
}

// ---- dynamic nodes, DaemonSets, the Eviction API ------------------------------------------------

int CountReady(const Fixture& f, const std::string& owner) {
  return f.kube.Counts("default", "Deployment", owner).ready;
}

TEST(KubeSim, AddedNodeIsNotReadyUntilItsKubeletStarts) {
  Fixture f;
  f.cluster.Add(MakeDeployment("web", 2, "500m"));
  f.kube.WorkloadChanged("Deployment", "default", "web");
  f.loop.RunUntil(kStart + Seconds(1));
  EXPECT_EQ(f.kube.Counts("default", "Deployment", "web").unschedulable, 2);
  api::Node n = MakeNode(f.kube.NextNodeName(), "4", "16Gi");
  EXPECT_EQ(n.metadata.name, "ip-10-0-0-0.ec2.internal");
  ASSERT_TRUE(f.kube.AddNode(n).ok());
  EXPECT_FALSE(f.kube.AddNode(n).ok());  // names are unique
  const api::Node* stored = f.cluster.store<api::Node>().Get("", n.metadata.name);
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(api::FindCondition(stored->status.conditions, "Ready")->status, "False");
  ASSERT_EQ(stored->spec.taints.size(), 1u);
  EXPECT_EQ(stored->spec.taints[0].key, "node.kubernetes.io/not-ready");
  f.loop.RunUntil(kStart + Seconds(5));  // default node_ready: 5 s after AddNode (at 1 s)
  EXPECT_EQ(f.kube.Counts("default", "Deployment", "web").unschedulable, 2);
  f.loop.RunUntil(kStart + Seconds(6) + Milliseconds(200));
  stored = f.cluster.store<api::Node>().Get("", n.metadata.name);
  EXPECT_EQ(api::FindCondition(stored->status.conditions, "Ready")->status, "True");
  EXPECT_TRUE(stored->spec.taints.empty());
  EXPECT_EQ(f.kube.Counts("default", "Deployment", "web").starting, 2);  // retried and bound
}

TEST(KubeSim, DaemonSetPodsLandOnEveryEligibleNode) {
  Fixture f;
  api::DaemonSet ds;
  ds.metadata.name = "agent";
  ds.metadata.namespace_ = "kube-system";
  ds.spec.template_.spec.containers.push_back(api::Container{});
  ds.spec.template_.spec.containers[0].name = "c";
  f.cluster.Add(ds);
  f.cluster.Add(MakeNode("plain", "4", "16Gi"));
  f.cluster.Add(MakeNode("tainted", "4", "16Gi", {},
                         {api::Taint{"dedicated", "gpu", "NoSchedule", std::nullopt}}));
  f.kube.NodesChanged();
  auto on = [&](const std::string& node) {
    int n = 0;
    for (const auto& [k, p] : f.cluster.pods()) n += p.spec.node_name == node ? 1 : 0;
    return n;
  };
  EXPECT_EQ(on("plain"), 1);
  EXPECT_EQ(on("tainted"), 0);
  // A new node gets its pod once its not-ready taint is gone.
  ASSERT_TRUE(f.kube.AddNode(MakeNode("new", "4", "16Gi")).ok());
  EXPECT_EQ(on("new"), 0);
  f.loop.RunUntil(kStart + Seconds(6));
  EXPECT_EQ(on("new"), 1);
  f.kube.NodesChanged();
  EXPECT_EQ(on("new"), 1);  // one per node
}

TEST(KubeSim, RemovedNodeTakesItsPodsAndTheDeploymentReplacesThem) {
  Fixture f;
  Recorder r;
  f.kube.set_listener(&r);
  f.cluster.Add(MakeNode("a", "4", "16Gi"));
  f.cluster.Add(MakeDeployment("web", 2, "500m"));
  f.kube.WorkloadChanged("Deployment", "default", "web");
  f.loop.RunUntil(kStart + Seconds(10));
  ASSERT_EQ(CountReady(f, "web"), 2);
  f.cluster.Add(MakeNode("b", "4", "16Gi"));
  f.kube.RemoveNode("a");
  EXPECT_EQ(r.deleted.size(), 2u);
  f.loop.RunUntil(kStart + Seconds(20));
  EXPECT_EQ(CountReady(f, "web"), 2);
  for (const api::Pod* p : f.Pods("web")) EXPECT_EQ(p->spec.node_name, "b");
}

api::PodDisruptionBudget MakePdb(const std::string& app, std::optional<api::IntOrString> min,
                                 std::optional<api::IntOrString> max) {
  api::PodDisruptionBudget pdb;
  pdb.metadata.name = app + "-pdb";
  pdb.metadata.namespace_ = "default";
  pdb.spec.selector = api::LabelSelector{{{"app", app}}, {}};
  pdb.spec.min_available = std::move(min);
  pdb.spec.max_unavailable = std::move(max);
  return pdb;
}

TEST(KubeSim, EvictionRespectsPodDisruptionBudgets) {
  Fixture f;
  f.cluster.Add(MakeNode("n1", "8", "16Gi"));
  f.cluster.Add(MakeDeployment("web", 3, "500m"));
  f.cluster.Add(MakePdb("web", api::IntOrString::Int(2), std::nullopt));
  f.kube.WorkloadChanged("Deployment", "default", "web");
  f.loop.RunUntil(kStart + Seconds(10));
  ASSERT_EQ(CountReady(f, "web"), 3);
  std::vector<std::string> names;
  for (const api::Pod* p : f.Pods("web")) names.push_back(p->metadata.name);
  EXPECT_TRUE(f.kube.EvictPod("default", names[0]).ok());  // 3 healthy, 2 needed
  Status blocked = f.kube.EvictPod("default", names[1]);   // 2 healthy: none to spare
  EXPECT_EQ(blocked.code(), StatusCode::kUnavailable);
  EXPECT_EQ(f.kube.EvictPod("default", "nope").code(), StatusCode::kNotFound);
  // The Deployment replaces the evicted pod; once it is Ready the budget allows one more.
  f.loop.RunUntil(kStart + Seconds(20));
  EXPECT_EQ(CountReady(f, "web"), 3);
  EXPECT_TRUE(f.kube.EvictPod("default", names[1]).ok());
}

TEST(KubeSim, MaxUnavailablePercentAndUnhealthyPods) {
  Fixture f;
  f.cluster.Add(MakeNode("n1", "8", "16Gi"));
  f.cluster.Add(MakeDeployment("web", 4, "500m"));
  f.cluster.Add(MakePdb("web", std::nullopt, api::IntOrString::String("25%")));
  f.kube.WorkloadChanged("Deployment", "default", "web");
  f.loop.RunUntil(kStart + Milliseconds(500));  // bound, not Ready yet
  std::vector<std::string> names;
  for (const api::Pod* p : f.Pods("web")) names.push_back(p->metadata.name);
  // Nothing is healthy (0 < 3 desired): a not-ready pod may not go under IfHealthyBudget.
  EXPECT_EQ(f.kube.EvictPod("default", names[0]).code(), StatusCode::kUnavailable);
  f.loop.RunUntil(kStart + Seconds(10));
  EXPECT_TRUE(f.kube.EvictPod("default", names[0]).ok());  // 4 healthy, 3 desired
  EXPECT_EQ(f.kube.EvictPod("default", names[1]).code(), StatusCode::kUnavailable);
}

TEST(KubeSim, StatefulSetReusesAnOrdinalOnlyOnceItsPodIsGone) {
  Fixture f;
  Recorder r;  // processes that take their whole grace period to stop
  f.kube.set_listener(&r);
  f.cluster.Add(MakeNode("n1", "8", "16Gi"));
  api::StatefulSet s;
  s.metadata.name = "db";
  s.metadata.namespace_ = "default";
  s.spec.replicas = 3;
  s.spec.template_ = MakeDeployment("db", 1, "500m").spec.template_;
  f.cluster.Add(s);
  f.kube.WorkloadChanged("StatefulSet", "default", "db");
  f.loop.RunUntil(kStart + Seconds(10));
  ASSERT_TRUE(f.kube.DeletePodByClient("default", "db-1").ok());
  f.loop.RunUntil(kStart + Seconds(11));
  ASSERT_NE(f.cluster.pods().Get("default", "db-1"), nullptr);
  EXPECT_TRUE(state::IsPodTerminating(*f.cluster.pods().Get("default", "db-1")));
  EXPECT_EQ(f.cluster.pods().Get("default", "db-3"), nullptr);  // no new ordinal
  f.loop.RunUntil(kStart + Seconds(45));  // grace period over: db-1 comes back
  const api::Pod* back = f.cluster.pods().Get("default", "db-1");
  ASSERT_NE(back, nullptr);
  EXPECT_FALSE(state::IsPodTerminating(*back));
  EXPECT_EQ(f.cluster.PodsOwnedBy("default", "StatefulSet", "db").size(), 3u);
}

}  // namespace
}  // namespace swell::sim
