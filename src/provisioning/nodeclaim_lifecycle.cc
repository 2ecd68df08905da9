#include "provisioning/nodeclaim_lifecycle.h"

#include <algorithm>

#include "api/karpenter/well_known.h"
#include "provisioning/cluster_view.h"
#include "provisioning/conditions.h"

namespace swell::provisioning {
namespace {

namespace kp = api::karpenter;

bool HasFinalizer(const api::ObjectMeta& m) {
  return std::find(m.finalizers.begin(), m.finalizers.end(), kp::kTerminationFinalizer) !=
         m.finalizers.end();
}

bool MatchTaint(const api::Taint& a, const api::Taint& b) {
  return a.key == b.key && a.effect == b.effect;
}

// scheduling.Taints.Merge: adds the taints of `add` whose key and effect are not there yet.
void MergeTaints(std::vector<api::Taint>& into, const std::vector<api::Taint>& add) {
  for (const api::Taint& t : add) {
    if (std::none_of(into.begin(), into.end(),
                     [&](const api::Taint& x) { return MatchTaint(x, t); }))
      into.push_back(t);
  }
}

bool NodeReady(const api::Node& n) {
  const api::Condition* c = api::FindCondition(n.status.conditions, "Ready");
  return c != nullptr && c->status == "True";
}

std::string TaintString(const api::Taint& t) {
  return t.value.empty() ? t.key + ":" + t.effect : t.key + "=" + t.value + ":" + t.effect;
}

std::string Truncate(const std::string& s) { return s.size() < 300 ? s : s.substr(0, 300) + "..."; }

TimePoint TransitionOr(const std::vector<api::Condition>& cs, std::string_view type,
                       TimePoint fallback) {
  const api::Condition* c = api::FindCondition(cs, type);
  return c != nullptr && c->last_transition_time ? c->last_transition_time->value : fallback;
}

}  // namespace

NodeClaimLifecycle::NodeClaimLifecycle(const state::ClusterState& cluster,
                                       cloud::CloudProvider& cloud, Actuator& actuator,
                                       LifecycleOptions options)
    : cluster_(cluster),
      cloud_(cloud),
      actuator_(actuator),
      options_(std::move(options)),
      recorder_(actuator) {}

const api::Node* NodeClaimLifecycle::NodeFor(const api::NodeClaim& claim) const {
  if (claim.status.provider_id.empty()) return nullptr;
  for (const auto& [key, node] : cluster_.store<api::Node>()) {
    if (node.spec.provider_id == claim.status.provider_id) return &node;
  }
  return nullptr;
}

std::optional<TimePoint> NodeClaimLifecycle::ReconcileAll(TimePoint now) {
  std::vector<std::string> names;
  for (const auto& [key, claim] : cluster_.store<api::NodeClaim>()) {
    if (!claim.metadata.deletion_timestamp) names.push_back(claim.metadata.name);
  }
  std::optional<TimePoint> next;
  for (const std::string& name : names) {
    std::optional<TimePoint> t = Reconcile(name, now);
    if (t && (!next || *t < *next)) next = t;
  }
  return next;
}

std::optional<TimePoint> NodeClaimLifecycle::Reconcile(std::string_view name, TimePoint now) {
  const api::NodeClaim* stored = cluster_.store<api::NodeClaim>().Get("", name);
  if (stored == nullptr || stored->metadata.deletion_timestamp) return std::nullopt;
  api::NodeClaim claim = *stored;
  // The finalizer goes on before launch, so an instance never outlives its NodeClaim unseen.
  if (!HasFinalizer(claim.metadata)) {
    claim.metadata.finalizers.push_back(std::string(kp::kTerminationFinalizer));
  }
  std::optional<TimePoint> requeue;
  if (!Launch(claim, now, requeue)) return std::nullopt;
  const api::Node* node = NodeFor(claim);
  Register(claim, node, now);
  Initialize(claim, NodeFor(claim), now);
  if (!Liveness(claim, now, requeue)) return std::nullopt;
  UpdateReadyCondition(claim.status.conditions, now);
  if (!(claim == *stored)) (void)actuator_.UpdateNodeClaim(claim);
  return requeue;
}

bool NodeClaimLifecycle::Launch(api::NodeClaim& claim, TimePoint now,
                                std::optional<TimePoint>& requeue) {
  if (!IsConditionUnknown(claim.status.conditions, kConditionLaunched)) return true;
  const std::string name = claim.metadata.name;
  StatusOr<api::NodeClaim> created = cloud_.Create(claim);
  if (!created.ok()) {
    const Status& s = created.status();
    if (s.IsInsufficientCapacity() || s.IsNotReady()) {
      const char* reason = s.IsNotReady() ? "NodeClassNotReady" : "InsufficientCapacityError";
      recorder_.Publish(MakeEvent(now, "NodeClaim", "", name, "Warning", reason,
                                  "NodeClaim " + name + " event: " + Truncate(s.message())),
                        name);
      if (s.IsInsufficientCapacity()) stats_.insufficient_capacity++;
      // The finalizer is not written yet if this is the first reconcile; deleting a NodeClaim
      // without it removes it at once, as the API server would.
      (void)actuator_.DeleteNodeClaim(name);
      failures_.erase(name);
      return false;
    }
    SetCondition(claim.status.conditions, kConditionLaunched, "Unknown", "LaunchFailed",
                 Truncate(s.message()), now);
    int& n = failures_[name];
    Duration backoff = options_.retry_base * (int64_t{1} << std::min(n, 16));
    n++;
    requeue = now + std::min(backoff, options_.retry_max);
    return true;
  }
  failures_.erase(name);
  // PopulateNodeClaimDetails: the NodeClaim's own labels win over the launched ones.
  api::Labels labels = created->metadata.labels;
  for (const auto& [k, v] : claim.metadata.labels) labels[k] = v;
  claim.metadata.labels = std::move(labels);
  for (const auto& [k, v] : created->metadata.annotations) claim.metadata.annotations[k] = v;
  claim.status.provider_id = created->status.provider_id;
  claim.status.image_id = created->status.image_id;
  claim.status.capacity = created->status.capacity;
  claim.status.allocatable = created->status.allocatable;
  SetCondition(claim.status.conditions, kConditionLaunched, "True", "Launched", "", now);
  stats_.launched++;
  return true;
}

void NodeClaimLifecycle::Register(api::NodeClaim& claim, const api::Node* node, TimePoint now) {
  if (!IsConditionUnknown(claim.status.conditions, kConditionRegistered)) return;
  if (!IsConditionTrue(claim.status.conditions, kConditionLaunched)) return;
  if (node == nullptr) {
    SetCondition(claim.status.conditions, kConditionRegistered, "Unknown", "NodeNotFound",
                 "Node not registered with cluster", now);
    return;
  }
  api::Node n = *node;
  const bool has_unregistered =
      std::any_of(n.spec.taints.begin(), n.spec.taints.end(), [](const api::Taint& t) {
        return t.key == kp::kUnregisteredTaintKey && t.effect == api::kEffectNoExecute;
      });
  if (n.metadata.labels.count(std::string(kp::kNodeRegisteredLabelKey)) == 0 && !has_unregistered) {
    recorder_.Publish(
        MakeEvent(now, "NodeClaim", "", claim.metadata.name, "Warning", "UnregisteredTaintMissing",
                  "Missing karpenter.sh/unregistered taint which prevents "
                  "registration related race conditions on Karpenter-managed nodes"),
        claim.metadata.name);
  }
  // syncNode: finalizer, taints (unless do-not-sync-taints), annotations and labels.
  if (!HasFinalizer(n.metadata))
    n.metadata.finalizers.push_back(std::string(kp::kTerminationFinalizer));
  auto dns = n.metadata.labels.find(kp::kNodeDoNotSyncTaintsLabelKey);
  if (dns == n.metadata.labels.end() || dns->second != "true") {
    MergeTaints(n.spec.taints, claim.spec.taints);
    MergeTaints(n.spec.taints, claim.spec.startup_taints);
  }
  for (const auto& [k, v] : claim.metadata.annotations) n.metadata.annotations[k] = v;
  for (const auto& [k, v] : claim.metadata.labels) n.metadata.labels[k] = v;
  std::erase_if(n.spec.taints, [](const api::Taint& t) {
    return t.key == kp::kUnregisteredTaintKey && t.effect == api::kEffectNoExecute;
  });
  n.metadata.labels[std::string(kp::kNodeRegisteredLabelKey)] = "true";
  if (!(n == *node) && !actuator_.UpdateNode(n).ok()) return;
  SetCondition(claim.status.conditions, kConditionRegistered, "True", "Registered", "", now);
  claim.status.node_name = n.metadata.name;
  stats_.registered++;
}

void NodeClaimLifecycle::Initialize(api::NodeClaim& claim, const api::Node* node, TimePoint now) {
  auto& cs = claim.status.conditions;
  if (!IsConditionUnknown(cs, kConditionInitialized)) return;
  if (!IsConditionTrue(cs, kConditionRegistered)) return;
  if (node == nullptr) {
    SetCondition(cs, kConditionInitialized, "Unknown", "NodeNotFound",
                 "Node not registered with cluster", now);
    return;
  }
  if (!NodeReady(*node)) {
    SetCondition(cs, kConditionInitialized, "Unknown", "NodeNotReady", "Node status is NotReady",
                 now);
    return;
  }
  for (const api::Taint& st : claim.spec.startup_taints) {
    for (const api::Taint& t : node->spec.taints) {
      if (MatchTaint(st, t)) {
        SetCondition(cs, kConditionInitialized, "Unknown", "StartupTaintsExist",
                     "StartupTaint \"" + TaintString(t) + "\" still exists", now);
        return;
      }
    }
  }
  for (const api::Taint& t : node->spec.taints) {
    if (IsKnownEphemeralTaint(t)) {
      SetCondition(cs, kConditionInitialized, "Unknown", "KnownEphemeralTaintsExist",
                   "KnownEphemeralTaint \"" + TaintString(t) + "\" still exists", now);
      return;
    }
  }
  for (const auto& [res, q] : claim.spec.resources.requests) {
    if (q.IsZero()) continue;
    auto it = node->status.allocatable.find(res);
    if (it == node->status.allocatable.end() || it->second.IsZero()) {
      SetCondition(cs, kConditionInitialized, "Unknown", "ResourceNotRegistered",
                   "Resource \"" + res + "\" was requested but not registered", now);
      return;
    }
  }
  api::Node n = *node;
  n.metadata.labels[std::string(kp::kNodeInitializedLabelKey)] = "true";
  if (!(n == *node) && !actuator_.UpdateNode(n).ok()) return;
  SetCondition(cs, kConditionInitialized, "True", "Initialized", "", now);
  stats_.initialized++;
}

bool NodeClaimLifecycle::Liveness(api::NodeClaim& claim, TimePoint now,
                                  std::optional<TimePoint>& requeue) {
  const auto& cs = claim.status.conditions;
  if (IsConditionTrue(cs, kConditionRegistered)) return true;
  const TimePoint created =
      claim.metadata.creation_timestamp ? claim.metadata.creation_timestamp->value : now;
  auto expire = [&](TimePoint deadline) {
    if (now < deadline) {
      if (!requeue || deadline < *requeue) requeue = deadline;
      return true;
    }
    (void)actuator_.DeleteNodeClaim(claim.metadata.name);
    stats_.liveness_deleted++;
    return false;
  };
  if (!IsConditionTrue(cs, kConditionLaunched)) {
    return expire(TransitionOr(cs, kConditionLaunched, created) + options_.launch_timeout);
  }
  return expire(TransitionOr(cs, kConditionRegistered, created) + options_.registration_timeout);
}

}  // namespace swell::provisioning
