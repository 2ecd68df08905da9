// Port of karpenter core scheduling/nodeclaim.go (CanAdd, Add, filterInstanceTypesByRequirements,
// InstanceTypeFilterError) and scheduler.go addToInflightNode / addToNewNodeClaim.
#include "provisioning/scheduling/nodeclaim.h"

#include <algorithm>

#include "provisioning/scheduling/instance_filter.h"

namespace swell::provisioning::detail {
namespace {

Req& NextDelta(Scratch& s) {
  if (s.delta.size() <= s.n_delta) s.delta.resize(s.n_delta + 1);
  return s.delta[s.n_delta++];
}

// Replaces (or appends) the delta entry for r.key with r.
void SetDelta(Scratch& s, const Req& r) {
  for (size_t i = 0; i < s.n_delta; ++i) {
    if (s.delta[i].key == r.key) {
      s.delta[i] = r;
      return;
    }
  }
  NextDelta(s) = r;
}

// Writes the scratch delta into `reqs`.
void ApplyDelta(const Scratch& s, ReqSet& reqs, const Labels& labels) {
  for (size_t i = 0; i < s.n_delta; ++i) {
    const Req& r = s.delta[i];
    if (Req* existing = reqs.FindMutable(r.key)) {
      *existing = r;
    } else {
      reqs.Add(r, labels);
    }
  }
}

// The instance-type filter over `claim.options` with the requirements `view` (claim + delta).
AddResult FilterOptions(Context& c, const Claim& claim, const Template& t, const PodState& pod,
                        const ReqView& view, bool detailed) {
  Scratch& s = c.scratch;
  s.changed.clear();
  for (size_t i = 0; i < s.n_delta; ++i) {
    const Req* base = claim.reqs.Find(s.delta[i].key);
    if (base == nullptr || !(*base == s.delta[i])) s.changed.push_back(static_cast<KeyId>(i));
  }
  uint64_t allowed = AllowedOfferings(c, view.Get(c.labels.zone), view.Get(c.labels.capacity_type));
  s.total.assign(claim.requests.begin(), claim.requests.end());
  AddInto(s.total, pod.requests);
  s.survivors.clear();
  s.requirements_met = s.fits = s.has_offering = false;
  s.requirements_and_fits = s.requirements_and_offering = s.fits_and_offering = false;
  for (uint32_t o : claim.options) {
    const TemplateOption& opt = t.options[o];
    const InstanceTypeInfo& it = c.types[opt.type];
    bool compat = true;
    for (KeyId i : s.changed) {
      if (!TypeIntersects(c, it, s.delta[i])) {
        compat = false;
        break;
      }
    }
    if (!detailed && !compat) continue;
    bool fits = AllLessEqual(s.total, opt.effective);
    if (!detailed && !fits) continue;
    bool offering = (it.available_mask & allowed) != 0;
    if (detailed) {
      s.requirements_met |= compat;
      s.fits |= fits;
      s.has_offering |= offering;
      s.requirements_and_fits |= compat && fits && !offering;
      s.requirements_and_offering |= compat && offering && !fits;
      s.fits_and_offering |= fits && offering && !compat;
    }
    if (compat && fits && offering) s.survivors.push_back(o);
  }
  if (s.survivors.empty()) return AddResult::kInstanceTypes;

  // minValues (karpenter.md §2.5): over the survivors, whatever their order.
  bool any_min = claim.reqs.HasMinValues();
  for (size_t i = 0; !any_min && i < s.n_delta; ++i) any_min = s.delta[i].min_values > 0;
  if (!any_min) return AddResult::kOk;
  std::vector<KeyId> keys;
  for (const Req& r : claim.reqs.reqs()) {
    if (r.min_values > 0 || view.Get(r.key)->min_values > 0) keys.push_back(r.key);
  }
  for (size_t i = 0; i < s.n_delta; ++i) {
    if (s.delta[i].min_values > 0 && claim.reqs.Find(s.delta[i].key) == nullptr) {
      keys.push_back(s.delta[i].key);
    }
  }
  std::vector<int32_t> counts;
  if (SatisfiesMinValues(
          c, t, s.survivors, keys, [&](KeyId k) { return view.Get(k); }, s.min_values_failed,
          counts)) {
    return AddResult::kOk;
  }
  if (!c.options->min_values_best_effort) {
    s.survivors.clear();
    return AddResult::kMinValues;
  }
  // BestEffort: lower each unmet minValues to what the survivors reach.
  for (size_t i = 0; i < s.min_values_failed.size(); ++i) {
    Req r = *view.Get(s.min_values_failed[i]);
    r.min_values = counts[i];
    SetDelta(s, r);
  }
  return AddResult::kOk;
}

void UpdateMaxEffective(Context& c, Claim& claim) {
  const Template& t = c.templates[claim.tmpl];
  claim.max_effective.assign(c.nres, INT64_MIN);
  for (uint32_t o : claim.options) {
    const ResVec& e = t.options[o].effective;
    for (size_t r = 0; r < c.nres; ++r)
      claim.max_effective[r] = std::max(claim.max_effective[r], e[r]);
  }
}

// Keeps claim_order sorted by (pod count, id) after `id` gained a pod or was appended.
void Reorder(Context& c, uint32_t id) {
  auto& order = c.claim_order;
  auto key = [&](uint32_t x) { return std::make_pair(c.claims[x].pods.size(), x); };
  auto pos = static_cast<size_t>(std::find(order.begin(), order.end(), id) - order.begin());
  while (pos + 1 < order.size() && key(order[pos + 1]) < key(id)) {
    order[pos] = order[pos + 1];
    order[++pos] = id;
  }
  while (pos > 0 && key(id) < key(order[pos - 1])) {
    order[pos] = order[pos - 1];
    order[--pos] = id;
  }
}

std::string ResourcesString(const api::ResourceList& r) {
  std::string s = "{";
  for (const auto& [name, q] : r) {
    if (s.size() > 1) s += ",";
    s += "\"" + name + "\":\"" + q.ToString() + "\"";
  }
  return s + "}";
}

// InstanceTypeFilterError.resourcesString: pod requests, plus the min and max daemon overhead.
std::string FilterResources(const Template& t, const PodState& pod) {
  bool any = false;
  api::ResourceList lo, hi;
  for (const DaemonGroup& g : t.groups) {
    if (g.overhead_list.empty()) continue;
    if (!any) {
      lo = hi = g.overhead_list;
      any = true;
      continue;
    }
    for (auto& [k, v] : lo) {
      auto it = g.overhead_list.find(k);
      if (it != g.overhead_list.end() && it->second < v) v = it->second;
    }
    hi = api::MaxPerResource(hi, g.overhead_list);
  }
  if (!any) return ResourcesString(pod.requests_list);
  api::ResourceList a = lo, b = hi;
  api::AddTo(a, pod.requests_list);
  api::AddTo(b, pod.requests_list);
  std::string sa = ResourcesString(a), sb = ResourcesString(b);
  return sa == sb ? sa : "min=" + sa + ", max=" + sb;
}

std::string TaintString(const api::Taint& t) {
  return t.value.empty() ? t.key + ":" + t.effect : t.key + "=" + t.value + ":" + t.effect;
}

// The error for one NodePool, as Karpenter words it.
NodePoolFailure Describe(Context& c, const Template& t, const Claim& proto, PodState& pod,
                         AddResult result) {
  Scratch& s = c.scratch;
  NodePoolFailure f;
  f.nodepool = t.name;
  ReqSet merged = proto.reqs;
  ApplyDelta(s, merged, c.labels);
  merged.Erase(c.labels.hostname);
  std::string reqs = ToApi(merged, c.labels).String();
  switch (result) {
    case AddResult::kTaint: {
      f.reason = FailureReason::kTaint;
      const api::Taint* u = FirstUntolerated(*t.taints, pod.tolerations);
      f.message = "did not tolerate taint (taint=" + (u ? TaintString(*u) : "") + ")";
      return f;
    }
    case AddResult::kRequirements: {
      f.reason = FailureReason::kRequirements;
      Status st = ToApi(proto.reqs, c.labels)
                      .Compatible(ToApi(pod.reqs, c.labels), api::karpenter::WellKnownLabels());
      f.message = "incompatible requirements, " + st.message();
      return f;
    }
    case AddResult::kTopology:
      f.reason = FailureReason::kTopology;
      f.message = s.topology.failed_compatible ? "incompatible topology requirements"
                                               : c.topology->FailureMessage(pod, s.topology);
      return f;
    case AddResult::kMinValues: {
      f.reason = FailureReason::kMinValues;
      std::string keys;
      for (KeyId k : s.min_values_failed) keys += (keys.empty() ? "" : " ") + c.labels.KeyName(k);
      f.message = "minValues requirement is not met for label(s) (label(s)=[" + keys +
                  "]), requirements=" + reqs + ", resources=" + FilterResources(t, pod);
      return f;
    }
    default:
      break;
  }
  f.reason = FailureReason::kInstanceTypes;
  f.requirements_met = s.requirements_met;
  f.fits = s.fits;
  f.has_offering = s.has_offering;
  std::string what;
  if (!s.requirements_met && !s.fits && !s.has_offering) {
    what =
        "no instance type met the scheduling requirements or had enough resources or had a "
        "required offering";
  } else if (!s.requirements_met && !s.fits) {
    what = "no instance type met the scheduling requirements or had enough resources";
  } else if (!s.requirements_met && !s.has_offering) {
    what = "no instance type met the scheduling requirements or had a required offering";
  } else if (!s.fits && !s.has_offering) {
    what = "no instance type had enough resources or had a required offering";
  } else if (!s.requirements_met) {
    what = "no instance type met all requirements";
  } else if (!s.fits) {
    what = "no instance type has enough resources";
  } else if (!s.has_offering) {
    what = "no instance type has the required offering";
  } else if (s.requirements_and_fits) {
    what =
        "no instance type which met the scheduling requirements and had enough resources, had "
        "a required offering";
  } else if (s.fits_and_offering) {
    what =
        "no instance type which had enough resources and the required offering met the "
        "scheduling requirements";
  } else if (s.requirements_and_offering) {
    what =
        "no instance type which met the scheduling requirements and the required offering had "
        "the required resources";
  } else {
    what = "no instance type met the requirements/resources/offering tuple";
  }
  f.message = what + ", requirements=" + reqs + ", resources=" + FilterResources(t, pod);
  if (!s.fits && pod.requests[Resources::kCpu] >= int64_t{1000000} * 1000) {
    f.message += " (CPU request >= 1 Million, m vs M typo?)";
  }
  return f;
}

}  // namespace

AddResult ClaimCanAdd(Context& c, const Claim& claim, PodState& pod, bool detailed) {
  Scratch& s = c.scratch;
  s.n_delta = 0;
  const Template& t = c.templates[claim.tmpl];
  if (!c.Tolerates(pod, t.taint_class)) return AddResult::kTaint;
  if (!detailed) {
    for (size_t r = 0; r < c.nres; ++r) {
      if (claim.requests[r] + pod.requests[r] > claim.max_effective[r])
        return AddResult::kResources;
    }
    if (claim.host_domain != kNone && !c.topology->HostnameAllows(pod, claim.host_domain)) {
      return AddResult::kTopology;
    }
  }
  if (!claim.reqs.Compatible(pod.reqs, /*allow_well_known=*/true, c.labels)) {
    return AddResult::kRequirements;
  }
  for (const Req& r : pod.reqs.reqs()) {
    const Req* base = claim.reqs.Find(r.key);
    Req& e = NextDelta(s);
    e = base ? *base : r;
    if (base) e.IntersectWith(r, c.labels);
  }
  ReqView view{&claim.reqs, s.delta.data(), s.n_delta};
  if (!c.topology->AddRequirements(pod, pod.strict, view, /*allow_well_known=*/true, s.topology)) {
    return AddResult::kTopology;
  }
  for (size_t i = 0; i < s.topology.n; ++i) SetDelta(s, s.topology.reqs[i]);
  view = ReqView{&claim.reqs, s.delta.data(), s.n_delta};
  return FilterOptions(c, claim, t, pod, view, detailed);
}

void ClaimAdd(Context& c, Claim& claim, PodState& pod) {
  Scratch& s = c.scratch;
  ApplyDelta(s, claim.reqs, c.labels);
  claim.options.swap(s.survivors);
  AddInto(claim.requests, pod.requests);
  UpdateMaxEffective(c, claim);
  claim.pods.push_back(static_cast<uint32_t>(&pod - c.pods.data()));
  c.topology->RegisterHostname(claim.hostname);
  c.topology->Record(pod, *c.templates[claim.tmpl].taints, claim.reqs);
}

int32_t AddToInflight(Context& c, PodState& pod) {
  for (uint32_t id : c.claim_order) {
    Claim& claim = c.claims[id];
    if (ClaimCanAdd(c, claim, pod, /*detailed=*/false) != AddResult::kOk) continue;
    ClaimAdd(c, claim, pod);
    Reorder(c, id);
    return static_cast<int32_t>(id);
  }
  return -1;
}

bool AddToNew(Context& c, PodState& pod, std::vector<NodePoolFailure>* failures) {
  if (c.usable.empty()) {
    if (failures != nullptr) {
      failures->push_back({"", FailureReason::kNoNodePool, false, false, false,
                           "nodepool requirements filtered out all available instance types"});
    }
    return false;
  }
  bool detailed = failures != nullptr;
  for (uint32_t ti : c.usable) {
    Template& t = c.templates[ti];
    auto fail = [&](FailureReason reason, const std::string& what) {
      if (failures != nullptr) {
        failures->push_back(
            {t.name, reason, false, false, false, what + " (NodePool=" + t.name + ")"});
      }
    };
    Claim proto;
    proto.tmpl = ti;
    if (!t.limit_slots.empty()) {
      if (std::find(t.limit_slots.begin(), t.limit_slots.end(), c.nodes_slot) !=
              t.limit_slots.end() &&
          t.remaining[c.nodes_slot] == 0) {
        fail(FailureReason::kNodeLimit, "node limits have been exhausted for nodepool");
        continue;
      }
      for (uint32_t o = 0; o < t.options.size(); ++o) {
        const ResVec& cap = c.types[t.options[o].type].capacity;
        bool ok = true;
        for (uint32_t slot : t.limit_slots) ok = ok && cap[slot] <= t.remaining[slot];
        if (ok) proto.options.push_back(o);
      }
      if (proto.options.empty()) {
        fail(FailureReason::kResourceLimit,
             "all available instance types exceed limits for nodepool");
        continue;
      }
    } else {
      proto.options.reserve(t.options.size());
      for (uint32_t o = 0; o < t.options.size(); ++o) proto.options.push_back(o);
    }
    proto.reqs = t.reqs;
    proto.hostname = c.PendingHostname();
    proto.host_domain = c.topology->hostnames().Index(proto.hostname);
    proto.reqs.Add(Req::In(c.labels.hostname, proto.hostname), c.labels);
    proto.requests.assign(c.nres, 0);
    proto.max_effective = c.template_max_effective[ti];
    AddResult result = ClaimCanAdd(c, proto, pod, detailed);
    if (result != AddResult::kOk) {
      if (failures != nullptr) failures->push_back(Describe(c, t, proto, pod, result));
      continue;
    }
    if (detailed) continue;  // describing only: never plan anything
    proto.id = static_cast<uint32_t>(c.claims.size());
    c.pending_hostname = kNone;
    ClaimAdd(c, proto, pod);
    // subtractMax: pessimistically assume the largest option launches.
    for (uint32_t slot : t.limit_slots) {
      int64_t max = 0;
      for (uint32_t o : proto.options)
        max = std::max(max, c.types[t.options[o].type].capacity[slot]);
      t.remaining[slot] -= max;
      proto.limit_charge.push_back(max);
    }
    c.claims.push_back(std::move(proto));
    c.claim_order.push_back(c.claims.back().id);
    Reorder(c, c.claims.back().id);
    return true;
  }
  return false;
}

}  // namespace swell::provisioning::detail
