// swell's cost-aware packing (Options::cost_aware_packing; not a Karpenter behaviour, see the
// README "Cost-aware packing"): after the queue loop and before finalization, the pods of this
// run's NodeClaims are re-packed across NodeClaims of the same NodePool with identical
// requirements when a cheaper set of nodes holds them.
#pragma once

#include "provisioning/scheduling/context.h"

namespace swell::provisioning::detail {

// Re-packs Context::claims. Claims are grouped by (NodePool, requirements without the hostname
// placeholder). In a group, a pod may move only when no hostname-keyed topology group
// concerns it (Topology::HostnameBound); every other pod stays on its claim. Since claims of a
// group have the same requirements, a moved pod keeps every zone/capacity-type/label domain it
// had, so no other topology count changes, and its node requirements, taints and affinity still
// hold. A group's new plan (cost_packing.h) replaces the old one only when it is cheaper at each
// node's cheapest compatible available offering, every node's options still satisfy minValues,
// and, when the NodePool has limits, each node can be charged its largest option as
// provisioning charges a new NodeClaim. Claims left without pods are removed; new claims are
// appended. Deterministic.
void RepackForCost(Context& c);

}  // namespace swell::provisioning::detail
