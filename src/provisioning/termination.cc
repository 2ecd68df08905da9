#include "provisioning/termination.h"

#include <algorithm>
#include <array>

#include "api/karpenter/well_known.h"
#include "provisioning/conditions.h"
#include "provisioning/pods.h"

namespace swell::provisioning {
namespace {

namespace kp = api::karpenter;

bool HasFinalizer(const api::ObjectMeta& m) {
  return std::find(m.finalizers.begin(), m.finalizers.end(), kp::kTerminationFinalizer) !=
         m.finalizers.end();
}

void RemoveFinalizer(api::ObjectMeta& m) {
  std::erase(m.finalizers, std::string(kp::kTerminationFinalizer));
}

bool NodeReady(const api::Node& n) {
  const api::Condition* c = api::FindCondition(n.status.conditions, "Ready");
  return c != nullptr && c->status == "True";
}

bool IsManagedNode(const api::Node& n) {
  return n.metadata.labels.count(std::string(kp::kNodePoolLabelKey)) > 0;
}

const api::Node* NodeByProviderID(const state::ClusterState& cluster, const std::string& pid) {
  if (pid.empty()) return nullptr;
  for (const auto& [key, node] : cluster.store<api::Node>()) {
    if (node.spec.provider_id == pid) return &node;
  }
  return nullptr;
}

const api::NodeClaim* NodeClaimByProviderID(const state::ClusterState& cluster,
                                            const std::string& pid) {
  if (pid.empty()) return nullptr;
  for (const auto& [key, claim] : cluster.store<api::NodeClaim>()) {
    if (claim.status.provider_id == pid) return &claim;
  }
  return nullptr;
}

std::optional<TimePoint> TerminationTime(const api::NodeClaim* claim) {
  if (claim == nullptr) return std::nullopt;
  auto it = claim->metadata.annotations.find(
      std::string(kp::kNodeClaimTerminationTimestampAnnotationKey));
  TimePoint t;
  if (it == claim->metadata.annotations.end() || !ParseRfc3339(it->second, &t)) return std::nullopt;
  return t;
}

// needsForceDelete: the pod's own grace period would outlast the node's termination time.
bool NeedsForceDelete(const api::Pod& p, std::optional<TimePoint> termination, TimePoint now) {
  if (!termination) return false;
  if (IsTerminating(p)) {
    // swell stamps deletionTimestamp with the request time; the kubelet stops the pod after
    // deletionGracePeriodSeconds (upstream's deletionTimestamp already includes it).
    TimePoint ends = p.metadata.deletion_timestamp->value +
                     Seconds(p.metadata.deletion_grace_period_seconds.value_or(0));
    return ends > *termination;
  }
  if (!p.spec.termination_grace_period_seconds) return false;
  return now > *termination - Seconds(*p.spec.termination_grace_period_seconds);
}

int Tier(const api::Pod& p) { return (IsCritical(p) ? 2 : 0) + (IsOwnedByDaemonSet(p) ? 1 : 0); }

void Later(std::optional<TimePoint>& next, TimePoint t) {
  if (!next || t < *next) next = t;
}

}  // namespace

Termination::Termination(const state::ClusterState& cluster, cloud::CloudProvider& cloud,
                         Actuator& actuator, TerminationOptions options)
    : cluster_(cluster),
      cloud_(cloud),
      actuator_(actuator),
      options_(std::move(options)),
      recorder_(actuator) {}

std::optional<TimePoint> Termination::ReconcileAll(TimePoint now) {
  std::vector<std::string> nodes, claims;
  for (const auto& [key, c] : cluster_.store<api::NodeClaim>()) {
    if (c.metadata.deletion_timestamp && HasFinalizer(c.metadata)) claims.push_back(key);
  }
  std::optional<TimePoint> next;
  for (const auto& c : claims) {
    if (auto t = ReconcileNodeClaim(c, now)) Later(next, *t);
  }
  // NodeClaims first: a registered one deletes its Node, whose drain then starts at once.
  for (const auto& [key, n] : cluster_.store<api::Node>()) {
    if (n.metadata.deletion_timestamp && HasFinalizer(n.metadata)) nodes.push_back(key);
  }
  for (const auto& n : nodes) {
    if (auto t = ReconcileNode(n, now)) Later(next, *t);
  }
  return next;
}

std::optional<TimePoint> Termination::ReconcileNodeClaim(std::string_view name, TimePoint now) {
  const api::NodeClaim* stored = cluster_.store<api::NodeClaim>().Get("", name);
  if (stored == nullptr || !stored->metadata.deletion_timestamp || !HasFinalizer(stored->metadata))
    return std::nullopt;
  api::NodeClaim claim = *stored;
  const std::string tgp_key(kp::kNodeClaimTerminationTimestampAnnotationKey);
  if (claim.spec.termination_grace_period && claim.metadata.annotations.count(tgp_key) == 0) {
    std::string when = FormatRfc3339(claim.metadata.deletion_timestamp->value +
                                     claim.spec.termination_grace_period->value);
    claim.metadata.annotations[tgp_key] = when;
    if (!actuator_.UpdateNodeClaim(claim).ok()) return std::nullopt;
    recorder_.Publish(
        MakeEvent(now, "NodeClaim", "", claim.metadata.name, "Warning",
                  "TerminationGracePeriodExpiring", "All pods will be deleted by " + when),
        claim.metadata.name);
  }
  // Only a registered NodeClaim's Node is deleted here; the Node's termination (ReconcileNode)
  // drains it; the NodeClaim waits until it is gone.
  if (IsConditionTrue(claim.status.conditions, kConditionRegistered)) {
    if (const api::Node* node = NodeByProviderID(cluster_, claim.status.provider_id)) {
      if (!node->metadata.deletion_timestamp) (void)actuator_.DeleteNode(node->metadata.name);
      return now + options_.drain_requeue;
    }
  }
  if (!claim.status.provider_id.empty()) {
    Status s = cloud_.Delete(claim);
    if (!s.ok() && !s.IsNotFound()) return now + options_.instance_requeue;
    if (SetCondition(claim.status.conditions, kConditionInstanceTerminating, "True",
                     "InstanceTerminating", "", now)) {
      if (!actuator_.UpdateNodeClaim(claim).ok()) return std::nullopt;
    }
    if (!s.IsNotFound()) return now + options_.instance_requeue;
  }
  RemoveFinalizer(claim.metadata);
  (void)actuator_.UpdateNodeClaim(claim);
  stats_.nodeclaims_terminated++;
  return std::nullopt;
}

std::optional<TimePoint> Termination::ReconcileNode(std::string_view name, TimePoint now) {
  const api::Node* stored = cluster_.store<api::Node>().Get("", name);
  if (stored == nullptr || !stored->metadata.deletion_timestamp ||
      !HasFinalizer(stored->metadata) || !IsManagedNode(*stored)) {
    return std::nullopt;
  }
  api::Node node = *stored;
  std::optional<api::NodeClaim> orig, claim;  // copies: writes may replace the stored objects
  if (const api::NodeClaim* c = NodeClaimByProviderID(cluster_, node.spec.provider_id)) {
    orig = *c;
    if (!orig->metadata.deletion_timestamp) (void)actuator_.DeleteNodeClaim(orig->metadata.name);
    claim = orig;
  }
  auto finish = [&]() -> std::optional<TimePoint> {
    RemoveFinalizer(node.metadata);
    (void)actuator_.UpdateNode(node);
    stats_.nodes_terminated++;
    return std::nullopt;
  };
  // The kubelet is gone and so is the instance: nothing left to drain.
  if (!NodeReady(node) && cloud_.Get(node.spec.provider_id).status().IsNotFound()) return finish();
  const std::optional<TimePoint> termination = TerminationTime(orig ? &*orig : nullptr);
  // Taint (karpenter.sh/disrupted:NoSchedule, replacing any other effect of that key) and the
  // load-balancer exclusion label.
  const bool tainted = std::any_of(node.spec.taints.begin(), node.spec.taints.end(), [](auto& t) {
    return t.key == kp::kDisruptedTaintKey && t.effect == api::kEffectNoSchedule;
  });
  if (!tainted) {
    std::erase_if(node.spec.taints,
                  [](const api::Taint& t) { return t.key == kp::kDisruptedTaintKey; });
    node.spec.taints.push_back(
        {std::string(kp::kDisruptedTaintKey), "", std::string(api::kEffectNoSchedule), {}});
  }
  node.metadata.labels[std::string(kp::kLabelNodeExcludeBalancers)] = "karpenter";
  if (!(node == *stored) && !actuator_.UpdateNode(node).ok()) return std::nullopt;

  auto write_claim = [&]() {
    if (claim && !(*claim == *orig)) (void)actuator_.UpdateNodeClaim(*claim);
  };
  // awaitDrain.
  if (claim && api::FindCondition(claim->status.conditions, kConditionDrained) == nullptr) {
    SetCondition(claim->status.conditions, kConditionDrained, "Unknown", "Draining", "Draining",
                 now);
  }
  std::string reason;
  if (claim) {
    if (const api::Condition* c =
            api::FindCondition(claim->status.conditions, kConditionDisruptionReason)) {
      reason = c->reason;
    }
  }
  if (Drain(node, termination, now, reason)) {
    write_claim();
    return now + options_.drain_requeue;
  }
  if (claim) {
    const api::Condition* d = api::FindCondition(claim->status.conditions, kConditionDrained);
    if (d->status == "Unknown" && d->last_transition_time &&
        now - d->last_transition_time->value < options_.min_drain_time) {
      write_claim();
      return now + options_.drain_requeue;
    }
    SetCondition(claim->status.conditions, kConditionDrained, "True", "Drained", "", now);
    // No volumes are modelled: nothing to wait for.
    SetCondition(claim->status.conditions, kConditionVolumesDetached, "True", "VolumesDetached", "",
                 now);
    // awaitInstanceTermination.
    Status s = cloud_.Delete(*claim);
    if (!s.ok() && !s.IsNotFound()) {
      write_claim();
      return now + options_.instance_requeue;
    }
    SetCondition(claim->status.conditions, kConditionInstanceTerminating, "True",
                 "InstanceTerminating", "", now);
    write_claim();
    if (!s.IsNotFound()) return now + options_.instance_requeue;
  }
  return finish();
}

bool Termination::Drain(const api::Node& node, std::optional<TimePoint> termination, TimePoint now,
                        const std::string& reason) {
  std::vector<const api::Pod*> force;
  std::array<std::vector<const api::Pod*>, 4> tiers;
  size_t waiting = 0;
  for (const api::Pod* p : cluster_.PodsOnNode(node.metadata.name)) {
    if (IsTerminal(*p) || !IsDrainable(*p, now)) continue;  // IsWaitingEviction
    waiting++;
    if (NeedsForceDelete(*p, termination, now)) {
      force.push_back(p);
    } else {
      tiers[static_cast<size_t>(Tier(*p))].push_back(p);
    }
  }
  if (waiting == 0) return false;
  // Names are copied before each write: a write may remove the pod from the store.
  using Ref = std::pair<std::string, std::string>;
  std::vector<Ref> to_delete, to_evict;
  for (const api::Pod* p : force) {
    if (IsTerminating(*p) && !NeedsForceDelete(*p, termination, now)) continue;
    to_delete.emplace_back(p->metadata.namespace_, p->metadata.name);
  }
  for (auto& tier : tiers) {
    if (tier.empty()) continue;
    for (const api::Pod* p : tier) {
      // Terminating already, or an active do-not-disrupt: wait for it.
      if (IsEvictable(*p, now)) to_evict.emplace_back(p->metadata.namespace_, p->metadata.name);
    }
    break;  // the next tier waits for this one to empty
  }
  const std::string node_name = node.metadata.name;
  for (const auto& [ns, name] : to_delete) {
    recorder_.Publish(MakeEvent(now, "Pod", ns, name, "Normal", "Disrupted",
                                "Deleting the pod to accommodate the terminationTime " +
                                    FormatRfc3339(*termination) +
                                    " of the node. This bypasses the PDB of the pod and the "
                                    "do-not-disrupt annotation."),
                      name);
    if (actuator_.DeletePod(ns, name).ok()) stats_.pods_deleted++;
  }
  for (const auto& [ns, name] : to_evict) {
    Status s = actuator_.EvictPod(ns, name);
    if (s.ok()) {
      stats_.evictions++;
      recorder_.Publish(
          MakeEvent(now, "Pod", ns, name, "Normal", "Evicted", "Evicted pod: " + reason), name);
    } else if (s.code() == StatusCode::kUnavailable) {
      stats_.evictions_blocked++;
      recorder_.Publish(MakeEvent(now, "Node", "", node_name, "Warning", "FailedDraining",
                                  "Failed to drain node, evicting pod violates a PDB (Pod=" + ns +
                                      "/" + name + ")"),
                        node_name);
    }
  }
  return true;
}

}  // namespace swell::provisioning
