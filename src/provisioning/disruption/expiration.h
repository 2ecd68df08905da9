// Karpenter's expiration controller (core pkg/controllers/nodeclaim/expiration; karpenter.md
// §3.7): a NodeClaim that has lived expireAfter since its creationTimestamp is deleted at once.
// Expiration is forceful: no disruption budget applies and no replacement is launched first; the
// termination controller drains the node and the provisioner places its pods (v1 semantics).
#pragma once

#include <cstdint>
#include <optional>

#include "provisioning/actuator.h"
#include "state/cluster_state.h"
#include "util/time.h"

namespace swell::provisioning::disruption {

struct ExpirationStats {
  int64_t expired = 0;  // NodeClaims deleted because they expired
};

class Expiration {
 public:
  Expiration(const state::ClusterState& cluster, Actuator& actuator)
      : cluster_(cluster), actuator_(actuator) {}

  // Deletes every NodeClaim that is not already deleting, has an expireAfter other than
  // "Never" (unset counts as the CRD default 720h) and a creationTimestamp with
  // creationTimestamp + expireAfter <= now, in name order. Returns the next expiry among the
  // others, or nullopt when none will expire.
  std::optional<TimePoint> Reconcile(TimePoint now);

  const ExpirationStats& stats() const { return stats_; }

 private:
  const state::ClusterState& cluster_;
  Actuator& actuator_;
  ExpirationStats stats_;
};

// When `claim` expires: creationTimestamp + expireAfter; nullopt for "Never" or without a
// creationTimestamp.
std::optional<TimePoint> ExpirationTime(const api::NodeClaim& claim);

}  // namespace swell::provisioning::disruption
