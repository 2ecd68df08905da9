// What the consolidation methods share (core pkg/controllers/disruption/consolidation.go;
// karpenter.md §3.4): the candidate filter, the "nothing changed since we last found nothing"
// memo, and computeConsolidation: simulate the candidates away and turn the result into a
// delete, a cheaper 1-node replacement, or nothing.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "provisioning/disruption/command.h"
#include "provisioning/disruption/simulate.h"

namespace swell::provisioning::disruption {

inline constexpr std::string_view kMethodEmptiness = "emptiness";
inline constexpr std::string_view kMethodDrift = "drift";
inline constexpr std::string_view kMethodMultiNode = "multi-node";
inline constexpr std::string_view kMethodSingleNode = "single-node";

// consolidation.IsConsolidated / markConsolidated: a method that found nothing to do skips
// its work until the cluster changes (ClusterState::version) or `recheck` has passed
// (cluster.ConsolidationState's forced 5-minute re-check).
class ConsolidationMemo {
 public:
  bool IsConsolidated(const Context& ctx) const;
  void MarkConsolidated(const Context& ctx);

 private:
  std::optional<uint64_t> version_;
  TimePoint at_{};
};

// consolidation.ShouldDisrupt (multi- and single-node): not a static pool; instance type,
// capacity-type and zone known; consolidateAfter not "Never"; not empty (Emptiness's); the
// pool's policy is not WhenEmpty; NodeClaim Consolidatable=True. Rejections worth telling get
// an Unconsolidatable event.
bool ShouldConsolidate(const Context& ctx, const Candidate& c);

// Offerings.WorstLaunchPrice: among `type`'s available offerings compatible with `reqs`'
// zone and capacity-type requirements, the most expensive of the capacity type that would
// launch (reserved, else spot, else on-demand); +inf when none.
double WorstLaunchPrice(const cloud::InstanceType& type, const api::Requirements& reqs);

// RemoveInstanceTypeOptionsByPriceAndMinValues: keeps the options whose WorstLaunchPrice is
// strictly below `max_price`, in order. False when the survivors no longer satisfy the
// requirements' minValues.
bool FilterByPrice(NewNodeClaim& claim, double max_price);

// computeConsolidation over `candidates` (one for single-node, a prefix for multi-node):
//  - a pod that must move cannot (or would land on an uninitialized node): no-op;
//  - nothing new needed: delete;
//  - more than one new NodeClaim: no-op (only m -> 1);
//  - one: keep only its instance types whose worst launch price is below Σ candidate prices
//    (none: "Can't replace with a cheaper node"); if it allows both spot and on-demand it is
//    pinned to spot. All candidates spot and the replacement may be spot: spot-to-spot, only
//    with the feature gate, and single-node needs spot_to_spot_min_types cheaper types and
//    launches from the cheapest that many.
// Single-candidate rejections get an Unconsolidatable event. The returned command has no
// `created` time yet.
StatusOr<Command> ComputeConsolidation(const Context& ctx,
                                       const std::vector<const Candidate*>& candidates,
                                       std::string_view method);

// Builds a command from a simulation: candidates copied, new NodeClaims as replacements.
Command MakeCommand(std::string_view reason, std::string_view method,
                    const std::vector<const Candidate*>& candidates, const Simulation& sim);

}  // namespace swell::provisioning::disruption
