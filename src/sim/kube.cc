#include "sim/kube.h"

#include <algorithm>
#include <tuple>

#include "api/core/scheduling.h"

namespace swell::sim {
namespace {

constexpr std::string_view kDeletionCost = "controller.kubernetes.io/pod-deletion-cost";

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
    : loop_(loop), cluster_(cluster), options_(std::move(options)), rng_(seed, "kubelet") {}

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

void KubeSim::NodesChanged() { ScheduleSoon(); }

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
    for (int32_t i = have; i < desired; i++) {
      std::string name = kind == "StatefulSet" ? w.metadata.name + "-" + std::to_string(i)
                                               : NextPodName(w.metadata.name);
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

void KubeSim::DeletePod(const std::string& ns, const std::string& name) {
  api::Pod* pod = cluster_.pods().GetMutable(ns, name);
  if (pod == nullptr || state::IsPodTerminating(*pod)) return;
  const bool started = pod->status.phase == "Running";
  pod->metadata.deletion_timestamp = api::Time{loop_.Now()};
  const int64_t grace_s = pod->spec.termination_grace_period_seconds.value_or(30);
  pod->metadata.deletion_grace_period_seconds = grace_s;
  SetCondition(*pod, "Ready", "False", "PodTerminating", "", loop_.Now());
  if (!started || listener_ == nullptr) {
    RemovePod(ns, name);
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

bool KubeSim::TryBind(api::Pod& pod, std::vector<std::string>* reasons) {
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
    api::ResourceList used;
    int64_t pods_on_node = 0;
    for (const api::Pod* p : cluster_.PodsOnNode(node.metadata.name)) {
      if (p->status.phase == "Succeeded" || p->status.phase == "Failed") continue;
      api::AddTo(used, api::PodRequests(p->spec));
      pods_on_node++;
    }
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
  for (const auto& [ns, name] : pending) {
    api::Pod* pod = cluster_.pods().GetMutable(ns, name);
    std::vector<std::string> reasons;
    if (TryBind(*pod, &reasons)) {
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
