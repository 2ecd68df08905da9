// Multi-node consolidation (core pkg/controllers/disruption/multinodeconsolidation.go;
// karpenter.md §3.4, §9).
#include <algorithm>
#include <limits>
#include <map>

#include "provisioning/disruption/methods.h"

namespace swell::provisioning::disruption {
namespace {

// filterOutSameInstanceType: replacing nodes with one of a type some candidate already runs
// must beat that candidate's price, else deleting the others alone is the better move.
bool FilterOutSameInstanceType(Replacement& r, const std::vector<const Candidate*>& candidates) {
  std::map<std::string, double, std::less<>> price_by_type;
  for (const Candidate* c : candidates) {
    if (c->instance_type == nullptr || c->price <= 0) continue;
    auto [it, inserted] = price_by_type.emplace(c->instance_type->name, c->price);
    if (!inserted) it->second = std::min(it->second, c->price);
  }
  double max_price = std::numeric_limits<double>::max();
  for (const cloud::InstanceType* t : r.plan.instance_types) {
    auto it = price_by_type.find(t->name);
    if (it != price_by_type.end()) max_price = std::min(max_price, it->second);
  }
  return FilterByPrice(r.plan, max_price);
}

}  // namespace

bool MultiNodeConsolidation::ShouldDisrupt(const Context& ctx, const Candidate& c) {
  return ShouldConsolidate(ctx, c);
}

StatusOr<std::vector<Command>> MultiNodeConsolidation::ComputeCommands(
    const Context& ctx, BudgetMapping& budgets, std::vector<Candidate>& candidates) {
  if (memo_.IsConsolidated(ctx)) return std::vector<Command>{};
  SortByDisruptionCost(candidates);
  // Keep the order, dropping what the budgets could not take anyway.
  std::vector<const Candidate*> disruptable;
  bool constrained = false;
  for (const Candidate& c : candidates) {
    int64_t& budget = budgets[c.nodepool_name()];
    if (budget <= 0) {
      constrained = true;
      continue;
    }
    disruptable.push_back(&c);
    budget--;
  }
  const size_t max = std::min(
      disruptable.size(), static_cast<size_t>(std::max(ctx.options.multi_node_max_candidates, 0)));
  SWELL_ASSIGN_OR_RETURN(Command cmd, FirstN(ctx, disruptable, max));
  if (cmd.decision() == Decision::kNoOp) {
    if (!constrained) memo_.MarkConsolidated(ctx);
    return std::vector<Command>{};
  }
  return std::vector<Command>{std::move(cmd)};
}

// firstNConsolidationOption: binary search on the prefix length; the longest prefix found to
// be consolidatable wins (or the best so far when the timeout strikes).
StatusOr<Command> MultiNodeConsolidation::FirstN(const Context& ctx,
                                                 const std::vector<const Candidate*>& candidates,
                                                 size_t max) {
  if (candidates.size() < 2 || max < 2) return Command{};
  const Clock* clock = ctx.options.work_clock;
  const TimePoint start = clock != nullptr ? clock->Now() : TimePoint{};
  size_t lo = 1, hi = max - 1;  // prefix [0, mid]: at least two nodes
  Command last;
  while (lo <= hi) {
    if (clock != nullptr && clock->Now() - start > ctx.options.multi_node_timeout) {
      timeouts_++;
      return last;
    }
    const size_t mid = (lo + hi) / 2;
    std::vector<const Candidate*> prefix(candidates.begin(),
                                         candidates.begin() + static_cast<ptrdiff_t>(mid) + 1);
    SWELL_ASSIGN_OR_RETURN(Command cmd, ComputeConsolidation(ctx, prefix, Name()));
    bool valid = cmd.decision() == Decision::kDelete;
    if (cmd.decision() == Decision::kReplace) {
      valid = FilterOutSameInstanceType(cmd.replacements[0], prefix) &&
              !cmd.replacements[0].plan.instance_types.empty();
    }
    if (valid) {
      last = std::move(cmd);
      lo = mid + 1;
    } else {
      if (mid == 0) break;
      hi = mid - 1;
    }
  }
  return last;
}

}  // namespace swell::provisioning::disruption
