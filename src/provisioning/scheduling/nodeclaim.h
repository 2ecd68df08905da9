// NodeClaims planned in this run: adding a pod to one in flight, or opening a new one from a
// NodePool template (nodeclaim.go CanAdd/Add, scheduler.go addToInflightNode and
// addToNewNodeClaim; karpenter.md §2.3).
#pragma once

#include <vector>

#include "provisioning/scheduling/context.h"

namespace swell::provisioning::detail {

enum class AddResult : uint8_t {
  kOk,
  kTaint,
  kResources,  // quick reject: the requests exceed every option's allocatable
  kRequirements,
  kTopology,
  kInstanceTypes,
  kMinValues,
};

// NodeClaim.CanAdd: the NodeClaim's taints are tolerated (startup taints are not considered),
// its requirements are Compatible with the pod's (well-known keys may be undefined), topology
// narrows them, and some instance-type option survives the filter (instance_filter.h) with the
// NodeClaim's requests plus the pod's. On kOk the scratch holds the new requirements and
// options for ClaimAdd. With `detailed`, cheap rejects are skipped and every option is
// evaluated so the InstanceTypeFilterError flags are complete (for messages).
AddResult ClaimCanAdd(Context& c, const Claim& claim, PodState& pod, bool detailed);
// NodeClaim.Add after a kOk ClaimCanAdd of the same claim and pod: requirements narrowed,
// options shrunk, requests summed, the hostname registered and the pod recorded in topology.
void ClaimAdd(Context& c, Claim& claim, PodState& pod);
// addToInflightNode: the claims of this run, fewest pods first (ties: created first; upstream
// re-sorts with an unstable sort); the first that can take the pod does. Returns its index in
// Context::claims, or -1 when none can.
int32_t AddToInflight(Context& c, PodState& pod);
// addToNewNodeClaim: one candidate per NodePool in weight order; a NodePool whose nodes limit
// is used up or whose every instance type would exceed a limit is skipped; the first that can
// take the pod opens a new NodeClaim, and the NodePool's remaining limits lose the largest
// capacity among its options. When it fails and `failures` is set, one entry per NodePool
// tells why, in Karpenter's words.
bool AddToNew(Context& c, PodState& pod, std::vector<NodePoolFailure>* failures);

}  // namespace swell::provisioning::detail
