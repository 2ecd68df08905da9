#include "provisioning/conditions.h"

#include <algorithm>

namespace swell::provisioning {

bool SetCondition(std::vector<api::Condition>& conditions, std::string_view type,
                  std::string_view status, std::string_view reason, std::string_view message,
                  TimePoint now) {
  for (api::Condition& c : conditions) {
    if (c.type != type) continue;
    if (c.status == status && c.reason == reason && c.message == message) return false;
    if (c.status != status) c.last_transition_time = api::Time{now};
    c.status = status;
    c.reason = reason;
    c.message = message;
    return true;
  }
  api::Condition c;
  c.type = type;
  c.status = status;
  c.reason = reason;
  c.message = message;
  c.last_transition_time = api::Time{now};
  conditions.push_back(std::move(c));
  return true;
}

bool ClearCondition(std::vector<api::Condition>& conditions, std::string_view type) {
  return std::erase_if(conditions, [&](const api::Condition& c) { return c.type == type; }) > 0;
}

bool IsConditionTrue(const std::vector<api::Condition>& conditions, std::string_view type) {
  const api::Condition* c = api::FindCondition(conditions, type);
  return c != nullptr && c->status == "True";
}

bool IsConditionUnknown(const std::vector<api::Condition>& conditions, std::string_view type) {
  const api::Condition* c = api::FindCondition(conditions, type);
  return c == nullptr || c->status == "Unknown";
}

void UpdateReadyCondition(std::vector<api::Condition>& conditions, TimePoint now) {
  for (std::string_view dep : {kConditionLaunched, kConditionRegistered, kConditionInitialized}) {
    if (!IsConditionTrue(conditions, dep)) {
      const api::Condition* c = api::FindCondition(conditions, dep);
      const bool is_false = c != nullptr && c->status == "False";
      SetCondition(conditions, kConditionReady, is_false ? "False" : "Unknown",
                   c != nullptr && !c->reason.empty() ? c->reason : "AwaitingReconciliation",
                   c != nullptr ? c->message : "", now);
      return;
    }
  }
  SetCondition(conditions, kConditionReady, "True", "Ready", "", now);
}

}  // namespace swell::provisioning
