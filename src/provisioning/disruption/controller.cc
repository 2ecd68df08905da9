#include "provisioning/disruption/controller.h"

#include <algorithm>

#include "api/karpenter/budget.h"
#include "api/karpenter/well_known.h"
#include "provisioning/conditions.h"
#include "provisioning/disruption/validation.h"

namespace swell::provisioning::disruption {

namespace {

// Karpenter's cluster consolidation state: it changes when a pod, node, NodeClaim or NodePool
// changes in a way consolidation can see (ClusterState.MarkUnconsolidated on pod and node
// events), not on every write to the cluster (a ScaledObject's status, for one). A hash of
// those fields; a method that found nothing skips until it changes or the recheck is due.
uint64_t ConsolidationState(const state::ClusterState& cluster) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::string_view s) {
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  };
  for (const auto& [key, p] : cluster.pods()) {
    mix(key);
    mix(p.spec.node_name);
    mix(p.status.phase);
    mix(p.metadata.deletion_timestamp ? "d" : "");
    auto dnd = p.metadata.annotations.find("karpenter.sh/do-not-disrupt");
    mix(dnd == p.metadata.annotations.end() ? "" : dnd->second);
  }
  for (const auto& [key, n] : cluster.store<api::Node>()) {
    mix(key);
    mix(n.metadata.deletion_timestamp ? "d" : "");
    mix(n.spec.unschedulable ? "u" : "");
    for (const api::Taint& t : n.spec.taints) mix(t.key);
  }
  for (const auto& [key, nc] : cluster.store<api::NodeClaim>()) {
    mix(key);
    mix(nc.metadata.deletion_timestamp ? "d" : "");
    for (const api::Condition& c : nc.status.conditions) {
      mix(c.type);
      mix(c.status);
    }
  }
  for (const auto& [key, np] : cluster.store<api::NodePool>()) {
    mix(key);
    mix(std::to_string(np.metadata.generation));
  }
  return h;
}

}  // namespace
namespace {

namespace kp = api::karpenter;

TimePoint Earliest(TimePoint t, std::optional<TimePoint> other) {
  return other ? std::min(t, *other) : t;
}

bool HasDisruptedTaint(const api::Node& n) {
  return std::any_of(n.spec.taints.begin(), n.spec.taints.end(), [](const api::Taint& t) {
    return t.key == kp::kDisruptedTaintKey && t.effect == api::kEffectNoSchedule;
  });
}

}  // namespace

std::vector<std::unique_ptr<Method>> DefaultMethods() {
  std::vector<std::unique_ptr<Method>> out;
  out.push_back(std::make_unique<Emptiness>());
  out.push_back(std::make_unique<Drift>());
  out.push_back(std::make_unique<MultiNodeConsolidation>());
  out.push_back(std::make_unique<SingleNodeConsolidation>());
  return out;
}

DisruptionController::DisruptionController(const state::ClusterState& cluster,
                                           cloud::CloudProvider& cloud, Actuator& actuator,
                                           ClusterMarks& marks, DisruptionOptions options)
    : DisruptionController(cluster, cloud, actuator, marks, std::move(options), DefaultMethods()) {}

DisruptionController::DisruptionController(const state::ClusterState& cluster,
                                           cloud::CloudProvider& cloud, Actuator& actuator,
                                           ClusterMarks& marks, DisruptionOptions options,
                                           std::vector<std::unique_ptr<Method>> methods)
    : cluster_(cluster),
      cloud_(cloud),
      actuator_(actuator),
      marks_(marks),
      options_(std::move(options)),
      recorder_(actuator),
      methods_(std::move(methods)),
      conditions_(cluster, cloud, actuator),
      queue_(cluster, actuator, marks, recorder_, options_.queue_poll) {}

TimePoint DisruptionController::Reconcile(TimePoint now) {
  stats_.reconciles++;
  std::optional<TimePoint> wake = conditions_.Reconcile(now);
  if (std::optional<TimePoint> q = queue_.Reconcile(now)) wake = Earliest(*q, wake);
  {
    ClusterView view = ClusterView::Build(cluster_, marks_, now);
    if (!view.Synced()) {
      stats_.unsynced++;
      return Earliest(now + Seconds(1), wake);
    }
    RemoveStaleMarks(view);
  }
  // Writes above may have changed what the view points at: build it afresh.
  const ClusterView view = ClusterView::Build(cluster_, marks_, now);
  const auto nodepools = BuildNodePoolMap(cluster_, cloud_);
  const Context ctx{cluster_,
                    view,
                    marks_,
                    cloud_,
                    recorder_,
                    options_,
                    now,
                    nodepools,
                    [this](std::string_view pid) { return queue_.HasAny(pid); },
                    ConsolidationState(cluster_)};
  size_t first = 0;
  if (pending_) {
    if (now < pending_->validate_at) return Earliest(pending_->validate_at, wake);
    first = pending_->method + 1;
    if (ValidatePending(ctx)) return now;
  }
  if (TryMethods(ctx, first)) return pending_ ? Earliest(pending_->validate_at, wake) : now;
  return Earliest(now + options_.poll_period, wake);
}

void DisruptionController::RemoveStaleMarks(const ClusterView& view) {
  for (const StateNode& n : view.nodes()) {
    if (n.nodeclaim == nullptr || queue_.HasAny(n.provider_id) ||
        marks_.IsMarkedForDeletion(n.provider_id)) {
      continue;
    }
    const bool deleting =
        n.nodeclaim->metadata.deletion_timestamp.has_value() ||
        IsConditionTrue(n.nodeclaim->status.conditions, kConditionInstanceTerminating) ||
        (n.node != nullptr && n.node->metadata.deletion_timestamp.has_value());
    if (deleting) continue;
    if (n.node != nullptr && HasDisruptedTaint(*n.node) &&
        RequireNoScheduleTaint(actuator_, *n.node, false).ok()) {
      stats_.stale_marks_removed++;
    }
    if (api::FindCondition(n.nodeclaim->status.conditions, kConditionDisruptionReason)) {
      api::NodeClaim updated = *n.nodeclaim;
      ClearCondition(updated.status.conditions, kConditionDisruptionReason);
      if (actuator_.UpdateNodeClaim(updated).ok()) stats_.stale_marks_removed++;
    }
  }
}

bool DisruptionController::TryMethods(const Context& ctx, size_t first) {
  for (size_t i = first; i < methods_.size(); ++i) {
    Method& m = *methods_[i];
    std::vector<Candidate> candidates =
        GetCandidates(ctx, m.Class(), [&](const Candidate& c) { return m.ShouldDisrupt(ctx, c); });
    if (candidates.empty()) continue;
    BudgetMapping budgets =
        BuildBudgetMapping(ctx.cluster, ctx.view, m.Reason(), ctx.now, &recorder_);
    StatusOr<std::vector<Command>> cmds = m.ComputeCommands(ctx, budgets, candidates);
    if (!cmds.ok()) {
      stats_.errors++;
      continue;
    }
    std::erase_if(*cmds, [](const Command& c) { return c.decision() == Decision::kNoOp; });
    if (cmds->empty()) continue;
    stats_.computed[std::string(m.Name())] += static_cast<int64_t>(cmds->size());
    if (m.NeedsValidation()) {
      pending_ = Pending{std::move(cmds->front()), i, ctx.now + options_.validation_delay};
      return true;
    }
    for (Command& c : *cmds) Start(ctx, std::move(c));
    return true;
  }
  return false;
}

bool DisruptionController::ValidatePending(const Context& ctx) {
  Pending p = std::move(*pending_);
  pending_.reset();
  Method& m = *methods_[p.method];
  Validation v = m.Name() == kMethodEmptiness ? ValidateEmptiness(ctx, m, p.cmd)
                                              : ValidateConsolidation(ctx, m, p.cmd);
  if (!v.command) {
    stats_.validation_failed[v.failure]++;
    for (const CommandCandidate& c : p.cmd.candidates) {
      if (const StateNode* n = ctx.view.FindByProviderID(c.provider_id)) {
        PublishOnNode(ctx, *n, "ConsolidationRejected",
                      p.cmd.String() + ": validation failed (" + v.failure + "): " + v.message);
      }
    }
    return false;
  }
  Start(ctx, std::move(*v.command));
  return true;
}

void DisruptionController::CheckBudgets(const Context& ctx, const Command& cmd) {
  std::map<std::string, int64_t, std::less<>> taking;
  for (const CommandCandidate& c : cmd.candidates) taking[c.nodepool]++;
  const auto counts = CountPoolNodes(ctx.view);
  for (const auto& [pool, n] : taking) {
    const api::NodePool* np = ctx.cluster.store<api::NodePool>().Get("", pool);
    if (np == nullptr) continue;
    const PoolNodeCounts c = counts.count(pool) ? counts.at(pool) : PoolNodeCounts{};
    const int64_t allowed = api::karpenter::AllowedDisruptions(*np, c.nodes, cmd.reason, ctx.now);
    if (c.disrupting + n > allowed) stats_.budget_exceeded++;
  }
}

void DisruptionController::Start(const Context& ctx, Command cmd) {
  CheckBudgets(ctx, cmd);
  (void)queue_.Start(std::move(cmd), ctx.now);
}

}  // namespace swell::provisioning::disruption
