#include "provisioning/disruption/nodeclaim_conditions.h"

#include <set>

#include "api/karpenter/well_known.h"
#include "provisioning/conditions.h"
#include "provisioning/nodepool_hash.h"
#include "provisioning/pods.h"

namespace swell::provisioning::disruption {
namespace {

namespace kp = api::karpenter;

constexpr Duration kPodEventDedupe = Seconds(10);
constexpr Duration kInstanceTypeCheckAfter = Hours(1);
constexpr Duration kInstanceTypeCheckEvery = Minutes(30);

std::string Annotation(const api::ObjectMeta& m, std::string_view key) {
  auto it = m.annotations.find(key);
  return it == m.annotations.end() ? "" : it->second;
}

std::string Label(const api::ObjectMeta& m, std::string_view key) {
  auto it = m.labels.find(key);
  return it == m.labels.end() ? "" : it->second;
}

// areStaticFieldsDrifted: both stamps present with the same version, different hashes.
bool StaticDrift(const api::NodePool& np, const api::NodeClaim& claim) {
  const std::string hash = Annotation(claim.metadata, kp::kNodePoolHashAnnotationKey);
  const std::string version = Annotation(claim.metadata, kp::kNodePoolHashVersionAnnotationKey);
  if (hash.empty() || version != kNodePoolHashVersion) return false;
  return hash != NodePoolHash(np);
}

// areRequirementsDrifted: the claim's labels must still satisfy the pool's requirements. A key
// the claim carries no label for is judged by the claim's own requirement on it (swell labels
// only single-valued custom requirements, where Karpenter picks a value for every one).
bool RequirementsDrift(const api::NodePool& np, const api::NodeClaim& claim) {
  api::Requirements pool = api::Requirements::FromNodeSelectorRequirementsWithMinValues(
      np.spec.template_.spec.requirements);
  api::Requirements have = api::Requirements::FromLabels(claim.metadata.labels);
  api::Requirements own =
      api::Requirements::FromNodeSelectorRequirementsWithMinValues(claim.spec.requirements);
  for (const api::Requirement& r : pool) {
    if (have.Has(r.key())) continue;
    if (const api::Requirement* mine = own.Find(r.key())) have.Add(*mine);
  }
  return !have.IsCompatible(pool);
}

// instanceTypeNotFound: the claim's type is gone, or no offering matches its zone and capacity
// type (a reserved claim may have become on-demand).
bool InstanceTypeGone(const cloud::InstanceTypes& types, const api::NodeClaim& claim) {
  const std::string name = Label(claim.metadata, kp::kLabelInstanceTypeStable);
  const std::string zone = Label(claim.metadata, kp::kLabelTopologyZone);
  const std::string ct = Label(claim.metadata, kp::kCapacityTypeLabelKey);
  if (types == nullptr) return true;
  for (const cloud::InstanceType& t : *types) {
    if (t.name != name) continue;
    for (const cloud::Offering& o : t.offerings) {
      const bool ct_ok =
          ct.empty() || o.capacity_type == ct ||
          (ct == kp::kCapacityTypeReserved && o.capacity_type == kp::kCapacityTypeOnDemand);
      if ((zone.empty() || o.zone == zone) && ct_ok) return false;
    }
    return true;
  }
  return true;
}

}  // namespace

std::string NodeClaimConditions::DriftReason(const api::NodePool& np, const api::NodeClaim& claim,
                                             TimePoint now) {
  if (StaticDrift(np, claim)) return std::string(kDriftNodePool);
  if (RequirementsDrift(np, claim)) return std::string(kDriftRequirements);
  const TimePoint created =
      claim.metadata.creation_timestamp ? claim.metadata.creation_timestamp->value : now;
  auto checked = type_checked_.find(claim.metadata.name);
  const bool due =
      checked == type_checked_.end() || now - checked->second >= kInstanceTypeCheckEvery;
  if (due && now - created > kInstanceTypeCheckAfter) {
    StatusOr<cloud::InstanceTypes> types = cloud_.GetInstanceTypes(np);
    if (types.ok()) {
      if (InstanceTypeGone(*types, claim)) return std::string(kDriftInstanceTypeNotFound);
      type_checked_[claim.metadata.name] = now;
    }
  }
  StatusOr<std::string> cloud_reason = cloud_.IsDrifted(claim);
  return cloud_reason.ok() ? *cloud_reason : "";
}

std::optional<TimePoint> NodeClaimConditions::Reconcile(TimePoint now) {
  // Each node's pods (DaemonSet pods do not count as pod events): key -> 0 running, 1
  // terminating, 2 terminal.
  std::map<std::string, Fingerprint, std::less<>> current;
  for (const auto& [key, pod] : cluster_.pods()) {
    if (pod.spec.node_name.empty() || IsOwnedByDaemonSet(pod)) continue;
    current[pod.spec.node_name][key] = IsTerminal(pod) ? 2 : IsTerminating(pod) ? 1 : 0;
  }
  std::map<std::string, std::string, std::less<>> node_by_pid;
  for (const auto& [key, node] : cluster_.store<api::Node>()) {
    node_by_pid.emplace(node.spec.provider_id, node.metadata.name);
  }
  std::optional<TimePoint> next;
  std::set<std::string, std::less<>> live;
  std::vector<api::NodeClaim> writes;
  for (const auto& [key, claim] : cluster_.store<api::NodeClaim>()) {
    if (claim.metadata.deletion_timestamp) continue;
    const api::NodePool* np =
        cluster_.store<api::NodePool>().Get("", Label(claim.metadata, kp::kNodePoolLabelKey));
    if (np == nullptr) continue;
    api::NodeClaim updated = claim;
    auto node = node_by_pid.find(claim.status.provider_id);
    if (!claim.status.provider_id.empty() && node != node_by_pid.end()) {
      // podevents: a change in the node's pods since the last look is a pod event.
      live.insert(node->second);
      const Fingerprint& pods = current[node->second];
      auto seen = seen_.find(node->second);
      const bool event = seen == seen_.end() ? !pods.empty() && !claim.status.last_pod_event_time
                                             : seen->second != pods;
      seen_[node->second] = pods;
      const auto& last = claim.status.last_pod_event_time;
      if (event && (!last || now - last->value >= kPodEventDedupe)) {
        updated.status.last_pod_event_time = api::Time{now};
        stats_.pod_events++;
      }
    }
    auto& conds = updated.status.conditions;
    // Drifted.
    const std::string drift =
        IsConditionTrue(conds, kConditionLaunched) ? DriftReason(*np, updated, now) : "";
    if (drift.empty()) {
      ClearCondition(conds, kConditionDrifted);
    } else if (!IsConditionTrue(conds, kConditionDrifted)) {
      SetCondition(conds, kConditionDrifted, "True", drift, drift, now);
      stats_.drifted++;
    }
    // Consolidatable (never for static pools).
    const api::NillableDuration& after = np->spec.disruption.consolidate_after;
    const api::Condition* init = api::FindCondition(conds, kConditionInitialized);
    if (np->spec.replicas || (!after.raw.empty() && after.IsNever()) || init == nullptr ||
        init->status != "True") {
      ClearCondition(conds, kConditionConsolidatable);
    } else {
      const Duration window = after.value.value_or(Duration(0));
      const TimePoint since =
          updated.status.last_pod_event_time
              ? updated.status.last_pod_event_time->value
              : (init->last_transition_time ? init->last_transition_time->value : now);
      if (window > Duration(0) && now - since < window) {
        ClearCondition(conds, kConditionConsolidatable);
        next = next ? std::min(*next, since + window) : since + window;
      } else if (!IsConditionTrue(conds, kConditionConsolidatable)) {
        SetCondition(conds, kConditionConsolidatable, "True", "Consolidatable", "", now);
        stats_.consolidatable++;
      }
    }
    if (!(updated == claim)) writes.push_back(std::move(updated));
  }
  std::erase_if(seen_, [&](const auto& e) { return live.count(e.first) == 0; });
  std::erase_if(type_checked_, [&](const auto& e) {
    return cluster_.store<api::NodeClaim>().Get("", e.first) == nullptr;
  });
  for (const api::NodeClaim& c : writes) (void)actuator_.UpdateNodeClaim(c);
  return next;
}

}  // namespace swell::provisioning::disruption
