// Karpenter's scheduling simulation (core pkg/controllers/provisioning/scheduling, karpenter.md
// §2.2-§2.6) as a pure function over a snapshot: which pending pods fit on existing nodes or
// in-flight NodeClaims, and which new NodeClaims (NodePool, requirements, instance-type options
// ordered by price, requests) the rest need. No clock, no I/O, no threads; the same snapshot
// always gives the same result.
//
// Where upstream is random (Go map iteration, unstable sorts, random tie-breaks) swell picks a
// documented deterministic order; every such place says so in the .cc.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/core/pod.h"
#include "api/core/workloads.h"
#include "api/karpenter/types.h"
#include "api/requirements.h"
#include "cloud/instance_types.h"
#include "util/status.h"

namespace swell::provisioning {

// A node already in the cluster, or a NodeClaim launched earlier that has no Node yet (a state
// node, karpenter.md §2.2 step 1). Pods land here before any new NodeClaim is planned.
struct ExistingNode {
  std::string name;
  api::Labels labels;  // kubernetes.io/hostname, zone, karpenter.sh/nodepool, ...
  // The node's taints (or the NodeClaim's for one without a Node). While not initialized, known
  // ephemeral taints (node.kubernetes.io/not-ready, .../unreachable,
  // node.cloudprovider.kubernetes.io/uninitialized, karpenter.sh/unregistered) and
  // `startup_taints` are ignored, as StateNode.Taints does.
  std::vector<api::Taint> taints;
  std::vector<api::Taint> startup_taints;
  api::ResourceList allocatable;
  // Counted against the NodePool's limits (plus nodes: 1) when NodePoolInput::usage is unset.
  api::ResourceList capacity;
  // Pods bound to it: their requests are used, their labels count for topology, DaemonSet pods
  // (owner kind DaemonSet) count as daemon overhead already running.
  std::vector<const api::Pod*> pods;
  bool initialized = true;
  // An in-flight NodeClaim without a Node: its labels do not register topology domains.
  bool nodeclaim_only = false;
};

// A NodePool that provisioning may use (managed, ready, not deleting, not static) and the
// instance types its cloud provider offers for it.
struct NodePoolInput {
  const api::NodePool* nodepool = nullptr;
  std::vector<const cloud::InstanceType*> instance_types;
  // Resources already used by the pool (capacity of its nodes and NodeClaims, plus "nodes").
  // Unset: the sum over ExistingNodes labelled karpenter.sh/nodepool=<name>.
  std::optional<api::ResourceList> usage;
};

struct Snapshot {
  std::vector<const api::Pod*> pods;  // pending pods to place
  std::vector<ExistingNode> nodes;
  std::vector<NodePoolInput> nodepools;
  std::vector<const api::DaemonSet*> daemonsets;  // for per-node daemon overhead
  // Namespace labels, for pod-affinity namespaceSelector. A namespace not listed has no labels.
  std::map<std::string, api::Labels, std::less<>> namespaces;
};

struct Options {
  // PREFERENCE_POLICY=Ignore: preferred affinities and ScheduleAnyway spreads are dropped from
  // the start. Default: false (Respect: treat them as required, relax one at a time)
  bool ignore_preferences = false;
  // MIN_VALUES_POLICY=BestEffort: an unmet minValues is lowered instead of failing. Default:
  // false (Strict)
  bool min_values_best_effort = false;
  // swell's cost-aware packing (not Karpenter; README "Cost-aware packing"): after the
  // simulation, pods that no hostname-keyed topology constrains are re-packed across the new
  // NodeClaims of one NodePool with identical requirements whenever a cheaper set of nodes
  // holds them (e.g. two small nodes instead of one half-empty large one). false: Karpenter's
  // exact plan, for comparing with Karpenter and for disruption simulations that must decide as
  // Karpenter does. Default: true
  bool cost_aware_packing = true;
  // What cost-aware packing adds to each node's hourly price for the costs an instance price
  // list does not show, so that it never trades a few nodes for many slightly cheaper ones:
  // a public IPv4 address ($0.005/h) and a 20 GiB gp3 root volume ($0.08/GB-month, about
  // $0.0022/h). Karpenter's own plan and the launch choice are not affected. Default: 0.0072
  double node_overhead_per_hour = 0.0072;
  // MaxInstanceTypes written into each NodeClaim, cheapest first. Default: 600
  int32_t max_instance_types = 600;
  // Keys treated as well known besides Karpenter's core and AWS labels (pods may require them
  // without a NodePool defining them). Default: the kwok provider's four labels
  std::vector<std::string> extra_well_known_labels = {
      "karpenter.kwok.sh/instance-size", "karpenter.kwok.sh/instance-family",
      "karpenter.kwok.sh/instance-cpu", "karpenter.kwok.sh/instance-memory"};
};

// Why one NodePool could not take a pod (the error addToNewNodeClaim collects per template).
enum class FailureReason {
  kTaint,          // a NodePool taint is not tolerated
  kRequirements,   // the pod's node selector/affinity conflicts with the NodePool
  kTopology,       // spread / pod (anti-)affinity has no allowed domain
  kInstanceTypes,  // no instance type is compatible, fits and has an offering
  kMinValues,      // the surviving instance types miss a minValues
  kNodeLimit,      // limits.nodes is exhausted
  kResourceLimit,  // every instance type would exceed a resource limit
  kNoNodePool,     // no NodePool has an instance type left
};
std::string_view FailureReasonName(FailureReason r);

struct NodePoolFailure {
  std::string nodepool;
  FailureReason reason;
  // For kInstanceTypes: which single criterion some instance type met (InstanceTypeFilterError).
  bool requirements_met = false;
  bool fits = false;
  bool has_offering = false;
  std::string message;  // Karpenter's wording
};

struct PodResult {
  enum class Where { kExistingNode, kNewNodeClaim, kUnschedulable };
  Where where = Where::kUnschedulable;
  size_t index = 0;                       // into Snapshot::nodes or Results::new_node_claims
  std::vector<NodePoolFailure> failures;  // when unschedulable: one per NodePool tried
  std::string error;                      // when unschedulable: the joined message
};

// A NodeClaim to create (NodeClaimTemplate.ToNodeClaim, karpenter.md §2.3).
struct NewNodeClaim {
  std::string nodepool;
  std::vector<size_t> pods;  // indices into Snapshot::pods
  // Requirements after scheduling: NodePool + pods + topology, the hostname placeholder
  // removed, node.kubernetes.io/instance-type In the kept types, karpenter.sh/capacity-type In
  // the capacity types of their compatible available offerings.
  api::Requirements requirements;
  // Compatible, fitting instance types with an offering, cheapest compatible available offering
  // first, truncated to Options::max_instance_types while minValues still holds.
  std::vector<const cloud::InstanceType*> instance_types;
  // Sum of the pods' requests plus the smallest daemon overhead among the kept types' groups.
  api::ResourceList requests;
  api::StringMap labels;  // template labels, nodepool, node class, single-valued custom labels
  std::vector<api::Taint> taints;
  std::vector<api::Taint> startup_taints;
  bool min_values_relaxed = false;  // BestEffort lowered a minValues
};

struct Results {
  std::vector<PodResult> pods;  // one per Snapshot::pods, same order
  std::vector<NewNodeClaim> new_node_claims;
  std::vector<std::vector<size_t>> existing_node_pods;  // per Snapshot::nodes: pods placed there
  int64_t attempts = 0;                                 // pods popped from the queue
};

// True for taints every new node carries until its kubelet and cloud controller are done
// (scheduling.IsKnownEphemeralTaint): node.kubernetes.io/not-ready:NoSchedule and :NoExecute,
// node.kubernetes.io/unreachable:NoSchedule,
// node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule, and
// karpenter.sh/unregistered:NoExecute, and readiness.k8s.io/* taints.
bool IsKnownEphemeralTaint(const api::Taint& t);

// Runs the simulation (Scheduler.Solve plus Results.TruncateInstanceTypes). Pods whose
// NodeClaim's truncated instance types violate minValues are reported unschedulable.
// Errors: InvalidArgument when the snapshot uses more than 16 zones or 4 capacity types in
// offerings, or holds a null pointer.
StatusOr<Results> Solve(const Snapshot& snapshot, const Options& options = {});

// The snapshot's NodeClaim as the API object Karpenter would create (generateName
// "<nodepool>-", spec requirements/taints/startupTaints/resources, nodeClassRef and expiry
// from the NodePool template; the template's annotations plus the karpenter.sh/nodepool-hash
// stamp, provisioning/nodepool_hash.h).
api::NodeClaim ToNodeClaim(const NewNodeClaim& claim, const api::NodePool& nodepool);

}  // namespace swell::provisioning
