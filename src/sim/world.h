// The simulated world, assembled from a Scenario: the emulated cluster (KubeSim), the static
// EC2 nodes, the simulated cloud and the Karpenter half when the manifests hold NodePools, the
// queues with their arrivals and consumers, the gauges, and the same KEDA-half controllers a
// real cluster would run, all on one deterministic EventLoop. Run() plays the
// scenario and records a timeline, an event log and a summary.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scaling/scaled_job_controller.h"
#include "scaling/scaled_object_controller.h"
#include "sim/arrival.h"
#include "sim/event_loop.h"
#include "sim/karpenter_driver.h"
#include "sim/kube.h"
#include "sim/scenario.h"
#include "sim/sim_actuator.h"
#include "sim/sim_cloud.h"
#include "sim/sim_sources.h"

namespace swell::sim {

// One sample of the timeline: named columns, in a fixed order for a given scenario.
struct Sample {
  TimePoint time;
  std::vector<double> values;
};

struct QueueSummary {
  std::string name;
  int64_t peak_depth = 0;  // visible + in flight + delayed
  TimePoint peak_at{};
  int64_t depth_before_burst = 0;  // the backlog when the burst started
  // First time after the peak that the backlog is back to its level before the burst (0 when
  // there is no burst).
  std::optional<TimePoint> drained_at;
  Duration peak_oldest_age{0};
  int64_t sent = 0, deleted = 0, redelivered = 0, dead_lettered = 0, remaining = 0;
};

struct WorkloadSummary {
  std::string name;  // "Deployment ns/name"
  int32_t max_desired = 0;
  int32_t max_ready = 0;
  std::optional<TimePoint> first_scale_up;  // first time spec.replicas grew
  std::optional<TimePoint> back_to_zero;    // last time it reached 0 replicas
  int32_t activations = 0;                  // 0 -> N by KEDA
  int32_t deactivations = 0;                // N -> 0 by KEDA (after cooldownPeriod)
  std::optional<TimePoint> peak_ready_at;   // first time Ready pods reached max_desired
};

// Times of the article's flow table (01-06, ../shared/seed/article.txt) that no other summary
// field holds: each is the first at or after the burst start (the run start without a burst),
// empty when the run does not have the step. Node provisioning sets the node steps.
struct FlowTimes {
  std::optional<TimePoint> first_scale_up;         // 02: a replica target raised
  std::optional<TimePoint> first_pod_pending;      // 03: a pod the scheduler could not place
  std::optional<TimePoint> first_node_launched;    // 04: the first node launched for pods
  std::optional<TimePoint> first_node_ready;       // 05: the first launched node Ready
  std::optional<TimePoint> all_pods_running;       // 05: every scaled workload Ready at its peak
  std::optional<TimePoint> last_worker_node_gone;  // 06: the last launched node deleted
};

// The Karpenter half's side of a run (set when the manifests hold NodePools).
struct NodeSummary {
  bool provisioning = false;  // NodePools launched nodes through the simulated cloud
  int64_t nodeclaims_created = 0;
  int64_t nodeclaims_launched = 0;    // instances the cloud launched
  int64_t insufficient_capacity = 0;  // NodeClaims deleted on InsufficientCapacity
  int64_t peak_nodes = 0;             // Node objects at once (static nodes included)
  int64_t evictions = 0;              // drains' successful evictions
  CostSplit total;                    // USD and node-hours (sim_cloud_billing.h)
  std::map<std::string, CostSplit> by_capacity_type;
  std::map<std::string, CostSplit> by_arch;
  std::optional<TimePoint> first_pod_pending;  // a pod first marked Unschedulable
  std::optional<TimePoint> first_nodeclaim;
  std::optional<TimePoint> first_node_ready;
  // Invariants checked during the run: NodePool limits, no instance without a NodeClaim
  // beyond the garbage-collection window.
  int64_t limit_violations = 0;
  int64_t orphan_violations = 0;
  std::optional<TimePoint> first_violation;
  std::string violation;
};

struct Summary {
  TimePoint start{};
  TimePoint end{};
  std::optional<TimePoint> burst_start;  // the first burst's start, else the first arrival
  std::vector<QueueSummary> queues;
  std::vector<WorkloadSummary> workloads;
  int64_t events = 0;  // Kubernetes events recorded
  int64_t pods_created = 0;
  uint64_t sim_events = 0;  // EventLoop events executed
  FlowTimes flow;
  NodeSummary nodes;
};

// One step of the article's flow table; `at` is empty when the run does not have it.
struct Milestone {
  std::string step;  // "01" .. "06"
  std::string name;  // "burst start", "first scale-up decision", ...
  std::optional<TimePoint> at;
};

class World {
 public:
  // Builds the world. Errors (InvalidArgument / NotFound) name the file and the object: a
  // manifest with errors, an unknown instance type, a consumer or scale target that is not
  // among the manifests, a malformed trace.
  static StatusOr<std::unique_ptr<World>> Create(const Scenario& scenario);
  ~World();

  // Plays the scenario to its end. `progress` (optional) is called with the fraction done.
  void Run(const std::function<void(double)>& progress = {});

  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<Sample>& timeline() const { return timeline_; }
  const std::vector<scaling::Event>& events() const { return actuator_->events(); }
  // Every replica count the KEDA half wrote, in order.
  const std::vector<SimActuator::ScaleCall>& scale_calls() const {
    return actuator_->scale_calls();
  }
  const Summary& summary() const { return summary_; }
  const state::ClusterState& cluster() const { return cluster_; }
  // The simulated cloud and the Karpenter half; nullptr when the manifests hold no NodePool.
  const SimCloud* cloud() const { return cloud_.get(); }
  const KarpenterDriver* karpenter() const { return karpenter_.get(); }
  const Scenario& scenario() const { return scenario_; }

 private:
  class Listener;
  struct Consumer;
  struct QueueTrack;
  struct WorkloadTrack;

  explicit World(Scenario scenario);
  Status Build();
  Status LoadManifests();
  Status AddNodes();
  Status AddCloud();
  Status AddQueues();
  Status AddConsumers();
  Status AddGauges();
  Status CheckTargets() const;
  void StartControllers();
  void Probe();
  void ProbeNodes(TimePoint now);
  void TakeSample();
  void SummarizeNodes();

  Scenario scenario_;
  TimePoint start_{};
  TimePoint end_{};
  Duration sample_interval_{0};
  EventLoop loop_;
  state::ClusterState cluster_;
  std::unique_ptr<KubeSim> kube_;
  std::unique_ptr<SimActuator> actuator_;
  std::unique_ptr<SimSources> sources_;
  SimPodMetrics pod_metrics_;
  std::unique_ptr<scaling::ScaledObjectController> so_controller_;
  std::unique_ptr<scaling::ScaledJobController> sj_controller_;
  std::unique_ptr<SimCloud> cloud_;
  std::unique_ptr<KarpenterDriver> karpenter_;
  bool had_worker_nodes_ = false;            // a NodePool's node existed at some probe
  std::set<std::string> seen_before_burst_;  // "NodeClaim/<name>", "Node/<name>"
  std::unique_ptr<Listener> listener_;
  std::vector<std::unique_ptr<Consumer>> consumers_;
  std::vector<std::unique_ptr<ArrivalSource>> arrivals_;
  std::vector<QueueTrack> queue_tracks_;
  std::vector<WorkloadTrack> workload_tracks_;
  std::vector<std::string> columns_;
  std::vector<Sample> timeline_;
  Summary summary_;
};

// Writes the timeline as CSV (header row, then one row per sample) or, for `jsonl`, one JSON
// object per line.
std::string FormatTimeline(const World& w, bool jsonl);
// One line per Kubernetes event: "<time> <type> <kind> <ns>/<name> <reason>: <message>".
std::string FormatEvents(const World& w);
// The article's flow table 01-06 as nine milestones, in its order: burst start, first scale-up
// decision, first pod pending, first node launched, first node ready, all pods running, queue
// drained (every queue that had a burst), pods at zero (every workload that scaled), last worker
// node gone.
std::vector<Milestone> FlowMilestones(const Summary& s);
// The human summary: peak queue depth, time to drain, peak oldest-message age, replicas,
// messages redelivered and dead-lettered.
std::string FormatSummary(const World& w);

}  // namespace swell::sim
