// Karpenter's termination (core nodeclaim/lifecycle finalize and node/termination; karpenter.md
// §3.7): a deleting NodeClaim or managed Node with the karpenter.sh/termination finalizer is
// taken down in Karpenter's order:
//   1. a NodeClaim with spec.terminationGracePeriod gets the annotation
//      karpenter.sh/nodeclaim-termination-timestamp = deletionTimestamp + TGP;
//   2. its registered Node is deleted; the Node's termination then taints it
//      karpenter.sh/disrupted:NoSchedule (and labels it out of load balancers), drains it through
//      the Eviction API in four tiers (non-critical non-DaemonSet, non-critical DaemonSet,
//      critical non-DaemonSet, critical DaemonSet; a tier starts when the one before is empty):
//      a PodDisruptionBudget at zero (kUnavailable) is retried, a pod with an active
//      karpenter.sh/do-not-disrupt is waited for, pods tolerating the disrupted taint and
//      mirror pods are left; pods whose own grace period would outlast the termination
//      timestamp are deleted outright (bypassing PDBs and do-not-disrupt). Drained holds at
//      least 5 s. Then CloudProvider::Delete until NotFound (every 5 s), then the Node's
//      finalizer goes;
//   3. the NodeClaim's instance is deleted until NotFound, then its finalizer goes.
// A deleting Node whose NodeClaim is not deleting gets its NodeClaim deleted first.
#pragma once

#include <optional>
#include <string_view>

#include "cloud/cloud_provider.h"
#include "provisioning/actuator.h"
#include "provisioning/events.h"
#include "state/cluster_state.h"

namespace swell::provisioning {

struct TerminationOptions {
  Duration min_drain_time = Seconds(5);    // MinDrainTime (§9). Default: 5s
  Duration drain_requeue = Seconds(1);     // while pods are waiting. Default: 1s
  Duration instance_requeue = Seconds(5);  // while the instance is terminating. Default: 5s
};

struct TerminationStats {
  int64_t evictions = 0;              // Eviction API calls that succeeded
  int64_t evictions_blocked = 0;      // refused by a PodDisruptionBudget
  int64_t pods_deleted = 0;           // deleted past the termination grace period
  int64_t nodes_terminated = 0;       // Node finalizers removed
  int64_t nodeclaims_terminated = 0;  // NodeClaim finalizers removed
};

class Termination {
 public:
  Termination(const state::ClusterState& cluster, cloud::CloudProvider& cloud, Actuator& actuator,
              TerminationOptions options = {});

  // Finalizes every deleting NodeClaim, then every deleting managed Node, that holds the
  // termination finalizer, in name order. Returns the earliest time one wants another look.
  std::optional<TimePoint> ReconcileAll(TimePoint now);
  // One deleting NodeClaim (steps 1 and 3; step 2 deletes its Node and waits for it). nullopt
  // when done or nothing to do.
  std::optional<TimePoint> ReconcileNodeClaim(std::string_view name, TimePoint now);
  // One deleting Node (step 2). nullopt when done or nothing to do.
  std::optional<TimePoint> ReconcileNode(std::string_view name, TimePoint now);

  const TerminationStats& stats() const { return stats_; }

 private:
  // Evicts or deletes what the drain needs now; true while pods are still waiting.
  bool Drain(const api::Node& node, std::optional<TimePoint> termination_time, TimePoint now,
             const std::string& reason);

  const state::ClusterState& cluster_;
  cloud::CloudProvider& cloud_;
  Actuator& actuator_;
  TerminationOptions options_;
  EventRecorder recorder_;
  TerminationStats stats_;
};

}  // namespace swell::provisioning
