#include "provisioning/disruption/candidate.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "api/karpenter/well_known.h"
#include "api/labels.h"
#include "provisioning/disruption/expiration.h"
#include "provisioning/pods.h"

namespace swell::provisioning::disruption {
namespace {

namespace kp = api::karpenter;

constexpr std::string_view kPodDeletionCost = "controller.kubernetes.io/pod-deletion-cost";

// strconv.ParseFloat: the whole text must be a number.
std::optional<double> ParseFloat(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool PodReadyFalse(const api::Pod& pod) {
  const api::Condition* c = api::FindCondition(pod.status.conditions, "Ready");
  return c != nullptr && c->status == "False";
}

std::string Label(const api::Labels* labels, std::string_view key) {
  if (labels == nullptr) return "";
  auto it = labels->find(key);
  return it == labels->end() ? "" : it->second;
}

// ValidateNodeDisruptable: "" when the node itself allows disruption.
std::string NodeBlocker(const StateNode& n) {
  if (n.node == nullptr) return "Nodeclaim does not have an associated node";
  if (!n.initialized) return "Node isn't initialized";
  if (n.marked_for_deletion) return "Node is deleting or marked for deletion";
  if (n.nominated) return "Node is nominated for a pending pod";
  if (n.annotations != nullptr) {
    auto it = n.annotations->find(kp::kDoNotDisruptAnnotationKey);
    if (it != n.annotations->end() && it->second == "true") {
      return "Disruption is blocked through the \"karpenter.sh/do-not-disrupt\" annotation";
    }
  }
  if (n.nodepool.empty()) return "Node doesn't have required label (label=karpenter.sh/nodepool)";
  return "";
}

void PublishBlocked(const Context& ctx, const StateNode& n, const std::string& message) {
  PublishOnNode(ctx, n, "DisruptionBlocked", message);
}

// ValidatePodsDisruptable: "" when no pod blocks the node's disruption.
std::string PodBlocker(const Context& ctx, const PdbLimits& pdbs,
                       const std::vector<const api::Pod*>& pods) {
  for (const api::Pod* p : pods) {
    if (IsActive(*p) && IsDoNotDisruptActive(*p, ctx.now)) {
      return "Pod has \"karpenter.sh/do-not-disrupt\" annotation (Pod=" + PodKey(*p) + ")";
    }
  }
  std::optional<std::string> pdb = pdbs.BlockingReason(pods, ctx.now);
  return pdb ? *pdb : "";
}

double OfferingPrice(const cloud::InstanceType* it, std::string_view zone, std::string_view ct) {
  if (it == nullptr) return 0;
  for (const cloud::Offering& o : it->offerings) {
    if (o.zone == zone && o.capacity_type == ct) return o.price_per_hour;
  }
  return 0;
}

}  // namespace

double EvictionCost(const api::Pod& pod) {
  double cost = 1.0;
  auto it = pod.metadata.annotations.find(kPodDeletionCost);
  if (it != pod.metadata.annotations.end()) {
    if (std::optional<double> v = ParseFloat(it->second)) cost += *v / std::pow(2.0, 27.0);
  }
  if (pod.spec.priority) cost += static_cast<double>(*pod.spec.priority) / std::pow(2.0, 25.0);
  return std::clamp(cost, -10.0, 10.0);
}

double ReschedulingCost(const std::vector<const api::Pod*>& pods) {
  double cost = 0;
  for (const api::Pod* p : pods) cost += EvictionCost(*p);
  return cost;
}

double LifetimeRemaining(const api::NodeClaim& claim, TimePoint now) {
  std::optional<TimePoint> expires = ExpirationTime(claim);
  if (!expires) return 1.0;
  const double total =
      static_cast<double>((*expires - claim.metadata.creation_timestamp->value).count());
  if (total <= 0) return 0.0;
  const double left = static_cast<double>((*expires - now).count());
  return std::clamp(left / total, 0.0, 1.0);
}

// ---- PdbLimits ---------------------------------------------------------------------------------

PdbLimits::PdbLimits(const state::ClusterState& cluster) {
  for (const auto& [key, pdb] : cluster.store<api::PodDisruptionBudget>()) {
    Item item;
    item.key = key;
    item.ns = pdb.metadata.namespace_;
    item.selector = pdb.spec.selector ? &*pdb.spec.selector : nullptr;
    item.disruptions_allowed = pdb.status.disruptions_allowed;
    const auto& mu = pdb.spec.max_unavailable;
    const auto& ma = pdb.spec.min_available;
    item.fully_blocking = (mu && !mu->is_string && mu->int_value == 0) ||
                          (mu && mu->is_string && mu->str_value == "0%") ||
                          (ma && ma->is_string && ma->str_value == "100%");
    item.always_allow_unhealthy = pdb.spec.unhealthy_pod_eviction_policy == "AlwaysAllow";
    items_.push_back(std::move(item));
  }
}

std::vector<std::string> PdbLimits::Blocking(const api::Pod& pod, TimePoint now,
                                             Blocker blocker) const {
  // Pods the drain will not evict cannot be blocked by a PDB.
  if (!IsEvictable(pod, now)) return {};
  std::vector<const Item*> matching;
  for (const Item& item : items_) {
    if (item.ns == pod.metadata.namespace_ && item.selector != nullptr &&
        api::SelectorMatches(*item.selector, pod.metadata.labels)) {
      matching.push_back(&item);
    }
  }
  // The eviction API refuses pods selected by more than one PDB.
  if (matching.size() > 1) {
    std::vector<std::string> keys;
    for (const Item* i : matching) keys.push_back(i->key);
    return keys;
  }
  for (const Item* item : matching) {
    if (item->always_allow_unhealthy && PodReadyFalse(pod)) return {};
    if (blocker == Blocker::kZeroDisruptions && item->disruptions_allowed == 0) return {item->key};
    if (blocker == Blocker::kFullyBlocking && item->fully_blocking) return {item->key};
  }
  return {};
}

std::optional<std::string> PdbLimits::BlockingReason(const std::vector<const api::Pod*>& pods,
                                                     TimePoint now) const {
  for (const api::Pod* p : pods) {
    std::vector<std::string> keys = Blocking(*p, now, Blocker::kZeroDisruptions);
    if (keys.empty()) continue;
    std::string joined;
    for (const std::string& k : keys) joined += (joined.empty() ? "" : ", ") + k;
    if (keys.size() > 1) {
      return "Eviction does not support multiple PDBs (PodDisruptionBudget(s)=[" + joined + "])";
    }
    return "Pdb prevents pod evictions (PodDisruptionBudget=" + joined + ")";
  }
  return std::nullopt;
}

bool PdbLimits::IsCurrentlyReschedulable(const api::Pod& pod, TimePoint now) const {
  const bool disruptable = !IsActive(pod) || !IsDoNotDisruptActive(pod, now);
  return IsReschedulable(pod) && disruptable && Blocking(pod, now, Blocker::kFullyBlocking).empty();
}

// ---- candidates --------------------------------------------------------------------------------

std::vector<Candidate> GetCandidates(const Context& ctx, DisruptionClass cls,
                                     const CandidateFilter& filter) {
  PdbLimits pdbs(ctx.cluster);
  std::vector<Candidate> out;
  for (const StateNode& n : ctx.view.nodes()) {
    if (n.nodeclaim == nullptr || ctx.in_queue(n.provider_id)) continue;
    if (std::string why = NodeBlocker(n); !why.empty()) {
      PublishBlocked(ctx, n, why);
      continue;
    }
    auto pool = ctx.nodepools.find(n.nodepool);
    if (pool == ctx.nodepools.end() || pool->second.by_name.empty()) {
      PublishBlocked(ctx, n, "NodePool not found (NodePool=" + n.nodepool + ")");
      continue;
    }
    Candidate c;
    c.state = &n;
    c.nodepool = pool->second.nodepool;
    auto it = pool->second.by_name.find(Label(n.labels, kp::kLabelInstanceTypeStable));
    c.instance_type = it == pool->second.by_name.end() ? nullptr : it->second;
    c.zone = Label(n.labels, kp::kLabelTopologyZone);
    c.capacity_type = Label(n.labels, kp::kCapacityTypeLabelKey);
    c.pods = n.pods;
    c.pods.insert(c.pods.end(), n.daemon_pods.begin(), n.daemon_pods.end());
    if (std::string why = PodBlocker(ctx, pdbs, c.pods); !why.empty()) {
      const bool eventual = cls == DisruptionClass::kEventual &&
                            n.nodeclaim->spec.termination_grace_period.has_value();
      if (!eventual) {
        PublishBlocked(ctx, n, why);
        continue;
      }
    }
    for (const api::Pod* p : c.pods) {
      if (IsReschedulable(*p)) c.reschedulable_pods.push_back(p);
    }
    c.disruption_cost = ReschedulingCost(c.pods) * LifetimeRemaining(*n.nodeclaim, ctx.now);
    c.price = OfferingPrice(c.instance_type, c.zone, c.capacity_type);
    if (filter && !filter(c)) continue;
    out.push_back(std::move(c));
  }
  return out;
}

void PublishOnNode(const Context& ctx, const StateNode& n, std::string_view reason,
                   const std::string& message, Duration dedupe) {
  if (n.node != nullptr) {
    ctx.recorder.Publish(MakeEvent(ctx.now, "Node", "", n.node->metadata.name, "Normal",
                                   std::string(reason), message),
                         "node/" + n.node->metadata.name, dedupe);
  }
  if (n.nodeclaim != nullptr) {
    ctx.recorder.Publish(MakeEvent(ctx.now, "NodeClaim", "", n.nodeclaim->metadata.name, "Normal",
                                   std::string(reason), message),
                         "nodeclaim/" + n.nodeclaim->metadata.name, dedupe);
  }
}

void SortByDisruptionCost(std::vector<Candidate>& candidates) {
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.disruption_cost != b.disruption_cost)
                       return a.disruption_cost < b.disruption_cost;
                     return a.name() < b.name();
                   });
}

}  // namespace swell::provisioning::disruption
