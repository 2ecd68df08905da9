// Karpenter's state.Cluster (core pkg/controllers/state; karpenter.md §2.2, §3.2) as a function
// of ClusterState: the Karpenter half's view of nodes. A StateNode joins a Node and a NodeClaim
// by providerID; a launched NodeClaim without a Node yet is an in-flight node. Upstream keeps
// this incrementally from informers; swell rebuilds it per reconcile from the store, plus the
// little Karpenter keeps only in memory (ClusterMarks: nominations, nodes marked for deletion).
//
// A ClusterView points into the ClusterState it was built from: it is valid until the state
// erases an object, so build one per reconcile and drop it before yielding to the world.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/object.h"
#include "provisioning/scheduling/scheduler.h"
#include "state/cluster_state.h"
#include "util/time.h"

namespace swell::provisioning {

// Karpenter's nomination window, max(2 x BatchMaxDuration, 10 s) (§9, state/statenode.go).
inline constexpr Duration kDefaultNominationWindow = Seconds(20);

// What Karpenter's cluster state holds in memory beside the API objects. Owned by whoever
// runs the controllers and shared by them (provisioner, disruption); keyed by providerID.
class ClusterMarks {
 public:
  explicit ClusterMarks(Duration nomination_window = kDefaultNominationWindow)
      : window_(nomination_window) {}

  // A provisioning pass placed `pod_key` ("ns/name") on the state node `provider_id` at `now`:
  // the node is nominated until now + window (extended if it already was), and the pod is
  // counted on it until then or until it binds (NominateNodeForPod, swell: plus the pod).
  void Nominate(std::string_view provider_id, std::string_view pod_key, TimePoint now);
  // Nominates the node alone (a disruption command's replacement).
  void NominateNode(std::string_view provider_id, TimePoint now);
  // True while the node's nomination window is open.
  bool IsNominated(std::string_view provider_id, TimePoint now) const;
  // The node a pod is nominated to, if its window is open.
  std::optional<std::string> NominatedNodeOf(std::string_view pod_key, TimePoint now) const;

  // In-memory deletion marks (Cluster.MarkForDeletion / UnmarkForDeletion), set by a
  // disruption command once its replacements exist.
  void MarkForDeletion(std::string_view provider_id) { marked_.emplace(provider_id); }
  void UnmarkForDeletion(std::string_view provider_id) { marked_.erase(std::string(provider_id)); }
  bool IsMarkedForDeletion(std::string_view provider_id) const {
    return marked_.count(std::string(provider_id)) > 0;
  }

  // Drops nominations whose window closed before `now` (bounded memory; optional).
  void Expire(TimePoint now);
  Duration window() const { return window_; }

 private:
  struct PodNomination {
    std::string provider_id;
    TimePoint until;
  };
  Duration window_;
  std::map<std::string, TimePoint, std::less<>> nodes_;     // providerID -> until
  std::map<std::string, PodNomination, std::less<>> pods_;  // pod key -> node, until
  std::set<std::string, std::less<>> marked_;
};

// A node as Karpenter sees it (StateNode).
struct StateNode {
  const api::Node* node = nullptr;            // null: in flight (launched, not registered)
  const api::NodeClaim* nodeclaim = nullptr;  // null: not managed by Karpenter
  std::string provider_id;
  // Name(): the NodeClaim's name until the Node is registered, then the Node's.
  std::string name;
  std::string nodepool;  // label karpenter.sh/nodepool; "" for unmanaged nodes
  // Labels()/Annotations(): the NodeClaim's until registered, then the Node's.
  const api::Labels* labels = nullptr;
  const api::StringMap* annotations = nullptr;
  // Taints(): the NodeClaim's spec.taints until registered, then the Node's; while a managed
  // node is not initialized, known ephemeral taints and its startup taints are left out.
  std::vector<api::Taint> taints;
  // Capacity()/Allocatable(): the Node's, with zero or missing values taken from the
  // NodeClaim's status until initialized. `capacity` has no "nodes" entry.
  api::ResourceList capacity;
  api::ResourceList allocatable;
  // Pods bound to the node that are not terminal, in key order: DaemonSet pods apart.
  std::vector<const api::Pod*> pods;
  std::vector<const api::Pod*> daemon_pods;
  // Unbound pods nominated here by a recent provisioning pass (ClusterMarks), still counted.
  std::vector<const api::Pod*> nominated_pods;
  api::ResourceList pod_requests;     // pods + daemon_pods + nominated_pods
  api::ResourceList daemon_requests;  // daemon_pods
  api::ResourceList available;        // allocatable - pod_requests (may go negative)
  bool registered = false;            // unmanaged nodes: always
  bool initialized = false;           // unmanaged nodes: always
  // NodeClaim or (unmanaged) Node deleting, NodeClaim InstanceTerminating, the Node carries
  // karpenter.sh/disrupted:NoSchedule, or ClusterMarks::MarkForDeletion.
  bool marked_for_deletion = false;
  bool nominated = false;  // nomination window open

  bool Managed() const { return nodeclaim != nullptr; }
  bool InFlight() const { return node == nullptr; }
  // kubernetes.io/hostname, else the name.
  std::string HostName() const;
  // The pods whose home goes with the node: reschedulable pods (pods.h IsReschedulable).
  std::vector<const api::Pod*> ReschedulablePods() const;
};

class ClusterView {
 public:
  // Builds the view at `now`. Nodes are ordered by name (then providerID). NodeClaims without
  // a providerID are not state nodes (they have not launched); they make the view unsynced.
  static ClusterView Build(const state::ClusterState& cluster, const ClusterMarks& marks,
                           TimePoint now);

  const std::vector<StateNode>& nodes() const { return nodes_; }
  const StateNode* FindByProviderID(std::string_view provider_id) const;
  const StateNode* FindByNodeName(std::string_view node_name) const;
  const StateNode* FindByNodeClaim(std::string_view nodeclaim_name) const;

  // Cluster.Synced once hydrated: false while some NodeClaim has not launched (no providerID
  // yet), so a scheduling decision never misses capacity that is about to exist.
  bool Synced() const { return unlaunched_.empty(); }
  const std::vector<const api::NodeClaim*>& unlaunched() const { return unlaunched_; }

  // NodePoolResourcesFor: the capacity of the pool's state nodes that are not marked for
  // deletion, plus "nodes" (their count). Empty for a pool without nodes.
  api::ResourceList NodePoolUsage(std::string_view nodepool) const;
  const std::map<std::string, api::ResourceList, std::less<>>& nodepool_usage() const {
    return usage_;
  }

  // The state node as the scheduling simulation's ExistingNode: its pods are the bound,
  // daemon and nominated pods.
  static ExistingNode ToExistingNode(const StateNode& n);

 private:
  std::vector<StateNode> nodes_;
  std::map<std::string, size_t, std::less<>> by_provider_id_, by_node_name_, by_nodeclaim_;
  std::vector<const api::NodeClaim*> unlaunched_;
  std::map<std::string, api::ResourceList, std::less<>> usage_;
};

}  // namespace swell::provisioning
