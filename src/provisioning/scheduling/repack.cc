#include "provisioning/scheduling/repack.h"

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>

#include "provisioning/scheduling/cost_packing.h"
#include "provisioning/scheduling/instance_filter.h"

namespace swell::provisioning::detail {
namespace {

// Search nodes (cost_packing.h) for every group of one Solve together, so a snapshot with many
// small groups cannot multiply the exact searches.
constexpr int64_t kSearchNodesPerSolve = 1000000;

// Equal keys exactly when the claims share the NodePool and every requirement but the hostname.
std::string GroupKey(const Context& c, const Claim& claim) {
  std::string key = std::to_string(claim.tmpl);
  for (const Req& r : claim.reqs.reqs()) {
    if (r.key == c.labels.hostname) continue;
    key += "|" + std::to_string(r.key) + (r.complement ? "!" : "=");
    for (ValueId v : r.values) key += std::to_string(v) + ",";
    if (r.has_gte) key += ">" + std::to_string(r.gte);
    if (r.has_lte) key += "<" + std::to_string(r.lte);
    key += "#" + std::to_string(r.min_values);
  }
  return key;
}

// The group's instance-type options (every template option compatible with the requirements
// and with an allowed available offering) and their prices.
struct Menu {
  std::vector<uint32_t> options;  // Template::options indices
  std::vector<ResVec> capacities;
  std::vector<double> prices;
};

Menu BuildMenu(const Context& c, const Template& t, const ReqSet& reqs) {
  Menu m;
  uint64_t allowed =
      AllowedOfferings(c, reqs.Find(c.labels.zone), reqs.Find(c.labels.capacity_type));
  for (uint32_t o = 0; o < t.options.size(); ++o) {
    const InstanceTypeInfo& it = c.types[t.options[o].type];
    if ((it.available_mask & allowed) == 0 || !TypeIntersects(c, it, reqs)) continue;
    m.options.push_back(o);
    m.capacities.push_back(t.options[o].effective);
    m.prices.push_back(CheapestPrice(it, allowed) + c.options->node_overhead_per_hour);
  }
  return m;
}

// Per limit slot, the least capacity among the options that hold `load` (what a node of it
// needs from the NodePool's limits at the very least).
std::vector<int64_t> LeastCapacity(const Context& c, const Template& t, const Menu& menu,
                                   const ResVec& load) {
  std::vector<int64_t> out(t.limit_slots.size(), std::numeric_limits<int64_t>::max());
  for (uint32_t o : menu.options) {
    if (!AllLessEqual(load, t.options[o].effective)) continue;
    for (size_t i = 0; i < t.limit_slots.size(); ++i) {
      out[i] = std::min(out[i], c.types[t.options[o].type].capacity[t.limit_slots[i]]);
    }
  }
  return out;
}

// The options a node of `load` may launch as with at most `allowed` of each limited resource;
// `remaining` is then charged its largest option's capacity (as addToNewNodeClaim charges).
// Empty when none fits or minValues fails.
std::vector<uint32_t> NodeOptions(Context& c, const Template& t, const Menu& menu,
                                  const ReqSet& reqs, const ResVec& load,
                                  const std::vector<int64_t>& allowed,
                                  std::vector<int64_t>& remaining) {
  std::vector<uint32_t> out;
  for (uint32_t o : menu.options) {
    if (!AllLessEqual(load, t.options[o].effective)) continue;
    const ResVec& cap = c.types[t.options[o].type].capacity;
    bool within = true;
    for (size_t i = 0; i < t.limit_slots.size(); ++i) {
      within = within && cap[t.limit_slots[i]] <= allowed[i];
    }
    if (within) out.push_back(o);
  }
  if (out.empty()) return out;
  for (size_t i = 0; i < t.limit_slots.size(); ++i) {
    int64_t max = 0;
    for (uint32_t o : out) {
      max = std::max(max, c.types[t.options[o].type].capacity[t.limit_slots[i]]);
    }
    remaining[i] -= max;
  }
  if (reqs.HasMinValues()) {
    std::vector<KeyId> keys, failed;
    std::vector<int32_t> counts;
    for (const Req& r : reqs.reqs()) {
      if (r.min_values > 0) keys.push_back(r.key);
    }
    if (!SatisfiesMinValues(
            c, t, out, keys, [&](KeyId k) { return reqs.Find(k); }, failed, counts)) {
      out.clear();
    }
  }
  return out;
}

void SetPods(Context& c, Claim& claim, std::vector<uint32_t> pods, std::vector<uint32_t> options) {
  const Template& t = c.templates[claim.tmpl];
  claim.pods = std::move(pods);
  claim.options = std::move(options);
  claim.requests.assign(c.nres, 0);
  for (uint32_t pi : claim.pods) AddInto(claim.requests, c.pods[pi].requests);
  claim.max_effective.assign(c.nres, std::numeric_limits<int64_t>::min());
  for (uint32_t o : claim.options) {
    for (size_t r = 0; r < c.nres; ++r) {
      claim.max_effective[r] = std::max(claim.max_effective[r], t.options[o].effective[r]);
    }
  }
}

// Each node's options and what it takes from the NodePool's limits; false (nothing changed)
// when some node has no option left. The limits the group's claims took are given back, then
// nodes are charged largest first, each leaving enough for the least the later ones need.
bool AssignOptions(Context& c, Template& t, const Menu& menu, const ReqSet& reqs,
                   const std::vector<uint32_t>& ids, const PackPlan& plan,
                   std::vector<std::vector<uint32_t>>& options,
                   std::vector<std::vector<int64_t>>& charges) {
  size_t n = plan.bin_load.size(), slots = t.limit_slots.size();
  std::vector<int64_t> remaining(slots);
  for (size_t i = 0; i < slots; ++i) {
    remaining[i] = t.remaining[t.limit_slots[i]];
    for (uint32_t id : ids) remaining[i] += c.claims[id].limit_charge[i];
  }
  std::vector<size_t> order(n);
  for (size_t b = 0; b < n; ++b) order[b] = b;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return menu.prices[static_cast<size_t>(plan.bin_type[a])] >
           menu.prices[static_cast<size_t>(plan.bin_type[b])];
  });
  std::vector<std::vector<int64_t>> reserve(n + 1, std::vector<int64_t>(slots, 0));
  for (size_t k = n; k-- > 0;) {
    std::vector<int64_t> least = LeastCapacity(c, t, menu, plan.bin_load[order[k]]);
    for (size_t i = 0; i < slots; ++i) reserve[k][i] = reserve[k + 1][i] + least[i];
  }
  for (size_t k = 0; k < n; ++k) {
    size_t b = order[k];
    std::vector<int64_t> before = remaining, allowed(slots);
    for (size_t i = 0; i < slots; ++i) allowed[i] = remaining[i] - reserve[k + 1][i];
    options[b] = NodeOptions(c, t, menu, reqs, plan.bin_load[b], allowed, remaining);
    if (options[b].empty()) return false;
    charges[b].resize(slots);
    for (size_t i = 0; i < slots; ++i) charges[b][i] = before[i] - remaining[i];
  }
  for (size_t i = 0; i < slots; ++i) t.remaining[t.limit_slots[i]] = remaining[i];
  return true;
}

// Re-packs one group (claim ids ascending); returns the search nodes spent.
int64_t RepackGroup(Context& c, const std::vector<uint32_t>& ids,
                    const std::vector<uint8_t>& movable, int64_t nodes_left) {
  const uint32_t tmpl = c.claims[ids[0]].tmpl;
  ReqSet reqs = c.claims[ids[0]].reqs;
  reqs.Erase(c.labels.hostname);
  Menu menu = BuildMenu(c, c.templates[tmpl], reqs);
  NodePricer pricer(menu.capacities, menu.prices);
  PackProblem problem;
  std::vector<uint32_t> fixed_claims, free_claims, items;
  std::vector<std::vector<uint32_t>> pinned;
  double old_cost = 0;
  for (uint32_t id : ids) {
    const Claim& claim = c.claims[id];
    ResVec load(c.nres, 0);
    std::vector<uint32_t> stay;
    for (uint32_t pi : claim.pods) {
      if (movable[pi] != 0) {
        items.push_back(pi);
        problem.items.push_back(c.pods[pi].requests);
      } else {
        stay.push_back(pi);
        AddInto(load, c.pods[pi].requests);
      }
    }
    if (stay.empty()) {
      free_claims.push_back(id);
    } else {
      fixed_claims.push_back(id);
      problem.fixed.push_back(std::move(load));
      pinned.push_back(std::move(stay));
    }
    old_cost += pricer.Price(claim.requests);
  }
  if (items.empty() || old_cost == std::numeric_limits<double>::infinity()) return 0;
  PackBudget budget;
  budget.nodes_total = std::min(budget.nodes_total, nodes_left);
  PackPlan plan = PackForCost(pricer, problem, budget);
  if (!plan.ok || !(plan.cost < old_cost - 1e-9 * (1 + old_cost))) return plan.search_nodes;

  Template& t = c.templates[tmpl];
  std::vector<std::vector<uint32_t>> options(plan.bin_load.size());
  std::vector<std::vector<int64_t>> charges(plan.bin_load.size());
  if (!AssignOptions(c, t, menu, reqs, ids, plan, options, charges)) return plan.search_nodes;
  std::vector<std::vector<uint32_t>> bin_pods(plan.bin_load.size());
  for (size_t b = 0; b < pinned.size(); ++b) bin_pods[b] = pinned[b];
  for (size_t i = 0; i < items.size(); ++i) bin_pods[plan.item_bin[i]].push_back(items[i]);
  for (uint32_t id : free_claims) c.claims[id].pods.clear();
  for (size_t b = 0; b < bin_pods.size(); ++b) {
    uint32_t id;
    size_t nf = fixed_claims.size();
    if (b < nf) {
      id = fixed_claims[b];
    } else if (b - nf < free_claims.size()) {
      id = free_claims[b - nf];
    } else {
      Claim fresh;
      fresh.id = id = static_cast<uint32_t>(c.claims.size());
      fresh.tmpl = tmpl;
      fresh.reqs = reqs;
      fresh.hostname = c.PendingHostname();
      c.pending_hostname = kNone;
      fresh.reqs.Add(Req::In(c.labels.hostname, fresh.hostname), c.labels);
      c.claims.push_back(std::move(fresh));
    }
    SetPods(c, c.claims[id], std::move(bin_pods[b]), std::move(options[b]));
    c.claims[id].limit_charge = charges[b];
  }
  return plan.search_nodes;
}

}  // namespace

void RepackForCost(Context& c) {
  std::vector<uint8_t> movable(c.pods.size(), 0);
  std::unordered_map<std::string, uint32_t> index;
  std::vector<std::vector<uint32_t>> groups;
  std::vector<uint8_t> any_movable;
  for (uint32_t id = 0; id < c.claims.size(); ++id) {
    auto [it, inserted] = index.emplace(GroupKey(c, c.claims[id]), groups.size());
    if (inserted) {
      groups.emplace_back();
      any_movable.push_back(0);
    }
    groups[it->second].push_back(id);
    for (uint32_t pi : c.claims[id].pods) {
      movable[pi] = c.topology->HostnameBound(c.pods[pi]) ? 0 : 1;
      any_movable[it->second] |= movable[pi];
    }
  }
  int64_t nodes_left = kSearchNodesPerSolve;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (any_movable[g] != 0) nodes_left -= RepackGroup(c, groups[g], movable, nodes_left);
  }
  std::erase_if(c.claims, [](const Claim& claim) { return claim.pods.empty(); });
  for (uint32_t id = 0; id < c.claims.size(); ++id) c.claims[id].id = id;
  c.claim_order.clear();
}

}  // namespace swell::provisioning::detail
