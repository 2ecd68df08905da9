// Builds a trigger's ScalerConfig the way KEDA resolves it (keda.md §1.5, §4.2): the resolved
// environment of the scale target's container (env and envFrom, with Secret and ConfigMap
// references), and the TriggerAuthentication's parameters (env -> configMapTargetRef ->
// secretTargetRef, later wins). Resolved values are secrets: errors name objects and keys only.
#pragma once

#include <string>

#include "api/object.h"
#include "scalers/scaler.h"
#include "state/cluster_state.h"

namespace swell::scaling {

// The environment of `container` ("" = the first container) in `pod_spec`, resolved against
// Secrets and ConfigMaps in `ns`. Missing optional references are skipped; a missing required
// one is NotFound naming the object and key.
StatusOr<api::StringMap> ResolveEnv(const state::ClusterState& cluster, const std::string& ns,
                                    const api::PodSpec& pod_spec, const std::string& container);

// The ScalerConfig of trigger `index` of a ScaledObject/ScaledJob in namespace `ns`.
// `pod_spec` is the scale target's pod template (nullptr if unknown: env stays empty).
StatusOr<scalers::ScalerConfig> BuildScalerConfig(
    const state::ClusterState& cluster, const std::string& ns, const std::string& owner_name,
    const api::ScaleTriggers& trigger, int index, const api::PodSpec* pod_spec,
    const std::string& env_container, bool for_scaled_job, bool uses_modifiers);

}  // namespace swell::scaling
