// Existing nodes and in-flight NodeClaims from earlier runs (existingnode.go;
// scheduler.go addToExistingNode; karpenter.md §2.3): fixed size, fixed labels.
#pragma once

#include "provisioning/scheduling/context.h"

namespace swell::provisioning::detail {

// ExistingNode.CanAdd then Add on the first node (initialized first, then by name) that
// tolerates the pod, has the requests left (allocatable minus bound pods minus DaemonSet pods
// still to come), whose labels are Compatible with the pod's requirements (strictly: every key
// the pod requires must be a label of the node) and whose topology allows it. Returns the node
// index in Context::nodes, or -1.
int32_t AddToExisting(Context& c, PodState& pod);

}  // namespace swell::provisioning::detail
