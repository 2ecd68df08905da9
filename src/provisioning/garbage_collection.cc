#include "provisioning/garbage_collection.h"

#include <map>
#include <set>

#include "provisioning/conditions.h"

namespace swell::provisioning {
namespace {

bool NodeReady(const api::Node& n) {
  const api::Condition* c = api::FindCondition(n.status.conditions, "Ready");
  return c != nullptr && c->status == "True";
}

}  // namespace

GarbageCollection::GarbageCollection(const state::ClusterState& cluster,
                                     cloud::CloudProvider& cloud, Actuator& actuator,
                                     GarbageCollectionOptions options)
    : cluster_(cluster), cloud_(cloud), actuator_(actuator), options_(std::move(options)) {}

TimePoint GarbageCollection::Reconcile(TimePoint now) {
  const TimePoint next =
      now + (++runs_ <= options_.early_runs ? options_.early_interval : options_.interval);
  // List the instances before the NodeClaims, so an instance launched meanwhile is not taken
  // for an orphan.
  StatusOr<std::vector<api::NodeClaim>> instances = cloud_.List();
  if (!instances.ok()) return next;
  std::set<std::string, std::less<>> claimed;
  for (const auto& [key, claim] : cluster_.store<api::NodeClaim>()) {
    if (!claim.status.provider_id.empty()) claimed.insert(claim.status.provider_id);
  }
  std::map<std::string, const api::Node*, std::less<>> nodes;
  for (const auto& [key, node] : cluster_.store<api::Node>()) {
    if (!node.spec.provider_id.empty()) nodes.emplace(node.spec.provider_id, &node);
  }
  std::set<std::string, std::less<>> alive;
  std::vector<std::string> orphan_nodes;
  for (const api::NodeClaim& inst : *instances) {
    if (inst.metadata.deletion_timestamp) continue;
    alive.insert(inst.status.provider_id);
    if (claimed.count(inst.status.provider_id) > 0) continue;
    const bool young = inst.metadata.creation_timestamp &&
                       now - inst.metadata.creation_timestamp->value <= options_.instance_grace;
    if (young) continue;
    Status s = cloud_.Delete(inst);
    if (!s.ok() && !s.IsNotFound()) continue;
    stats_.instances_deleted++;
    auto n = nodes.find(inst.status.provider_id);
    if (n != nodes.end() && !n->second->metadata.deletion_timestamp) {
      orphan_nodes.push_back(n->second->metadata.name);
    }
  }
  for (const auto& name : orphan_nodes) (void)actuator_.DeleteNode(name);
  std::vector<std::string> gone;
  for (const auto& [key, claim] : cluster_.store<api::NodeClaim>()) {
    if (claim.metadata.deletion_timestamp || claim.status.provider_id.empty()) continue;
    if (!IsConditionTrue(claim.status.conditions, kConditionRegistered)) continue;
    if (alive.count(claim.status.provider_id) > 0) continue;
    auto n = nodes.find(claim.status.provider_id);
    if (n != nodes.end() && NodeReady(*n->second)) continue;  // the kubelet is still running
    gone.push_back(claim.metadata.name);
  }
  for (const auto& name : gone) {
    if (actuator_.DeleteNodeClaim(name).ok()) stats_.nodeclaims_deleted++;
  }
  return next;
}

}  // namespace swell::provisioning
