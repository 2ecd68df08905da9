#include "provisioning/disruption/queue.h"

#include <algorithm>

#include "api/karpenter/well_known.h"
#include "provisioning/conditions.h"
#include "provisioning/pods.h"

namespace swell::provisioning::disruption {
namespace {

namespace kp = api::karpenter;

bool IsDisruptedTaint(const api::Taint& t) {
  return t.key == kp::kDisruptedTaintKey && t.effect == api::kEffectNoSchedule;
}

api::OwnerReference OwnerOf(const api::NodePool& np) {
  api::OwnerReference o;
  o.api_version = "karpenter.sh/v1";
  o.kind = "NodePool";
  o.name = np.metadata.name;
  o.uid = np.metadata.uid.empty() ? np.metadata.name : np.metadata.uid;
  o.block_owner_deletion = true;
  return o;
}

}  // namespace

Status RequireNoScheduleTaint(Actuator& actuator, const api::Node& node, bool on) {
  const auto& taints = node.spec.taints;
  const bool has = std::any_of(taints.begin(), taints.end(), IsDisruptedTaint);
  if (has == on) return Status();
  api::Node updated = node;
  if (on) {
    updated.spec.taints.push_back(
        {std::string(kp::kDisruptedTaintKey), "", std::string(api::kEffectNoSchedule), {}});
  } else {
    std::erase_if(updated.spec.taints, IsDisruptedTaint);
  }
  return actuator.UpdateNode(updated);
}

Duration OrchestrationQueue::MaxRetryDuration() const {
  size_t nodes = 0;
  for (const Command& c : commands_) nodes += c.candidates.size();
  return std::clamp(Milliseconds(80) * static_cast<int64_t>(nodes), Duration(Minutes(10)),
                    Duration(Hours(1)));
}

bool OrchestrationQueue::HasAny(std::string_view provider_id) const {
  for (const Command& c : commands_) {
    for (const CommandCandidate& cc : c.candidates) {
      if (cc.provider_id == provider_id) return true;
    }
  }
  return false;
}

Status OrchestrationQueue::MarkDisrupted(const CommandCandidate& c, std::string_view reason,
                                         TimePoint now) {
  if (!c.node.empty()) {
    const api::Node* node = cluster_.store<api::Node>().Get("", c.node);
    if (node == nullptr) return NotFound("node " + c.node);
    SWELL_RETURN_IF_ERROR(RequireNoScheduleTaint(actuator_, *node, true));
  }
  const api::NodeClaim* claim = cluster_.store<api::NodeClaim>().Get("", c.nodeclaim);
  if (claim == nullptr) return NotFound("nodeclaim " + c.nodeclaim);
  api::NodeClaim updated = *claim;
  if (SetCondition(updated.status.conditions, kConditionDisruptionReason, "True", reason, reason,
                   now)) {
    SWELL_RETURN_IF_ERROR(actuator_.UpdateNodeClaim(updated));
  }
  return Status();
}

Status OrchestrationQueue::Start(Command cmd, TimePoint now) {
  for (const CommandCandidate& c : cmd.candidates) {
    if (HasAny(c.provider_id)) return FailedPrecondition("candidate is being disrupted");
  }
  // Cordon first, so nothing new lands on the candidates while replacements come up.
  std::vector<CommandCandidate> marked;
  Status mark_error;
  for (const CommandCandidate& c : cmd.candidates) {
    Status s = MarkDisrupted(c, cmd.reason, now);
    if (s.ok()) {
      marked.push_back(c);
    } else {
      mark_error = s;
    }
  }
  // A delete may go ahead with the candidates that were marked; a replace may not.
  const bool replace = !cmd.replacements.empty();
  cmd.candidates = marked;
  if (!mark_error.ok() && (replace || marked.empty())) {
    stats_.start_failures++;
    RollBack(cmd);
    return mark_error;
  }
  for (Replacement& r : cmd.replacements) {
    const api::NodePool* np = cluster_.store<api::NodePool>().Get("", r.plan.nodepool);
    StatusOr<std::string> name = NotFound("nodepool " + r.plan.nodepool);
    if (np != nullptr) {
      api::NodeClaim claim = ToNodeClaim(r.plan, *np);
      claim.metadata.owner_references.push_back(OwnerOf(*np));
      name = actuator_.CreateNodeClaim(std::move(claim));
    }
    if (!name.ok()) {
      // Without replacements the workloads would have nowhere to go: undo and give up.
      stats_.start_failures++;
      RollBack(cmd);
      return name.status();
    }
    r.name = *name;
    stats_.replacements_created++;
    recorder_.Publish(MakeEvent(now, "NodeClaim", "", r.name, "Normal", "DisruptionLaunching",
                                "Launching NodeClaim: " + cmd.reason),
                      r.name);
  }
  for (const CommandCandidate& c : cmd.candidates) marks_.MarkForDeletion(c.provider_id);
  for (const std::string& pid : cmd.destinations) marks_.NominateNode(pid, now);
  cmd.created = now;
  stats_.started[cmd.reason]++;
  stats_.decisions[std::string(DecisionName(cmd.decision()))]++;
  commands_.push_back(std::move(cmd));
  return Status();
}

std::optional<TimePoint> OrchestrationQueue::Reconcile(TimePoint now) {
  const Duration retry = MaxRetryDuration();
  for (size_t i = 0; i < commands_.size();) {
    Command& cmd = commands_[i];
    Progress p = Advance(cmd, now);
    if (p == Progress::kWaiting && now - cmd.created > retry) p = Progress::kFailed;
    if (p == Progress::kWaiting) {
      ++i;
      continue;
    }
    if (p == Progress::kFailed) {
      stats_.failed++;
      RollBack(cmd);
    }
    commands_.erase(commands_.begin() + static_cast<ptrdiff_t>(i));
  }
  if (commands_.empty()) return std::nullopt;
  return now + poll_;
}

OrchestrationQueue::Progress OrchestrationQueue::Advance(Command& cmd, TimePoint now) {
  bool waiting = false;
  for (Replacement& r : cmd.replacements) {
    if (r.initialized) continue;
    const api::NodeClaim* claim = cluster_.store<api::NodeClaim>().Get("", r.name);
    // Gone: insufficient capacity or the liveness timeout took it. Unrecoverable.
    if (claim == nullptr) return Progress::kFailed;
    if (IsConditionTrue(claim->status.conditions, kConditionInitialized)) {
      r.initialized = true;
      continue;
    }
    recorder_.Publish(
        MakeEvent(now, "NodeClaim", "", r.name, "Normal", "DisruptionWaitingReadiness",
                  "Waiting on readiness to continue disruption"),
        r.name);
    waiting = true;
  }
  if (waiting) return Progress::kWaiting;
  Terminate(cmd, now);
  return Progress::kDone;
}

void OrchestrationQueue::Terminate(const Command& cmd, TimePoint now) {
  const bool consolidation =
      cmd.reason == api::kReasonEmpty || cmd.reason == api::kReasonUnderutilized;
  for (const CommandCandidate& c : cmd.candidates) {
    if (consolidation && !c.node.empty()) {
      for (const api::Pod* p : cluster_.PodsOnNode(c.node)) {
        if (IsActive(*p) && IsDoNotDisruptActive(*p, now)) stats_.do_not_disrupt_violations++;
      }
    }
    Status s = actuator_.DeleteNodeClaim(c.nodeclaim);
    if (!s.ok() && s.code() != StatusCode::kNotFound) continue;
    const std::string message = "Disrupting NodeClaim: " + cmd.reason;
    if (!c.node.empty()) {
      recorder_.Publish(MakeEvent(now, "Node", "", c.node, "Normal", "DisruptionTerminating",
                                  "Disrupting Node: " + cmd.reason));
    }
    recorder_.Publish(
        MakeEvent(now, "NodeClaim", "", c.nodeclaim, "Normal", "DisruptionTerminating", message));
    stats_.disrupted[cmd.reason]++;
    stats_.pods_disrupted += c.reschedulable_pods;
  }
}

void OrchestrationQueue::RollBack(const Command& cmd) {
  for (const CommandCandidate& c : cmd.candidates) {
    marks_.UnmarkForDeletion(c.provider_id);
    if (const api::Node* node = cluster_.store<api::Node>().Get("", c.node)) {
      (void)RequireNoScheduleTaint(actuator_, *node, false);
    }
    if (const api::NodeClaim* claim = cluster_.store<api::NodeClaim>().Get("", c.nodeclaim)) {
      api::NodeClaim updated = *claim;
      if (ClearCondition(updated.status.conditions, kConditionDisruptionReason)) {
        (void)actuator_.UpdateNodeClaim(updated);
      }
    }
  }
  for (const Replacement& r : cmd.replacements) {
    // Replacements already gone (insufficient capacity, liveness) need no delete call.
    if (r.name.empty() || r.initialized) continue;
    if (cluster_.store<api::NodeClaim>().Get("", r.name) != nullptr) {
      (void)actuator_.DeleteNodeClaim(r.name);
    }
  }
}

}  // namespace swell::provisioning::disruption
