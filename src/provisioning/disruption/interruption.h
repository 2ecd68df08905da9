// The AWS provider's interruption controller (aws pkg/controllers/interruption; karpenter.md
// §3.8): reads the interruption queue and acts on each notice about an instance behind a
// NodeClaim:
//   spot interruption warning, scheduled change (AWS Health), state change to stopping,
//   stopped, shutting-down or terminated  -> CordonAndDrain: delete the NodeClaim (graceful
//       termination drains it; the provisioner launches capacity for its pods meanwhile, inside
//       the two-minute spot notice);
//   rebalance recommendation            -> an event only (NoAction);
//   state change to any other state     -> ignored (the parser drops it).
// Forceful: no disruption budget applies. Events are Karpenter's: SpotInterrupted,
// InstanceUnhealthy, InstanceStopping, InstanceTerminating, SpotRebalanceRecommendation on the
// Node and NodeClaim, then TerminatingOnInterruption. Notices for unknown instances are
// dropped. (The AWS provider also marks the spot offering unavailable in its ICE cache; that is
// the cloud provider's own state, not done here.)
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "cloud/cloud_provider.h"
#include "provisioning/actuator.h"
#include "state/cluster_state.h"
#include "util/time.h"

namespace swell::provisioning::disruption {

struct InterruptionStats {
  // Notices received, by kind: SpotInterruption, ScheduledChange, RebalanceRecommendation,
  // StateChange.
  std::map<std::string, int64_t, std::less<>> received;
  // NodeClaims this controller deleted, by the notice kind that caused it.
  std::map<std::string, int64_t, std::less<>> deleted;
  int64_t unknown_instance = 0;  // notices naming no NodeClaim
};

class Interruption {
 public:
  Interruption(const state::ClusterState& cluster, cloud::InterruptionQueue& queue,
               Actuator& actuator)
      : cluster_(cluster), queue_(queue), actuator_(actuator) {}

  // Receives every pending notice and handles each in arrival order at `now`.
  void Reconcile(TimePoint now);

  const InterruptionStats& stats() const { return stats_; }

 private:
  void Handle(const cloud::InterruptionMessage& msg, TimePoint now);

  const state::ClusterState& cluster_;
  cloud::InterruptionQueue& queue_;
  Actuator& actuator_;
  InterruptionStats stats_;
};

// The kind's name as counted in InterruptionStats ("SpotInterruption", ...).
std::string_view InterruptionKindName(cloud::InterruptionMessage::Kind kind);

}  // namespace swell::provisioning::disruption
