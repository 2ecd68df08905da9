// Kubernetes, emulated as far as autoscaling sees it: the Deployment/StatefulSet controller
// (replicas -> pods, scale-down in the ReplicaSet controller's order), the Job controller, a
// scheduler that binds pods by requests, selectors, affinity and taints (and marks the rest
// PodScheduled=False/Unschedulable), and a kubelet with start-up and graceful-stop timings.
// Everything runs on the EventLoop and mutates the ClusterState the controllers read.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/event_loop.h"
#include "sim/rng.h"
#include "state/cluster_state.h"
#include "util/status.h"

namespace swell::sim {

struct KubeOptions {
  // Delay from a spec change (e.g. /scale) to the controller acting. Default: 0
  Duration controller_delay{0};
  // Delay from a pod becoming schedulable to the scheduler binding it. Default: 100ms
  Duration scheduler_delay = Milliseconds(100);
  // Pod start-up on the node: image pull, container start, readiness probe delay.
  DurationDist image_pull = DurationDist::Constant(Seconds(2));       // Default: 2s
  DurationDist container_start = DurationDist::Constant(Seconds(1));  // Default: 1s
  DurationDist readiness = DurationDist::Constant(Seconds(2));        // Default: 2s
  // A registered node's kubelet and CNI start-up: AddNode -> Ready. Default: 5s
  DurationDist node_ready = DurationDist::Constant(Seconds(5));
};

// How the workloads' processes react to pod lifecycle: the consumer models implement it.
class PodListener {
 public:
  virtual ~PodListener() = default;
  // The pod is Running and Ready.
  virtual void OnPodReady(const api::Pod& pod) = 0;
  // The pod got SIGTERM with `grace` to stop. Call `done` when the process has exited (at the
  // latest the kubelet kills it after `grace`; calling `done` later is harmless).
  virtual void OnPodStopping(const api::Pod& pod, Duration grace, std::function<void()> done) = 0;
  // The pod is gone from the API (after stopping, or deleted before it started).
  virtual void OnPodDeleted(const api::Pod& pod) = 0;
};

// Counters for the timeline and the summary.
struct KubeCounts {
  int pending = 0;        // not bound to a node
  int unschedulable = 0;  // of which PodScheduled=False/Unschedulable
  int starting = 0;       // bound, not Ready
  int ready = 0;
  int terminating = 0;
};

class KubeSim {
 public:
  KubeSim(EventLoop& loop, state::ClusterState& cluster, uint64_t seed, KubeOptions options);

  void set_listener(PodListener* l) { listener_ = l; }

  // The workload's spec changed (created, scaled): reconcile after the controller delay.
  void WorkloadChanged(const std::string& kind, const std::string& ns, const std::string& name);
  // A node was added, removed or changed: unschedulable pods are retried, DaemonSet pods are
  // created on nodes that lack them.
  void NodesChanged();

  // ---- nodes that come and go (the simulated cloud's instances) ------------------------------
  // A kubelet registered `node`: it is stored NotReady (condition Ready=False, taint
  // node.kubernetes.io/not-ready:NoSchedule added to the taints it carries) and turns Ready
  // after options.node_ready, when the node lifecycle controller lifts the not-ready taint.
  // AlreadyExists if a Node of that name exists.
  Status AddNode(api::Node node);
  // The Node leaves the API (its finalizers are gone while deleting, or its instance vanished
  // without a finalizer holding it): it is removed and the pods bound to it are deleted at
  // once, as the pod garbage collector does. No-op if absent.
  void RemoveNode(const std::string& name);
  // The kubelet stopped reporting (its instance is gone): Ready becomes Unknown.
  void MarkNodeNotReady(const std::string& name);
  // Node names for new instances: "ip-10-<a>-<b>-<c>.ec2.internal" from a counter.
  std::string NextNodeName();

  // ---- API clients' pod writes -----------------------------------------------------------------
  // The Eviction API (policy/v1): Unavailable ("Cannot evict pod as it would violate the pod's
  // disruption budget.") when a PodDisruptionBudget selecting the pod has no disruption left,
  // or when more than one selects it; otherwise the pod is deleted gracefully and its
  // controller replaces it. NotFound if the pod is gone.
  Status EvictPod(const std::string& ns, const std::string& name);
  // A graceful delete through the API, PodDisruptionBudgets not consulted; the pod's controller
  // replaces it. NotFound if the pod is gone.
  Status DeletePodByClient(const std::string& ns, const std::string& name);
  // Deletes every pod owned by kind/ns/name (cascading deletion of a Job), gracefully.
  void DeleteOwnedPods(const std::string& kind, const std::string& ns, const std::string& name);
  // Job pods report their process outcome here (exit code 0 = success).
  void PodExited(const std::string& ns, const std::string& pod, bool success);

  KubeCounts Counts(const std::string& ns = "", const std::string& owner_kind = "",
                    const std::string& owner = "") const;
  // Pods ever created, and ever marked Unschedulable.
  int64_t pods_created() const { return pods_created_; }

  // Invoked whenever a pod's state changes (for the node provisioner and the recorder).
  void set_on_pods_changed(std::function<void()> fn) { on_pods_changed_ = std::move(fn); }
  // Invoked when a node is added, turns Ready or is removed.
  void set_on_nodes_changed(std::function<void()> fn) { on_nodes_changed_ = std::move(fn); }

 private:
  template <class W>
  void ReconcileReplicas(W& w, const std::string& kind);
  void ReconcileJob(api::Job& job);
  api::Pod NewPod(const api::ObjectMeta& owner, const std::string& kind,
                  const api::PodTemplateSpec& tmpl, const std::string& name);
  std::string NextPodName(const std::string& owner);
  // `defer_removal`: a pod that never started leaves the store on the next event rather than
  // at once (API clients may still hold it).
  void DeletePod(const std::string& ns, const std::string& name, bool defer_removal = false);
  void ReplaceAfterDelete(const api::Pod& pod);
  void SyncDaemonSets();
  // Node -> (requests of its pods, pod count), for one scheduling pass.
  struct NodeUsage {
    api::ResourceList used;
    int64_t pods = 0;
  };
  std::map<std::string, NodeUsage> UsageByNode() const;
  void RemovePod(const std::string& ns, const std::string& name);
  void ScheduleSoon();
  void SchedulePending();
  bool TryBind(api::Pod& pod, std::map<std::string, NodeUsage>& usage,
               std::vector<std::string>* reasons);
  void StartPod(const std::string& ns, const std::string& name);
  void Changed();

  EventLoop& loop_;
  state::ClusterState& cluster_;
  KubeOptions options_;
  Rng rng_;
  Rng node_rng_;  // node start-up draws, apart so they never shift the pods' draws
  PodListener* listener_ = nullptr;
  bool scheduling_queued_ = false;
  std::map<std::string, int64_t> name_counters_;
  int64_t pods_created_ = 0;
  std::function<void()> on_pods_changed_;
  std::function<void()> on_nodes_changed_;
  int64_t nodes_added_ = 0;
};

}  // namespace swell::sim
