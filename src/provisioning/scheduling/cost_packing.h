// Cost-aware bin packing for swell's cost_aware_packing (not a Karpenter behaviour; see README
// "Cost-aware packing"): put items (pods' requests) into bins (nodes) of priced types so the
// sum of the bins' prices is small. Multi-dimensional, variable-sized bin packing is NP-hard;
// this is a deterministic heuristic (greedy cost-efficiency fill, then a small neighbourhood
// search with exact re-packing of small sub-problems) under explicit work budgets, so its run
// time does not depend on the machine.
#pragma once

#include <cstdint>
#include <vector>

#include "provisioning/scheduling/interned.h"

namespace swell::provisioning::detail {

// Which instance type a node of a given load costs least as. Types that another type dominates
// (holds at least as much of every resource for at most the price) are dropped; the rest are
// tried cheapest first (ties: lower index), so the first that holds a load is its cheapest.
class NodePricer {
 public:
  // `capacities[t]` is what a node of type t holds (same slots for every type and load);
  // `prices[t]` its price.
  NodePricer(std::vector<ResVec> capacities, std::vector<double> prices);
  // The cheapest type (index into the constructor's vectors) holding `load`, or -1.
  int32_t Cheapest(const ResVec& load) const;
  // Its price; +infinity when no type holds `load`.
  double Price(const ResVec& load) const;
  double price(uint32_t type) const { return prices_[type]; }
  const ResVec& capacity(uint32_t type) const { return capacities_[type]; }
  // The non-dominated types, cheapest first.
  const std::vector<uint32_t>& order() const { return order_; }
  // A lower bound on what nodes holding `load` in total cost: max over resources of the amount
  // times the lowest price per unit of that resource among the types.
  double LowerBound(const ResVec& load) const;

 private:
  std::vector<ResVec> capacities_;
  std::vector<double> prices_;
  std::vector<uint32_t> order_;
  std::vector<double> unit_price_;  // per resource slot; 0 when no type has any
};

struct PackProblem {
  // Loads of bins that must stay (pods that may not move); they may also take items.
  std::vector<ResVec> fixed;
  std::vector<ResVec> items;  // loads to place
};

// Work limits; each unit is one search node (an item tried in a bin).
struct PackBudget {
  // Sub-problems with at most this many items are searched exactly. Default: 14
  int32_t exact_items = 14;
  // Sub-problems without fixed bins and with at most this many items also try node sets
  // cheapest first (packing_search.h SearchNodeSets). Default: 64
  int32_t node_set_items = 64;
  // Search nodes per exact assignment search. Default: 20000
  int64_t nodes_per_search = 20000;
  // Search nodes per node-set search (packing_search.h SearchNodeSets). Default: 400000
  int64_t node_set_nodes = 400000;
  // Search nodes over all searches of one PackForCost call. Default: 500000
  int64_t nodes_total = 500000;
  // Bins (the most wasteful) whose pairs the neighbourhood search re-packs. Default: 8
  int32_t neighbourhood = 8;
  // Improvement rounds of the neighbourhood search. Default: 64
  int32_t max_rounds = 64;
};

struct PackPlan {
  bool ok = false;                 // every item placed in a bin some type holds
  std::vector<uint32_t> item_bin;  // per item: its bin; bins [0, fixed.size()) are the fixed ones
  std::vector<int32_t> bin_type;   // per bin: NodePricer::Cheapest of its load
  std::vector<ResVec> bin_load;    // per bin: fixed load plus its items
  double cost = 0;                 // sum over bins of their type's price
  int64_t search_nodes = 0;        // work spent
};

// Places every item of `problem`: first into the fixed bins' spare room (where that costs
// nothing), then into new bins chosen by cost per packed value (NodePricer::LowerBound); small
// problems are then searched exactly. Then improves by re-packing the most wasteful bins alone
// and in pairs (searching small ones exactly) and by emptying a bin into the others' spare
// room. Among plans of equal price, fewer nodes win. Fixed bins are kept even when they end up
// with no item. Not ok when some fixed load or item fits no type. Deterministic.
PackPlan PackForCost(const NodePricer& pricer, const PackProblem& problem,
                     const PackBudget& budget = {});

}  // namespace swell::provisioning::detail
