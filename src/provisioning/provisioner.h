// Karpenter's provisioner (core pkg/controllers/provisioning; karpenter.md §2.1-§2.2): the pod
// trigger controller (a provisionable pod triggers when first seen and every 10 s while it stays
// provisionable; so does a node carrying karpenter.sh/disrupted), the batcher (a window that
// closes 1 s after the last new trigger or 10 s after the first), and the scheduling pass: the
// pending pods plus the reschedulable pods of nodes marked for deletion, against the cluster
// view's active nodes (in-flight NodeClaims included) and the NodePools by weight, through
// Solve; each new NodeClaim is created through the Actuator, pods are nominated.
//
// Driven from outside, like every controller: Trigger() when pods or nodes change, Reconcile()
// at the time it last asked for. No clock, no threads.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "cloud/cloud_provider.h"
#include "provisioning/actuator.h"
#include "provisioning/cluster_view.h"
#include "provisioning/events.h"
#include "provisioning/scheduling/scheduler.h"
#include "state/cluster_state.h"

namespace swell::provisioning {

struct ProvisionerOptions {
  Duration batch_idle = Seconds(1);    // BATCH_IDLE_DURATION (§9). Default: 1s
  Duration batch_max = Seconds(10);    // BATCH_MAX_DURATION (§9). Default: 10s
  Duration pod_requeue = Seconds(10);  // pod/node trigger requeue while provisionable. Default: 10s
  Options scheduling;                  // the simulation's policies. Default: Respect, Strict, 600
};

// swell's coordinated mode: pods a workload is about to create (its new replica target is known
// before the pods exist), planned for as if pending. Each must have a namespace/name not taken
// by a real pod; it triggers the batcher like a pending pod. Called at every Reconcile scan and
// scheduling pass; return the current anticipation (an empty list when there is none).
using AnticipatedPodsFn = std::function<std::vector<api::Pod>(TimePoint now)>;

struct ProvisionerStats {
  int64_t passes = 0;           // scheduling passes run
  int64_t unsynced_passes = 0;  // passes skipped: a NodeClaim had not launched yet
  int64_t nodeclaims_created = 0;
  int64_t pods_unschedulable = 0;  // pod results with no place (summed over passes)
  int64_t anticipated_pods = 0;    // anticipated pods planned (summed over passes)
  // Passes that saw exactly what the previous one saw when it could place nothing: the
  // simulation is not run again (its result would be the same), its events are repeated.
  int64_t repeated_passes = 0;
};

class Provisioner {
 public:
  Provisioner(const state::ClusterState& cluster, cloud::CloudProvider& cloud, Actuator& actuator,
              ClusterMarks& marks, ProvisionerOptions options = {});

  // Pods or nodes changed at `now`: the next Reconcile looks for new triggers. Returns when
  // that Reconcile should run (now).
  TimePoint Trigger(TimePoint now);

  // Runs the trigger scan (after Trigger, or when a requeue is due), the batcher, and a
  // scheduling pass once the batch window has closed. Returns when it wants to run next, or
  // nullopt when only a Trigger can give it work.
  std::optional<TimePoint> Reconcile(TimePoint now);

  // One scheduling pass now, bypassing the batcher (Provisioner.Schedule + CreateNodeClaims).
  // Returns the names of the NodeClaims created. FailedPrecondition while the cluster view is
  // not synced (some NodeClaim has not launched), as Karpenter waits for Cluster.Synced.
  StatusOr<std::vector<std::string>> Schedule(TimePoint now);

  void set_anticipated_pods(AnticipatedPodsFn fn) { anticipated_ = std::move(fn); }
  const ProvisionerStats& stats() const { return stats_; }
  const ProvisionerOptions& options() const { return options_; }

 private:
  struct Window {
    TimePoint start;
    TimePoint last;  // the last new trigger
  };
  void Scan(TimePoint now);
  void Hit(const std::string& key, TimePoint now);
  std::optional<TimePoint> NextRequeue() const;
  void RecordResults(TimePoint now, const Snapshot& snap, const Results& results,
                     const std::vector<std::string>& node_provider_ids,
                     const std::vector<std::string>& node_targets, const std::vector<bool>& real,
                     const std::vector<std::string>& claim_names);

  const state::ClusterState& cluster_;
  cloud::CloudProvider& cloud_;
  Actuator& actuator_;
  ClusterMarks& marks_;
  ProvisionerOptions options_;
  EventRecorder recorder_;
  AnticipatedPodsFn anticipated_;
  bool dirty_ = true;
  std::map<std::string, TimePoint, std::less<>> requeue_;  // trigger key -> next re-trigger
  std::set<std::string, std::less<>> window_keys_;         // keys seen in the open window
  std::optional<Window> window_;
  // The last pass, when it placed no pod: its fingerprint and failures.
  struct StuckPass {
    uint64_t fingerprint = 0;
    std::vector<std::tuple<std::string, std::string, std::string>> failures;  // ns, name, why
  };
  std::optional<StuckPass> stuck_;
  // The instance-type lists of the last pass and their content hashes.
  std::vector<std::pair<cloud::InstanceTypes, uint64_t>> type_hashes_;
  ProvisionerStats stats_;
};

}  // namespace swell::provisioning
