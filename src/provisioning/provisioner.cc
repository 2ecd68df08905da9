#include "provisioning/provisioner.h"

#include <algorithm>
#include <cmath>

#include "api/karpenter/well_known.h"
#include "provisioning/pods.h"

namespace swell::provisioning {
namespace {

namespace kp = api::karpenter;

bool HasDisruptedTaint(const api::Node& n) {
  return std::any_of(n.spec.taints.begin(), n.spec.taints.end(), [](const api::Taint& t) {
    return t.key == kp::kDisruptedTaintKey && t.effect == api::kEffectNoSchedule;
  });
}

// NodePools provisioning may use (§2.2 step 7): not deleting, not static, not NotReady.
bool Provisionable(const api::NodePool& np) {
  if (np.metadata.deletion_timestamp || np.spec.replicas) return false;
  const api::Condition* ready = api::FindCondition(np.status.conditions, "Ready");
  return ready == nullptr || ready->status != "False";
}

// Limits.ExceededBy: the first resource whose usage is above its limit, as Karpenter words it.
std::optional<std::string> ExceededBy(const api::ResourceList& limits,
                                      const api::ResourceList& usage) {
  for (const auto& [name, used] : usage) {
    auto it = limits.find(name);
    if (it != limits.end() && used > it->second) {
      return name + " resource usage of " + used.ToString() + " exceeds limit of " +
             it->second.ToString();
    }
  }
  return std::nullopt;
}

// The joined scheduling error, per NodePool as Karpenter words it: `incompatible with nodepool
// "<name>", <reason>`, joined with "; ".
std::string FailureMessage(const PodResult& r) {
  std::string out;
  for (const NodePoolFailure& f : r.failures) {
    if (!out.empty()) out += "; ";
    if (!f.nodepool.empty()) out += "incompatible with nodepool \"" + f.nodepool + "\", ";
    out += f.message;
  }
  return out.empty() ? r.error : out;
}

// FNV-1a over everything a scheduling decision depends on, to recognise a pass that would
// repeat the previous one exactly.
class Fingerprint {
 public:
  void Add(std::string_view s) {
    for (char c : s) h_ = (h_ ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    h_ = (h_ ^ 0xff) * 1099511628211ULL;  // separator
  }
  void Add(int64_t v) {
    for (int i = 0; i < 8; ++i) {
      h_ = (h_ ^ (static_cast<uint64_t>(v) >> (8 * i) & 0xff)) * 1099511628211ULL;
    }
  }
  void Add(const api::ResourceList& r) {
    for (const auto& [k, q] : r) {
      Add(k);
      Add(q.MilliValue());
    }
  }
  void Add(const std::vector<api::Taint>& taints) {
    for (const auto& t : taints) {
      Add(t.key);
      Add(t.value);
      Add(t.effect);
    }
  }
  void Add(const api::Pod& p) {
    Add(PodKey(p));
    Add(p.metadata.uid);
    if (p.metadata.creation_timestamp)
      Add(p.metadata.creation_timestamp->value.time_since_epoch().count());
  }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 14695981039346656037ULL;
};

// The content of an instance-type list: names, capacity, overhead and offerings.
uint64_t HashOf(const std::vector<cloud::InstanceType>& types) {
  Fingerprint f;
  for (const cloud::InstanceType& t : types) {
    f.Add(t.name);
    f.Add(t.capacity);
    f.Add(t.overhead.kube_reserved);
    f.Add(t.overhead.system_reserved);
    f.Add(t.overhead.eviction_threshold);
    for (const cloud::Offering& o : t.offerings) {
      f.Add(o.zone);
      f.Add(o.capacity_type);
      f.Add(static_cast<int64_t>(std::llround(o.price_per_hour * 1e9)));
      f.Add(o.available ? 1 : 0);
    }
  }
  return f.value();
}

uint64_t FingerprintOf(const Snapshot& s, const std::vector<uint64_t>& type_hashes) {
  Fingerprint f;
  for (const api::Pod* p : s.pods) f.Add(*p);
  f.Add("nodes");
  for (const ExistingNode& n : s.nodes) {
    f.Add(n.name);
    for (const auto& [k, v] : n.labels) {
      f.Add(k);
      f.Add(v);
    }
    f.Add(n.taints);
    f.Add(n.allocatable);
    f.Add(n.initialized ? 1 : 0);
    for (const api::Pod* p : n.pods) f.Add(*p);
  }
  f.Add("nodepools");
  for (size_t i = 0; i < s.nodepools.size(); ++i) {
    const NodePoolInput& np = s.nodepools[i];
    const api::NodePoolSpec& spec = np.nodepool->spec;
    f.Add(np.nodepool->metadata.name);
    f.Add(static_cast<int64_t>(type_hashes[i]));
    if (np.usage) f.Add(*np.usage);
    f.Add(spec.limits);
    f.Add(spec.weight.value_or(0));
    for (const auto& [k, v] : spec.template_.metadata.labels) {
      f.Add(k);
      f.Add(v);
    }
    for (const auto& r : spec.template_.spec.requirements) {
      f.Add(r.key);
      f.Add(r.op);
      for (const auto& v : r.values) f.Add(v);
      f.Add(r.min_values.value_or(-1));
    }
    f.Add(spec.template_.spec.taints);
    f.Add(spec.template_.spec.startup_taints);
  }
  f.Add("daemonsets");
  for (const api::DaemonSet* d : s.daemonsets) {
    f.Add(d->metadata.namespace_ + "/" + d->metadata.name);
    f.Add(api::PodRequests(d->spec.template_.spec));
  }
  return f.value();
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

Provisioner::Provisioner(const state::ClusterState& cluster, cloud::CloudProvider& cloud,
                         Actuator& actuator, ClusterMarks& marks, ProvisionerOptions options)
    : cluster_(cluster),
      cloud_(cloud),
      actuator_(actuator),
      marks_(marks),
      options_(std::move(options)),
      recorder_(actuator) {}

TimePoint Provisioner::Trigger(TimePoint now) {
  dirty_ = true;
  return now;
}

// Batcher.Trigger: a key not yet seen in this window opens it or pushes its idle end back.
void Provisioner::Hit(const std::string& key, TimePoint now) {
  requeue_[key] = now + options_.pod_requeue;
  if (!window_keys_.insert(key).second) return;
  if (!window_) {
    window_ = Window{now, now};
  } else {
    window_->last = now;
  }
}

// The pod and node trigger controllers: a provisionable pod (or a node carrying the disrupted
// taint) triggers when first seen and again every pod_requeue while it stays so.
void Provisioner::Scan(TimePoint now) {
  std::set<std::string, std::less<>> live;
  auto visit = [&](std::string key) {
    auto it = requeue_.find(key);
    if (it == requeue_.end() || it->second <= now) Hit(key, now);
    live.insert(std::move(key));
  };
  for (const auto& [key, pod] : cluster_.pods()) {
    if (IsProvisionable(pod) && !IsTerminating(pod)) visit(key);
  }
  for (const auto& [key, node] : cluster_.store<api::Node>()) {
    if (HasDisruptedTaint(node)) visit("node/" + key);
  }
  if (anticipated_) {
    for (const api::Pod& p : anticipated_(now)) visit(PodKey(p));
  }
  std::erase_if(requeue_, [&](const auto& kv) { return live.count(kv.first) == 0; });
}

std::optional<TimePoint> Provisioner::NextRequeue() const {
  std::optional<TimePoint> next;
  for (const auto& [key, t] : requeue_) {
    if (!next || t < *next) next = t;
  }
  return next;
}

std::optional<TimePoint> Provisioner::Reconcile(TimePoint now) {
  std::optional<TimePoint> requeue = NextRequeue();
  if (dirty_ || (requeue && *requeue <= now)) {
    dirty_ = false;
    Scan(now);
  }
  if (window_) {
    const TimePoint close =
        std::min(window_->start + options_.batch_max, window_->last + options_.batch_idle);
    if (now < close) {
      requeue = NextRequeue();
      return requeue ? std::min(close, *requeue) : close;
    }
    window_.reset();
    window_keys_.clear();
    (void)Schedule(now);
  }
  return NextRequeue();
}

StatusOr<std::vector<std::string>> Provisioner::Schedule(TimePoint now) {
  // Nodes first, then pods (Provisioner.Schedule): capacity is never over-estimated.
  ClusterView view = ClusterView::Build(cluster_, marks_, now);
  if (!view.Synced()) {
    stats_.unsynced_passes++;
    return FailedPrecondition("cluster state is not synced: a NodeClaim has not launched yet");
  }
  stats_.passes++;
  Snapshot snap;
  std::vector<bool> real;  // per snapshot pod: a real pod (events, nominations)
  // Pending pods. A pod nominated to a node in an earlier pass is already counted on that node
  // (ClusterView) until it binds or its window closes, so it is not planned twice.
  for (const auto& [key, pod] : cluster_.pods()) {
    if (!IsProvisionable(pod) || IsTerminating(pod)) continue;
    if (marks_.NominatedNodeOf(key, now) &&
        view.FindByProviderID(*marks_.NominatedNodeOf(key, now)) != nullptr) {
      continue;
    }
    snap.pods.push_back(&pod);
    real.push_back(true);
  }
  // Reschedulable pods of nodes marked for deletion, so replacements launch before eviction.
  for (const StateNode& n : view.nodes()) {
    if (!n.marked_for_deletion) continue;
    for (const api::Pod* p : n.ReschedulablePods()) {
      snap.pods.push_back(p);
      real.push_back(true);
    }
  }
  std::vector<api::Pod> anticipated;
  if (anticipated_) anticipated = anticipated_(now);
  for (const api::Pod& p : anticipated) {
    snap.pods.push_back(&p);
    real.push_back(false);
  }
  stats_.anticipated_pods += static_cast<int64_t>(anticipated.size());
  if (snap.pods.empty()) return std::vector<std::string>{};

  std::vector<cloud::InstanceTypes> keep_alive;
  for (const auto& [key, np] : cluster_.store<api::NodePool>()) {
    if (!Provisionable(np)) continue;
    StatusOr<cloud::InstanceTypes> types = cloud_.GetInstanceTypes(np);
    if (!types.ok() || *types == nullptr || (*types)->empty()) continue;  // skipped, as upstream
    NodePoolInput in;
    in.nodepool = &np;
    for (const cloud::InstanceType& t : **types) in.instance_types.push_back(&t);
    in.usage = view.NodePoolUsage(np.metadata.name);
    keep_alive.push_back(*types);
    snap.nodepools.push_back(std::move(in));
  }
  if (snap.nodepools.empty()) return std::vector<std::string>{};  // "no nodepools found"
  std::vector<std::string> node_pids, node_targets;
  for (const StateNode& n : view.nodes()) {
    if (n.marked_for_deletion) continue;
    snap.nodes.push_back(ClusterView::ToExistingNode(n));
    node_pids.push_back(n.provider_id);
    // NominatePodEvent's "nodeclaim/<name>, node/<name>".
    std::string target;
    if (n.nodeclaim != nullptr) target = "nodeclaim/" + n.nodeclaim->metadata.name;
    if (n.node != nullptr)
      target += (target.empty() ? "" : ", ") + ("node/" + n.node->metadata.name);
    node_targets.push_back(std::move(target));
  }
  for (const auto& [key, ds] : cluster_.store<api::DaemonSet>()) snap.daemonsets.push_back(&ds);

  // A pass that would see exactly what the last one saw, when that one could place nothing,
  // would decide nothing again: skip the simulation, repeat its events (deduplicated).
  // Lists the provider returned last time are the same objects when it has nothing new: their
  // hashes are kept with them.
  std::vector<uint64_t> type_hashes;
  std::vector<std::pair<cloud::InstanceTypes, uint64_t>> hashed;
  for (const cloud::InstanceTypes& types : keep_alive) {
    auto known = std::find_if(type_hashes_.begin(), type_hashes_.end(),
                              [&](const auto& e) { return e.first == types; });
    const uint64_t h = known != type_hashes_.end() ? known->second : HashOf(*types);
    type_hashes.push_back(h);
    hashed.emplace_back(types, h);
  }
  type_hashes_ = std::move(hashed);
  const uint64_t fingerprint = FingerprintOf(snap, type_hashes);
  if (stuck_ && stuck_->fingerprint == fingerprint) {
    stats_.repeated_passes++;
    for (const auto& [ns, name, message] : stuck_->failures) {
      recorder_.Publish(MakeEvent(now, "Pod", ns, name, "Warning", "FailedScheduling",
                                  "Failed to schedule pod, " + message),
                        ns + "/" + name, Minutes(5));
    }
    return std::vector<std::string>{};
  }
  stuck_.reset();
  SWELL_ASSIGN_OR_RETURN(Results results, Solve(snap, options_.scheduling));
  const bool none_placed =
      results.new_node_claims.empty() &&
      std::all_of(results.pods.begin(), results.pods.end(),
                  [](const PodResult& r) { return r.where == PodResult::Where::kUnschedulable; });
  if (none_placed) {
    stuck_ = StuckPass{fingerprint, {}};
    for (size_t i = 0; i < results.pods.size(); ++i) {
      if (!real[i]) continue;
      stuck_->failures.emplace_back(snap.pods[i]->metadata.namespace_, snap.pods[i]->metadata.name,
                                    FailureMessage(results.pods[i]));
    }
  }

  std::vector<std::string> names(results.new_node_claims.size());
  for (size_t i = 0; i < results.new_node_claims.size(); ++i) {
    const NewNodeClaim& nc = results.new_node_claims[i];
    const api::NodePool* np = cluster_.store<api::NodePool>().Get("", nc.nodepool);
    if (np == nullptr) continue;
    // Create re-checks the pool's limits against the current usage (§2.2 step 10).
    if (auto exceeded = ExceededBy(np->spec.limits, view.NodePoolUsage(nc.nodepool))) {
      recorder_.Publish(MakeEvent(now, "NodePool", "", nc.nodepool, "Warning", "FailedScheduling",
                                  "creating node claim, " + *exceeded),
                        nc.nodepool);
      continue;
    }
    api::NodeClaim claim = ToNodeClaim(nc, *np);
    claim.metadata.owner_references.push_back(OwnerOf(*np));
    StatusOr<std::string> name = actuator_.CreateNodeClaim(std::move(claim));
    if (!name.ok()) continue;  // retried by the next pass
    names[i] = *name;
    stats_.nodeclaims_created++;
  }
  RecordResults(now, snap, results, node_pids, node_targets, real, names);
  std::vector<std::string> created;
  for (auto& n : names) {
    if (!n.empty()) created.push_back(std::move(n));
  }
  return created;
}

// Results.Record: nominate existing nodes, Nominated events for placed pods, FailedScheduling
// events (deduped for 5 minutes per pod, as Karpenter's) for the rest.
void Provisioner::RecordResults(TimePoint now, const Snapshot& snap, const Results& results,
                                const std::vector<std::string>& node_pids,
                                const std::vector<std::string>& node_targets,
                                const std::vector<bool>& real,
                                const std::vector<std::string>& claim_names) {
  for (size_t i = 0; i < results.pods.size(); ++i) {
    const PodResult& r = results.pods[i];
    const api::Pod& pod = *snap.pods[i];
    const std::string key = PodKey(pod);
    std::string target;
    if (r.where == PodResult::Where::kExistingNode) {
      if (real[i] && pod.spec.node_name.empty()) {
        marks_.Nominate(node_pids[r.index], key, now);
      } else {
        marks_.NominateNode(node_pids[r.index], now);
      }
      target = node_targets[r.index];
    } else if (r.where == PodResult::Where::kNewNodeClaim) {
      if (claim_names[r.index].empty()) continue;
      target = "nodeclaim/" + claim_names[r.index];
    } else {
      stats_.pods_unschedulable++;
      if (!real[i]) continue;
      recorder_.Publish(
          MakeEvent(now, "Pod", pod.metadata.namespace_, pod.metadata.name, "Warning",
                    "FailedScheduling", "Failed to schedule pod, " + FailureMessage(r)),
          key, Minutes(5));
      continue;
    }
    if (!real[i]) continue;
    recorder_.Publish(MakeEvent(now, "Pod", pod.metadata.namespace_, pod.metadata.name, "Normal",
                                "Nominated", "Pod should schedule on: " + target),
                      key);
  }
}

}  // namespace swell::provisioning
