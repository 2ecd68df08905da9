#include "sim/world.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "api/duration.h"
#include "api/loader.h"
#include "cloud/instance_types.h"

namespace swell::sim {
namespace {

Duration ParseDur(const std::string& s) { return api::ParseGoDuration(s).value(); }

// How often the Karpenter invariants are checked (on the 1 s probe).
constexpr Duration kInvariantInterval = Seconds(5);

std::string Dir(const std::string& path) {
  std::filesystem::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : ".";
}

std::string Resolve(const std::string& base_dir, const std::string& rel) {
  std::filesystem::path p(rel);
  return p.is_absolute() ? rel : (std::filesystem::path(base_dir) / p).string();
}

std::string PodKey(const api::Pod& p) { return p.metadata.namespace_ + "/" + p.metadata.name; }

// Runs fn now and then again after each delay it returns, until it returns nullopt.
void Repeat(EventLoop& loop, TimePoint first, std::function<std::optional<Duration>()> fn) {
  auto shared = std::make_shared<std::function<std::optional<Duration>()>>(std::move(fn));
  auto step = std::make_shared<std::function<void()>>();
  std::weak_ptr<std::function<void()>> weak = step;
  *step = [&loop, shared, weak]() {
    std::optional<Duration> next = (*shared)();
    auto self = weak.lock();
    if (next && self) loop.After(*next, [self]() { (*self)(); });
  };
  loop.At(first, [step]() { (*step)(); });
}

// Flow step 05: the latest time a workload that scaled had all its peak replicas Ready; empty
// when one never got there.
std::optional<TimePoint> AllPodsRunning(const std::vector<WorkloadSummary>& workloads) {
  std::optional<TimePoint> at;
  for (const auto& w : workloads) {
    if (w.max_desired == 0) continue;
    if (!w.peak_ready_at) return std::nullopt;
    if (!at || *w.peak_ready_at > *at) at = w.peak_ready_at;
  }
  return at;
}

}  // namespace

// Everything a consumer needs: the queue, the process model, and (for long-running workers)
// the pool of workers of every Ready pod.
struct World::Consumer {
  ConsumerSpec spec;
  std::string owner_kind;  // Deployment | StatefulSet | ScaledJob
  std::string owner_name;
  Queue* queue = nullptr;
  std::unique_ptr<ConsumerPool> pool;  // Deployments and StatefulSets
  DurationDist processing;
  int64_t cpu_milli = 100;
  Rng rng{0, ""};
};

struct World::QueueTrack {
  std::string name;
  Queue* queue = nullptr;
  QueueSummary summary;
};

struct World::WorkloadTrack {
  std::string kind;
  std::string ns;
  std::string name;
  std::string so_name;  // the ScaledObject scaling it, if any
  int32_t last_replicas = -1;
  WorkloadSummary summary;
};

// Connects pod lifecycle (KubeSim) to the processes running in the pods (consumers).
class World::Listener final : public PodListener {
 public:
  explicit Listener(World& w) : w_(w) {}

  void OnPodReady(const api::Pod& pod) override {
    Consumer* c = ConsumerOf(pod);
    if (c == nullptr) return;
    if (c->pool) {
      (void)c->pool->AddPod(PodKey(pod), c->spec.workers_per_pod);
      w_.pod_metrics_.Bind(PodKey(pod), {c->pool.get(), c->cpu_milli});
    } else {
      RunJobWorker(*c, pod.metadata.namespace_, pod.metadata.name, c->spec.messages_per_job);
    }
  }

  void OnPodStopping(const api::Pod& pod, Duration grace, std::function<void()> done) override {
    Consumer* c = ConsumerOf(pod);
    if (c == nullptr || !c->pool || !c->pool->StopPod(PodKey(pod), grace).ok()) {
      done();  // nothing running that needs time to stop
      return;
    }
    stopping_[PodKey(pod)] = std::move(done);
  }

  void OnPodDeleted(const api::Pod& pod) override {
    std::string key = PodKey(pod);
    if (Consumer* c = ConsumerOf(pod); c != nullptr && c->pool) (void)c->pool->RemovePod(key);
    w_.pod_metrics_.Unbind(key);
    stopping_.erase(key);
  }

  // A pool reports a stopping pod has exited.
  void Exited(const std::string& key) {
    auto it = stopping_.find(key);
    if (it == stopping_.end()) return;
    auto done = std::move(it->second);
    stopping_.erase(it);
    done();
  }

 private:
  Consumer* ConsumerOf(const api::Pod& pod) {
    const api::OwnerReference* owner = state::ControllerOf(pod.metadata);
    if (owner == nullptr) return nullptr;
    for (auto& c : w_.consumers_) {
      if (c->spec.namespace_ != pod.metadata.namespace_) continue;
      if (owner->kind == c->owner_kind && owner->name == c->owner_name) return c.get();
      if (c->owner_kind == "ScaledJob" && owner->kind == "Job") {
        auto l = pod.metadata.labels.find(api::keda::kLabelScaledJobName);
        if (l != pod.metadata.labels.end() && l->second == c->owner_name) return c.get();
      }
    }
    return nullptr;
  }

  // A job pod takes up to `left` messages one after another, then exits (success); an empty
  // queue ends it at once; a failed message fails the pod (and stays in flight until its
  // visibility timeout).
  void RunJobWorker(Consumer& c, const std::string& ns, const std::string& pod, int32_t left) {
    const api::Pod* p = w_.cluster_.pods().Get(ns, pod);
    if (p == nullptr || state::IsPodTerminating(*p)) return;
    std::optional<ReceivedMessage> m = c.queue->ReceiveOne(w_.loop_.Now());
    if (!m) {
      w_.kube_->PodExited(ns, pod, true);
      return;
    }
    Duration d = c.processing.Sample(c.rng);
    w_.loop_.After(d, [this, &c, ns, pod, left, handle = m->handle]() {
      const api::Pod* q = w_.cluster_.pods().Get(ns, pod);
      if (q == nullptr || state::IsPodTerminating(*q)) return;  // abandoned: times out
      if (c.rng.Bernoulli(c.spec.failure_rate)) {
        w_.kube_->PodExited(ns, pod, false);
        return;
      }
      c.queue->Delete(w_.loop_.Now(), handle);
      if (left > 1) {
        RunJobWorker(c, ns, pod, left - 1);
      } else {
        w_.kube_->PodExited(ns, pod, true);
      }
    });
  }

  World& w_;
  std::map<std::string, std::function<void()>> stopping_;
};

World::World(Scenario scenario) : scenario_(std::move(scenario)), loop_(TimePoint{}) {}

World::~World() = default;

StatusOr<std::unique_ptr<World>> World::Create(const Scenario& scenario) {
  std::unique_ptr<World> w(new World(scenario));
  SWELL_RETURN_IF_ERROR(w->Build());
  return w;
}

Status World::Build() {
  const ScenarioSpec& sp = scenario_.spec;
  (void)ParseRfc3339(sp.start, &start_);
  end_ = start_ + ParseDur(sp.duration);
  sample_interval_ = ParseDur(sp.sample_interval);
  loop_ = EventLoop(start_);
  KubeOptions ko;
  ko.image_pull = DurationDist::Parse(sp.kubelet.image_pull).value();
  ko.container_start = DurationDist::Parse(sp.kubelet.container_start).value();
  ko.readiness = DurationDist::Parse(sp.kubelet.readiness).value();
  ko.node_ready = DurationDist::Parse(sp.kubelet.node_ready).value();
  const uint64_t seed = static_cast<uint64_t>(sp.seed);
  kube_ = std::make_unique<KubeSim>(loop_, cluster_, seed, ko);
  actuator_ = std::make_unique<SimActuator>(loop_, cluster_, *kube_);
  sources_ = std::make_unique<SimSources>(loop_, start_);
  listener_ = std::make_unique<Listener>(*this);
  kube_->set_listener(listener_.get());
  SWELL_RETURN_IF_ERROR(LoadManifests());
  SWELL_RETURN_IF_ERROR(AddNodes());
  SWELL_RETURN_IF_ERROR(AddCloud());
  SWELL_RETURN_IF_ERROR(AddQueues());
  SWELL_RETURN_IF_ERROR(AddConsumers());
  SWELL_RETURN_IF_ERROR(AddGauges());
  SWELL_RETURN_IF_ERROR(CheckTargets());
  so_controller_ = std::make_unique<scaling::ScaledObjectController>(loop_, cluster_, *actuator_,
                                                                     *sources_, &pod_metrics_);
  sj_controller_ =
      std::make_unique<scaling::ScaledJobController>(loop_, cluster_, *actuator_, *sources_);
  StartControllers();
  return Status();
}

Status World::LoadManifests() {
  const std::string dir = Dir(scenario_.path);
  api::LoadResult r;
  for (const auto& m : scenario_.spec.manifests) api::LoadFile(Resolve(dir, m), &r);
  std::string errors;
  for (const auto& f : r.findings) {
    if (f.diag.severity != api::Severity::kError) continue;
    errors += (errors.empty() ? "" : "\n") + api::FormatFinding(f);
  }
  if (!errors.empty()) return InvalidArgument(errors);
  for (auto& o : r.objects) {
    api::ObjectMeta& m = api::MutableMetaOf(o.object);
    if (api::KindOf(o.object).namespaced && m.namespace_.empty()) {
      m.namespace_ = scenario_.spec.namespace_;  // kubectl apply -n
    }
    if (!m.creation_timestamp) m.creation_timestamp = api::Time{start_};
    if (m.uid.empty()) m.uid = o.Ref();
    if (m.generation == 0) m.generation = 1;
    cluster_.Add(std::move(o.object));
  }
  return Status();
}

Status World::AddNodes() {
  static const StatusOr<cloud::Catalog> catalog = cloud::Catalog::LoadAws();
  if (!catalog.ok()) return catalog.status();
  int index = 0;
  for (const NodeGroupSpec& g : scenario_.spec.cluster.nodes) {
    const cloud::InstanceType* it = catalog->Find(g.instance_type);
    if (it == nullptr) {
      return InvalidArgument(scenario_.path + ": spec.cluster.nodes[" + std::to_string(index) +
                             "].instanceType: \"" + g.instance_type +
                             "\" is not an EC2 instance type of the catalog");
    }
    std::string prefix = g.name_prefix.empty() ? g.instance_type : g.name_prefix;
    std::replace(prefix.begin(), prefix.end(), '.', '-');
    for (int32_t i = 0; i < g.count; i++) {
      api::Node n;
      n.api_version = "v1";
      n.kind = "Node";
      n.metadata.name = prefix + "-" + std::to_string(index) + "-" + std::to_string(i);
      n.metadata.labels = it->labels;
      for (const auto& [k, v] : g.labels) n.metadata.labels[k] = v;
      n.metadata.labels["topology.kubernetes.io/zone"] = g.zone;
      n.metadata.labels["karpenter.sh/capacity-type"] = g.capacity_type;
      n.metadata.labels["kubernetes.io/hostname"] = n.metadata.name;
      n.metadata.creation_timestamp = api::Time{start_};
      n.spec.provider_id = "sim:///" + g.zone + "/" + n.metadata.name;
      n.status.capacity = it->capacity;
      n.status.allocatable = it->Allocatable();
      api::Condition ready;
      ready.type = "Ready";
      ready.status = "True";
      n.status.conditions.push_back(ready);
      cluster_.Add(std::move(n));
    }
    index++;
  }
  return Status();
}

// NodePools among the manifests: the simulated cloud launches their nodes and the Karpenter
// half (provisioner, lifecycle, termination, garbage collection) runs against it.
Status World::AddCloud() {
  if (cluster_.store<api::NodePool>().size() == 0) return Status();
  cloud_ = std::make_unique<SimCloud>(loop_, cluster_, scenario_.spec.cloud,
                                      static_cast<uint64_t>(scenario_.spec.seed));
  if (!cloud_->status().ok()) return cloud_->status().WithPrefix(scenario_.path);
  karpenter_ = std::make_unique<KarpenterDriver>(loop_, cluster_, *kube_, *actuator_, *cloud_);
  cloud_->set_on_instance_registered(
      [this](const api::NodeClaim& instance) { karpenter_->InstanceRegistered(instance); });
  cloud_->set_on_instance_terminated(
      [this](const std::string& provider_id) { karpenter_->InstanceTerminated(provider_id); });
  summary_.nodes.provisioning = true;
  return Status();
}

namespace {

ArrivalProfile ProfileOf(const QueueSpec& q, const std::string& dir, Status* err) {
  ArrivalProfile p;
  std::vector<const ArrivalSpec*> rates;
  for (const auto& a : q.arrivals) {
    const Duration at = ParseDur(a.at), over = ParseDur(a.over);
    if (a.rate) rates.push_back(&a);
    if (a.burst) p.bursts.push_back(Burst{at, *a.burst, over});
    if (!a.trace.empty()) {
      TraceOptions o;
      o.row = a.trace_row;
      auto t = LoadTrace(Resolve(dir, a.trace), o);
      if (!t.ok()) {
        *err = t.status();
        return p;
      }
      TraceArrivals ta;
      ta.trace = std::move(t).value();
      ta.at = at;
      ta.time_scale = a.time_scale;
      ta.volume_scale = a.volume_scale;
      p.trace = std::move(ta);
    }
  }
  std::sort(rates.begin(), rates.end(), [](const ArrivalSpec* x, const ArrivalSpec* y) {
    return ParseDur(x->at) < ParseDur(y->at);
  });
  // Rates hold until the next rate piece (a step); rampTo ramps linearly over `over`.
  for (const ArrivalSpec* a : rates) {
    const Duration at = ParseDur(a->at);
    if (!p.rate.empty() && at > p.rate.back().at) {
      p.rate.push_back({at - Duration(1), p.rate.back().rate});
    }
    p.rate.push_back({at, *a->rate});
    if (a->ramp_to) p.rate.push_back({at + std::max(ParseDur(a->over), Duration(1)), *a->ramp_to});
  }
  return p;
}

}  // namespace

Status World::AddQueues() {
  const std::string dir = Dir(scenario_.path);
  std::map<std::string, Queue*> by_name;
  for (const QueueSpec& q : scenario_.spec.queues) {
    QueueOptions o;
    o.visibility_timeout = ParseDur(q.visibility_timeout);
    std::string url =
        q.url.empty() ? "https://sqs.us-east-1.amazonaws.com/000000000000/" + q.name : q.url;
    SWELL_ASSIGN_OR_RETURN(Queue * queue, sources_->sim_sqs().CreateQueue(url, o));
    by_name[q.name] = queue;
    queue_tracks_.push_back({q.name, queue, {}});
    queue_tracks_.back().summary.name = q.name;
  }
  for (const QueueSpec& q : scenario_.spec.queues) {
    Queue* queue = by_name[q.name];
    if (!q.dead_letter_queue.empty()) {
      SWELL_RETURN_IF_ERROR(
          queue->SetDeadLetterQueue(by_name[q.dead_letter_queue], q.max_receive_count));
    }
    if (q.initial_messages > 0) queue->Send(start_, q.initial_messages);
    Status err;
    ArrivalProfile profile = ProfileOf(q, dir, &err);
    SWELL_RETURN_IF_ERROR(err.WithPrefix(scenario_.path + ": queue " + q.name));
    if (profile.rate.empty() && profile.bursts.empty() && !profile.trace) continue;
    for (const auto& b : profile.bursts) {
      TimePoint t = start_ + b.at;
      if (!summary_.burst_start || t < *summary_.burst_start) summary_.burst_start = t;
    }
    auto source = ArrivalSource::Create(
        profile, Rng(static_cast<uint64_t>(scenario_.spec.seed), "arrivals/" + q.name),
        [queue](TimePoint now, int64_t n) { queue->Send(now, n); });
    if (!source.ok()) return source.status().WithPrefix(scenario_.path + ": queue " + q.name);
    (*source)->Start(loop_, start_);
    arrivals_.push_back(std::move(source).value());
  }
  return Status();
}

Status World::AddConsumers() {
  for (size_t i = 0; i < scenario_.spec.consumers.size(); i++) {
    const ConsumerSpec& s = scenario_.spec.consumers[i];
    auto c = std::make_unique<Consumer>();
    c->spec = s;
    if (!s.deployment.empty()) {
      c->owner_kind = "Deployment";
      c->owner_name = s.deployment;
    } else if (!s.stateful_set.empty()) {
      c->owner_kind = "StatefulSet";
      c->owner_name = s.stateful_set;
    } else {
      c->owner_kind = "ScaledJob";
      c->owner_name = s.scaled_job;
    }
    c->queue = sources_->sim_sqs().Find(s.queue);
    if (c->queue == nullptr) {
      for (const auto& q : queue_tracks_) {
        if (q.name == s.queue) c->queue = q.queue;
      }
    }
    c->processing = DurationDist::Parse(s.processing_time).value();
    c->cpu_milli = api::Quantity::Parse(s.cpu_per_worker)->MilliValue();
    const uint64_t seed = static_cast<uint64_t>(scenario_.spec.seed);
    c->rng = Rng(seed, "consumer/" + std::to_string(i));
    if (c->owner_kind != "ScaledJob") {
      ConsumerOptions o;
      o.processing_time = c->processing;
      o.failure_probability = s.failure_rate;
      c->pool = std::make_unique<ConsumerPool>(loop_, *c->queue,
                                               Rng(seed, "pool/" + std::to_string(i)), o);
      c->pool->SetOnPodExit([this](const std::string& key) { listener_->Exited(key); });
    }
    consumers_.push_back(std::move(c));
  }
  return Status();
}

Status World::AddGauges() {
  for (const GaugeSpec& g : scenario_.spec.gauges) {
    std::vector<GaugePoint> pts;
    for (const auto& p : g.points) pts.push_back({ParseDur(p.at), p.value});
    auto profile =
        pts.empty() ? StatusOr<GaugeProfile>(GaugeProfile::Constant(0)) : GaugeProfile::Create(pts);
    if (!profile.ok()) return profile.status().WithPrefix(scenario_.path + ": gauge " + g.match);
    sources_->AddGauge({g.source, g.match, std::move(profile).value(), g.partitions});
  }
  return Status();
}

Status World::CheckTargets() const {
  for (const auto& [key, so] : cluster_.store<api::ScaledObject>()) {
    auto target = scaling::TargetOf(so);
    if (!scaling::ReadScale(cluster_, target).ok()) {
      return NotFound("ScaledObject " + key + ": spec.scaleTargetRef: " + target.kind + " " +
                      target.ns + "/" + target.name + " is not among the scenario's manifests");
    }
  }
  for (const auto& c : consumers_) {
    bool found = false;
    const std::string& ns = c->spec.namespace_;
    if (c->owner_kind == "Deployment") {
      found = cluster_.store<api::Deployment>().Get(ns, c->owner_name) != nullptr;
    } else if (c->owner_kind == "StatefulSet") {
      found = cluster_.store<api::StatefulSet>().Get(ns, c->owner_name) != nullptr;
    } else {
      found = cluster_.store<api::ScaledJob>().Get(ns, c->owner_name) != nullptr;
    }
    if (!found) {
      return NotFound(scenario_.path + ": consumer " + c->owner_kind + " " + ns + "/" +
                      c->owner_name + " is not among the scenario's manifests");
    }
  }
  return Status();
}

void World::StartControllers() {
  // Workloads start at their spec.replicas; nodes are schedulable from the start.
  for (const auto& [key, d] : cluster_.store<api::Deployment>()) {
    kube_->WorkloadChanged("Deployment", d.metadata.namespace_, d.metadata.name);
    workload_tracks_.push_back({"Deployment",
                                d.metadata.namespace_,
                                d.metadata.name,
                                "",
                                d.spec.replicas.value_or(1),
                                {}});
  }
  for (const auto& [key, s] : cluster_.store<api::StatefulSet>()) {
    kube_->WorkloadChanged("StatefulSet", s.metadata.namespace_, s.metadata.name);
    workload_tracks_.push_back({"StatefulSet",
                                s.metadata.namespace_,
                                s.metadata.name,
                                "",
                                s.spec.replicas.value_or(1),
                                {}});
  }
  for (auto& w : workload_tracks_) {
    w.summary.name = w.kind + " " + w.ns + "/" + w.name;
    for (const auto& [key, so] : cluster_.store<api::ScaledObject>()) {
      auto t = scaling::TargetOf(so);
      if (t.kind == w.kind && t.ns == w.ns && t.name == w.name) w.so_name = so.metadata.name;
    }
  }
  kube_->NodesChanged();
  if (karpenter_) karpenter_->Start(start_);
  // KEDA starts an object's scale loop when it reconciles it; the HPA controller syncs the
  // HPA it creates right away and then every 15 s.
  for (const auto& [key, so] : cluster_.store<api::ScaledObject>()) {
    std::string ns = so.metadata.namespace_, name = so.metadata.name;
    Repeat(loop_, start_, [this, ns, name]() { return so_controller_->Poll(ns, name); });
    Repeat(loop_, start_ + Seconds(1),
           [this, ns, name]() { return so_controller_->SyncHpa(ns, name); });
  }
  for (const auto& [key, sj] : cluster_.store<api::ScaledJob>()) {
    std::string ns = sj.metadata.namespace_, name = sj.metadata.name;
    Repeat(loop_, start_, [this, ns, name]() { return sj_controller_->Poll(ns, name); });
  }
  // Columns of the timeline, fixed for the run.
  for (const auto& q : queue_tracks_) {
    for (const char* c : {"visible", "in_flight", "delayed", "oldest_age_s", "sent", "deleted",
                          "redelivered", "dead_lettered"}) {
      columns_.push_back(q.name + "." + c);
    }
  }
  for (const auto& w : workload_tracks_) {
    for (const char* c : {"replicas", "hpa_desired", "pending", "unschedulable", "starting",
                          "ready", "terminating"}) {
      columns_.push_back(w.name + "." + c);
    }
  }
  columns_.push_back("nodes");
  // Node columns by karpenter.sh/capacity-type and kubernetes.io/arch (static nodes count in
  // "nodes" only), then the cluster's pending pods and the cloud's cost rate.
  for (const char* c : {"nodes.on-demand.amd64", "nodes.on-demand.arm64", "nodes.spot.amd64",
                        "nodes.spot.arm64", "pods.pending", "cost_per_hour"}) {
    columns_.push_back(c);
  }
}

void World::Probe() {
  const TimePoint now = loop_.Now();
  NodeSummary& ns = summary_.nodes;
  if (!ns.first_pod_pending && kube_->Counts().unschedulable > 0) ns.first_pod_pending = now;
  ns.peak_nodes = std::max(ns.peak_nodes, static_cast<int64_t>(cluster_.store<api::Node>().size()));
  if (karpenter_) ProbeNodes(now);
  if (karpenter_ && (now - start_) % kInvariantInterval == Duration(0)) {
    karpenter_->CheckInvariants(now);
  }
  for (auto& q : queue_tracks_) {
    QueueSummary& s = q.summary;
    int64_t depth = q.queue->visible() + q.queue->in_flight() + q.queue->delayed();
    if (summary_.burst_start && now <= *summary_.burst_start) s.depth_before_burst = depth;
    if (depth > s.peak_depth) {
      s.peak_depth = depth;
      s.peak_at = now;
      s.drained_at.reset();
    }
    const bool drained = depth <= s.depth_before_burst;
    if (drained && s.peak_depth > s.depth_before_burst && !s.drained_at) s.drained_at = now;
    if (!drained && s.drained_at) s.drained_at.reset();
    s.peak_oldest_age = std::max(s.peak_oldest_age, q.queue->OldestAge(now));
  }
  FlowTimes& flow = summary_.flow;
  const bool after_burst = now >= summary_.burst_start.value_or(start_);
  for (auto& w : workload_tracks_) {
    int32_t replicas = 0;
    if (w.kind == "Deployment") {
      if (const auto* d = cluster_.store<api::Deployment>().Get(w.ns, w.name)) {
        replicas = d->spec.replicas.value_or(1);
      }
    } else if (const auto* s = cluster_.store<api::StatefulSet>().Get(w.ns, w.name)) {
      replicas = s->spec.replicas.value_or(1);
    }
    const bool scaled_up = w.last_replicas >= 0 && replicas > w.last_replicas;
    if (scaled_up && !w.summary.first_scale_up) w.summary.first_scale_up = now;
    if (scaled_up && after_burst && !flow.first_scale_up) flow.first_scale_up = now;
    if (replicas == 0 && w.last_replicas > 0) {
      w.summary.back_to_zero = now;
      w.summary.deactivations++;
    }
    if (replicas > 0 && w.last_replicas == 0) w.summary.activations++;
    if (replicas > 0) w.summary.back_to_zero.reset();
    w.last_replicas = replicas;
    if (replicas > w.summary.max_desired) w.summary.peak_ready_at.reset();
    w.summary.max_desired = std::max(w.summary.max_desired, replicas);
    KubeCounts c = kube_->Counts(w.ns, w.kind, w.name);
    w.summary.max_ready = std::max(w.summary.max_ready, c.ready);
    if (w.summary.max_desired > 0 && c.ready >= w.summary.max_desired && !w.summary.peak_ready_at) {
      w.summary.peak_ready_at = now;
    }
    if (c.unschedulable > 0 && after_burst && !flow.first_pod_pending) flow.first_pod_pending = now;
  }
}

// The flow's node steps. 04 and 05 count NodeClaims and Nodes that did not exist before the
// burst (nodes launched for the baseline are not the burst's); 06 is the moment the last node
// a NodePool launched is gone, provided none came back afterwards.
void World::ProbeNodes(TimePoint now) {
  FlowTimes& flow = summary_.flow;
  const bool before_burst = !summary_.burst_start || now < *summary_.burst_start;
  for (const auto& [key, claim] : cluster_.store<api::NodeClaim>()) {
    if (before_burst) {
      seen_before_burst_.insert("NodeClaim/" + claim.metadata.name);
    } else if (!flow.first_node_launched &&
               seen_before_burst_.count("NodeClaim/" + claim.metadata.name) == 0) {
      flow.first_node_launched = now;
    }
  }
  bool any = false;
  for (const auto& [key, node] : cluster_.store<api::Node>()) {
    if (node.metadata.labels.count("karpenter.sh/nodepool") == 0) continue;
    any = true;
    if (before_burst) {
      seen_before_burst_.insert("Node/" + node.metadata.name);
      continue;
    }
    const api::Condition* ready = api::FindCondition(node.status.conditions, "Ready");
    if (!flow.first_node_ready && ready != nullptr && ready->status == "True" &&
        seen_before_burst_.count("Node/" + node.metadata.name) == 0) {
      flow.first_node_ready = now;
    }
  }
  if (any) {
    had_worker_nodes_ = true;
    flow.last_worker_node_gone.reset();
  } else if (had_worker_nodes_ && !flow.last_worker_node_gone) {
    flow.last_worker_node_gone = now;
  }
}

void World::TakeSample() {
  const TimePoint now = loop_.Now();
  Sample s{now, {}};
  for (auto& q : queue_tracks_) {
    const QueueCounters& c = q.queue->counters();
    for (int64_t v :
         {q.queue->visible(), q.queue->in_flight(), q.queue->delayed(),
          std::chrono::duration_cast<std::chrono::seconds>(q.queue->OldestAge(now)).count(), c.sent,
          c.deleted, c.redelivered, c.dead_lettered}) {
      s.values.push_back(static_cast<double>(v));
    }
  }
  for (auto& w : workload_tracks_) {
    KubeCounts c = kube_->Counts(w.ns, w.kind, w.name);
    s.values.push_back(w.last_replicas < 0 ? 0 : w.last_replicas);
    s.values.push_back(w.so_name.empty() ? 0 : so_controller_->LastHpaDesired(w.ns, w.so_name));
    for (int v : {c.pending, c.unschedulable, c.starting, c.ready, c.terminating}) {
      s.values.push_back(v);
    }
  }
  s.values.push_back(static_cast<double>(cluster_.store<api::Node>().size()));
  int64_t by_type[2][2] = {};  // [spot][arm64]
  for (const auto& [key, n] : cluster_.store<api::Node>()) {
    auto ct = n.metadata.labels.find("karpenter.sh/capacity-type");
    if (ct == n.metadata.labels.end()) continue;
    auto arch = n.metadata.labels.find("kubernetes.io/arch");
    const bool arm = arch != n.metadata.labels.end() && arch->second == "arm64";
    by_type[ct->second == "spot" ? 1 : 0][arm ? 1 : 0]++;
  }
  for (const auto& row : by_type) {
    for (int64_t v : row) s.values.push_back(static_cast<double>(v));
  }
  s.values.push_back(kube_->Counts().pending);
  s.values.push_back(cloud_ ? cloud_->billing().CostRate(now) : 0.0);
  timeline_.push_back(std::move(s));
}

void World::Run(const std::function<void(double)>& progress) {
  loop_.Every(start_, Seconds(1), [this]() {
    Probe();
    return loop_.Now() < end_;
  });
  loop_.Every(start_, sample_interval_, [this]() {
    TakeSample();
    return loop_.Now() + sample_interval_ <= end_;
  });
  const Duration total = end_ - start_;
  const Duration chunk = std::max(Duration(Seconds(1)), total / 100);
  for (TimePoint t = start_; t < end_;) {
    t = std::min(end_, t + chunk);
    loop_.RunUntil(t);
    if (progress)
      progress(static_cast<double>((t - start_).count()) / static_cast<double>(total.count()));
  }
  summary_.start = start_;
  summary_.end = end_;
  for (auto& q : queue_tracks_) {
    const QueueCounters& c = q.queue->counters();
    q.summary.sent = c.sent;
    q.summary.deleted = c.deleted;
    q.summary.redelivered = c.redelivered;
    q.summary.dead_lettered = c.dead_lettered;
    q.summary.remaining = q.queue->visible() + q.queue->in_flight() + q.queue->delayed();
    summary_.queues.push_back(q.summary);
  }
  for (auto& w : workload_tracks_) summary_.workloads.push_back(w.summary);
  summary_.flow.all_pods_running = AllPodsRunning(summary_.workloads);
  if (karpenter_) SummarizeNodes();
  summary_.events = static_cast<int64_t>(actuator_->events().size());
  summary_.pods_created = kube_->pods_created();
  summary_.sim_events = loop_.executed();
}

void World::SummarizeNodes() {
  NodeSummary& ns = summary_.nodes;
  const KarpenterCounters& c = karpenter_->counters();
  ns.nodeclaims_created = c.nodeclaims_created;
  ns.insufficient_capacity = karpenter_->lifecycle().stats().insufficient_capacity;
  ns.evictions = karpenter_->termination().stats().evictions;
  ns.peak_nodes = std::max(ns.peak_nodes, c.peak_nodes);
  ns.first_nodeclaim = c.first_nodeclaim;
  ns.first_node_ready = c.first_node_ready;
  ns.limit_violations = c.limit_violations;
  ns.orphan_violations = c.orphan_violations;
  ns.first_violation = c.first_violation;
  ns.violation = c.first_violation_message;
  CostSummary cost = cloud_->billing().Summarize(end_);
  ns.nodeclaims_launched = cost.instances_launched;
  ns.total = cost.total;
  ns.by_capacity_type = cost.by_capacity_type;
  ns.by_arch = cost.by_arch;
}

}  // namespace swell::sim
