// Drift (core pkg/controllers/disruption/drift.go; karpenter.md §3.4).
#include <algorithm>

#include "provisioning/conditions.h"
#include "provisioning/disruption/methods.h"

namespace swell::provisioning::disruption {
namespace {

TimePoint DriftedSince(const Candidate& c) {
  const api::Condition* d = api::FindCondition(c.nodeclaim().status.conditions, kConditionDrifted);
  return d != nullptr && d->last_transition_time ? d->last_transition_time->value : TimePoint{};
}

}  // namespace

bool Drift::ShouldDisrupt(const Context&, const Candidate& c) {
  return !c.nodepool->spec.replicas &&
         IsConditionTrue(c.nodeclaim().status.conditions, kConditionDrifted);
}

StatusOr<std::vector<Command>> Drift::ComputeCommands(const Context& ctx, BudgetMapping& budgets,
                                                      std::vector<Candidate>& candidates) {
  // Oldest drift first; empty nodes before the rest, so pods do not move onto a node that is
  // about to go too.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.IsEmpty() != b.IsEmpty()) return a.IsEmpty();
                     return DriftedSince(a) < DriftedSince(b);
                   });
  for (const Candidate& c : candidates) {
    // One candidate per command: nothing to decrement.
    if (budgets[c.nodepool_name()] <= 0) continue;
    StatusOr<Simulation> sim = SimulateScheduling(ctx, {&c});
    if (!sim.ok()) {
      if (sim.status().code() == StatusCode::kFailedPrecondition) continue;
      return sim.status();
    }
    if (!sim->AllNonPendingPodsScheduled()) {
      PublishOnNode(ctx, *c.state, "DisruptionBlocked", sim->NonPendingPodSchedulingErrors());
      continue;
    }
    return std::vector<Command>{MakeCommand(Reason(), Name(), {&c}, *sim)};
  }
  return std::vector<Command>{};
}

}  // namespace swell::provisioning::disruption
