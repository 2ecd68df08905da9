// Emptiness (core pkg/controllers/disruption/emptiness.go; karpenter.md §3.4).
#include "provisioning/conditions.h"
#include "provisioning/disruption/methods.h"

namespace swell::provisioning::disruption {

bool Emptiness::ShouldDisrupt(const Context& ctx, const Candidate& c) {
  if (c.nodepool->spec.replicas) return false;
  const api::NillableDuration& after = c.nodepool->spec.disruption.consolidate_after;
  if (!after.raw.empty() && after.IsNever()) {
    PublishOnNode(ctx, *c.state, "Unconsolidatable",
                  "NodePool \"" + c.nodepool_name() + "\" has consolidation disabled", Minutes(15));
    return false;
  }
  return c.IsEmpty() && IsConditionTrue(c.nodeclaim().status.conditions, kConditionConsolidatable);
}

StatusOr<std::vector<Command>> Emptiness::ComputeCommands(const Context& ctx,
                                                          BudgetMapping& budgets,
                                                          std::vector<Candidate>& candidates) {
  if (memo_.IsConsolidated(ctx)) return std::vector<Command>{};
  SortByDisruptionCost(candidates);
  std::vector<const Candidate*> empty;
  bool constrained = false;
  for (const Candidate& c : candidates) {
    if (!c.IsEmpty()) continue;
    int64_t& budget = budgets[c.nodepool_name()];
    if (budget <= 0) {
      constrained = true;
      continue;
    }
    empty.push_back(&c);
    budget--;
  }
  if (empty.empty()) {
    // A pool held back by its budget may have work next time: do not memoize.
    if (!constrained) memo_.MarkConsolidated(ctx);
    return std::vector<Command>{};
  }
  Command cmd;
  cmd.reason = std::string(Reason());
  cmd.method = std::string(Name());
  for (const Candidate* c : empty) cmd.candidates.push_back(ToCommandCandidate(*c));
  return std::vector<Command>{std::move(cmd)};
}

}  // namespace swell::provisioning::disruption
