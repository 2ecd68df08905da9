// The scheduling simulation behind every disruption decision (core pkg/controllers/disruption
// helpers.go SimulateScheduling; karpenter.md §3.4): can the candidates' pods go elsewhere, and
// what would have to be launched for them?
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "provisioning/disruption/candidate.h"

namespace swell::provisioning::disruption {

struct Simulation {
  Snapshot snapshot;
  Results results;
  std::vector<std::string> node_provider_ids;  // per snapshot node
  // Per snapshot pod: why it would not schedule, when it must (it is not provisionable, i.e.
  // it is moving off a candidate or a deleting node) and does not, or lands on an existing node
  // that is not initialized (UninitializedNodeError). Empty when fine.
  std::vector<std::string> pod_errors;
  std::vector<cloud::InstanceTypes> keep_alive;  // instance types the results point into
  // New NodeClaims were planned from the types cheaper than `cheaper_than` only (see below).
  bool prefiltered = false;

  // Results.AllNonPendingPodsScheduled.
  bool AllNonPendingPodsScheduled() const;
  // "not all pods would schedule, ns/a => reason ..." (at most 5 named).
  std::string NonPendingPodSchedulingErrors() const;
  // ProviderIDs of existing nodes that received pods.
  std::vector<std::string> Destinations() const;
};

// Simulates moving the candidates' currently reschedulable pods (PdbLimits) together with the
// pending (provisionable) pods and the currently reschedulable pods of nodes already marked
// for deletion, onto every other state node that is not marked for deletion (in-flight
// NodeClaims included) plus new NodeClaims from the NodePools that may provision.
// FailedPrecondition when a candidate is already marked for deletion (errCandidateDeleting);
// the simulation's own errors otherwise.
//
// `cheaper_than` (consolidation: the candidates' summed price): when only the candidates' pods
// move (no pending pods, no deleting nodes' pods), new NodeClaims are planned from the instance
// types whose cheapest offering costs less, a speed-up with the same decision as Karpenter's
// plan-then-filterByPrice: if one cheaper type holds every moving pod, both plan one NodeClaim
// whose options are the cheaper types that hold them; if none does, Karpenter's single
// NodeClaim has no cheaper option and the pre-filtered plan needs several (both: no command).
StatusOr<Simulation> SimulateScheduling(const Context& ctx,
                                        const std::vector<const Candidate*>& candidates,
                                        std::optional<double> cheaper_than = std::nullopt);

}  // namespace swell::provisioning::disruption
