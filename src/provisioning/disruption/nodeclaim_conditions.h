// The NodeClaim conditions disruption reads, kept by Karpenter's nodeclaim controllers (core
// pkg/controllers/nodeclaim/podevents, nodeclaim/disruption consolidation.go and drift.go;
// karpenter.md §1.2, §3.2):
//   status.lastPodEventTime  set to now when a pod binds to the claim's node, goes terminal,
//                            starts terminating or disappears; events within 10 s of the last
//                            recorded one are dropped (dedupeTimeout);
//   Consolidatable           True once consolidateAfter has passed since lastPodEventTime (or,
//                            without one, since Initialized turned True); removed while the
//                            window runs, before initialization, or with consolidateAfter Never;
//   Drifted                  True with the first reason that applies: NodePoolDrifted (the
//                            karpenter.sh/nodepool-hash stamp differs from NodePoolHash of the
//                            pool, same hash version), RequirementsDrifted (the pool's
//                            requirements no longer admit the claim's labels),
//                            InstanceTypeNotFound (checked from 1 h after creation, then every
//                            30 min: the claim's instance type or a matching offering is gone),
//                            or CloudProvider::IsDrifted's reason; removed when none applies or
//                            the claim has not launched.
// Deleting NodeClaims and those without a NodePool are left alone; static pools get no
// Consolidatable.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "cloud/cloud_provider.h"
#include "provisioning/actuator.h"
#include "state/cluster_state.h"
#include "util/time.h"

namespace swell::provisioning::disruption {

inline constexpr std::string_view kDriftNodePool = "NodePoolDrifted";
inline constexpr std::string_view kDriftRequirements = "RequirementsDrifted";
inline constexpr std::string_view kDriftInstanceTypeNotFound = "InstanceTypeNotFound";

struct NodeClaimConditionStats {
  int64_t pod_events = 0;      // lastPodEventTime writes
  int64_t drifted = 0;         // Drifted turned True
  int64_t consolidatable = 0;  // Consolidatable turned True
};

class NodeClaimConditions {
 public:
  NodeClaimConditions(const state::ClusterState& cluster, cloud::CloudProvider& cloud,
                      Actuator& actuator)
      : cluster_(cluster), cloud_(cloud), actuator_(actuator) {}

  // Updates every NodeClaim's lastPodEventTime, Consolidatable and Drifted at `now`, writing
  // the claims that changed. Returns the next time a Consolidatable window closes, or nullopt.
  // Call it whenever pods change (pod events are noticed by comparing the pods on each node
  // with the previous call) and at least at every disruption pass.
  std::optional<TimePoint> Reconcile(TimePoint now);

  const NodeClaimConditionStats& stats() const { return stats_; }

 private:
  // One pod's part of a node's pod-event fingerprint.
  using Fingerprint = std::map<std::string, int, std::less<>>;  // pod uid/key -> state
  std::string DriftReason(const api::NodePool& np, const api::NodeClaim& claim, TimePoint now);

  const state::ClusterState& cluster_;
  cloud::CloudProvider& cloud_;
  Actuator& actuator_;
  std::map<std::string, Fingerprint, std::less<>> seen_;        // node name -> pods
  std::map<std::string, TimePoint, std::less<>> type_checked_;  // claim -> last good check
  NodeClaimConditionStats stats_;
};

}  // namespace swell::provisioning::disruption
