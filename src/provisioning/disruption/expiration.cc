#include "provisioning/disruption/expiration.h"

#include <algorithm>
#include <string>
#include <vector>

namespace swell::provisioning::disruption {

std::optional<TimePoint> ExpirationTime(const api::NodeClaim& claim) {
  if (!claim.metadata.creation_timestamp) return std::nullopt;
  const api::NillableDuration& e = claim.spec.expire_after;
  std::optional<Duration> after = e.raw.empty() ? std::optional<Duration>(Hours(720)) : e.value;
  if (!after) return std::nullopt;  // Never
  return claim.metadata.creation_timestamp->value + *after;
}

std::optional<TimePoint> Expiration::Reconcile(TimePoint now) {
  std::vector<std::string> expired;
  std::optional<TimePoint> next;
  for (const auto& [key, claim] : cluster_.store<api::NodeClaim>()) {
    if (claim.metadata.deletion_timestamp) continue;
    std::optional<TimePoint> at = ExpirationTime(claim);
    if (!at) continue;
    if (*at <= now) {
      expired.push_back(claim.metadata.name);
    } else {
      next = next ? std::min(*next, *at) : *at;
    }
  }
  // Deleting may erase a claim without finalizers from the store; collect first.
  for (const std::string& name : expired) {
    if (actuator_.DeleteNodeClaim(name).ok()) stats_.expired++;
  }
  return next;
}

}  // namespace swell::provisioning::disruption
