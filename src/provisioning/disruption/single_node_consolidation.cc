// Single-node consolidation (core pkg/controllers/disruption/singlenodeconsolidation.go;
// karpenter.md §3.4, §9).
#include <map>

#include "provisioning/disruption/methods.h"

namespace swell::provisioning::disruption {

bool SingleNodeConsolidation::ShouldDisrupt(const Context& ctx, const Candidate& c) {
  return ShouldConsolidate(ctx, c);
}

std::vector<const Candidate*> SingleNodeConsolidation::Interleave(
    std::vector<Candidate>& candidates, const std::set<std::string>& unseen) {
  SortByDisruptionCost(candidates);
  std::map<std::string, std::vector<const Candidate*>, std::less<>> by_pool;
  for (const Candidate& c : candidates) by_pool[c.nodepool_name()].push_back(&c);
  // Pools a timeout kept from being considered go first (upstream: unordered sets; here by
  // name).
  std::vector<std::string> order;
  for (const std::string& p : unseen) {
    if (by_pool.count(p) > 0) order.push_back(p);
  }
  size_t longest = 0;
  for (const auto& [pool, list] : by_pool) {
    if (unseen.count(pool) == 0) order.push_back(pool);
    longest = std::max(longest, list.size());
  }
  std::vector<const Candidate*> out;
  for (size_t i = 0; i < longest; ++i) {
    for (const std::string& pool : order) {
      const auto& list = by_pool[pool];
      if (i < list.size()) out.push_back(list[i]);
    }
  }
  return out;
}

StatusOr<std::vector<Command>> SingleNodeConsolidation::ComputeCommands(
    const Context& ctx, BudgetMapping& budgets, std::vector<Candidate>& candidates) {
  if (memo_.IsConsolidated(ctx)) return std::vector<Command>{};
  std::vector<const Candidate*> order = Interleave(candidates, previously_unseen_);
  std::set<std::string> unseen;
  for (const Candidate* c : order) unseen.insert(c->nodepool_name());
  const Clock* clock = ctx.options.work_clock;
  const TimePoint start = clock != nullptr ? clock->Now() : TimePoint{};
  bool constrained = false;
  for (const Candidate* c : order) {
    if (clock != nullptr && clock->Now() - start > ctx.options.single_node_timeout) {
      timeouts_++;
      previously_unseen_ = unseen;
      return std::vector<Command>{};
    }
    unseen.erase(c->nodepool_name());
    // One candidate per command: nothing to decrement.
    if (budgets[c->nodepool_name()] <= 0) {
      constrained = true;
      continue;
    }
    StatusOr<Command> cmd = ComputeConsolidation(ctx, {c}, Name());
    if (!cmd.ok() || cmd->decision() == Decision::kNoOp) continue;
    return std::vector<Command>{std::move(*cmd)};
  }
  if (!constrained) memo_.MarkConsolidated(ctx);
  previously_unseen_ = unseen;
  return std::vector<Command>{};
}

}  // namespace swell::provisioning::disruption
