// NodeClaim status conditions (core pkg/apis/v1/nodeclaim_status.go; karpenter.md §1.2) with
// operatorpkg's semantics: an absent condition counts as Unknown; setting a condition to its
// current status keeps lastTransitionTime; the root Ready is Launched ∧ Registered ∧ Initialized.
#pragma once

#include <string_view>
#include <vector>

#include "api/core/pod.h"
#include "util/time.h"

namespace swell::provisioning {

inline constexpr std::string_view kConditionLaunched = "Launched";
inline constexpr std::string_view kConditionRegistered = "Registered";
inline constexpr std::string_view kConditionInitialized = "Initialized";
inline constexpr std::string_view kConditionReady = "Ready";
inline constexpr std::string_view kConditionDrained = "Drained";
inline constexpr std::string_view kConditionVolumesDetached = "VolumesDetached";
inline constexpr std::string_view kConditionInstanceTerminating = "InstanceTerminating";
inline constexpr std::string_view kConditionConsolidatable = "Consolidatable";
inline constexpr std::string_view kConditionDrifted = "Drifted";
inline constexpr std::string_view kConditionDisruptionReason = "DisruptionReason";

// Sets condition `type` (adding it if absent). lastTransitionTime moves to `now` only when the
// status changes. Returns true if anything changed.
bool SetCondition(std::vector<api::Condition>& conditions, std::string_view type,
                  std::string_view status, std::string_view reason, std::string_view message,
                  TimePoint now);
// Removes condition `type`; true if it was there.
bool ClearCondition(std::vector<api::Condition>& conditions, std::string_view type);
bool IsConditionTrue(const std::vector<api::Condition>& conditions, std::string_view type);
// Absent or status Unknown.
bool IsConditionUnknown(const std::vector<api::Condition>& conditions, std::string_view type);
// Recomputes the root Ready condition from Launched, Registered and Initialized.
void UpdateReadyCondition(std::vector<api::Condition>& conditions, TimePoint now);

}  // namespace swell::provisioning
