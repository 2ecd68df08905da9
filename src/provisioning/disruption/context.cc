#include "provisioning/disruption/context.h"

namespace swell::provisioning::disruption {

std::map<std::string, NodePoolEntry, std::less<>> BuildNodePoolMap(
    const state::ClusterState& cluster, cloud::CloudProvider& cloud) {
  std::map<std::string, NodePoolEntry, std::less<>> out;
  for (const auto& [key, np] : cluster.store<api::NodePool>()) {
    NodePoolEntry& e = out[np.metadata.name];
    e.nodepool = &np;
    StatusOr<cloud::InstanceTypes> types = cloud.GetInstanceTypes(np);
    if (!types.ok() || *types == nullptr) continue;
    e.types = *types;
    for (const cloud::InstanceType& t : *e.types) e.by_name.emplace(t.name, &t);
  }
  return out;
}

}  // namespace swell::provisioning::disruption
