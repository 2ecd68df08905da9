#include "provisioning/disruption/consolidation.h"

#include <algorithm>
#include <set>

#include "api/karpenter/well_known.h"
#include "provisioning/conditions.h"

namespace swell::provisioning::disruption {
namespace {

namespace kp = api::karpenter;
constexpr double kInf = std::numeric_limits<double>::infinity();

void Unconsolidatable(const Context& ctx, const std::vector<const Candidate*>& candidates,
                      const std::string& message) {
  // Only single-candidate decisions are reported (multi-node tries many prefixes).
  if (candidates.size() != 1) return;
  PublishOnNode(ctx, *candidates[0]->state, "Unconsolidatable", message, Minutes(15));
}

bool OfferingAllowed(const api::Requirements& reqs, const cloud::Offering& o) {
  const api::Requirement* zone = reqs.Find(kp::kLabelTopologyZone);
  const api::Requirement* ct = reqs.Find(kp::kCapacityTypeLabelKey);
  return (zone == nullptr || zone->Has(o.zone)) && (ct == nullptr || ct->Has(o.capacity_type));
}

// SatisfiesMinValues walked in order: how many of `types` (a prefix) every minValues needs;
// types.size() + 1 when even all of them fall short.
size_t TypesNeededForMinValues(const std::vector<const cloud::InstanceType*>& types,
                               const api::Requirements& reqs) {
  size_t needed = 0;
  for (const api::Requirement& r : reqs) {
    if (!r.min_values()) continue;
    std::set<std::string> values;
    size_t i = 0;
    for (; i < types.size() && static_cast<int64_t>(values.size()) < *r.min_values(); ++i) {
      if (r.key() == kp::kLabelTopologyZone || r.key() == kp::kCapacityTypeLabelKey) {
        for (const cloud::Offering& o : types[i]->offerings) {
          values.insert(r.key() == kp::kLabelTopologyZone ? o.zone : o.capacity_type);
        }
      } else if (const std::string* v = types[i]->Label(r.key())) {
        values.insert(*v);
      }
    }
    if (static_cast<int64_t>(values.size()) < *r.min_values()) return types.size() + 1;
    needed = std::max(needed, i);
  }
  return needed;
}

// The instance-type requirement follows the options (ToNodeClaim writes the requirements).
void SyncInstanceTypeRequirement(NewNodeClaim& nc) {
  std::vector<std::string> names;
  for (const cloud::InstanceType* t : nc.instance_types) names.push_back(t->name);
  nc.requirements.Add(api::Requirement(kp::kLabelInstanceTypeStable, api::kOpIn, names));
}

void PinCapacityType(NewNodeClaim& nc, std::string_view ct) {
  nc.requirements.Add(api::Requirement(kp::kCapacityTypeLabelKey, api::kOpIn, {ct}));
}

Command SpotToSpot(const Context& ctx, const std::vector<const Candidate*>& candidates,
                   std::string_view method, Simulation& sim, double price) {
  if (!ctx.options.spot_to_spot_consolidation) {
    Unconsolidatable(ctx, candidates,
                     "SpotToSpotConsolidation is disabled, can't replace a spot node with a "
                     "spot node");
    return {};
  }
  NewNodeClaim& nc = sim.results.new_node_claims[0];
  PinCapacityType(nc, kp::kCapacityTypeSpot);
  std::erase_if(nc.instance_types, [&](const cloud::InstanceType* t) {
    return std::none_of(t->offerings.begin(), t->offerings.end(), [&](const cloud::Offering& o) {
      return OfferingAllowed(nc.requirements, o);
    });
  });
  if (!FilterByPrice(nc, price)) {
    Unconsolidatable(ctx, candidates, "Filtering by price: minValues requirement is not met");
    return {};
  }
  if (nc.instance_types.empty()) {
    Unconsolidatable(ctx, candidates, "Can't replace with a cheaper node");
    return {};
  }
  if (candidates.size() == 1) {
    const size_t min_types = static_cast<size_t>(ctx.options.spot_to_spot_min_types);
    if (nc.instance_types.size() < min_types) {
      Unconsolidatable(ctx, candidates,
                       "SpotToSpotConsolidation requires " + std::to_string(min_types) +
                           " cheaper instance type options than the current candidate to "
                           "consolidate, got " +
                           std::to_string(nc.instance_types.size()));
      return {};
    }
    // Launch from the cheapest few only, so the result is never itself re-consolidated.
    size_t keep = min_types;
    if (nc.requirements.HasMinValues()) {
      keep = std::max(keep, TypesNeededForMinValues(nc.instance_types, nc.requirements));
    }
    if (nc.instance_types.size() > keep) nc.instance_types.resize(keep);
    SyncInstanceTypeRequirement(nc);
  }
  return MakeCommand(api::kReasonUnderutilized, method, candidates, sim);
}

}  // namespace

bool ConsolidationMemo::IsConsolidated(const Context& ctx) const {
  return version_ && *version_ == ctx.cluster_version &&
         ctx.now - at_ < ctx.options.consolidation_recheck;
}

void ConsolidationMemo::MarkConsolidated(const Context& ctx) {
  version_ = ctx.cluster_version;
  at_ = ctx.now;
}

bool ShouldConsolidate(const Context& ctx, const Candidate& c) {
  if (c.nodepool->spec.replicas) return false;  // static NodePools are never consolidated
  const StateNode& n = *c.state;
  if (c.instance_type == nullptr) {
    PublishOnNode(ctx, n, "Unconsolidatable",
                  "Instance Type \"" +
                      (n.labels && n.labels->count(std::string(kp::kLabelInstanceTypeStable))
                           ? n.labels->at(std::string(kp::kLabelInstanceTypeStable))
                           : std::string()) +
                      "\" not found",
                  Minutes(15));
    return false;
  }
  if (c.capacity_type.empty() || c.zone.empty()) {
    PublishOnNode(ctx, n, "Unconsolidatable",
                  std::string("Node does not have label \"") +
                      std::string(c.capacity_type.empty() ? kp::kCapacityTypeLabelKey
                                                          : kp::kLabelTopologyZone) +
                      "\"",
                  Minutes(15));
    return false;
  }
  const api::Disruption& d = c.nodepool->spec.disruption;
  if (!d.consolidate_after.raw.empty() && d.consolidate_after.IsNever()) {
    PublishOnNode(ctx, n, "Unconsolidatable",
                  "NodePool \"" + c.nodepool_name() + "\" has consolidation disabled", Minutes(15));
    return false;
  }
  if (c.IsEmpty()) return false;  // Emptiness's, for its budget
  if (d.consolidation_policy == api::kConsolidationWhenEmpty) {
    PublishOnNode(ctx, n, "Unconsolidatable",
                  "NodePool \"" + c.nodepool_name() +
                      "\" has consolidation policy WhenEmpty, but node is not empty",
                  Minutes(15));
    return false;
  }
  return IsConditionTrue(c.nodeclaim().status.conditions, kConditionConsolidatable);
}

double WorstLaunchPrice(const cloud::InstanceType& type, const api::Requirements& reqs) {
  for (std::string_view ct :
       {kp::kCapacityTypeReserved, kp::kCapacityTypeSpot, kp::kCapacityTypeOnDemand}) {
    double worst = -1;
    for (const cloud::Offering& o : type.offerings) {
      if (!o.available || o.capacity_type != ct || !OfferingAllowed(reqs, o)) continue;
      worst = std::max(worst, o.price_per_hour);
    }
    if (worst >= 0) return worst;
  }
  return kInf;
}

bool FilterByPrice(NewNodeClaim& claim, double max_price) {
  std::erase_if(claim.instance_types, [&](const cloud::InstanceType* t) {
    return !(WorstLaunchPrice(*t, claim.requirements) < max_price);
  });
  SyncInstanceTypeRequirement(claim);
  return !claim.requirements.HasMinValues() ||
         TypesNeededForMinValues(claim.instance_types, claim.requirements) <=
             claim.instance_types.size();
}

Command MakeCommand(std::string_view reason, std::string_view method,
                    const std::vector<const Candidate*>& candidates, const Simulation& sim) {
  Command cmd;
  cmd.reason = std::string(reason);
  cmd.method = std::string(method);
  for (const Candidate* c : candidates) cmd.candidates.push_back(ToCommandCandidate(*c));
  for (const NewNodeClaim& nc : sim.results.new_node_claims) {
    Replacement r;
    r.plan = nc;
    r.plan.pods.clear();
    cmd.replacements.push_back(std::move(r));
  }
  cmd.destinations = sim.Destinations();
  cmd.keep_alive = sim.keep_alive;
  return cmd;
}

StatusOr<Command> ComputeConsolidation(const Context& ctx,
                                       const std::vector<const Candidate*>& candidates,
                                       std::string_view method) {
  double price = 0;
  bool all_spot = true;
  for (const Candidate* c : candidates) {
    price += c->price;
    all_spot = all_spot && c->capacity_type == kp::kCapacityTypeSpot;
  }
  StatusOr<Simulation> simulated = SimulateScheduling(ctx, candidates, price);
  if (!simulated.ok()) {
    if (simulated.status().code() == StatusCode::kFailedPrecondition) return Command{};
    return simulated.status();
  }
  Simulation& sim = *simulated;
  if (!sim.AllNonPendingPodsScheduled()) {
    // Pre-filtered, the pods that fit nowhere else needed a type no cheaper than the candidates.
    Unconsolidatable(ctx, candidates,
                     sim.prefiltered ? "Can't replace with a cheaper node"
                                     : sim.NonPendingPodSchedulingErrors());
    return Command{};
  }
  std::vector<NewNodeClaim>& claims = sim.results.new_node_claims;
  if (claims.empty()) return MakeCommand(api::kReasonUnderutilized, method, candidates, sim);
  if (claims.size() > 1) {
    // Planned from cheaper types only, several NodeClaims mean no cheaper single one holds the
    // pods: Karpenter's one NodeClaim would have had no option left after filterByPrice.
    Unconsolidatable(ctx, candidates,
                     sim.prefiltered ? "Can't replace with a cheaper node"
                                     : "Can't remove without creating " +
                                           std::to_string(claims.size()) + " candidates");
    return Command{};
  }
  NewNodeClaim& nc = claims[0];
  const api::Requirement ct = nc.requirements.Get(kp::kCapacityTypeLabelKey);
  if (all_spot && ct.Has(kp::kCapacityTypeSpot)) {
    return SpotToSpot(ctx, candidates, method, sim, price);
  }
  if (!FilterByPrice(nc, price)) {
    Unconsolidatable(ctx, candidates, "Filtering by price: minValues requirement is not met");
    return Command{};
  }
  if (nc.instance_types.empty()) {
    Unconsolidatable(ctx, candidates, "Can't replace with a cheaper node");
    return Command{};
  }
  // Priced as spot: never fall back to a pricier on-demand launch.
  if (ct.Has(kp::kCapacityTypeSpot) && ct.Has(kp::kCapacityTypeOnDemand)) {
    PinCapacityType(nc, kp::kCapacityTypeSpot);
  }
  return MakeCommand(api::kReasonUnderutilized, method, candidates, sim);
}

}  // namespace swell::provisioning::disruption
