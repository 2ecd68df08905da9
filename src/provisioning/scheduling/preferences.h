// Pod scheduling data and preference relaxation (scheduler.go updateCachedPodData,
// pkg/scheduling NewPodRequirements, preferences.go; karpenter.md §2.6).
#pragma once

#include "provisioning/scheduling/model.h"

namespace swell::provisioning::detail {

// Sets the relaxation-independent fields of `p`: preferred terms of each kind ordered heaviest
// first (a stable sort, where upstream's node-affinity sort is unstable), the original
// tolerations and an unrelaxed state.
void InitPodState(PodState& p, const api::Pod& pod, uint32_t index);

// NewPodRequirements / NewStrictPodRequirements for the current relaxation: node selector plus
// the first remaining required node-affinity term; `reqs` also takes the heaviest remaining
// preferred node-affinity term (not with `ignore_preferences`). `strict` differs only when a
// preferred term remains.
void ComputeRequirements(PodState& p, Labels& labels, bool ignore_preferences);

// Preferences.Relax: removes one preference, in Karpenter's order: (1) the first required
// node-affinity OR term when more than one remains, (2) the heaviest preferred pod-affinity
// term, (3) the heaviest preferred pod-anti-affinity term, (4) the heaviest preferred
// node-affinity term, (5) the first ScheduleAnyway spread (swapped with the last, as upstream
// removes it), (6) when `tolerate_prefer_no_schedule` (some NodePool has a PreferNoSchedule
// taint), a toleration {operator: Exists, effect: PreferNoSchedule} unless the pod has one.
// Returns false when nothing is left to relax.
bool Relax(PodState& p, bool tolerate_prefer_no_schedule);

// Back to the pod as written (the queue keeps the original pod, scheduler.go Solve).
void ResetRelaxation(PodState& p);

}  // namespace swell::provisioning::detail
