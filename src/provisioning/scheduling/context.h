// Everything one Solve works on: the compact model of the snapshot, the topology, the NodeClaims
// planned so far and reusable scratch space. Owned by scheduler.cc; passed to the parts.
#pragma once

#include <memory>
#include <vector>

#include "provisioning/scheduling/model.h"
#include "provisioning/scheduling/topology.h"

namespace swell::provisioning::detail {

// Reusable buffers for one CanAdd at a time (the hot loop allocates nothing once they grew).
struct Scratch {
  std::vector<Req> delta;  // requirements that change: pod keys, then topology keys
  size_t n_delta = 0;
  TopologyScratch topology;
  std::vector<uint32_t> survivors;  // surviving Template::options indices
  std::vector<uint32_t> limited;    // a new NodeClaim's options within the NodePool limits
  ResVec total;
  std::vector<KeyId> changed;
  std::vector<ValueId> values;  // minValues counting
  // InstanceTypeFilterError flags of the last detailed filter.
  bool requirements_met = false, fits = false, has_offering = false;
  bool requirements_and_fits = false, requirements_and_offering = false;
  bool fits_and_offering = false;
  std::vector<KeyId> min_values_failed;
};

struct Context {
  const Snapshot* snapshot = nullptr;
  const Options* options = nullptr;
  Labels labels;
  Resources resources;
  size_t nres = 0;
  uint32_t nodes_slot = 0;  // the "nodes" pseudo-resource of NodePool limits
  TaintClasses taints;
  OfferingSpace space;
  std::vector<InstanceTypeInfo> types;
  std::vector<Template> templates;  // every NodePool, weight order
  std::vector<uint32_t> usable;     // templates with instance types left, weight order
  std::vector<ResVec> template_max_effective;
  std::vector<DaemonPod> daemons;
  std::vector<PodState> pods;
  std::vector<LabelClass> label_classes;
  std::vector<NodeState> nodes;  // initialized first, then by name
  std::unique_ptr<Topology> topology;
  std::vector<Claim> claims;
  std::vector<uint32_t> claim_order;  // claims by (pod count, id), the in-flight try order
  bool tolerate_prefer_no_schedule = false;
  ValueId pending_hostname = kNone;  // the placeholder the next NodeClaim gets
  uint32_t next_hostname = 1;
  Scratch scratch;

  // Taints(...).ToleratesPod with the pod's current tolerations, cached per taint class.
  bool Tolerates(PodState& p, uint32_t taint_class);
  // The hostname placeholder for the next NodeClaim ("hostname-placeholder-0001", ...).
  ValueId PendingHostname();
};

}  // namespace swell::provisioning::detail
