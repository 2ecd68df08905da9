// Garbage collection between NodeClaims and instances, both directions:
//   - instances (CloudProvider::List) that no NodeClaim points at, launched more than 30 s ago,
//     are deleted, and their Node with them (AWS provider nodeclaim/garbagecollection);
//   - registered NodeClaims whose instance is gone and whose Node is not Ready are deleted
//     (core nodeclaim/garbagecollection), so their pods reschedule.
// It runs every 10 s for its first 20 runs, then every 2 minutes, as the AWS controller does.
#pragma once

#include <optional>

#include "cloud/cloud_provider.h"
#include "provisioning/actuator.h"
#include "state/cluster_state.h"

namespace swell::provisioning {

struct GarbageCollectionOptions {
  Duration instance_grace = Seconds(30);  // a younger instance may still be launching. Default: 30s
  Duration early_interval = Seconds(10);  // Default: 10s
  int32_t early_runs = 20;                // runs at early_interval. Default: 20
  Duration interval = Minutes(2);         // Default: 2m
};

struct GarbageCollectionStats {
  int64_t instances_deleted = 0;
  int64_t nodeclaims_deleted = 0;
};

class GarbageCollection {
 public:
  GarbageCollection(const state::ClusterState& cluster, cloud::CloudProvider& cloud,
                    Actuator& actuator, GarbageCollectionOptions options = {});

  // One run at `now`. Returns when the next run is due (always set).
  TimePoint Reconcile(TimePoint now);

  // The longest an instance without a NodeClaim can survive: grace plus the run interval (the
  // simulator's invariant).
  Duration Window() const { return options_.instance_grace + options_.interval; }
  const GarbageCollectionStats& stats() const { return stats_; }

 private:
  const state::ClusterState& cluster_;
  cloud::CloudProvider& cloud_;
  Actuator& actuator_;
  GarbageCollectionOptions options_;
  int64_t runs_ = 0;
  GarbageCollectionStats stats_;
};

}  // namespace swell::provisioning
