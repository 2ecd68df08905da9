#include "sim/karpenter_driver.h"

#include "api/karpenter/well_known.h"

namespace swell::sim {
namespace {

namespace kp = api::karpenter;

}  // namespace

void KarpenterDriver::Runner::Wake(TimePoint t) {
  t = std::max(t, loop_.Now());
  if (next_ && *next_ <= t) return;
  next_ = t;
  const uint64_t token = ++token_;
  loop_.At(t, [this, token]() {
    if (token != token_) return;  // superseded by an earlier wake
    next_.reset();
    std::optional<TimePoint> again = fn_(loop_.Now());
    if (again) Wake(*again);
  });
}

KarpenterDriver::KarpenterDriver(EventLoop& loop, state::ClusterState& cluster, KubeSim& kube,
                                 SimActuator& events, cloud::CloudProvider& cloud,
                                 KarpenterDriverOptions options)
    : loop_(loop),
      cluster_(cluster),
      kube_(kube),
      cloud_(cloud),
      options_(std::move(options)),
      marks_(options_.nomination_window),
      actuator_(loop, cluster, kube, events) {
  provisioner_ = std::make_unique<provisioning::Provisioner>(cluster_, cloud_, actuator_, marks_,
                                                             options_.provisioner);
  lifecycle_ = std::make_unique<provisioning::NodeClaimLifecycle>(cluster_, cloud_, actuator_,
                                                                  options_.lifecycle);
  termination_ = std::make_unique<provisioning::Termination>(cluster_, cloud_, actuator_,
                                                             options_.termination);
  gc_ = std::make_unique<provisioning::GarbageCollection>(cluster_, cloud_, actuator_, options_.gc);
  provisioner_run_ = std::make_unique<Runner>(
      loop_, [this](TimePoint now) { return provisioner_->Reconcile(now); });
  lifecycle_run_ = std::make_unique<Runner>(
      loop_, [this](TimePoint now) { return lifecycle_->ReconcileAll(now); });
  termination_run_ = std::make_unique<Runner>(loop_, [this](TimePoint now) {
    std::optional<TimePoint> next = termination_->ReconcileAll(now);
    marks_.Expire(now);
    return next;
  });
  // Every NodeClaim or Node write is seen by the controllers that watch them (and by the
  // provisioner, whose view of capacity it changes).
  actuator_.set_on_change([this]() { NodesChanged(); });
  kube_.set_on_pods_changed([this]() { PodsChanged(); });
  kube_.set_on_nodes_changed([this]() { NodesChanged(); });
  actuator_.set_on_created([this](const api::NodeClaim&) {
    counters_.nodeclaims_created++;
    if (!counters_.first_nodeclaim) counters_.first_nodeclaim = loop_.Now();
  });
}

void KarpenterDriver::Start(TimePoint start) {
  auto gc_step = std::make_shared<std::function<void()>>();
  std::weak_ptr<std::function<void()>> weak = gc_step;
  *gc_step = [this, weak]() {
    TimePoint next = gc_->Reconcile(loop_.Now());
    if (auto self = weak.lock()) loop_.At(next, [self]() { (*self)(); });
  };
  loop_.At(start, [gc_step]() { (*gc_step)(); });
  provisioner_run_->Wake(start);
  lifecycle_run_->Wake(start);
  termination_run_->Wake(start);
  NoteNodes();
}

void KarpenterDriver::PodsChanged() { provisioner_run_->Wake(provisioner_->Trigger(loop_.Now())); }

void KarpenterDriver::NodesChanged() {
  const TimePoint now = loop_.Now();
  provisioner_run_->Wake(provisioner_->Trigger(now));
  lifecycle_run_->Wake(now);
  termination_run_->Wake(now);
  NoteNodes();
}

void KarpenterDriver::NoteNodes() {
  const auto& nodes = cluster_.store<api::Node>();
  counters_.peak_nodes =
      std::max<int64_t>(counters_.peak_nodes, static_cast<int64_t>(nodes.size()));
  if (counters_.first_node_ready) return;
  for (const auto& name : instance_nodes_) {
    const api::Node* n = nodes.Get("", name);
    if (n == nullptr) continue;
    const api::Condition* c = api::FindCondition(n->status.conditions, "Ready");
    if (c != nullptr && c->status == "True") {
      counters_.first_node_ready = loop_.Now();
      return;
    }
  }
}

void KarpenterDriver::InstanceRegistered(const api::NodeClaim& instance) {
  api::Node node;
  node.metadata.name = kube_.NextNodeName();
  node.metadata.labels = instance.metadata.labels;
  node.metadata.labels.erase(std::string(kp::kNodeRegisteredLabelKey));
  node.metadata.labels.erase(std::string(kp::kNodeInitializedLabelKey));
  node.spec.provider_id = instance.status.provider_id;
  // The launch template registers the kubelet with the NodeClaim's taints and startup taints
  // and karpenter.sh/unregistered (Karpenter removes that one at registration).
  node.spec.taints = instance.spec.taints;
  for (const api::Taint& t : instance.spec.startup_taints) node.spec.taints.push_back(t);
  node.spec.taints.push_back(
      {std::string(kp::kUnregisteredTaintKey), "", std::string(api::kEffectNoExecute), {}});
  node.status.capacity = instance.status.capacity;
  node.status.allocatable = instance.status.allocatable;
  const std::string name = node.metadata.name;
  if (!kube_.AddNode(std::move(node)).ok()) return;
  instance_nodes_.insert(name);
  counters_.nodes_registered++;
  NodesChanged();
}

void KarpenterDriver::InstanceTerminated(const std::string& provider_id) {
  std::string name;
  for (const auto& [key, n] : cluster_.store<api::Node>()) {
    if (n.spec.provider_id == provider_id) name = n.metadata.name;
  }
  if (name.empty()) return;
  kube_.MarkNodeNotReady(name);
  if (!actuator_.DeleteNode(name).ok()) return;
  NodesChanged();
}

void KarpenterDriver::CheckInvariants(TimePoint now) {
  auto violation = [&](const std::string& message) {
    if (counters_.first_violation) return;
    counters_.first_violation = now;
    counters_.first_violation_message = message;
  };
  // NodePool limits, against Karpenter's own usage (capacity of NodeClaims not deleting).
  std::map<std::string, api::ResourceList, std::less<>> usage;
  for (const auto& [key, nc] : cluster_.store<api::NodeClaim>()) {
    if (nc.metadata.deletion_timestamp || nc.status.provider_id.empty()) continue;
    auto pool = nc.metadata.labels.find(kp::kNodePoolLabelKey);
    if (pool == nc.metadata.labels.end()) continue;
    api::ResourceList& u = usage[pool->second];
    api::AddTo(u, nc.status.capacity);
    u["nodes"] += api::Quantity::FromInt(1);
  }
  for (const auto& [key, np] : cluster_.store<api::NodePool>()) {
    auto u = usage.find(np.metadata.name);
    if (u == usage.end()) continue;
    for (const auto& [res, limit] : np.spec.limits) {
      auto used = u->second.find(res);
      if (used != u->second.end() && used->second > limit) {
        counters_.limit_violations++;
        violation("NodePool " + np.metadata.name + " uses " + used->second.ToString() + " " + res +
                  ", above its limit of " + limit.ToString());
      }
    }
  }
  // Instances without a NodeClaim beyond the garbage-collection window (listing every
  // instance is dearer; the window is minutes long, so every orphan_check_interval will do).
  if (last_orphan_check_ && now - *last_orphan_check_ < options_.orphan_check_interval) return;
  last_orphan_check_ = now;
  StatusOr<std::vector<api::NodeClaim>> instances = cloud_.List();
  if (!instances.ok()) return;
  std::set<std::string, std::less<>> claimed;
  for (const auto& [key, nc] : cluster_.store<api::NodeClaim>()) {
    claimed.insert(nc.status.provider_id);
  }
  std::set<std::string, std::less<>> orphans;
  for (const api::NodeClaim& inst : *instances) {
    if (claimed.count(inst.status.provider_id) > 0) continue;
    orphans.insert(inst.status.provider_id);
    auto [it, fresh] = orphan_since_.emplace(inst.status.provider_id, now);
    if (now - it->second > gc_->Window() && orphan_reported_.insert(it->first).second) {
      counters_.orphan_violations++;
      violation("instance " + it->first + " has had no NodeClaim for more than " +
                FormatGoDuration(gc_->Window()));
    }
  }
  std::erase_if(orphan_since_, [&](const auto& kv) { return orphans.count(kv.first) == 0; });
}

}  // namespace swell::sim
