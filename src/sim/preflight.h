// Checks a scenario before it runs for workloads whose pods no NodePool can ever hold, so the
// summary says so plainly instead of leaving the pods Pending for the whole run.
#pragma once

#include <string>
#include <vector>

#include "cloud/cloud_provider.h"
#include "state/cluster_state.h"

namespace swell::sim {

// For each Deployment and StatefulSet, plans one of its pods (from the pod template) on the
// NodePools' instance types with Karpenter's scheduling simulation, as if the cluster were
// empty. For a pod nothing can hold, returns one finding naming the workload, each NodePool
// and why, e.g. "Deployment shop/api: its pods fit no NodePool; NodePool general: no instance
// type fits: they request cpu 200 cores, the largest type has 191.45 cores allocatable". Empty when
// every workload fits somewhere, or when there is no NodePool (static nodes only).
std::vector<std::string> UnplaceableWorkloads(const state::ClusterState& cluster,
                                              cloud::CloudProvider& cloud);

}  // namespace swell::sim
