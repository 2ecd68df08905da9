// Internals of the cost-aware packer (cost_packing.cc): the shared plan representation and the
// two exact searches it runs on small sub-problems. Every search counts its work in search nodes
// and stops at its limit, so results never depend on the machine's speed.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "provisioning/scheduling/cost_packing.h"

namespace swell::provisioning::detail {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// a < b by more than a relative tolerance, so rounding never counts as an improvement;
// +infinity (no type holds the load) is never cheaper, and anything finite is cheaper than it.
bool Cheaper(double a, double b);

// A plan's quality: cheaper is better; at the same price, fewer nodes.
struct Score {
  double cost = kInf;
  size_t bins = SIZE_MAX;
};
bool Better(const Score& a, const Score& b);

// Identical items, placed by count. Classes are sorted by value, largest first.
struct ItemClass {
  ResVec load;
  double value = 0;             // NodePricer::LowerBound of one item
  std::vector<uint32_t> items;  // indices into PackProblem::items, ascending
};

// (class, count) pairs sorted by class; counts are positive.
using Counts = std::vector<std::pair<uint32_t, int64_t>>;

struct Bin {
  ResVec base;  // the fixed load (zeros for a new bin)
  ResVec load;  // base plus the items
  Counts counts;
  bool fixed = false;
  int32_t type = -1;  // NodePricer::Cheapest(load)
  double price = 0;
};

void AddCount(Counts& counts, uint32_t cls, int64_t n);
inline void AddScaled(ResVec& a, const ResVec& b, int64_t n) {
  for (size_t r = 0; r < a.size(); ++r) a[r] += b[r] * n;
}
// Sets the bin's type and price from its load.
void PriceBin(const NodePricer& pricer, Bin& b);
double Cost(const std::vector<Bin>& bins);

// What a search works on: the classes, how many items of each to place, the fixed loads, and
// the plan to beat.
struct SearchInput {
  const NodePricer* pricer = nullptr;
  const std::vector<ItemClass>* classes = nullptr;
  std::vector<ResVec> bases;
  std::vector<int64_t> counts;  // per class
  Score upper;
  int64_t limit = 0;  // search nodes
};

// Item by item, every bin (fixed bins first, then new ones) a bin costing its cheapest holding
// type; returns the best plan Better than `upper`, if found within the limit. Identical items go
// to non-decreasing bins and equal new bins are tried once. `*used` receives the nodes spent.
std::optional<std::vector<Bin>> SearchAssignments(const SearchInput& in, int64_t* used);

// For sub-problems without fixed bins: node sets (a count per type) cheaper than `upper` are
// tried cheapest first, each packed first-fit, then by search; the first that holds every item
// is returned. Only sets where no two nodes could be merged into one node of some type for at
// most their summed price are tried (merging never makes a plan worse), and only those whose
// total capacity covers the items and that hold each item class alone.
std::optional<std::vector<Bin>> SearchNodeSets(const SearchInput& in, int64_t* used);

}  // namespace swell::provisioning::detail
