// Disruption budgets as the disruption controller applies them (core pkg/controllers/disruption
// helpers.go BuildDisruptionBudgetMapping; karpenter.md §1.1 "Budget math", §3.5): per NodePool
// and reason, how many more nodes may start disrupting now.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "provisioning/disruption/context.h"

namespace swell::provisioning::disruption {

// NodePool name -> nodes that may still be disrupted.
using BudgetMapping = std::map<std::string, int64_t, std::less<>>;

struct PoolNodeCounts {
  // Managed, initialized nodes whose NodeClaim is not InstanceTerminating.
  int64_t nodes = 0;
  // Of those, the ones already disrupting: Node not Ready, or marked for deletion (deleting,
  // tainted karpenter.sh/disrupted, or marked by a disruption command).
  int64_t disrupting = 0;
};

// The counts per NodePool label value, over the view's state nodes.
std::map<std::string, PoolNodeCounts, std::less<>> CountPoolNodes(const ClusterView& view);

// For every NodePool in `cluster`: max(0, AllowedDisruptions(pool, nodes, reason, now) -
// disrupting), where AllowedDisruptions is the minimum over the pool's active budgets that
// apply to `reason` (nodes as a count, or a percent of `nodes` rounded up; schedule + duration
// windows in UTC; misconfigured budgets allow 0). A pool whose budget allows 0 while it has
// nodes gets a DisruptionBlocked event ("No allowed disruptions for disruption reason <reason>
// due to blocking budget") when `recorder` is given.
BudgetMapping BuildBudgetMapping(const state::ClusterState& cluster, const ClusterView& view,
                                 std::string_view reason, TimePoint now,
                                 EventRecorder* recorder = nullptr);

}  // namespace swell::provisioning::disruption
