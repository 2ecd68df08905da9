#include "provisioning/disruption/budgets.h"

#include <algorithm>

#include "api/karpenter/budget.h"
#include "provisioning/conditions.h"

namespace swell::provisioning::disruption {

std::map<std::string, PoolNodeCounts, std::less<>> CountPoolNodes(const ClusterView& view) {
  std::map<std::string, PoolNodeCounts, std::less<>> out;
  for (const StateNode& n : view.nodes()) {
    // Uninitialized nodes do not count: replacements coming up must not inflate a percentage.
    if (!n.Managed() || !n.initialized || n.node == nullptr) continue;
    if (IsConditionTrue(n.nodeclaim->status.conditions, kConditionInstanceTerminating)) continue;
    PoolNodeCounts& c = out[n.nodepool];
    c.nodes++;
    const api::Condition* ready = api::FindCondition(n.node->status.conditions, "Ready");
    if (ready == nullptr || ready->status != "True" || n.marked_for_deletion) c.disrupting++;
  }
  return out;
}

BudgetMapping BuildBudgetMapping(const state::ClusterState& cluster, const ClusterView& view,
                                 std::string_view reason, TimePoint now, EventRecorder* recorder) {
  std::map<std::string, PoolNodeCounts, std::less<>> counts = CountPoolNodes(view);
  BudgetMapping out;
  for (const auto& [key, np] : cluster.store<api::NodePool>()) {
    const PoolNodeCounts c =
        counts.count(np.metadata.name) ? counts.at(np.metadata.name) : PoolNodeCounts{};
    const int64_t allowed = api::karpenter::AllowedDisruptions(np, c.nodes, reason, now);
    out[np.metadata.name] = std::max<int64_t>(0, allowed - c.disrupting);
    if (recorder != nullptr && c.nodes != 0 && allowed == 0) {
      recorder->Publish(
          MakeEvent(now, "NodePool", "", np.metadata.name, "Normal", "DisruptionBlocked",
                    "No allowed disruptions for disruption reason " + std::string(reason) +
                        " due to blocking budget"),
          "nodepool/" + np.metadata.name + "/" + std::string(reason));
    }
  }
  return out;
}

}  // namespace swell::provisioning::disruption
