// Karpenter's disruption controller (core pkg/controllers/disruption/controller.go; karpenter.md
// §3.1): a singleton loop that
//   1. refreshes the NodeClaim conditions it reads (nodeclaim_conditions.h);
//   2. advances the orchestration queue (queue.h);
//   3. waits until the cluster view is synced (every NodeClaim launched);
//   4. removes karpenter.sh/disrupted taints and DisruptionReason conditions that no queued
//      command or deletion explains (left by a failed or abandoned command);
//   5. tries the methods in order (Emptiness, Drift, multi-node, single-node consolidation) and
//      acts on the first that yields a command: Drift's starts at once; a consolidation command
//      is held for validation_delay (15 s) and started only if it validates (Karpenter blocks
//      its loop meanwhile; so does this controller). If validation fails, the methods after the
//      one that produced it are tried.
// Reconcile returns when it wants to run next: at once after starting a command, at the
// validation deadline, when the queue or a Consolidatable window needs it, else after
// poll_period (10 s).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "provisioning/disruption/methods.h"
#include "provisioning/disruption/nodeclaim_conditions.h"
#include "provisioning/disruption/queue.h"

namespace swell::provisioning::disruption {

struct DisruptionStats {
  int64_t reconciles = 0;
  int64_t unsynced = 0;  // reconciles skipped: a NodeClaim had not launched
  // Commands computed by each method (before validation), and validations that failed by cause
  // (churn | budget | scheduling).
  std::map<std::string, int64_t, std::less<>> computed;
  std::map<std::string, int64_t, std::less<>> validation_failed;
  int64_t errors = 0;               // method or simulation errors
  int64_t stale_marks_removed = 0;  // taints / DisruptionReason conditions cleaned up
  // Invariant (must stay 0): a command about to start would take a NodePool's disrupting nodes
  // above what its budget allows for the command's reason at that moment.
  int64_t budget_exceeded = 0;
};

class DisruptionController {
 public:
  DisruptionController(const state::ClusterState& cluster, cloud::CloudProvider& cloud,
                       Actuator& actuator, ClusterMarks& marks, DisruptionOptions options = {});
  // With a custom method list (tests).
  DisruptionController(const state::ClusterState& cluster, cloud::CloudProvider& cloud,
                       Actuator& actuator, ClusterMarks& marks, DisruptionOptions options,
                       std::vector<std::unique_ptr<Method>> methods);

  // One pass at `now` (see the file comment). Returns the next time it wants to run (>= now).
  TimePoint Reconcile(TimePoint now);

  // The NodeClaim condition keeper, for callers that notice pod changes between passes.
  NodeClaimConditions& conditions() { return conditions_; }
  const OrchestrationQueue& queue() const { return queue_; }
  const DisruptionStats& stats() const { return stats_; }
  // Whether a command waits for validation, and that command (only when there is one).
  bool has_pending() const { return pending_.has_value(); }
  const Command& pending() const { return pending_->cmd; }
  const DisruptionOptions& options() const { return options_; }

 private:
  struct Pending {
    Command cmd;
    size_t method = 0;  // index into methods_
    TimePoint validate_at;
  };
  void RemoveStaleMarks(const ClusterView& view);
  // Tries methods_[first..]; true when a command started or went to validation.
  bool TryMethods(const Context& ctx, size_t first);
  // Validates the pending command; true when it started.
  bool ValidatePending(const Context& ctx);
  void Start(const Context& ctx, Command cmd);
  void CheckBudgets(const Context& ctx, const Command& cmd);

  const state::ClusterState& cluster_;
  cloud::CloudProvider& cloud_;
  Actuator& actuator_;
  ClusterMarks& marks_;
  DisruptionOptions options_;
  EventRecorder recorder_;
  std::vector<std::unique_ptr<Method>> methods_;
  NodeClaimConditions conditions_;
  OrchestrationQueue queue_;
  std::optional<Pending> pending_;
  DisruptionStats stats_;
};

}  // namespace swell::provisioning::disruption
