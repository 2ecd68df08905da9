// The scheduling simulation behind every disruption decision (core pkg/controllers/disruption
// helpers.go SimulateScheduling; karpenter.md §3.4): can the candidates' pods go elsewhere, and
// what would have to be launched for them?
#pragma once

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
StatusOr<Simulation> SimulateScheduling(const Context& ctx,
                                        const std::vector<const Candidate*>& candidates);

}  // namespace swell::provisioning::disruption
