// Karpenter's NodeClaim lifecycle controller (core pkg/controllers/nodeclaim/lifecycle;
// karpenter.md §1.2): for each NodeClaim that is not deleting, in order
//   finalizer    add karpenter.sh/termination before anything is launched;
//   Launch       CloudProvider::Create; on success copy providerID, imageID, capacity,
//                allocatable and the launched labels onto the NodeClaim, Launched=True. On
//                InsufficientCapacity or NodeClassNotReady the NodeClaim is deleted (with an
//                event) so its pods go back to pending and the next provisioning pass re-plans;
//                other errors leave Launched=Unknown and retry with backoff;
//   Registration a Node with the providerID: sync the NodeClaim's labels, annotations, taints
//                and startupTaints onto it, add the termination finalizer, remove
//                karpenter.sh/unregistered, label karpenter.sh/registered=true;
//                Registered=True, status.nodeName;
//   Initialization  the Node is Ready, startup and known ephemeral taints are gone, every
//                requested resource has allocatable: label karpenter.sh/initialized=true,
//                Initialized=True;
//   Liveness     not launched within 5 min or not registered within 15 min: delete (§9).
// Deleting NodeClaims are the termination controller's (termination.h).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cloud/cloud_provider.h"
#include "provisioning/actuator.h"
#include "provisioning/events.h"
#include "state/cluster_state.h"

namespace swell::provisioning {

struct LifecycleOptions {
  Duration launch_timeout = Minutes(5);         // LaunchTimeout (§9). Default: 5m
  Duration registration_timeout = Minutes(15);  // registrationTimeout (§9). Default: 15m
  // Retry of a failed Create: exponential from the base, capped (the controller's failure
  // rate limiter).
  Duration retry_base = Seconds(1);  // Default: 1s
  Duration retry_max = Minutes(1);   // Default: 1m
};

struct LifecycleStats {
  int64_t launched = 0;
  int64_t insufficient_capacity = 0;  // NodeClaims deleted on InsufficientCapacity
  int64_t registered = 0;
  int64_t initialized = 0;
  int64_t liveness_deleted = 0;
};

class NodeClaimLifecycle {
 public:
  NodeClaimLifecycle(const state::ClusterState& cluster, cloud::CloudProvider& cloud,
                     Actuator& actuator, LifecycleOptions options = {});

  // Reconciles one NodeClaim. Returns when it wants to look again without being told
  // (a liveness deadline, a retry), or nullopt.
  std::optional<TimePoint> Reconcile(std::string_view name, TimePoint now);
  // Reconciles every NodeClaim that is not deleting, in name order; the earliest requeue.
  std::optional<TimePoint> ReconcileAll(TimePoint now);

  const LifecycleStats& stats() const { return stats_; }

 private:
  // Each step works on `claim` (a copy written back at the end) and may ask for a requeue.
  // Launch returns false when the NodeClaim was deleted.
  bool Launch(api::NodeClaim& claim, TimePoint now, std::optional<TimePoint>& requeue);
  void Register(api::NodeClaim& claim, const api::Node* node, TimePoint now);
  void Initialize(api::NodeClaim& claim, const api::Node* node, TimePoint now);
  bool Liveness(api::NodeClaim& claim, TimePoint now, std::optional<TimePoint>& requeue);
  const api::Node* NodeFor(const api::NodeClaim& claim) const;

  const state::ClusterState& cluster_;
  cloud::CloudProvider& cloud_;
  Actuator& actuator_;
  LifecycleOptions options_;
  EventRecorder recorder_;
  std::map<std::string, int, std::less<>> failures_;  // NodeClaim -> consecutive Create errors
  LifecycleStats stats_;
};

}  // namespace swell::provisioning
