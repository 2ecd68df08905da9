// The Karpenter half in the simulated world: the provisioner, the NodeClaim lifecycle,
// termination and garbage collection, driven on the EventLoop by their Reconcile/Trigger entry
// points (no threads), writing through SimNodeActuator; plus the kubelet side of the cloud's
// instances (a registered instance becomes a Node, a vanished one takes its Node with it) and
// the run's Karpenter invariants. The cloud is any CloudProvider: SimCloud in the world, the
// recording fake in tests.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "cloud/cloud_provider.h"
#include "provisioning/cluster_view.h"
#include "provisioning/garbage_collection.h"
#include "provisioning/nodeclaim_lifecycle.h"
#include "provisioning/provisioner.h"
#include "provisioning/termination.h"
#include "sim/event_loop.h"
#include "sim/kube.h"
#include "sim/sim_actuator.h"
#include "sim/sim_node_actuator.h"

namespace swell::sim {

struct KarpenterDriverOptions {
  provisioning::ProvisionerOptions provisioner;  // batch 1s/10s, requeue 10s
  provisioning::LifecycleOptions lifecycle;      // launch 5m, registration 15m
  provisioning::TerminationOptions termination;  // min drain 5s
  provisioning::GarbageCollectionOptions gc;     // 30s grace, 10s x20 then 2m
  Duration nomination_window = provisioning::kDefaultNominationWindow;  // Default: 20s
  // How often CheckInvariants lists the cloud's instances for orphans. Default: 30s
  Duration orphan_check_interval = Seconds(30);
};

// What the run's summary reports about nodes, and the invariants' tallies.
struct KarpenterCounters {
  int64_t nodeclaims_created = 0;
  int64_t nodes_registered = 0;  // Nodes created for instances
  int64_t peak_nodes = 0;        // most Node objects at once (static ones included)
  std::optional<TimePoint> first_nodeclaim;
  std::optional<TimePoint> first_node_ready;  // the first instance's Node turning Ready
  // Invariants, checked by CheckInvariants: seconds (checks) a NodePool's usage was above one
  // of its limits, and instances that stayed without a NodeClaim longer than the GC window.
  int64_t limit_violations = 0;
  int64_t orphan_violations = 0;
  std::optional<TimePoint> first_violation;
  std::string first_violation_message;
};

class KarpenterDriver {
 public:
  // `events` is the world's event log; the objects must outlive the driver. Takes KubeSim's
  // pod and node change hooks (PodsChanged, NodesChanged).
  KarpenterDriver(EventLoop& loop, state::ClusterState& cluster, KubeSim& kube, SimActuator& events,
                  cloud::CloudProvider& cloud, KarpenterDriverOptions options = {});

  // Starts the controllers at `start` (GC runs from then on).
  void Start(TimePoint start);

  // ---- the world's hooks ----------------------------------------------------------------------
  // Pods changed: the provisioner looks for pending pods.
  void PodsChanged();
  // Nodes changed (added, Ready, removed, written): every controller looks again.
  void NodesChanged();
  // An instance's kubelet registered: its Node is created with the NodeClaim's labels, its
  // capacity and allocatable, and the taints the kubelet registers with (the NodeClaim's taints
  // and startup taints plus karpenter.sh/unregistered:NoExecute; KubeSim adds not-ready).
  void InstanceRegistered(const api::NodeClaim& instance);
  // An instance stopped existing: its Node (if still there) goes NotReady and is deleted, as
  // the cloud node lifecycle controller does; termination then lets it go without a drain.
  void InstanceTerminated(const std::string& provider_id);

  // Checks the invariants at `now` (call it regularly, e.g. every few simulated seconds):
  // NodePool limits at each call, orphan instances every options.orphan_check_interval.
  void CheckInvariants(TimePoint now);

  const KarpenterCounters& counters() const { return counters_; }
  provisioning::Provisioner& provisioner() { return *provisioner_; }
  const provisioning::NodeClaimLifecycle& lifecycle() const { return *lifecycle_; }
  const provisioning::Termination& termination() const { return *termination_; }
  const provisioning::GarbageCollection& gc() const { return *gc_; }
  provisioning::ClusterMarks& marks() { return marks_; }

 private:
  // Runs a controller's reconcile at the times it asks for; Wake(t) brings the next run
  // forward to t (a later pending run is dropped).
  class Runner {
   public:
    Runner(EventLoop& loop, std::function<std::optional<TimePoint>(TimePoint)> fn)
        : loop_(loop), fn_(std::move(fn)) {}
    void Wake(TimePoint t);

   private:
    EventLoop& loop_;
    std::function<std::optional<TimePoint>(TimePoint)> fn_;
    std::optional<TimePoint> next_;
    uint64_t token_ = 0;
  };

  void NoteNodes();

  EventLoop& loop_;
  state::ClusterState& cluster_;
  KubeSim& kube_;
  cloud::CloudProvider& cloud_;
  KarpenterDriverOptions options_;
  provisioning::ClusterMarks marks_;
  SimNodeActuator actuator_;
  std::unique_ptr<provisioning::Provisioner> provisioner_;
  std::unique_ptr<provisioning::NodeClaimLifecycle> lifecycle_;
  std::unique_ptr<provisioning::Termination> termination_;
  std::unique_ptr<provisioning::GarbageCollection> gc_;
  std::unique_ptr<Runner> provisioner_run_, lifecycle_run_, termination_run_;
  std::map<std::string, TimePoint, std::less<>> orphan_since_;  // providerID -> first seen
  std::set<std::string, std::less<>> orphan_reported_;
  std::optional<TimePoint> last_orphan_check_;
  std::set<std::string, std::less<>> instance_nodes_;  // Nodes created for instances
  KarpenterCounters counters_;
};

}  // namespace swell::sim
