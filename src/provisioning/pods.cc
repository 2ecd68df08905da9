#include "provisioning/pods.h"

#include "api/core/scheduling.h"
#include "api/duration.h"
#include "api/karpenter/well_known.h"

namespace swell::provisioning {
namespace {

namespace kp = api::karpenter;

bool OwnedBy(const api::Pod& pod, std::string_view api_version, std::string_view kind) {
  for (const auto& o : pod.metadata.owner_references) {
    if (o.kind == kind && (o.api_version == api_version || o.api_version.empty())) return true;
  }
  return false;
}

}  // namespace

std::string PodKey(const api::Pod& pod) {
  return pod.metadata.namespace_ + "/" + pod.metadata.name;
}

bool IsTerminal(const api::Pod& pod) {
  return pod.status.phase == "Succeeded" || pod.status.phase == "Failed";
}

bool IsTerminating(const api::Pod& pod) { return pod.metadata.deletion_timestamp.has_value(); }

bool IsActive(const api::Pod& pod) { return !IsTerminal(pod) && !IsTerminating(pod); }

bool IsOwnedByDaemonSet(const api::Pod& pod) { return OwnedBy(pod, "apps/v1", "DaemonSet"); }
bool IsOwnedByStatefulSet(const api::Pod& pod) { return OwnedBy(pod, "apps/v1", "StatefulSet"); }
bool IsOwnedByNode(const api::Pod& pod) { return OwnedBy(pod, "v1", "Node"); }

bool FailedToSchedule(const api::Pod& pod) {
  for (const auto& c : pod.status.conditions) {
    if (c.type == "PodScheduled" && c.reason == "Unschedulable") return true;
  }
  return false;
}

bool IsProvisionable(const api::Pod& pod) {
  return FailedToSchedule(pod) && pod.spec.node_name.empty() &&
         pod.status.nominated_node_name.empty() && !IsOwnedByDaemonSet(pod) && !IsOwnedByNode(pod);
}

bool IsReschedulable(const api::Pod& pod) {
  return (IsActive(pod) || (IsOwnedByStatefulSet(pod) && IsTerminating(pod))) &&
         !IsOwnedByDaemonSet(pod) && !IsOwnedByNode(pod);
}

bool ToleratesDisruptedTaint(const api::Pod& pod) {
  api::Taint t{std::string(kp::kDisruptedTaintKey), "", std::string(api::kEffectNoSchedule), {}};
  return api::TolerationsTolerateTaints(pod.spec.tolerations, {t});
}

bool IsStuckTerminating(const api::Pod& pod, TimePoint now) {
  return IsTerminating(pod) && now - pod.metadata.deletion_timestamp->value > Minutes(1);
}

bool IsDoNotDisruptActive(const api::Pod& pod, TimePoint now) {
  auto it = pod.metadata.annotations.find(std::string(kp::kDoNotDisruptAnnotationKey));
  if (it == pod.metadata.annotations.end()) return false;
  if (it->second == "true") return true;
  StatusOr<Duration> d = api::ParseGoDuration(it->second);
  if (!d.ok() || *d <= Duration(0)) return false;  // invalid: as if absent
  if (!pod.status.start_time) return true;
  return now - pod.status.start_time->value < *d;
}

bool IsDrainable(const api::Pod& pod, TimePoint now) {
  return !ToleratesDisruptedTaint(pod) && !IsStuckTerminating(pod, now) && !IsOwnedByNode(pod);
}

bool IsEvictable(const api::Pod& pod, TimePoint now) {
  return IsActive(pod) && !ToleratesDisruptedTaint(pod) && !IsOwnedByNode(pod) &&
         !IsDoNotDisruptActive(pod, now);
}

bool IsCritical(const api::Pod& pod) {
  return pod.spec.priority_class_name == "system-cluster-critical" ||
         pod.spec.priority_class_name == "system-node-critical";
}

}  // namespace swell::provisioning
