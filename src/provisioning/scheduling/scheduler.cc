// Port of karpenter core scheduling/scheduler.go (NewScheduler, Solve, trySchedule, add,
// buildDaemonOverheadGroups, calculateExistingNodeClaims), nodeclaimtemplate.go and
// Results.TruncateInstanceTypes (karpenter.md §2.2-§2.6).
#include "provisioning/scheduling/scheduler.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "api/karpenter/well_known.h"
#include "provisioning/nodepool_hash.h"
#include "provisioning/scheduling/context.h"
#include "provisioning/scheduling/existing_node.h"
#include "provisioning/scheduling/instance_filter.h"
#include "provisioning/scheduling/nodeclaim.h"
#include "provisioning/scheduling/preferences.h"
#include "provisioning/scheduling/queue.h"
#include "provisioning/scheduling/repack.h"

namespace swell::provisioning {

std::string_view FailureReasonName(FailureReason r) {
  switch (r) {
    case FailureReason::kTaint:
      return "Taint";
    case FailureReason::kRequirements:
      return "Requirements";
    case FailureReason::kTopology:
      return "Topology";
    case FailureReason::kInstanceTypes:
      return "InstanceTypes";
    case FailureReason::kMinValues:
      return "MinValues";
    case FailureReason::kNodeLimit:
      return "NodeLimit";
    case FailureReason::kResourceLimit:
      return "ResourceLimit";
    case FailureReason::kNoNodePool:
      return "NoNodePool";
  }
  return "";
}

namespace detail {

bool Context::Tolerates(PodState& p, uint32_t taint_class) {
  if (p.tolerates.size() <= taint_class) p.tolerates.resize(taints.size(), -1);
  int8_t& v = p.tolerates[taint_class];
  if (v < 0) v = FirstUntolerated(taints.Get(taint_class), p.tolerations) == nullptr ? 1 : 0;
  return v != 0;
}

ValueId Context::PendingHostname() {
  if (pending_hostname == kNone) {
    std::string n = std::to_string(next_hostname++);
    if (n.size() < 4) n.insert(0, 4 - n.size(), '0');
    pending_hostname = labels.Value("hostname-placeholder-" + n);
  }
  return pending_hostname;
}

namespace {

namespace k = api::karpenter;

const api::Quantity kOne = api::Quantity::FromInt(1);

bool IsDaemonSetPod(const api::Pod& p) {
  return std::any_of(p.metadata.owner_references.begin(), p.metadata.owner_references.end(),
                     [](const api::OwnerReference& o) { return o.kind == "DaemonSet"; });
}

bool IsTerminal(const api::Pod& p) {
  return p.status.phase == "Succeeded" || p.status.phase == "Failed";
}

bool SameTaint(const api::Taint& a, const api::Taint& b) {
  return a.key == b.key && a.value == b.value && a.effect == b.effect;
}

// Resource names of everything in the snapshot, so every dense vector has a slot for each.
void InternAllResources(Context& c, const Snapshot& s) {
  c.nodes_slot = c.resources.Slot("nodes");
  for (const PodState& p : c.pods) InternResources(p.requests_list, c.resources);
  for (const NodePoolInput& np : s.nodepools) {
    InternResources(np.nodepool->spec.limits, c.resources);
    if (np.usage) InternResources(*np.usage, c.resources);
    for (const cloud::InstanceType* it : np.instance_types) {
      InternResources(it->capacity, c.resources);
      InternResources(it->overhead.Total(), c.resources);
    }
  }
  for (const DaemonPod& d : c.daemons) InternResources(d.requests_list, c.resources);
  for (const ExistingNode& n : s.nodes) {
    InternResources(n.allocatable, c.resources);
    InternResources(n.capacity, c.resources);
  }
  c.nres = c.resources.size();
}

Status BuildInstanceTypes(Context& c, const Snapshot& s,
                          std::unordered_map<const cloud::InstanceType*, uint32_t>& index) {
  std::vector<const cloud::InstanceType*> all;
  for (const NodePoolInput& np : s.nodepools) {
    for (const cloud::InstanceType* it : np.instance_types) {
      if (it == nullptr)
        return InvalidArgument("NodePool " + np.nodepool->metadata.name + ": null instance type");
      if (index.emplace(it, static_cast<uint32_t>(all.size())).second) all.push_back(it);
    }
  }
  for (const cloud::InstanceType* it : all) {
    for (const auto& [key, value] : it->labels) {
      c.labels.Key(key);
      c.labels.Value(value);
    }
    for (const cloud::Offering& o : it->offerings) {
      ValueId z = c.labels.Value(o.zone), ct = c.labels.Value(o.capacity_type);
      if (c.space.ZoneIndex(z) == kNone) c.space.zones.push_back(z);
      if (c.space.CapacityTypeIndex(ct) == kNone) c.space.capacity_types.push_back(ct);
    }
  }
  if (c.space.zones.size() > kMaxZones || c.space.capacity_types.size() > kMaxCapacityTypes) {
    return InvalidArgument("offerings span " + std::to_string(c.space.zones.size()) +
                           " zones and " + std::to_string(c.space.capacity_types.size()) +
                           " capacity types; the simulation supports at most 16 and 4");
  }
  c.types.resize(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    InstanceTypeInfo& info = c.types[i];
    info.type = all[i];
    info.label_by_key.assign(c.labels.num_keys(), kNone);
    for (const auto& [key, value] : all[i]->labels) {
      info.label_by_key[c.labels.Key(key)] = c.labels.Value(value);
    }
    for (const cloud::Offering& o : all[i]->offerings) {
      uint32_t zi = c.space.ZoneIndex(c.labels.Value(o.zone));
      uint32_t ci = c.space.CapacityTypeIndex(c.labels.Value(o.capacity_type));
      uint64_t bit = OfferingSpace::Bit(zi, ci);
      info.offerings.push_back({&o, bit});
      info.zone_mask |= uint64_t{1} << zi;
      info.ct_mask |= uint32_t{1} << ci;
      if (o.available) info.available_mask |= bit;
    }
    info.allocatable = ToResVec(all[i]->Allocatable(), c.resources, c.nres);
    info.capacity = ToResVec(all[i]->capacity, c.resources, c.nres);
    info.capacity[c.nodes_slot] = 1;  // see Template::remaining
  }
  return Status::Ok();
}

void BuildDaemons(Context& c, const Snapshot& s) {
  for (const api::DaemonSet* ds : s.daemonsets) {
    DaemonPod d;
    d.ds = ds;
    const api::PodSpec& spec = ds->spec.template_.spec;
    d.requests_list = api::PodRequests(spec);
    d.requests_list["pods"] = kOne;
    d.tolerations = spec.tolerations;
    ReqSet selector = FromApi(api::Requirements::FromLabels(spec.node_selector), c.labels);
    const auto* na =
        spec.affinity && spec.affinity->node_affinity ? &*spec.affinity->node_affinity : nullptr;
    if (na != nullptr && na->required_during_scheduling_ignored_during_execution &&
        !na->required_during_scheduling_ignored_during_execution->node_selector_terms.empty()) {
      for (const auto& term :
           na->required_during_scheduling_ignored_during_execution->node_selector_terms) {
        ReqSet alt = selector;
        alt.Add(FromApi(api::Requirements::FromNodeSelectorRequirements(term.match_expressions),
                        c.labels),
                c.labels);
        d.strict_alternatives.push_back(std::move(alt));
      }
    } else {
      d.strict_alternatives.push_back(selector);
    }
    d.strict = d.strict_alternatives.front();
    c.daemons.push_back(std::move(d));
  }
}

// NewNodeClaimTemplate: the NodePool's requirements, template labels plus karpenter.sh/nodepool
// and the node-class label, and registered/initialized In [true] (for DaemonSet affinity).
void BuildTemplates(Context& c, const Snapshot& s,
                    const std::unordered_map<const cloud::InstanceType*, uint32_t>& index) {
  std::vector<const NodePoolInput*> pools;
  for (const NodePoolInput& np : s.nodepools) pools.push_back(&np);
  // OrderByWeight: weight descending, equal weights by name descending.
  std::sort(pools.begin(), pools.end(), [](const NodePoolInput* a, const NodePoolInput* b) {
    int32_t wa = a->nodepool->spec.weight.value_or(0), wb = b->nodepool->spec.weight.value_or(0);
    if (wa != wb) return wa > wb;
    return a->nodepool->metadata.name > b->nodepool->metadata.name;
  });
  for (const NodePoolInput* np : pools) {
    const api::NodePool& pool = *np->nodepool;
    Template t;
    t.input = np;
    t.name = pool.metadata.name;
    const auto& spec = pool.spec.template_.spec;
    t.labels = pool.spec.template_.metadata.labels;
    t.labels[std::string(k::kNodePoolLabelKey)] = t.name;
    if (!spec.node_class_ref.group.empty() && !spec.node_class_ref.kind.empty()) {
      t.labels[k::NodeClassLabelKey(spec.node_class_ref.group, spec.node_class_ref.kind)] =
          spec.node_class_ref.name;
    }
    t.reqs = FromApi(
        api::Requirements::FromNodeSelectorRequirementsWithMinValues(spec.requirements), c.labels);
    t.reqs.Add(FromApi(api::Requirements::FromLabels(t.labels), c.labels), c.labels);
    t.reqs.Add(Req::In(c.labels.registered, c.labels.Value("true")), c.labels);
    t.reqs.Add(Req::In(c.labels.initialized, c.labels.Value("true")), c.labels);
    t.taints = &spec.taints;
    t.taint_class = c.taints.Intern(spec.taints);
    for (const cloud::InstanceType* it : np->instance_types) t.all_types.push_back(index.at(it));
    // Limits: limits - usage (usage: the capacity of the pool's nodes plus nodes: 1 each).
    ResVec usage(c.nres, 0);
    if (np->usage) {
      usage = ToResVec(*np->usage, c.resources, c.nres);
    } else {
      for (const ExistingNode& n : s.nodes) {
        auto it = n.labels.find(k::kNodePoolLabelKey);
        if (it == n.labels.end() || it->second != t.name) continue;
        AddInto(usage, ToResVec(n.capacity, c.resources, c.nres));
        usage[c.nodes_slot] += 1;
      }
    }
    t.remaining.assign(c.nres, 0);
    for (const auto& [name, q] : pool.spec.limits) {
      uint32_t slot = c.resources.FindSlot(name);
      t.limit_slots.push_back(slot);
      t.remaining[slot] = Resources::Amount(slot, q) - usage[slot];
    }
    c.templates.push_back(std::move(t));
  }
}

// isDaemonPodCompatible: the template's taints are tolerated (with PreferNoSchedule tolerated),
// and for some required node-affinity term (tried in order) the template requirements are
// Compatible and the instance type's intersect.
bool DaemonCompatible(Context& c, const Template& t, const InstanceTypeInfo& it,
                      const DaemonPod& d) {
  std::vector<api::Toleration> tolerations = d.tolerations;
  api::Toleration pns;
  pns.op = "Exists";
  pns.effect = std::string(api::kEffectPreferNoSchedule);
  tolerations.push_back(pns);
  if (FirstUntolerated(*t.taints, tolerations) != nullptr) return false;
  for (const ReqSet& alt : d.strict_alternatives) {
    if (t.reqs.Compatible(alt, /*allow_well_known=*/true, c.labels) && TypeIntersects(c, it, alt)) {
      return true;
    }
  }
  return false;
}

// NewScheduler's pre-filter (instance types compatible with the NodePool, fitting an empty pod,
// with a compatible available offering, minValues) and buildDaemonOverheadGroups.
void PrepareTemplate(Context& c, Template& t) {
  uint64_t allowed =
      AllowedOfferings(c, t.reqs.Find(c.labels.zone), t.reqs.Find(c.labels.capacity_type));
  std::vector<uint32_t> kept;
  for (uint32_t ti : t.all_types) {
    const InstanceTypeInfo& it = c.types[ti];
    bool fits =
        std::all_of(it.allocatable.begin(), it.allocatable.end(), [](int64_t v) { return v >= 0; });
    if (TypeIntersects(c, it, t.reqs) && fits && (it.available_mask & allowed) != 0) {
      kept.push_back(ti);
    }
  }
  // Options are template-local; minValues is checked over them like a NodeClaim's.
  t.options.clear();
  for (uint32_t ti : kept) t.options.push_back({ti, 0, {}});
  if (t.reqs.HasMinValues() && !kept.empty()) {
    std::vector<uint32_t> all(kept.size());
    for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
    std::vector<KeyId> keys, failed;
    std::vector<int32_t> counts;
    for (const Req& r : t.reqs.reqs()) {
      if (r.min_values > 0) keys.push_back(r.key);
    }
    bool ok = SatisfiesMinValues(
        c, t, all, keys, [&](KeyId k) { return t.reqs.Find(k); }, failed, counts);
    if (!ok && !c.options->min_values_best_effort) t.options.clear();
  }
  // Daemon overhead groups, in order of first appearance.
  std::unordered_map<std::string, uint32_t> group_of;
  for (TemplateOption& opt : t.options) {
    const InstanceTypeInfo& it = c.types[opt.type];
    std::vector<uint32_t> daemons;
    std::string key;
    for (uint32_t d = 0; d < c.daemons.size(); ++d) {
      if (!DaemonCompatible(c, t, it, c.daemons[d])) continue;
      daemons.push_back(d);
      key += std::to_string(d) + ",";
    }
    auto [g, inserted] = group_of.emplace(key, static_cast<uint32_t>(t.groups.size()));
    if (inserted) {
      DaemonGroup group;
      group.daemons = daemons;
      group.overhead.assign(c.nres, 0);
      for (uint32_t d : daemons) {
        AddInto(group.overhead, ToResVec(c.daemons[d].requests_list, c.resources, c.nres));
        api::AddTo(group.overhead_list, c.daemons[d].requests_list);
      }
      t.groups.push_back(std::move(group));
    }
    opt.group = g->second;
    opt.effective = it.allocatable;
    for (size_t r = 0; r < c.nres; ++r) opt.effective[r] -= t.groups[opt.group].overhead[r];
  }
  t.usable = !t.options.empty();
}

void BuildNodes(Context& c, const Snapshot& s) {
  for (uint32_t i = 0; i < s.nodes.size(); ++i) {
    const ExistingNode& in = s.nodes[i];
    NodeState n;
    n.in = &in;
    n.input_index = i;
    auto host = in.labels.find(k::kLabelHostname);
    n.hostname = c.labels.Value(host != in.labels.end() ? host->second : in.name);
    n.label_reqs = FromApi(api::Requirements::FromLabels(in.labels), c.labels);
    n.reqs = n.label_reqs;
    n.reqs.Add(Req::In(c.labels.hostname, n.hostname), c.labels);
    for (const api::Taint& t : in.taints) {
      if (!in.initialized &&
          (provisioning::IsKnownEphemeralTaint(t) ||
           std::any_of(in.startup_taints.begin(), in.startup_taints.end(),
                       [&](const api::Taint& st) { return SameTaint(st, t); }))) {
        continue;
      }
      n.taints.push_back(t);
    }
    n.taint_class = c.taints.Intern(n.taints);
    // Available: allocatable minus the bound pods' requests.
    n.remaining = ToResVec(in.allocatable, c.resources, c.nres);
    api::ResourceList running_daemons;
    for (const api::Pod* p : in.pods) {
      if (IsTerminal(*p)) continue;
      api::ResourceList r = api::PodRequests(p->spec);
      r["pods"] = kOne;
      ResVec v = ToResVec(r, c.resources, c.nres);
      for (size_t j = 0; j < c.nres; ++j) n.remaining[j] -= v[j];
      if (IsDaemonSetPod(*p)) api::AddTo(running_daemons, r);
    }
    // Daemon overhead still to come: compatible DaemonSets minus the DaemonSet pods running,
    // clamped at zero.
    ResVec daemons(c.nres, 0);
    for (const DaemonPod& d : c.daemons) {
      if (FirstUntolerated(n.taints, d.tolerations) != nullptr) continue;
      if (!n.label_reqs.Compatible(d.strict, /*allow_well_known=*/false, c.labels)) continue;
      AddInto(daemons, ToResVec(d.requests_list, c.resources, c.nres));
    }
    ResVec running = ToResVec(running_daemons, c.resources, c.nres);
    for (size_t j = 0; j < c.nres; ++j)
      n.remaining[j] -= std::max<int64_t>(0, daemons[j] - running[j]);
    c.nodes.push_back(std::move(n));
  }
  // Initialized nodes first, then by name.
  std::stable_sort(c.nodes.begin(), c.nodes.end(), [](const NodeState& a, const NodeState& b) {
    if (a.in->initialized != b.in->initialized) return a.in->initialized;
    return a.in->name < b.in->name;
  });
}

void BuildPods(Context& c, const Snapshot& s) {
  c.pods.resize(s.pods.size());
  std::unordered_map<std::string, uint32_t> classes;
  for (uint32_t i = 0; i < s.pods.size(); ++i) {
    PodState& p = c.pods[i];
    InitPodState(p, *s.pods[i], i);
    p.requests_list = api::PodRequests(s.pods[i]->spec);
    p.requests_list["pods"] = kOne;
    std::string ns =
        s.pods[i]->metadata.namespace_.empty() ? "default" : s.pods[i]->metadata.namespace_;
    std::string key = ns + "\x1e";
    for (const auto& [lk, lv] : s.pods[i]->metadata.labels) key += lk + "=" + lv + "\x1f";
    auto [it, inserted] = classes.emplace(key, static_cast<uint32_t>(c.label_classes.size()));
    if (inserted) {
      LabelClass lc;
      lc.ns = ns;
      lc.labels = &s.pods[i]->metadata.labels;
      c.label_classes.push_back(std::move(lc));
    }
    p.label_class = it->second;
  }
}

// Results.TruncateInstanceTypes + NodeClaim.FinalizeScheduling + NodeClaimTemplate.ToNodeClaim.
void Finalize(Context& c, Results& out) {
  for (const Claim& claim : c.claims) {
    const Template& t = c.templates[claim.tmpl];
    ReqSet reqs = claim.reqs;
    reqs.Erase(c.labels.hostname);
    NewNodeClaim nc;
    nc.nodepool = t.name;
    // Smallest daemon overhead over the groups that still have an option (addDaemonRequests;
    // like upstream, an empty overhead is replaced by the next group's).
    api::ResourceList min_daemon;
    for (uint32_t g = 0; g < t.groups.size(); ++g) {
      bool has = std::any_of(claim.options.begin(), claim.options.end(),
                             [&](uint32_t o) { return t.options[o].group == g; });
      if (!has) continue;
      if (min_daemon.empty()) {
        min_daemon = t.groups[g].overhead_list;
        continue;
      }
      for (auto it = min_daemon.begin(); it != min_daemon.end();) {
        auto other = t.groups[g].overhead_list.find(it->first);
        if (other == t.groups[g].overhead_list.end()) {
          it = min_daemon.erase(it);
          continue;
        }
        if (other->second < it->second) it->second = other->second;
        ++it;
      }
    }
    for (uint32_t pi : claim.pods) api::AddTo(nc.requests, c.pods[pi].requests_list);
    api::AddTo(nc.requests, min_daemon);
    // OrderByPrice (cheapest compatible available offering; ties by name), then truncate.
    uint64_t allowed =
        AllowedOfferings(c, reqs.Find(c.labels.zone), reqs.Find(c.labels.capacity_type));
    std::vector<std::pair<double, uint32_t>> priced;
    for (uint32_t o : claim.options) {
      priced.emplace_back(CheapestPrice(c.types[t.options[o].type], allowed), o);
    }
    std::sort(priced.begin(), priced.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return c.types[t.options[a.second].type].type->name <
             c.types[t.options[b.second].type].type->name;
    });
    std::vector<uint32_t> kept;
    for (const auto& [price, o] : priced) {
      if (kept.size() >= static_cast<size_t>(c.options->max_instance_types)) break;
      kept.push_back(o);
    }
    if (reqs.HasMinValues() && !c.options->min_values_best_effort) {
      std::vector<KeyId> keys, failed;
      std::vector<int32_t> counts;
      for (const Req& r : reqs.reqs()) {
        if (r.min_values > 0) keys.push_back(r.key);
      }
      if (!SatisfiesMinValues(
              c, t, kept, keys, [&](KeyId k) { return reqs.Find(k); }, failed, counts)) {
        std::string labels;
        for (KeyId key : failed) labels += (labels.empty() ? "" : " ") + c.labels.KeyName(key);
        for (uint32_t pi : claim.pods) {
          PodResult& r = out.pods[c.pods[pi].index];
          r.where = PodResult::Where::kUnschedulable;
          r.failures = {{t.name, FailureReason::kMinValues, false, false, false, ""}};
          r.error =
              "pod didn’t schedule because NodePool couldn’t meet minValues requirements, "
              "validating minValues, minValues requirement is not met for label(s) "
              "(label(s)=[" +
              labels + "]) (NodePool=" + t.name + ")";
          r.failures[0].message = r.error;
        }
        continue;
      }
    }
    // minValues relaxed (BestEffort) when a key's minValues went below the template's.
    for (const Req& r : t.reqs.reqs()) {
      const Req* now = reqs.Find(r.key);
      if (r.min_values > 0 && now != nullptr && now->min_values < r.min_values) {
        nc.min_values_relaxed = true;
      }
    }
    // Custom labels with a single resolvable value (resolveCustomLabelsFromRequirements).
    nc.labels = t.labels;
    for (const Req& r : reqs.reqs()) {
      if (c.labels.WellKnown(r.key) || r.key == c.labels.hostname || r.key == c.labels.registered ||
          r.key == c.labels.initialized) {
        continue;
      }
      std::string v = ToApi(r, c.labels).Any();
      if (!v.empty()) nc.labels[c.labels.KeyName(r.key)] = v;
    }
    reqs.Erase(c.labels.registered);
    reqs.Erase(c.labels.initialized);
    nc.requirements = ToApi(reqs, c.labels);
    std::vector<std::string> names, cts;
    for (uint32_t o : kept) {
      const InstanceTypeInfo& it = c.types[t.options[o].type];
      nc.instance_types.push_back(it.type);
      names.push_back(it.type->name);
      for (const OfferingInfo& of : it.offerings) {
        if (of.offering->available && (of.bit & allowed) != 0)
          cts.push_back(of.offering->capacity_type);
      }
    }
    const api::Requirement* it_req = nc.requirements.Find(k::kLabelInstanceTypeStable);
    std::optional<int32_t> it_min = it_req ? it_req->min_values() : std::nullopt;
    nc.requirements.Add(api::Requirement(k::kLabelInstanceTypeStable, api::kOpIn, names, it_min));
    std::sort(cts.begin(), cts.end());
    cts.erase(std::unique(cts.begin(), cts.end()), cts.end());
    if (!cts.empty())
      nc.requirements.Add(api::Requirement(k::kCapacityTypeLabelKey, api::kOpIn, cts));
    const auto& spec = t.input->nodepool->spec.template_.spec;
    nc.taints = spec.taints;
    nc.startup_taints = spec.startup_taints;
    auto index = out.new_node_claims.size();
    for (uint32_t pi : claim.pods) {
      nc.pods.push_back(c.pods[pi].index);
      PodResult& r = out.pods[c.pods[pi].index];
      r.where = PodResult::Where::kNewNodeClaim;
      r.index = index;
    }
    std::sort(nc.pods.begin(), nc.pods.end());
    out.new_node_claims.push_back(std::move(nc));
  }
}

Status Prepare(Context& c, const Snapshot& s) {
  for (const api::Pod* p : s.pods) {
    if (p == nullptr) return InvalidArgument("null pod in snapshot");
  }
  for (const NodePoolInput& np : s.nodepools) {
    if (np.nodepool == nullptr) return InvalidArgument("null NodePool in snapshot");
  }
  for (const api::DaemonSet* d : s.daemonsets) {
    if (d == nullptr) return InvalidArgument("null DaemonSet in snapshot");
  }
  for (const ExistingNode& n : s.nodes) {
    for (const api::Pod* p : n.pods) {
      if (p == nullptr) return InvalidArgument("node " + n.name + ": null pod");
    }
  }
  for (const std::string& key : c.options->extra_well_known_labels) c.labels.AddWellKnown(key);
  BuildPods(c, s);
  BuildDaemons(c, s);
  InternAllResources(c, s);
  for (PodState& p : c.pods) p.requests = ToResVec(p.requests_list, c.resources, c.nres);
  for (DaemonPod& d : c.daemons) d.requests = ToResVec(d.requests_list, c.resources, c.nres);
  std::unordered_map<const cloud::InstanceType*, uint32_t> index;
  SWELL_RETURN_IF_ERROR(BuildInstanceTypes(c, s, index));
  BuildTemplates(c, s, index);
  for (uint32_t i = 0; i < c.templates.size(); ++i) {
    Template& t = c.templates[i];
    PrepareTemplate(c, t);
    if (t.usable) c.usable.push_back(i);
    for (const api::Taint& taint : *t.taints) {
      if (taint.effect == api::kEffectPreferNoSchedule) c.tolerate_prefer_no_schedule = true;
    }
    ResVec max(c.nres, INT64_MIN);
    for (const TemplateOption& o : t.options) {
      for (size_t r = 0; r < c.nres; ++r) max[r] = std::max(max[r], o.effective[r]);
    }
    c.template_max_effective.push_back(std::move(max));
  }
  BuildNodes(c, s);
  for (PodState& p : c.pods) ComputeRequirements(p, c.labels, c.options->ignore_preferences);
  // NewTopology: the domain universe, existing pods' anti-affinities, then every pending pod.
  c.topology =
      std::make_unique<Topology>(c.labels, c.taints, s, *c.options, c.label_classes, c.nodes);
  c.topology->BuildUniverse(c.templates, c.types);
  for (const NodeState& n : c.nodes) {
    for (const api::Pod* p : n.in->pods) c.topology->AddExistingAntiAffinity(*p, n);
  }
  for (PodState& p : c.pods) {
    c.topology->Update(p);
    p.original_owned = p.owned;
    p.original_owned_self = p.owned_self;
  }
  // NewExistingNode registers each node's hostname.
  for (NodeState& n : c.nodes) {
    c.topology->RegisterHostname(n.hostname);
    n.host_domain = c.topology->hostnames().Index(n.hostname);
  }
  return Status::Ok();
}

// Scheduler.add: existing nodes, then this run's NodeClaims, then a new NodeClaim.
bool Add(Context& c, PodState& p, Results& out) {
  PodResult& r = out.pods[p.index];
  if (int32_t n = AddToExisting(c, p); n >= 0) {
    r.where = PodResult::Where::kExistingNode;
    r.index = c.nodes[static_cast<size_t>(n)].input_index;
    return true;
  }
  if (AddToInflight(c, p) >= 0) return true;
  return AddToNew(c, p, nullptr);
}

void RestoreOriginal(Context& c, PodState& p) {
  ResetRelaxation(p);
  ComputeRequirements(p, c.labels, c.options->ignore_preferences);
  p.owned = p.original_owned;
  p.owned_self = p.original_owned_self;
}

}  // namespace
}  // namespace detail

// KnownEphemeralTaints and KnownEphemeralTaintKeyPrefixes (core pkg/scheduling/taints.go).
bool IsKnownEphemeralTaint(const api::Taint& t) {
  if (t.key == "node.kubernetes.io/not-ready" &&
      (t.effect == api::kEffectNoSchedule || t.effect == api::kEffectNoExecute)) {
    return true;
  }
  if (t.key == "node.kubernetes.io/unreachable" && t.effect == api::kEffectNoSchedule) return true;
  if (t.key == "node.cloudprovider.kubernetes.io/uninitialized" && t.value == "true" &&
      t.effect == api::kEffectNoSchedule) {
    return true;
  }
  if (t.key == api::karpenter::kUnregisteredTaintKey && t.effect == api::kEffectNoExecute)
    return true;
  return t.key.starts_with("readiness.k8s.io/");
}

StatusOr<Results> Solve(const Snapshot& snapshot, const Options& options) {
  detail::Context c;
  c.snapshot = &snapshot;
  c.options = &options;
  SWELL_RETURN_IF_ERROR(detail::Prepare(c, snapshot));
  Results out;
  out.pods.resize(snapshot.pods.size());
  out.existing_node_pods.resize(snapshot.nodes.size());
  detail::PodQueue queue(detail::OrderPods(c.pods), c.pods.size());
  uint32_t pi = 0;
  while (queue.Pop(&pi)) {
    detail::PodState& p = c.pods[pi];
    ++out.attempts;
    // trySchedule: relax all the way until the pod fits or nothing is left to relax.
    bool placed = false;
    for (;;) {
      if (detail::Add(c, p, out)) {
        placed = true;
        break;
      }
      if (!detail::Relax(p, c.tolerate_prefer_no_schedule)) break;
      c.topology->Update(p);
      detail::ComputeRequirements(p, c.labels, options.ignore_preferences);
    }
    PodResult& r = out.pods[p.index];
    if (placed) {
      r.failures.clear();
      r.error.clear();
      continue;
    }
    // The error of the last (fully relaxed) attempt, described; then requeue the pod as written.
    r.where = PodResult::Where::kUnschedulable;
    r.failures.clear();
    detail::AddToNew(c, p, &r.failures);
    r.error.clear();
    for (const NodePoolFailure& f : r.failures) {
      if (!r.error.empty()) r.error += "; ";
      r.error += f.message;
    }
    detail::RestoreOriginal(c, p);
    queue.Push(pi);
  }
  for (const detail::NodeState& n : c.nodes) {
    for (uint32_t p : n.pods) out.existing_node_pods[n.input_index].push_back(c.pods[p].index);
    std::sort(out.existing_node_pods[n.input_index].begin(),
              out.existing_node_pods[n.input_index].end());
  }
  if (options.cost_aware_packing) detail::RepackForCost(c);
  detail::Finalize(c, out);
  return out;
}

api::NodeClaim ToNodeClaim(const NewNodeClaim& claim, const api::NodePool& nodepool) {
  api::NodeClaim nc;
  nc.api_version = "karpenter.sh/v1";
  nc.kind = "NodeClaim";
  nc.metadata.generate_name = claim.nodepool + "-";
  nc.metadata.labels = claim.labels;
  // The template's annotations plus the NodePool hash drift is judged by (NewNodeClaimTemplate).
  nc.metadata.annotations = nodepool.spec.template_.metadata.annotations;
  StampNodePoolHash(nodepool, nc);
  if (claim.min_values_relaxed) {
    nc.metadata.annotations[std::string(api::karpenter::kNodeClaimMinValuesRelaxedAnnotationKey)] =
        "true";
  }
  const auto& spec = nodepool.spec.template_.spec;
  nc.spec.taints = claim.taints;
  nc.spec.startup_taints = claim.startup_taints;
  nc.spec.requirements = claim.requirements.ToNodeSelectorRequirements();
  nc.spec.resources.requests = claim.requests;
  nc.spec.node_class_ref = spec.node_class_ref;
  nc.spec.termination_grace_period = spec.termination_grace_period;
  nc.spec.expire_after = spec.expire_after;
  return nc;
}

}  // namespace swell::provisioning
