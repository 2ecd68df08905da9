// The simulation's internal state: compact, precomputed views of the snapshot (instance types,
// NodePool templates, pods, existing nodes, in-flight NodeClaims). Built once per Solve by
// scheduler.cc; the hot loop (nodeclaim.cc, existing_node.cc, topology.cc) only reads ids and
// dense vectors from here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/core/pod.h"
#include "api/core/scheduling.h"
#include "cloud/instance_types.h"
#include "provisioning/scheduling/interned.h"
#include "provisioning/scheduling/req_set.h"
#include "provisioning/scheduling/scheduler.h"

namespace swell::provisioning::detail {

// Up to 16 zones x 4 capacity types are tracked as bits of one word (offering masks).
inline constexpr uint32_t kMaxZones = 16;
inline constexpr uint32_t kMaxCapacityTypes = 4;

// The zones and capacity types that appear in any offering, each with a small index.
struct OfferingSpace {
  std::vector<ValueId> zones;           // index -> value
  std::vector<ValueId> capacity_types;  // index -> value
  uint32_t ZoneIndex(ValueId v) const;
  uint32_t CapacityTypeIndex(ValueId v) const;
  static uint64_t Bit(uint32_t zone, uint32_t ct) { return uint64_t{1} << (zone * 4 + ct); }
};

struct OfferingInfo {
  const cloud::Offering* offering;
  uint64_t bit;  // OfferingSpace::Bit
};

// An instance type as the filter sees it (cloudprovider.InstanceType with its requirements:
// labels, plus zone and capacity type In the values of its offerings).
struct InstanceTypeInfo {
  const cloud::InstanceType* type = nullptr;
  std::vector<ValueId> label_by_key;  // KeyId -> value, kNone when absent (ids past the end too)
  uint64_t zone_mask = 0;             // zones of any offering (bit per zone index)
  uint32_t ct_mask = 0;               // capacity types of any offering
  uint64_t available_mask = 0;        // OfferingSpace::Bit of every available offering
  std::vector<OfferingInfo> offerings;
  ResVec allocatable;  // capacity - overhead, memory clamped at 0 (karpenter.md §2.4)
  ResVec capacity;     // plus nodes: 1 (for NodePool limits)
  ValueId Label(KeyId k) const { return k < label_by_key.size() ? label_by_key[k] : kNone; }
};

// One instance-type option of a template: the type plus its daemon overhead group.
struct TemplateOption {
  uint32_t type;     // index into Context::types
  uint32_t group;    // index into Template::groups
  ResVec effective;  // allocatable - daemon overhead of the group
};

// Instance types grouped by the exact set of DaemonSet pods that would run on them
// (buildDaemonOverheadGroups, karpenter.md §2.4).
struct DaemonGroup {
  std::vector<uint32_t> daemons;  // indices into Context::daemons
  ResVec overhead;
  api::ResourceList overhead_list;  // exact sum, for NodeClaim requests
};

// A NodeClaimTemplate: one per ready NodePool, in weight order.
struct Template {
  const NodePoolInput* input = nullptr;
  std::vector<uint32_t> all_types;  // every instance type of the pool (Context::types)
  bool usable = false;              // some instance type survived the NodePool's requirements
  std::string name;
  ReqSet
      reqs;  // requirements + template labels + nodepool/nodeclass labels + registered/initialized
  const std::vector<api::Taint>* taints = nullptr;
  uint32_t taint_class = 0;
  api::StringMap labels;  // template labels + karpenter.sh/nodepool + node-class label
  std::vector<TemplateOption> options;
  std::vector<DaemonGroup> groups;
  std::vector<uint32_t> limit_slots;  // resources with a limit (incl. "nodes")
  ResVec remaining;                   // limits - usage, for limit_slots
};

// A DaemonSet's pod as the overhead computation sees it.
struct DaemonPod {
  const api::DaemonSet* ds = nullptr;
  api::ResourceList requests_list;
  ResVec requests;
  std::vector<api::Toleration> tolerations;  // plus Exists:PreferNoSchedule
  ReqSet strict;                             // node selector + first required term
  std::vector<ReqSet> strict_alternatives;   // one per required term (relaxation order)
};

// Pod labels + namespace, shared by pods with identical ones (selector results are cached per
// class).
struct LabelClass {
  std::string ns;
  const api::Labels* labels = nullptr;
  std::vector<uint32_t> selecting;  // topology groups (not inverse) selecting this class
  uint32_t groups_seen = 0;
  std::vector<uint32_t> selecting_inverse;
  uint32_t inverse_seen = 0;
};

// Where the relaxation of one pod stands (preferences.go; karpenter.md §2.6).
struct Relaxation {
  uint32_t required_term = 0;  // first remaining required node-affinity term
  uint32_t pod_affinity_dropped = 0;
  uint32_t pod_anti_affinity_dropped = 0;
  uint32_t node_affinity_dropped = 0;
  std::vector<uint32_t> spreads;  // remaining topologySpreadConstraints (indices, upstream order)
  bool tolerate_prefer_no_schedule = false;
  bool IsOriginal(size_t num_spreads) const {
    return required_term == 0 && pod_affinity_dropped == 0 && pod_anti_affinity_dropped == 0 &&
           node_affinity_dropped == 0 && !tolerate_prefer_no_schedule &&
           spreads.size() == num_spreads;
  }
};

struct PodState {
  const api::Pod* pod = nullptr;
  uint32_t index = 0;  // into Snapshot::pods
  api::ResourceList requests_list;
  ResVec requests;
  uint32_t label_class = 0;
  // Preferred terms, heaviest first (stable).
  std::vector<uint32_t> preferred_node_affinity, preferred_pod_affinity, preferred_anti_affinity;
  Relaxation relax;
  std::vector<api::Toleration> tolerations;  // current (relaxation may add one)
  std::vector<int8_t> tolerates;             // per taint class: -1 unknown, 0, 1
  ReqSet reqs;    // node selector + required term + heaviest preferred term
  ReqSet strict;  // node selector + required term
  bool has_preferred_node_affinity = false;
  std::vector<uint32_t> owned;           // topology groups owned in the current relaxation
  std::vector<uint8_t> owned_self;       // ... whether each selects the pod itself
  std::vector<uint32_t> original_owned;  // ... and with no relaxation
  std::vector<uint8_t> original_owned_self;
  std::vector<uint32_t> inverse_owned;  // inverse anti-affinity groups (required terms)
};

// A NodeClaim being planned in this run (nodeclaim.go NodeClaim).
struct Claim {
  uint32_t id = 0;
  uint32_t tmpl = 0;
  ReqSet reqs;
  std::vector<uint32_t> options;  // indices into Template::options
  ResVec requests;                // pods only; daemon overhead is per option
  ResVec max_effective;           // max over options of effective allocatable (quick reject)
  ValueId hostname = kNone;
  uint32_t host_domain = kNone;
  std::vector<uint32_t> pods;  // PodState indices
  // Per Template::limit_slots: what creating it took from the NodePool's remaining limits.
  std::vector<int64_t> limit_charge;
};

// An existing node or in-flight NodeClaim (existingnode.go ExistingNode).
struct NodeState {
  const ExistingNode* in = nullptr;
  uint32_t input_index = 0;
  ReqSet reqs;        // labels + hostname
  ReqSet label_reqs;  // labels only
  std::vector<api::Taint> taints;
  uint32_t taint_class = 0;
  ResVec remaining;
  ValueId hostname = kNone;
  uint32_t host_domain = kNone;
  std::vector<uint32_t> pods;
};

// Distinct taint lists, so toleration results can be cached per (pod, class).
class TaintClasses {
 public:
  uint32_t Intern(const std::vector<api::Taint>& taints);
  const std::vector<api::Taint>& Get(uint32_t c) const { return classes_[c]; }
  size_t size() const { return classes_.size(); }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::vector<api::Taint>> classes_;
};

// Taints(ts).Tolerates(tolerations) (core pkg/scheduling/taints.go): every taint, whatever its
// effect, must be tolerated (so PreferNoSchedule is hard until relaxation, karpenter.md §2.6).
// Returns the first untolerated taint, or nullptr.
const api::Taint* FirstUntolerated(const std::vector<api::Taint>& taints,
                                   const std::vector<api::Toleration>& tolerations);

}  // namespace swell::provisioning::detail
