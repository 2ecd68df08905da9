// Pod predicates the Karpenter half shares (core pkg/utils/pod/scheduling.go; karpenter.md
// §2.1, §3.7): which pods are pending for provisioning, which move when their node goes, which
// a drain evicts and which it waits for.
#pragma once

#include <string>

#include "api/core/pod.h"
#include "util/time.h"

namespace swell::provisioning {

// "namespace/name".
std::string PodKey(const api::Pod& pod);

// Phase Succeeded or Failed.
bool IsTerminal(const api::Pod& pod);
// metadata.deletionTimestamp is set.
bool IsTerminating(const api::Pod& pod);
// Neither terminal nor terminating.
bool IsActive(const api::Pod& pod);
bool IsOwnedByDaemonSet(const api::Pod& pod);
bool IsOwnedByStatefulSet(const api::Pod& pod);
// A mirror (static) pod: owner kind Node.
bool IsOwnedByNode(const api::Pod& pod);

// PodScheduled=False with reason Unschedulable (set by kube-scheduler).
bool FailedToSchedule(const api::Pod& pod);
// IsProvisionable (§2.1): failed to schedule, not bound, not preempting (no
// status.nominatedNodeName), not a DaemonSet or mirror pod.
bool IsProvisionable(const api::Pod& pod);
// IsReschedulable (§2.2 step 3): active (or a terminating StatefulSet pod), not a DaemonSet or
// mirror pod. The pods of a deleting node that need room elsewhere.
bool IsReschedulable(const api::Pod& pod);

// The pod tolerates karpenter.sh/disrupted:NoSchedule (a drain leaves it alone).
bool ToleratesDisruptedTaint(const api::Pod& pod);
// Terminating for more than a minute past its deletionTimestamp (counted as gone by a drain).
bool IsStuckTerminating(const api::Pod& pod, TimePoint now);
// karpenter.sh/do-not-disrupt is "true", or a positive Go duration that has not elapsed since
// status.startTime (a pod without a start time stays protected). Any other value is ignored.
bool IsDoNotDisruptActive(const api::Pod& pod, TimePoint now);
// IsDrainable (§3.7): does not tolerate the disrupted taint, is not stuck terminating, is not a
// mirror pod. A drain waits for every drainable, non-terminal pod to go.
bool IsDrainable(const api::Pod& pod, TimePoint now);
// IsEvictable: active, does not tolerate the disrupted taint, not a mirror pod, no active
// do-not-disrupt. The drain evicts these.
bool IsEvictable(const api::Pod& pod, TimePoint now);
// priorityClassName system-cluster-critical or system-node-critical (drained last).
bool IsCritical(const api::Pod& pod);

}  // namespace swell::provisioning
