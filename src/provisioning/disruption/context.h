// What every disruption method reads during one reconcile (karpenter.md §3): the options, the
// cluster as Karpenter's state sees it (ClusterView over ClusterState plus ClusterMarks), the
// NodePools with their instance types, and where events go. Built once per reconcile by the
// DisruptionController; the pointers inside are valid only until the reconcile returns.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/cloud_provider.h"
#include "provisioning/cluster_view.h"
#include "provisioning/events.h"
#include "provisioning/scheduling/scheduler.h"
#include "state/cluster_state.h"
#include "util/clock.h"
#include "util/time.h"

namespace swell::provisioning::disruption {

struct DisruptionOptions {
  // How often the controller looks for work when there is none (§9). Default: 10s
  Duration poll_period = Seconds(10);
  // commandValidationDelay: a consolidation command is re-checked this long after it was
  // computed, and executed only if still valid (§9). Default: 15s
  Duration validation_delay = Seconds(15);
  // Multi-node consolidation: at most this many candidates in the binary search (§9).
  // Default: 100
  int32_t multi_node_max_candidates = 100;
  // Compute time allowed to multi- and single-node consolidation (§9), measured on
  // `work_clock`. Default: 1m and 3m
  Duration multi_node_timeout = Minutes(1);
  Duration single_node_timeout = Minutes(3);
  // The clock the timeouts are measured on: a steady clock in a real runtime. nullptr (the
  // simulator, where computing takes no virtual time) means no timeout. Default: nullptr
  const Clock* work_clock = nullptr;
  // A marked-consolidated cluster is re-examined after this long even if nothing changed
  // (cluster.ConsolidationState, §9). Default: 5m
  Duration consolidation_recheck = Minutes(5);
  // Feature gate SpotToSpotConsolidation: replace spot nodes with cheaper spot nodes
  // (otherwise spot nodes are only deleted). Default: false (upstream default)
  bool spot_to_spot_consolidation = false;
  // Single-node spot-to-spot needs this many cheaper spot instance types (§9). Default: 15
  int32_t spot_to_spot_min_types = 15;
  // The orchestration queue re-checks waiting commands this often. Default: 1s
  Duration queue_poll = Seconds(1);
  // Scheduling simulation policies (PREFERENCE_POLICY, MIN_VALUES_POLICY, MaxInstanceTypes).
  // Consolidation decides as Karpenter does (a command replaces candidates by at most one node),
  // so swell's cost-aware packing is off here. Default: Respect, Strict, 600, packing off
  Options scheduling = [] {
    Options o;
    o.cost_aware_packing = false;
    return o;
  }();
};

// A NodePool Karpenter manages, with its instance types (BuildNodePoolMap).
struct NodePoolEntry {
  const api::NodePool* nodepool = nullptr;
  cloud::InstanceTypes types;  // null or empty: the pool's nodes cannot be candidates
  std::map<std::string, const cloud::InstanceType*, std::less<>> by_name;
};

// The NodePools in name order. GetInstanceTypes errors leave the entry without types, as
// upstream logs and skips them.
std::map<std::string, NodePoolEntry, std::less<>> BuildNodePoolMap(
    const state::ClusterState& cluster, cloud::CloudProvider& cloud);

struct Context {
  const state::ClusterState& cluster;
  const ClusterView& view;
  ClusterMarks& marks;
  cloud::CloudProvider& cloud;
  EventRecorder& recorder;
  const DisruptionOptions& options;
  TimePoint now;
  const std::map<std::string, NodePoolEntry, std::less<>>& nodepools;
  // True while the orchestration queue holds a command for that providerID.
  std::function<bool(std::string_view provider_id)> in_queue;
  // The cluster's consolidation state (ClusterState::version()), for IsConsolidated.
  uint64_t cluster_version = 0;
};

}  // namespace swell::provisioning::disruption
