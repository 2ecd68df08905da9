#include "provisioning/cluster_view.h"

#include <algorithm>

#include "api/karpenter/well_known.h"
#include "provisioning/pods.h"

namespace swell::provisioning {
namespace {

namespace kp = api::karpenter;

const api::Quantity kOne = api::Quantity::FromInt(1);

bool LabelTrue(const api::Labels& l, std::string_view key) {
  auto it = l.find(key);
  return it != l.end() && it->second == "true";
}

bool ConditionTrue(const std::vector<api::Condition>& cs, std::string_view type) {
  const api::Condition* c = api::FindCondition(cs, type);
  return c != nullptr && c->status == "True";
}

bool MatchTaint(const api::Taint& a, const api::Taint& b) {
  return a.key == b.key && a.effect == b.effect;
}

// Capacity()/Allocatable(): the Node's, zero or missing values filled from the NodeClaim's
// status while the node is not initialized (or has no Node yet).
api::ResourceList Merged(const api::ResourceList* node, const api::ResourceList* claim,
                         bool initialized) {
  if (node == nullptr) return claim != nullptr ? *claim : api::ResourceList{};
  api::ResourceList out = *node;
  if (initialized || claim == nullptr) return out;
  for (const auto& [name, q] : *claim) {
    auto it = out.find(name);
    if (it == out.end() || it->second.IsZero()) out[name] = q;
  }
  return out;
}

void Subtract(api::ResourceList& from, const api::ResourceList& sub) {
  for (const auto& [name, q] : sub) from[name] -= q;
}

api::ResourceList RequestsOf(const api::Pod& p) {
  api::ResourceList r = api::PodRequests(p.spec);
  r["pods"] = kOne;
  return r;
}

void FillFromObjects(StateNode& n) {
  const bool managed = n.nodeclaim != nullptr;
  n.registered = !managed || (n.node != nullptr &&
                              LabelTrue(n.node->metadata.labels, kp::kNodeRegisteredLabelKey));
  n.initialized = !managed || (n.node != nullptr &&
                               LabelTrue(n.node->metadata.labels, kp::kNodeInitializedLabelKey));
  const bool use_claim = n.node == nullptr || (managed && !n.registered);
  const api::ObjectMeta& meta = use_claim ? n.nodeclaim->metadata : n.node->metadata;
  n.name = meta.name;
  n.labels = &meta.labels;
  n.annotations = &meta.annotations;
  auto pool = meta.labels.find(kp::kNodePoolLabelKey);
  n.nodepool = pool != meta.labels.end() ? pool->second : "";
  const std::vector<api::Taint>& taints =
      use_claim ? n.nodeclaim->spec.taints : n.node->spec.taints;
  for (const api::Taint& t : taints) {
    if (managed && !n.initialized) {
      const auto& startup = n.nodeclaim->spec.startup_taints;
      if (IsKnownEphemeralTaint(t) ||
          std::any_of(startup.begin(), startup.end(),
                      [&](const api::Taint& s) { return MatchTaint(s, t); })) {
        continue;
      }
    }
    n.taints.push_back(t);
  }
  const api::NodeClaimStatus* cs = managed ? &n.nodeclaim->status : nullptr;
  n.capacity = Merged(n.node ? &n.node->status.capacity : nullptr, cs ? &cs->capacity : nullptr,
                      n.initialized);
  n.allocatable = Merged(n.node ? &n.node->status.allocatable : nullptr,
                         cs ? &cs->allocatable : nullptr, n.initialized);
  // Deleted(): a deleting or terminating NodeClaim, or a deleting unmanaged Node; swell adds
  // the karpenter.sh/disrupted taint (how the v1 API marks a node for deletion) and a deleting
  // managed Node.
  n.marked_for_deletion =
      (managed && (n.nodeclaim->metadata.deletion_timestamp.has_value() ||
                   ConditionTrue(n.nodeclaim->status.conditions, "InstanceTerminating"))) ||
      (n.node != nullptr && n.node->metadata.deletion_timestamp.has_value());
  if (n.node != nullptr) {
    for (const api::Taint& t : n.node->spec.taints) {
      if (t.key == kp::kDisruptedTaintKey && t.effect == api::kEffectNoSchedule) {
        n.marked_for_deletion = true;
      }
    }
  }
}

}  // namespace

// ---- ClusterMarks ------------------------------------------------------------------------------

void ClusterMarks::Nominate(std::string_view provider_id, std::string_view pod_key, TimePoint now) {
  NominateNode(provider_id, now);
  pods_.insert_or_assign(std::string(pod_key),
                         PodNomination{std::string(provider_id), now + window_});
}

void ClusterMarks::NominateNode(std::string_view provider_id, TimePoint now) {
  TimePoint& until = nodes_[std::string(provider_id)];
  until = std::max(until, now + window_);
}

bool ClusterMarks::IsNominated(std::string_view provider_id, TimePoint now) const {
  auto it = nodes_.find(provider_id);
  return it != nodes_.end() && it->second > now;
}

std::optional<std::string> ClusterMarks::NominatedNodeOf(std::string_view pod_key,
                                                         TimePoint now) const {
  auto it = pods_.find(pod_key);
  if (it == pods_.end() || it->second.until <= now) return std::nullopt;
  return it->second.provider_id;
}

void ClusterMarks::Expire(TimePoint now) {
  std::erase_if(nodes_, [&](const auto& e) { return e.second <= now; });
  std::erase_if(pods_, [&](const auto& e) { return e.second.until <= now; });
}

// ---- StateNode ---------------------------------------------------------------------------------

std::string StateNode::HostName() const {
  if (labels != nullptr) {
    auto it = labels->find(kp::kLabelHostname);
    if (it != labels->end() && !it->second.empty()) return it->second;
  }
  return name;
}

std::vector<const api::Pod*> StateNode::ReschedulablePods() const {
  std::vector<const api::Pod*> out;
  for (const api::Pod* p : pods) {
    if (IsReschedulable(*p)) out.push_back(p);
  }
  return out;
}

// ---- ClusterView -------------------------------------------------------------------------------

ClusterView ClusterView::Build(const state::ClusterState& cluster, const ClusterMarks& marks,
                               TimePoint now) {
  ClusterView v;
  std::map<std::string, const api::Node*, std::less<>> nodes_by_pid;
  for (const auto& [key, node] : cluster.store<api::Node>()) {
    // An unmanaged node without a providerID is keyed by its name (Cluster.UpdateNode).
    const std::string& pid =
        node.spec.provider_id.empty() ? node.metadata.name : node.spec.provider_id;
    nodes_by_pid.emplace(pid, &node);
  }
  std::vector<StateNode> all;
  std::set<std::string, std::less<>> joined;
  for (const auto& [key, claim] : cluster.store<api::NodeClaim>()) {
    if (claim.status.provider_id.empty()) {
      v.unlaunched_.push_back(&claim);
      continue;
    }
    StateNode n;
    n.nodeclaim = &claim;
    n.provider_id = claim.status.provider_id;
    if (auto it = nodes_by_pid.find(n.provider_id); it != nodes_by_pid.end()) {
      n.node = it->second;
      joined.insert(n.provider_id);
    }
    all.push_back(std::move(n));
  }
  for (const auto& [pid, node] : nodes_by_pid) {
    if (joined.count(pid) > 0) continue;
    // A Node labelled with a NodePool but whose NodeClaim is gone (or not launched) is still a
    // state node; Karpenter tracks it unmanaged until the NodeClaim shows up.
    StateNode n;
    n.node = node;
    n.provider_id = pid;
    all.push_back(std::move(n));
  }
  for (StateNode& n : all) {
    FillFromObjects(n);
    n.marked_for_deletion = n.marked_for_deletion || marks.IsMarkedForDeletion(n.provider_id);
    n.nominated = marks.IsNominated(n.provider_id, now);
  }
  std::sort(all.begin(), all.end(), [](const StateNode& a, const StateNode& b) {
    return a.name != b.name ? a.name < b.name : a.provider_id < b.provider_id;
  });
  v.nodes_ = std::move(all);
  for (size_t i = 0; i < v.nodes_.size(); ++i) {
    const StateNode& n = v.nodes_[i];
    v.by_provider_id_.emplace(n.provider_id, i);
    if (n.node != nullptr) v.by_node_name_.emplace(n.node->metadata.name, i);
    if (n.nodeclaim != nullptr) v.by_nodeclaim_.emplace(n.nodeclaim->metadata.name, i);
  }
  // Pods: bound ones on their node; unbound nominated ones on the node they were nominated to.
  for (const auto& [key, pod] : cluster.pods()) {
    if (IsTerminal(pod)) continue;
    StateNode* n = nullptr;
    bool nominated = false;
    if (!pod.spec.node_name.empty()) {
      auto it = v.by_node_name_.find(pod.spec.node_name);
      if (it != v.by_node_name_.end()) n = &v.nodes_[it->second];
    } else if (!IsTerminating(pod)) {
      std::optional<std::string> pid = marks.NominatedNodeOf(key, now);
      if (pid) {
        auto it = v.by_provider_id_.find(*pid);
        if (it != v.by_provider_id_.end()) n = &v.nodes_[it->second];
        nominated = true;
      }
    }
    if (n == nullptr) continue;
    api::ResourceList r = RequestsOf(pod);
    api::AddTo(n->pod_requests, r);
    if (nominated) {
      n->nominated_pods.push_back(&pod);
    } else if (IsOwnedByDaemonSet(pod)) {
      n->daemon_pods.push_back(&pod);
      api::AddTo(n->daemon_requests, r);
    } else {
      n->pods.push_back(&pod);
    }
  }
  for (StateNode& n : v.nodes_) {
    n.available = n.allocatable;
    Subtract(n.available, n.pod_requests);
    if (n.nodepool.empty() || n.marked_for_deletion) continue;
    api::ResourceList& u = v.usage_[n.nodepool];
    api::AddTo(u, n.capacity);
    u["nodes"] += kOne;
  }
  return v;
}

const StateNode* ClusterView::FindByProviderID(std::string_view provider_id) const {
  auto it = by_provider_id_.find(provider_id);
  return it == by_provider_id_.end() ? nullptr : &nodes_[it->second];
}

const StateNode* ClusterView::FindByNodeName(std::string_view node_name) const {
  auto it = by_node_name_.find(node_name);
  return it == by_node_name_.end() ? nullptr : &nodes_[it->second];
}

const StateNode* ClusterView::FindByNodeClaim(std::string_view nodeclaim_name) const {
  auto it = by_nodeclaim_.find(nodeclaim_name);
  return it == by_nodeclaim_.end() ? nullptr : &nodes_[it->second];
}

api::ResourceList ClusterView::NodePoolUsage(std::string_view nodepool) const {
  auto it = usage_.find(nodepool);
  return it == usage_.end() ? api::ResourceList{} : it->second;
}

ExistingNode ClusterView::ToExistingNode(const StateNode& n) {
  ExistingNode e;
  e.name = n.name;
  if (n.labels != nullptr) e.labels = *n.labels;
  e.taints = n.taints;
  if (n.nodeclaim != nullptr) e.startup_taints = n.nodeclaim->spec.startup_taints;
  e.allocatable = n.allocatable;
  e.capacity = n.capacity;
  e.pods.reserve(n.pods.size() + n.daemon_pods.size() + n.nominated_pods.size());
  e.pods.insert(e.pods.end(), n.pods.begin(), n.pods.end());
  e.pods.insert(e.pods.end(), n.daemon_pods.begin(), n.daemon_pods.end());
  e.pods.insert(e.pods.end(), n.nominated_pods.begin(), n.nominated_pods.end());
  e.initialized = n.initialized;
  e.nodeclaim_only = n.node == nullptr;
  return e;
}

}  // namespace swell::provisioning
