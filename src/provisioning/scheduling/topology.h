// Topology spread and pod (anti-)affinity for the simulation (topology.go, topologygroup.go,
// topologydomaingroup.go, topologynodefilter.go; karpenter.md §2.6): per-domain pod counts for
// each distinct constraint, shared by every pod that carries it, and the domain a pod may take
// on a given node or NodeClaim.
//
// Deterministic where upstream iterates Go maps: among equally good domains the one whose value
// sorts first (byte order) is chosen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/core/meta.h"
#include "provisioning/scheduling/model.h"

namespace swell::provisioning::detail {

enum class TopologyType : uint8_t { kSpread, kAffinity, kAntiAffinity };

// TopologyNodeFilter: whether a node takes part in a spread's counts. Affinity groups use the
// zero filter, which matches everything.
struct NodeFilter {
  bool honor_affinity = false;       // nodeAffinityPolicy Honor (spread default)
  bool honor_taints = false;         // nodeTaintsPolicy Honor (spread default: Ignore)
  bool ignore_taints = false;        // nodeTaintsPolicy Ignore (for ForEachDomain)
  std::vector<ReqSet> alternatives;  // node selector + each required term (ORed)
  std::vector<api::Toleration> tolerations;
  // Matches(taints, requirements): requirements Compatible (strictly) with some alternative,
  // and the tolerations tolerate the taints, each only when honored.
  bool Matches(const std::vector<api::Taint>& taints, const ReqSet& reqs,
               const Labels& labels) const;
};

// A per-key table of domain values with dense indices (shared by every group on that key).
struct DomainTable {
  std::unordered_map<ValueId, uint32_t> index;
  std::vector<ValueId> values;
  uint32_t Index(ValueId v);
  uint32_t Find(ValueId v) const;
};

struct TopologyGroup {
  TopologyType type = TopologyType::kSpread;
  KeyId key = 0;
  bool inverse = false;
  std::vector<std::string> namespaces;  // sorted, unique
  std::optional<api::LabelSelector> selector;
  int32_t max_skew = 0;
  std::optional<int32_t> min_domains;
  NodeFilter filter;
  // domains: registered (present) ones, with their counts.
  std::vector<int32_t> counts;
  std::vector<uint8_t> present;
  std::vector<uint32_t> present_list;
  std::vector<uint32_t> nonzero;  // present domains with a count > 0

  int32_t Count(uint32_t d) const { return d < counts.size() ? counts[d] : 0; }
  bool Present(uint32_t d) const { return d < present.size() && present[d] != 0; }
  void Register(uint32_t d);
  void Record(uint32_t d);
};

// Scratch space reused across calls so the hot loop does not allocate.
struct TopologyScratch {
  std::vector<Req> reqs;  // per-key topology requirements (first n used)
  size_t n = 0;
  Req domains;  // one group's answer
  Req exists;
  int32_t failed_group = -1;
  bool failed_compatible = false;
};

// A read-only view of node requirements with a few keys overridden.
struct ReqView {
  const ReqSet* base = nullptr;
  const Req* overrides = nullptr;
  size_t num_overrides = 0;
  const Req* Get(KeyId k) const {
    for (size_t i = 0; i < num_overrides; ++i) {
      if (overrides[i].key == k) return &overrides[i];
    }
    return base->Find(k);
  }
};

class Topology {
 public:
  Topology(Labels& labels, TaintClasses& taints, const Snapshot& snapshot, const Options& options,
           std::vector<LabelClass>& label_classes, const std::vector<NodeState>& nodes);

  // buildDomainGroups: the universe of domains per key, from every NodePool's requirements and
  // labels intersected with each of its instance types' requirements, plus In values of the
  // NodePool requirements; each domain remembers the taints of the pools that offer it.
  void BuildUniverse(const std::vector<Template>& templates,
                     const std::vector<InstanceTypeInfo>& types);
  // updateInverseAffinities for a pod bound to `node` (existing pods with required
  // anti-affinity block their domains for pods they select).
  void AddExistingAntiAffinity(const api::Pod& pod, const NodeState& node);
  // Topology.Update: the groups `pod` owns in its current relaxation (created and counted on
  // first use); for a pod with anti-affinity, its inverse groups.
  void Update(PodState& pod);
  // Topology.Register(hostname, value) for every group keyed on kubernetes.io/hostname.
  void RegisterHostname(ValueId host);
  // AddRequirements: the domains each owned group and each inverse group selecting the pod
  // allows on a node with `node` requirements, intersected per key into scratch.reqs; false
  // (with scratch.failed_group set) when a group allows none, or when the result is not
  // Compatible with `node` (allow_well_known as for NodeClaims).
  bool AddRequirements(const PodState& pod, const ReqSet& pod_strict, const ReqView& node,
                       bool allow_well_known, TopologyScratch& scratch);
  // Topology.Record: counts `pod` in every group that selects it and whose filter matches the
  // node (taints, final requirements); records the inverse groups it owns.
  void Record(const PodState& pod, const std::vector<api::Taint>& taints, const ReqSet& reqs);
  // A cheap necessary condition for a node whose hostname domain is `host`: hostname-keyed
  // anti-affinity (own or inverse) and spread groups. False means AddRequirements would fail.
  bool HostnameAllows(const PodState& pod, uint32_t host);
  // True when where `pod` lands among nodes matters to some hostname-keyed group: it owns one
  // (spread, affinity or anti-affinity, as relaxed now or as written, or the inverse of its
  // anti-affinity) or one selects it (another pod's, or an existing pod's anti-affinity).
  bool HostnameBound(const PodState& pod);
  // The hostname domain table (claims and nodes keep their index).
  DomainTable& hostnames() { return Table(labels_.hostname); }
  // "unsatisfiable topology constraint for <type>, key=<key> ..." for scratch.failed_group.
  std::string FailureMessage(const PodState& pod, const TopologyScratch& scratch) const;
  const TopologyGroup& group(uint32_t g) const { return groups_[g]; }

 private:
  struct UniverseDomain {
    std::vector<uint32_t> taint_classes;  // empty list = offered without taints
    bool untainted = false;
  };
  DomainTable& Table(KeyId k);
  void SyncSelections(LabelClass& c);
  bool Selects(const TopologyGroup& g, const LabelClass& c) const;
  uint32_t FindOrCreate(TopologyGroup&& g, const std::vector<api::Toleration>& tolerations);
  void CountDomains(TopologyGroup& g);
  void InitDomains(TopologyGroup& g, const std::vector<api::Toleration>& tolerations);
  std::vector<std::string> Namespaces(const api::Pod& pod, const api::PodAffinityTerm& term) const;
  NodeFilter FilterFor(const PodState& pod, const api::TopologySpreadConstraint& tsc) const;
  void Get(const TopologyGroup& g, bool self, const Req& pod_domains, const Req& node_domains,
           Req& out) const;
  void NextSpread(const TopologyGroup& g, bool self, const Req& pod_domains,
                  const Req& node_domains, Req& out) const;
  void NextAffinity(const TopologyGroup& g, bool self, const Req& pod_domains,
                    const Req& node_domains, Req& out) const;
  void NextAntiAffinity(const TopologyGroup& g, const Req& pod_domains, const Req& node_domains,
                        Req& out) const;
  int32_t DomainMinCount(const TopologyGroup& g, const Req& pod_domains) const;
  bool Less(KeyId key, uint32_t a, uint32_t b) const;  // domain value order
  ValueId DomainValue(KeyId key, uint32_t d) const { return tables_[key].values[d]; }
  void RecordValue(TopologyGroup& g, ValueId v);

  Labels& labels_;
  TaintClasses& taints_;
  const Snapshot& snapshot_;
  const Options& options_;
  std::vector<LabelClass>& label_classes_;
  const std::vector<NodeState>& nodes_;
  std::vector<TopologyGroup> groups_;
  std::unordered_map<std::string, uint32_t> by_hash_;
  std::vector<uint32_t> hostname_groups_;
  std::vector<DomainTable> tables_;                                    // per KeyId
  std::vector<std::unordered_map<ValueId, UniverseDomain>> universe_;  // per KeyId
  std::unordered_map<std::string_view, uint8_t> excluded_uids_;
};

}  // namespace swell::provisioning::detail
