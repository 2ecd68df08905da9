#include "sim/kube.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "api/core/scheduling.h"
#include "api/intstr.h"
#include "api/labels.h"

namespace swell::sim {
namespace {

constexpr std::string_view kDeletionCost = "controller.kubernetes.io/pod-deletion-cost";
constexpr std::string_view kNotReadyTaint = "node.kubernetes.io/not-ready";

void SetCondition(api::Pod& pod, const std::string& type, const std::string& status,
                  const std::string& reason, const std::string& message, TimePoint now) {
  for (auto& c : pod.status.conditions) {
    if (c.type != type) continue;
    if (c.status != status) c.last_transition_time = api::Time{now};
    c.status = status;
    c.reason = reason;
    c.message = message;
    return;
  }
  api::Condition c;
  c.type = type;
  c.status = status;
  c.reason = reason;
  c.message = message;
  c.last_transition_time = api::Time{now};
  pod.status.conditions.push_back(std::move(c));
}

int64_t DeletionCost(const api::Pod& p) {
  auto it = p.metadata.annotations.find(kDeletionCost);
  if (it == p.metadata.annotations.end()) return 0;
  return std::strtoll(it->second.c_str(), nullptr, 10);
}

int PhaseRank(const api::Pod& p) {
  if (p.status.phase == "Pending" || p.status.phase.empty()) return 0;
  if (p.status.phase == "Unknown") return 1;
  return 2;
}

TimePoint ReadySince(const api::Pod& p) {
  const api::Condition* c = api::FindCondition(p.status.conditions, "Ready");
  return (c != nullptr && c->last_transition_time) ? c->last_transition_time->value : TimePoint{};
}

// The ReplicaSet controller's deletion order (controller_utils ActivePodsWithRanks): pods that
// sort first are deleted first.
std::vector<const api::Pod*> RankForDeletion(std::vector<const api::Pod*> pods) {
  std::map<std::string, int> per_node;
  for (const auto* p : pods) per_node[p->spec.node_name]++;
  auto key = [&](const api::Pod* p) {
    bool ready = state::IsPodReady(*p);
    int colocated = p->spec.node_name.empty() ? 0 : per_node[p->spec.node_name];
    TimePoint created =
        p->metadata.creation_timestamp ? p->metadata.creation_timestamp->value : TimePoint{};
    return std::make_tuple(!p->spec.node_name.empty(), PhaseRank(*p), ready, DeletionCost(*p),
                           -colocated, ready ? -ReadySince(*p).time_since_epoch().count() : 0,
                           -created.time_since_epoch().count(), p->metadata.name);
  };
  std::sort(pods.begin(), pods.end(),
            [&](const api::Pod* a, const api::Pod* b) { return key(a) < key(b); });
  return pods;
}

std::string Base36(int64_t v, size_t width) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string s;
  do {
    s.insert(s.begin(), kDigits[v % 36]);
    v /= 36;
  } while (v > 0);
  while (s.size() < width) s.insert(s.begin(), '0');
  return s;
}

bool NodeReady(const api::Node& n) {
  const api::Condition* c = api::FindCondition(n.status.conditions, "Ready");
  return c == nullptr || c->status == "True";
}

api::Labels NodeLabels(const api::Node& n) {
  api::Labels l = n.metadata.labels;
  l.emplace("kubernetes.io/hostname", n.metadata.name);
  return l;
}

bool MatchesNodeAffinity(const api::PodSpec& spec, const api::Node& node) {
  const bool required =
      spec.affinity && spec.affinity->node_affinity &&
      spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution;
  if (spec.node_selector.empty() && !required) return true;  // nothing to match, no label copy
  api::Labels labels = NodeLabels(node);
  for (const auto& [k, v] : spec.node_selector) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  if (spec.affinity && spec.affinity->node_affinity &&
      spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution) {
    return api::MatchesNodeSelector(
        *spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution, labels,
        node.metadata.name);
  }
  return true;
}

}  // namespace

KubeSim::KubeSim(EventLoop& loop, state::ClusterState& cluster, uint64_t seed, KubeOptions options)
    : loop_(loop),
      cluster_(cluster),
      options_(std::move(options)),
      rng_(seed, "kubelet"),
      node_rng_(seed, "kubelet/nodes") {}

void KubeSim::Changed() {
  cluster_.Touch();
  if (on_pods_changed_) on_pods_changed_();
}

void KubeSim::WorkloadChanged(const std::string& kind, const std::string& ns,
                              const std::string& name) {
  loop_.After(options_.controller_delay, [this, kind, ns, name]() {
    if (kind == "Deployment") {
      if (auto* d = cluster_.store<api::Deployment>().GetMutable(ns, name)) {
        ReconcileReplicas(*d, kind);
      }
    } else if (kind == "StatefulSet") {
      if (auto* s = cluster_.store<api::StatefulSet>().GetMutable(ns, name)) {
        ReconcileReplicas(*s, kind);
      }
    } else if (kind == "Job") {
      if (auto* j = cluster_.store<api::Job>().GetMutable(ns, name)) ReconcileJob(*j);
    }
  });
}

void KubeSim::NodesChanged() {
  SyncDaemonSets();
  ScheduleSoon();
}

std::string KubeSim::NextPodName(const std::string& owner) {
  int64_t n = name_counters_[owner]++;
  return owner + "-" + Base36(n, 5);
}

api::Pod KubeSim::NewPod(const api::ObjectMeta& owner, const std::string& kind,
                         const api::PodTemplateSpec& tmpl, const std::string& name) {
  api::Pod pod;
  pod.api_version = "v1";
  pod.kind = "Pod";
  pod.metadata.name = name;
  pod.metadata.namespace_ = owner.namespace_;
  pod.metadata.uid = owner.namespace_ + "/" + name;
  pod.metadata.labels = tmpl.metadata.labels;
  pod.metadata.annotations = tmpl.metadata.annotations;
  pod.metadata.creation_timestamp = api::Time{loop_.Now()};
  api::OwnerReference ref;
  ref.api_version = kind == "Job" ? "batch/v1" : "apps/v1";
  ref.kind = kind;
  ref.name = owner.name;
  ref.uid = owner.uid.empty() ? owner.namespace_ + "/" + owner.name : owner.uid;
  ref.controller = true;
  pod.metadata.owner_references.push_back(ref);
  if (kind == "Job") {
    // The Job controller's labels, which KEDA uses to find a job's pods (keda.md §3.3).
    pod.metadata.labels["job-name"] = owner.name;
    pod.metadata.labels["batch.kubernetes.io/job-name"] = owner.name;
  }
  pod.spec = tmpl.spec;
  pod.status.phase = "Pending";
  pods_created_++;
  return pod;
}

template <class W>
void KubeSim::ReconcileReplicas(W& w, const std::string& kind) {
  const std::string& ns = w.metadata.namespace_;
  const int32_t desired = w.spec.replicas.value_or(1);
  std::vector<const api::Pod*> active;
  for (const api::Pod* p : cluster_.PodsOwnedBy(ns, kind, w.metadata.name)) {
    if (!state::IsPodTerminating(*p)) active.push_back(p);
  }
  const int32_t have = static_cast<int32_t>(active.size());
  if (have < desired) {
    // A StatefulSet fills its lowest free ordinals; an ordinal whose old pod is still
    // terminating waits for it to be gone.
    int32_t ordinal = 0;
    for (int32_t i = have; i < desired; i++) {
      std::string name;
      if (kind == "StatefulSet") {
        while (cluster_.pods().Get(ns, w.metadata.name + "-" + std::to_string(ordinal)) != nullptr)
          ordinal++;
        if (ordinal >= desired) break;
        name = w.metadata.name + "-" + std::to_string(ordinal);
      } else {
        name = NextPodName(w.metadata.name);
      }
      cluster_.pods().Put(NewPod(w.metadata, kind, w.spec.template_, name));
    }
    ScheduleSoon();
  } else if (have > desired) {
    std::vector<const api::Pod*> order;
    if (kind == "StatefulSet") {
      order = active;  // highest ordinal first
      std::sort(order.begin(), order.end(), [](const api::Pod* a, const api::Pod* b) {
        return a->metadata.name.size() != b->metadata.name.size()
                   ? a->metadata.name.size() > b->metadata.name.size()
                   : a->metadata.name > b->metadata.name;
      });
    } else {
      order = RankForDeletion(active);
    }
    std::vector<std::string> victims;
    for (int32_t i = 0; i < have - desired; i++)
      victims.push_back(order[static_cast<size_t>(i)]->metadata.name);
    for (const auto& v : victims) DeletePod(ns, v);
  }
  Changed();
}

void KubeSim::DeletePod(const std::string& ns, const std::string& name, bool defer_removal) {
  api::Pod* pod = cluster_.pods().GetMutable(ns, name);
  if (pod == nullptr || state::IsPodTerminating(*pod)) return;
  const bool started = pod->status.phase == "Running";
  pod->metadata.deletion_timestamp = api::Time{loop_.Now()};
  const int64_t grace_s = pod->spec.termination_grace_period_seconds.value_or(30);
  pod->metadata.deletion_grace_period_seconds = grace_s;
  SetCondition(*pod, "Ready", "False", "PodTerminating", "", loop_.Now());
  if (!started || listener_ == nullptr) {
    if (defer_removal) {
      loop_.After(Duration(0), [this, ns, name]() { RemovePod(ns, name); });
      Changed();
    } else {
      RemovePod(ns, name);
    }
    return;
  }
  const Duration grace = Seconds(grace_s);
  listener_->OnPodStopping(*pod, grace, [this, ns, name]() { RemovePod(ns, name); });
  loop_.After(grace, [this, ns, name]() { RemovePod(ns, name); });
  Changed();
}

void KubeSim::DeleteOwnedPods(const std::string& kind, const std::string& ns,
                              const std::string& name) {
  std::vector<std::string> names;
  for (const api::Pod* p : cluster_.PodsOwnedBy(ns, kind, name)) names.push_back(p->metadata.name);
  for (const auto& n : names) {
    const api::Pod* p = cluster_.pods().Get(ns, n);
    if (p != nullptr && (p->status.phase == "Succeeded" || p->status.phase == "Failed")) {
      RemovePod(ns, n);
    } else {
      DeletePod(ns, n);
    }
  }
}

void KubeSim::RemovePod(const std::string& ns, const std::string& name) {
  const api::Pod* pod = cluster_.pods().Get(ns, name);
  if (pod == nullptr) return;
  api::Pod copy = *pod;
  cluster_.pods().Erase(ns, name);
  if (listener_ != nullptr) listener_->OnPodDeleted(copy);
  // A StatefulSet recreates an ordinal only once the old pod is gone.
  const api::OwnerReference* owner = state::ControllerOf(copy.metadata);
  if (owner != nullptr && owner->kind == "StatefulSet")
    WorkloadChanged(owner->kind, ns, owner->name);
  ScheduleSoon();  // freed capacity
  Changed();
}

void KubeSim::ScheduleSoon() {
  if (scheduling_queued_) return;
  scheduling_queued_ = true;
  loop_.After(options_.scheduler_delay, [this]() {
    scheduling_queued_ = false;
    SchedulePending();
  });
}

std::map<std::string, KubeSim::NodeUsage> KubeSim::UsageByNode() const {
  std::map<std::string, NodeUsage> out;
  for (const auto& [key, p] : cluster_.pods()) {
    if (p.spec.node_name.empty() || p.status.phase == "Succeeded" || p.status.phase == "Failed") {
      continue;
    }
    NodeUsage& u = out[p.spec.node_name];
    api::AddTo(u.used, api::PodRequests(p.spec));
    u.pods++;
  }
  return out;
}

bool KubeSim::TryBind(api::Pod& pod, std::map<std::string, NodeUsage>& usage,
                      std::vector<std::string>* reasons) {
  api::ResourceList req = api::PodRequests(pod.spec);
  const api::Node* best = nullptr;
  double best_score = -1;
  for (const auto& [key, node] : cluster_.store<api::Node>()) {
    if (node.spec.unschedulable || !NodeReady(node)) {
      reasons->push_back("node(s) were unschedulable");
      continue;
    }
    const api::Taint* bad = nullptr;
    if (!api::TolerationsTolerateTaints(pod.spec.tolerations, node.spec.taints, &bad)) {
      reasons->push_back("node(s) had untolerated taint {" + bad->key + ": " + bad->value + "}");
      continue;
    }
    if (!MatchesNodeAffinity(pod.spec, node)) {
      reasons->push_back("node(s) didn't match Pod's node affinity/selector");
      continue;
    }
    NodeUsage& node_usage = usage[node.metadata.name];
    api::ResourceList& used = node_usage.used;
    const int64_t pods_on_node = node_usage.pods;
    const api::ResourceList& alloc = node.status.allocatable;
    bool fits = true;
    if (auto it = alloc.find("pods"); it != alloc.end() && pods_on_node + 1 > it->second.Value()) {
      reasons->push_back("Too many pods");
      fits = false;
    }
    for (const auto& [res, q] : req) {
      auto a = alloc.find(res);
      api::Quantity free = a == alloc.end() ? api::Quantity() : a->second;
      if (auto u = used.find(res); u != used.end()) free -= u->second;
      if (q > free) {
        reasons->push_back("Insufficient " + res);
        fits = false;
      }
    }
    if (!fits) continue;
    // LeastAllocated over cpu and memory (kubernetes.md §2.2); ties go to the first name.
    double score = 0;
    for (const char* res : {"cpu", "memory"}) {
      auto a = alloc.find(res);
      if (a == alloc.end() || a->second.Sign() <= 0) continue;
      double after =
          (used.count(res) ? used[res].AsDouble() : 0) + (req.count(res) ? req[res].AsDouble() : 0);
      score += (a->second.AsDouble() - after) / a->second.AsDouble();
    }
    if (score > best_score) {
      best_score = score;
      best = &node;
    }
  }
  if (best == nullptr) return false;
  pod.spec.node_name = best->metadata.name;
  NodeUsage& bound = usage[best->metadata.name];
  api::AddTo(bound.used, req);
  bound.pods++;
  return true;
}

void KubeSim::SchedulePending() {
  std::vector<std::pair<std::string, std::string>> pending;
  for (const auto& [key, p] : cluster_.pods()) {
    if (p.spec.node_name.empty() && !state::IsPodTerminating(p)) {
      pending.emplace_back(p.metadata.namespace_, p.metadata.name);
    }
  }
  const size_t nodes = cluster_.store<api::Node>().size();
  std::map<std::string, NodeUsage> usage;
  if (!pending.empty()) usage = UsageByNode();
  for (const auto& [ns, name] : pending) {
    api::Pod* pod = cluster_.pods().GetMutable(ns, name);
    std::vector<std::string> reasons;
    if (TryBind(*pod, usage, &reasons)) {
      SetCondition(*pod, "PodScheduled", "True", "", "", loop_.Now());
      StartPod(ns, name);
      continue;
    }
    // "0/N nodes are available: <count> <reason>, ..." (kubernetes.md §2.1, FitError).
    std::map<std::string, int> counts;
    for (const auto& r : reasons) counts[r]++;
    std::vector<std::string> parts;
    for (const auto& [r, n] : counts) parts.push_back(std::to_string(n) + " " + r);
    std::sort(parts.begin(), parts.end());
    std::string msg = "0/" + std::to_string(nodes) + " nodes are available";
    for (size_t i = 0; i < parts.size(); i++) msg += (i == 0 ? ": " : ", ") + parts[i];
    msg += ".";
    SetCondition(*pod, "PodScheduled", "False", "Unschedulable", msg, loop_.Now());
  }
  Changed();
}

void KubeSim::StartPod(const std::string& ns, const std::string& name) {
  const Duration start = options_.image_pull.Sample(rng_) + options_.container_start.Sample(rng_);
  const Duration ready = options_.readiness.Sample(rng_);
  loop_.After(start, [this, ns, name, ready]() {
    api::Pod* pod = cluster_.pods().GetMutable(ns, name);
    if (pod == nullptr || state::IsPodTerminating(*pod)) return;
    pod->status.phase = "Running";
    pod->status.start_time = api::Time{loop_.Now()};
    SetCondition(*pod, "Ready", "False", "ContainersNotReady", "", loop_.Now());
    Changed();
    loop_.After(ready, [this, ns, name]() {
      api::Pod* p = cluster_.pods().GetMutable(ns, name);
      if (p == nullptr || state::IsPodTerminating(*p)) return;
      SetCondition(*p, "Ready", "True", "", "", loop_.Now());
      Changed();
      if (listener_ != nullptr) listener_->OnPodReady(*p);
    });
  });
}

void KubeSim::PodExited(const std::string& ns, const std::string& name, bool success) {
  api::Pod* pod = cluster_.pods().GetMutable(ns, name);
  if (pod == nullptr || pod->status.phase == "Succeeded" || pod->status.phase == "Failed") return;
  pod->status.phase = success ? "Succeeded" : "Failed";
  SetCondition(*pod, "Ready", "False", "PodCompleted", "", loop_.Now());
  const api::OwnerReference* owner = state::ControllerOf(pod->metadata);
  Changed();
  if (owner != nullptr && owner->kind == "Job") WorkloadChanged("Job", ns, owner->name);
}

void KubeSim::ReconcileJob(api::Job& job) {
  const std::string& ns = job.metadata.namespace_;
  for (const auto& c : job.status.conditions) {
    if ((c.type == "Complete" || c.type == "Failed") && c.status == "True") return;
  }
  if (!job.status.start_time) job.status.start_time = api::Time{loop_.Now()};
  int32_t active = 0, succeeded = 0, failed = 0;
  std::vector<std::string> active_pods;
  for (const api::Pod* p : cluster_.PodsOwnedBy(ns, "Job", job.metadata.name)) {
    if (p->status.phase == "Succeeded") {
      succeeded++;
    } else if (p->status.phase == "Failed") {
      failed++;
    } else if (!state::IsPodTerminating(*p)) {
      active++;
      active_pods.push_back(p->metadata.name);
    }
  }
  job.status.active = active;
  job.status.succeeded = succeeded;
  job.status.failed = failed;
  auto finish = [&](const std::string& type, const std::string& reason) {
    api::Condition c;
    c.type = type;
    c.status = "True";
    c.reason = reason;
    c.last_transition_time = api::Time{loop_.Now()};
    job.status.conditions.push_back(c);
    if (type == "Complete") job.status.completion_time = api::Time{loop_.Now()};
    for (const auto& p : active_pods) DeletePod(ns, p);
    Changed();
  };
  const int32_t completions = job.spec.completions.value_or(1);
  const int32_t parallelism = job.spec.parallelism.value_or(1);
  if (succeeded >= completions) return finish("Complete", "");
  if (failed > job.spec.backoff_limit.value_or(6)) return finish("Failed", "BackoffLimitExceeded");
  if (job.spec.active_deadline_seconds &&
      loop_.Now() - job.status.start_time->value >= Seconds(*job.spec.active_deadline_seconds)) {
    return finish("Failed", "DeadlineExceeded");
  }
  if (job.spec.active_deadline_seconds) {
    const std::string name = job.metadata.name;
    loop_.At(job.status.start_time->value + Seconds(*job.spec.active_deadline_seconds),
             [this, ns, name]() { WorkloadChanged("Job", ns, name); });
  }
  const int32_t want = std::min(parallelism, completions - succeeded);
  for (int32_t i = active; i < want; i++) {
    cluster_.pods().Put(
        NewPod(job.metadata, "Job", job.spec.template_, NextPodName(job.metadata.name)));
  }
  if (want > active) ScheduleSoon();
  Changed();
}

// ---- nodes -----------------------------------------------------------------------------------

std::string KubeSim::NextNodeName() {
  const int64_t n = nodes_added_++;
  return "ip-10-" + std::to_string(n / 65536 % 256) + "-" + std::to_string(n / 256 % 256) + "-" +
         std::to_string(n % 256) + ".ec2.internal";
}

Status KubeSim::AddNode(api::Node node) {
  const std::string name = node.metadata.name;
  if (cluster_.store<api::Node>().Get("", name) != nullptr) {
    return Status(StatusCode::kAlreadyExists, "Node " + name + " already exists");
  }
  node.api_version = "v1";
  node.kind = "Node";
  node.metadata.namespace_.clear();
  if (!node.metadata.creation_timestamp) node.metadata.creation_timestamp = api::Time{loop_.Now()};
  node.metadata.labels.emplace("kubernetes.io/hostname", name);
  node.spec.taints.push_back(
      {std::string(kNotReadyTaint), "", std::string(api::kEffectNoSchedule), {}});
  api::Condition ready;
  ready.type = "Ready";
  ready.status = "False";
  ready.reason = "KubeletNotReady";
  ready.last_transition_time = api::Time{loop_.Now()};
  std::erase_if(node.status.conditions, [](const api::Condition& c) { return c.type == "Ready"; });
  node.status.conditions.push_back(ready);
  cluster_.store<api::Node>().Put(std::move(node));
  cluster_.Touch();
  loop_.After(options_.node_ready.Sample(node_rng_), [this, name]() {
    api::Node* n = cluster_.store<api::Node>().GetMutable("", name);
    if (n == nullptr) return;
    for (api::Condition& c : n->status.conditions) {
      if (c.type != "Ready") continue;
      c.status = "True";
      c.reason = "KubeletReady";
      c.last_transition_time = api::Time{loop_.Now()};
    }
    std::erase_if(n->spec.taints, [](const api::Taint& t) { return t.key == kNotReadyTaint; });
    cluster_.Touch();
    NodesChanged();
    if (on_nodes_changed_) on_nodes_changed_();
  });
  NodesChanged();
  if (on_nodes_changed_) on_nodes_changed_();
  return Status();
}

void KubeSim::MarkNodeNotReady(const std::string& name) {
  api::Node* n = cluster_.store<api::Node>().GetMutable("", name);
  if (n == nullptr) return;
  for (api::Condition& c : n->status.conditions) {
    if (c.type != "Ready" || c.status == "Unknown") continue;
    c.status = "Unknown";
    c.reason = "NodeStatusUnknown";
    c.last_transition_time = api::Time{loop_.Now()};
  }
  cluster_.Touch();
  NodesChanged();
}

void KubeSim::RemoveNode(const std::string& name) {
  if (!cluster_.store<api::Node>().Erase("", name)) return;
  cluster_.Touch();
  std::vector<std::pair<std::string, std::string>> orphans;
  for (const auto& [key, p] : cluster_.pods()) {
    if (p.spec.node_name == name) orphans.emplace_back(p.metadata.namespace_, p.metadata.name);
  }
  for (const auto& [ns, pod] : orphans) {
    const api::Pod* p = cluster_.pods().Get(ns, pod);
    if (p == nullptr) continue;
    api::Pod copy = *p;
    RemovePod(ns, pod);
    ReplaceAfterDelete(copy);
  }
  NodesChanged();
  if (on_nodes_changed_) on_nodes_changed_();
}

// The DaemonSet controller: one pod per eligible node, bound to it (the node selector and
// required node affinity match, the node's taints are tolerated with the tolerations every
// DaemonSet pod gets).
void KubeSim::SyncDaemonSets() {
  const auto& daemonsets = cluster_.store<api::DaemonSet>();
  if (daemonsets.size() == 0) return;
  std::set<std::pair<std::string, std::string>> have;  // (ns/ds, node)
  for (const auto& [key, p] : cluster_.pods()) {
    const api::OwnerReference* o = state::ControllerOf(p.metadata);
    if (o != nullptr && o->kind == "DaemonSet" && !p.spec.node_name.empty()) {
      have.emplace(p.metadata.namespace_ + "/" + o->name, p.spec.node_name);
    }
  }
  std::vector<std::pair<const api::DaemonSet*, std::string>> todo;
  for (const auto& [dkey, ds] : daemonsets) {
    std::vector<api::Toleration> tolerations = ds.spec.template_.spec.tolerations;
    for (const char* key : {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
      tolerations.push_back({key, "Exists", "", std::string(api::kEffectNoExecute), {}});
    }
    for (const char* key :
         {"node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
          "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable"}) {
      tolerations.push_back({key, "Exists", "", std::string(api::kEffectNoSchedule), {}});
    }
    for (const auto& [nkey, node] : cluster_.store<api::Node>()) {
      if (node.metadata.deletion_timestamp) continue;
      if (have.count({dkey, node.metadata.name}) > 0) continue;
      if (!api::TolerationsTolerateTaints(tolerations, node.spec.taints)) continue;
      if (!MatchesNodeAffinity(ds.spec.template_.spec, node)) continue;
      todo.emplace_back(&ds, node.metadata.name);
    }
  }
  for (const auto& [ds, node] : todo) {
    api::Pod pod =
        NewPod(ds->metadata, "DaemonSet", ds->spec.template_, NextPodName(ds->metadata.name));
    pod.spec.node_name = node;
    SetCondition(pod, "PodScheduled", "True", "", "", loop_.Now());
    const std::string ns = pod.metadata.namespace_, name = pod.metadata.name;
    cluster_.pods().Put(std::move(pod));
    StartPod(ns, name);
  }
  if (!todo.empty()) Changed();
}

// ---- API clients' pod writes -------------------------------------------------------------------

void KubeSim::ReplaceAfterDelete(const api::Pod& pod) {
  const api::OwnerReference* owner = state::ControllerOf(pod.metadata);
  if (owner == nullptr) return;
  if (owner->kind == "Deployment" || owner->kind == "StatefulSet" || owner->kind == "Job") {
    WorkloadChanged(owner->kind, pod.metadata.namespace_, owner->name);
  }
}

Status KubeSim::DeletePodByClient(const std::string& ns, const std::string& name) {
  const api::Pod* p = cluster_.pods().Get(ns, name);
  if (p == nullptr) return NotFound("pods \"" + name + "\" not found");
  if (state::IsPodTerminating(*p)) return Status();
  api::Pod copy = *p;
  DeletePod(ns, name, /*defer_removal=*/true);
  ReplaceAfterDelete(copy);
  return Status();
}

namespace {

// The disruption controller's arithmetic for one PDB over the pods it selects (kubernetes.md
// PodDisruptionBudget): healthy = Ready and not terminating; expected = the selected pods for an
// integer minAvailable, else the replicas of their controllers.
struct PdbState {
  int64_t healthy = 0;
  int64_t desired = 0;
};

PdbState Evaluate(const state::ClusterState& cluster, const api::PodDisruptionBudget& pdb) {
  PdbState st;
  int64_t selected = 0, replicas = 0;
  std::set<std::pair<std::string, std::string>> owners;
  for (const auto& [key, p] : cluster.pods()) {
    if (p.metadata.namespace_ != pdb.metadata.namespace_) continue;
    if (!api::SelectorMatches(*pdb.spec.selector, p.metadata.labels)) continue;
    if (p.status.phase == "Succeeded" || p.status.phase == "Failed") continue;
    selected++;
    if (state::IsPodReady(p) && !state::IsPodTerminating(p)) st.healthy++;
    const api::OwnerReference* o = state::ControllerOf(p.metadata);
    if (o == nullptr || !owners.emplace(o->kind, o->name).second) continue;
    if (o->kind == "Deployment") {
      if (auto* d = cluster.store<api::Deployment>().Get(p.metadata.namespace_, o->name)) {
        replicas += d->spec.replicas.value_or(1);
      }
    } else if (o->kind == "StatefulSet") {
      if (auto* s = cluster.store<api::StatefulSet>().Get(p.metadata.namespace_, o->name)) {
        replicas += s->spec.replicas.value_or(1);
      }
    }
  }
  const api::PodDisruptionBudgetSpec& spec = pdb.spec;
  if (spec.min_available && !spec.min_available->is_string) {
    st.desired = spec.min_available->int_value;
    return st;
  }
  const int64_t expected = owners.empty() ? selected : replicas;
  auto scaled = [&](const api::IntOrString& v) {
    StatusOr<int64_t> r = api::GetScaledValueFromIntOrPercent(v, expected, /*round_up=*/true);
    return r.ok() ? *r : int64_t{0};
  };
  if (spec.min_available) {
    st.desired = scaled(*spec.min_available);
  } else if (spec.max_unavailable) {
    st.desired = expected - scaled(*spec.max_unavailable);
  }
  return st;
}

}  // namespace

Status KubeSim::EvictPod(const std::string& ns, const std::string& name) {
  const api::Pod* p = cluster_.pods().Get(ns, name);
  if (p == nullptr) return NotFound("pods \"" + name + "\" not found");
  if (state::IsPodTerminating(*p)) return Status();
  std::vector<const api::PodDisruptionBudget*> matching;
  for (const auto& [key, pdb] : cluster_.store<api::PodDisruptionBudget>()) {
    if (pdb.metadata.namespace_ != ns || !pdb.spec.selector) continue;
    if (api::SelectorMatches(*pdb.spec.selector, p->metadata.labels)) matching.push_back(&pdb);
  }
  if (matching.size() > 1) {
    return Unavailable(
        "This pod has more than one PodDisruptionBudget, which the eviction "
        "subresource does not support.");
  }
  if (matching.size() == 1) {
    const PdbState st = Evaluate(cluster_, *matching[0]);
    const bool healthy = state::IsPodReady(*p);
    const bool always = matching[0]->spec.unhealthy_pod_eviction_policy == "AlwaysAllow";
    const bool allowed =
        healthy ? st.healthy - st.desired > 0 : (always || st.healthy >= st.desired);
    if (!allowed) {
      return Unavailable("Cannot evict pod as it would violate the pod's disruption budget.");
    }
  }
  return DeletePodByClient(ns, name);
}

KubeCounts KubeSim::Counts(const std::string& ns, const std::string& owner_kind,
                           const std::string& owner) const {
  KubeCounts c;
  for (const auto& [key, p] : cluster_.pods()) {
    if (!ns.empty() && p.metadata.namespace_ != ns) continue;
    if (!owner.empty()) {
      const api::OwnerReference* o = state::ControllerOf(p.metadata);
      if (o == nullptr || o->kind != owner_kind || o->name != owner) continue;
    }
    if (p.status.phase == "Succeeded" || p.status.phase == "Failed") continue;
    if (state::IsPodTerminating(p)) {
      c.terminating++;
    } else if (p.spec.node_name.empty()) {
      c.pending++;
      const api::Condition* s = api::FindCondition(p.status.conditions, "PodScheduled");
      if (s != nullptr && s->reason == "Unschedulable") c.unschedulable++;
    } else if (state::IsPodReady(p)) {
      c.ready++;
    } else {
      c.starting++;
    }
  }
  return c;
}

}  // namespace swell::sim
