// KEDA's status conditions (keda.md §1.7) and the annotations that pause or force scaling
// (§1.6), shared by the ScaledObject and ScaledJob controllers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/keda/types.h"

namespace swell::scaling {

// Sets (or adds) condition `type`. Conditions keep KEDA's order: Ready, Active, Fallback, Paused.
void SetCondition(std::vector<api::KedaCondition>& conditions, const std::string& type,
                  const std::string& status, const std::string& reason, const std::string& message);
// The condition of `type`, or nullptr.
const api::KedaCondition* GetCondition(const std::vector<api::KedaCondition>& conditions,
                                       const std::string& type);
// KEDA's initial conditions: Ready/Active/Fallback Unknown, Paused False.
void InitConditions(std::vector<api::KedaCondition>& conditions);

// Go strconv.ParseBool; any other value of `paused` counts as true (keda.md §1.6).
bool AnnotationTrue(const api::ObjectMeta& m, std::string_view key);
// The paused-replicas annotation's value, if set and an integer.
std::optional<int32_t> PausedReplicas(const api::ObjectMeta& m);
// paused or paused-replicas set: the scale loop stops and the HPA is deleted.
bool IsPaused(const api::ObjectMeta& m);

}  // namespace swell::scaling
