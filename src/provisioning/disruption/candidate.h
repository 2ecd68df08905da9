// Disruption candidates (core pkg/controllers/disruption/types.go NewCandidate, state/statenode.go
// ValidateNodeDisruptable / ValidatePodsDisruptable, utils/pdb, utils/disruption; karpenter.md
// §3.2, §3.3, §3.7): which nodes a voluntary disruption may take, and what taking each costs.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "provisioning/disruption/context.h"

namespace swell::provisioning::disruption {

// Graceful disruption (consolidation) always respects blocking PDBs and do-not-disrupt pods;
// eventual disruption (drift) ignores them when the NodeClaim has a terminationGracePeriod.
enum class DisruptionClass { kGraceful, kEventual };

// EvictionCost: clamp(1 + pod-deletion-cost/2^27 + priority/2^25, -10, 10) (§3.3). An
// unparsable controller.kubernetes.io/pod-deletion-cost is ignored.
double EvictionCost(const api::Pod& pod);
// Sum of EvictionCost over `pods`.
double ReschedulingCost(const std::vector<const api::Pod*>& pods);
// clamp((expireAfter - age) / expireAfter, 0, 1); 1 when the NodeClaim never expires.
double LifetimeRemaining(const api::NodeClaim& claim, TimePoint now);

// The PodDisruptionBudgets as eviction sees them (pkg/utils/pdb Limits), read from
// status.disruptionsAllowed as the eviction API does.
class PdbLimits {
 public:
  explicit PdbLimits(const state::ClusterState& cluster);

  // CanEvictPods: nullopt if every pod the drain would evict (pods.h IsEvictable) can be
  // evicted, else why not: "pdb prevents pod evictions" naming the PDB whose
  // disruptionsAllowed is 0, or "eviction does not support multiple PDBs" when more than one
  // selects a pod. A PDB with unhealthyPodEvictionPolicy AlwaysAllow never blocks a pod whose
  // Ready condition is False.
  std::optional<std::string> BlockingReason(const std::vector<const api::Pod*>& pods,
                                            TimePoint now) const;
  // IsCurrentlyReschedulable: reschedulable (pods.h), no active do-not-disrupt, and no fully
  // blocking PDB (maxUnavailable 0 or "0%", minAvailable "100%"), so capacity is planned for it.
  bool IsCurrentlyReschedulable(const api::Pod& pod, TimePoint now) const;

 private:
  enum class Blocker { kZeroDisruptions, kFullyBlocking };
  // Empty when evictable under `blocker`; else the keys of the blocking PDBs.
  std::vector<std::string> Blocking(const api::Pod& pod, TimePoint now, Blocker blocker) const;

  struct Item {
    std::string key;  // namespace/name
    std::string ns;
    const api::LabelSelector* selector = nullptr;  // null selects nothing
    int32_t disruptions_allowed = 0;
    bool fully_blocking = false;
    bool always_allow_unhealthy = false;
  };
  std::vector<Item> items_;
};

// A node a method may disrupt, with what it costs (Candidate). The pointers are valid for the
// reconcile that built it.
struct Candidate {
  const StateNode* state = nullptr;
  const api::NodePool* nodepool = nullptr;
  const cloud::InstanceType* instance_type = nullptr;  // null when the label names no known type
  std::string zone;                                    // topology.kubernetes.io/zone label
  std::string capacity_type;                           // karpenter.sh/capacity-type label
  // All pods bound to the node (DaemonSet pods included), and the reschedulable ones.
  std::vector<const api::Pod*> pods;
  std::vector<const api::Pod*> reschedulable_pods;
  // ReschedulingCost(pods) x LifetimeRemaining: lower is cheaper to disrupt (§3.3).
  double disruption_cost = 0;
  // The node's offering price (instance type x zone x capacity type); 0 when unknown.
  double price = 0;

  const std::string& name() const { return state->name; }
  const std::string& provider_id() const { return state->provider_id; }
  const std::string& nodepool_name() const { return nodepool->metadata.name; }
  const api::NodeClaim& nodeclaim() const { return *state->nodeclaim; }
  // No reschedulable pods (Emptiness's nodes).
  bool IsEmpty() const { return reschedulable_pods.empty(); }
};

using CandidateFilter = std::function<bool(const Candidate&)>;

// GetCandidates: every state node that is a candidate (NewCandidate) and passes `filter`, in
// view (name) order. A node is a candidate when it is not in the orchestration queue, has a
// NodeClaim and a Node, is initialized, not marked for deletion, not nominated, its Node is not
// annotated karpenter.sh/do-not-disrupt=true, it has a karpenter.sh/nodepool label whose
// NodePool exists with instance types, and no pod blocks it: no active pod with an active
// do-not-disrupt annotation and no PDB refusing an eviction (PdbLimits). For kEventual the pod
// checks are skipped when the NodeClaim has spec.terminationGracePeriod. A node rejected for a
// reason worth telling gets a DisruptionBlocked event on its Node and NodeClaim (deduplicated).
std::vector<Candidate> GetCandidates(const Context& ctx, DisruptionClass cls,
                                     const CandidateFilter& filter);

// Publishes an event about `n` on its Node (when registered) and its NodeClaim, deduplicated
// per object and reason for `dedupe` (Karpenter's recorder).
void PublishOnNode(const Context& ctx, const StateNode& n, std::string_view reason,
                   const std::string& message, Duration dedupe = kDefaultEventDedupe);

// The candidates in ascending disruption cost, ties by name (the ≤v1.13 consolidation order).
void SortByDisruptionCost(std::vector<Candidate>& candidates);

}  // namespace swell::provisioning::disruption
