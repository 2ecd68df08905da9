// Reads a scale target (Deployment or StatefulSet) the way the HPA and KEDA read /scale:
// spec.replicas, status.replicas, the pods its selector matches and their readiness.
#pragma once

#include <vector>

#include "scaling/actuator.h"
#include "state/cluster_state.h"

namespace swell::scaling {

struct ScaleInfo {
  int32_t spec_replicas = 0;    // scale.spec.replicas
  int32_t status_replicas = 0;  // scale.status.replicas: pods not terminating
  int32_t ready_replicas = 0;   // Running and Ready pods
  const api::PodSpec* pod_template = nullptr;
  std::vector<const api::Pod*> pods;  // the target's pods, terminating ones included
};

// NotFound if the target does not exist; FailedPrecondition for a kind without /scale that
// swell knows (swell reads apps/v1 Deployment and StatefulSet).
StatusOr<ScaleInfo> ReadScale(const state::ClusterState& cluster, const ScaleTargetRef& ref);

// The ScaleTargetRef of a ScaledObject (defaults applied: apps/v1 Deployment).
ScaleTargetRef TargetOf(const api::ScaledObject& so);

}  // namespace swell::scaling
