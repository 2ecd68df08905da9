// The orchestration queue (core pkg/controllers/disruption/queue.go; karpenter.md §3.6): runs a
// command once the controller decided it:
//   Start    taint the candidates karpenter.sh/disrupted:NoSchedule and set their NodeClaims'
//            DisruptionReason condition; create the replacement NodeClaims (on failure undo and
//            give up); only then mark the candidates for deletion (so the provisioner does not
//            launch for their pods twice) and nominate the nodes receiving pods;
//   Reconcile wait for every replacement to be Initialized, then delete the candidates'
//            NodeClaims (the termination controller drains them). A replacement that
//            disappears (insufficient capacity, liveness) or a command older than its retry
//            window (clamp(80 ms x queued nodes, 10 min, 1 h), §9) is rolled back: candidates
//            untainted and unmarked, their DisruptionReason cleared, replacements that never
//            initialized deleted.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "provisioning/actuator.h"
#include "provisioning/disruption/command.h"
#include "provisioning/events.h"

namespace swell::provisioning::disruption {

struct QueueStats {
  std::map<std::string, int64_t, std::less<>> started;    // commands started, by reason
  std::map<std::string, int64_t, std::less<>> decisions;  // commands started, by decision
  // NodeClaims deleted by a completed command, by reason: Karpenter's
  // nodeclaims_disrupted_total for the voluntary reasons.
  std::map<std::string, int64_t, std::less<>> disrupted;
  int64_t pods_disrupted = 0;  // reschedulable pods on those nodes
  int64_t replacements_created = 0;
  int64_t failed = 0;          // commands rolled back (replacement gone or timeout)
  int64_t start_failures = 0;  // commands that could not start
  // Invariant (must stay 0): a consolidation candidate still held a pod with an active
  // karpenter.sh/do-not-disrupt when its NodeClaim was deleted.
  int64_t do_not_disrupt_violations = 0;
};

class OrchestrationQueue {
 public:
  OrchestrationQueue(const state::ClusterState& cluster, Actuator& actuator, ClusterMarks& marks,
                     EventRecorder& recorder, Duration poll = Seconds(1))
      : cluster_(cluster), actuator_(actuator), marks_(marks), recorder_(recorder), poll_(poll) {}

  // StartCommand at `now`. FailedPrecondition when a candidate is already in a command;
  // NotFound / the actuator's error when marking or creating replacements failed (undone).
  Status Start(Command cmd, TimePoint now);

  // Advances every command; returns when it wants to look again (nullopt when empty).
  std::optional<TimePoint> Reconcile(TimePoint now);

  // True if a queued command holds the node with `provider_id`.
  bool HasAny(std::string_view provider_id) const;
  bool empty() const { return commands_.empty(); }
  const std::vector<Command>& commands() const { return commands_; }
  const QueueStats& stats() const { return stats_; }

  // The queue's retry window for its current size.
  Duration MaxRetryDuration() const;

 private:
  enum class Progress { kWaiting, kDone, kFailed };
  Progress Advance(Command& cmd, TimePoint now);
  void Terminate(const Command& cmd, TimePoint now);
  // Untaints the candidates, clears DisruptionReason, unmarks them and deletes replacements
  // that did not initialize.
  void RollBack(const Command& cmd);
  Status MarkDisrupted(const CommandCandidate& c, std::string_view reason, TimePoint now);

  const state::ClusterState& cluster_;
  Actuator& actuator_;
  ClusterMarks& marks_;
  EventRecorder& recorder_;
  Duration poll_;
  std::vector<Command> commands_;
  QueueStats stats_;
};

// Adds (`on`) or removes karpenter.sh/disrupted:NoSchedule on `node` through the actuator;
// no write when already so.
Status RequireNoScheduleTaint(Actuator& actuator, const api::Node& node, bool on);

}  // namespace swell::provisioning::disruption
