#include "provisioning/scheduling/cost_packing.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <utility>

#include "provisioning/scheduling/packing_search.h"

namespace swell::provisioning::detail {
namespace {

// How many more items of `item` (at most `max`) fit in `cap` on top of `load`.
int64_t Fit(const ResVec& cap, const ResVec& load, const ResVec& item, int64_t max) {
  int64_t k = max;
  for (size_t r = 0; r < cap.size() && k > 0; ++r) {
    if (load[r] > cap[r]) return 0;
    if (item[r] > 0) k = std::min(k, (cap[r] - load[r]) / item[r]);
  }
  return k;
}

class Packer {
 public:
  Packer(const NodePricer& pricer, const PackBudget& budget, size_t nres)
      : pricer_(pricer), budget_(budget), nres_(nres), nodes_left_(budget.nodes_total) {}

  std::vector<ItemClass>& classes() { return classes_; }
  int64_t nodes_used() const { return budget_.nodes_total - nodes_left_; }

  // Greedy fill: the fixed bins' spare room, then new bins by price per packed value.
  std::optional<std::vector<Bin>> Greedy(const std::vector<ResVec>& bases,
                                         std::vector<int64_t> counts) const;
  // Greedy, then the exact searches the sub-problem is small enough for (packing_search.h);
  // the best plan found, or nothing when some item fits no type.
  std::optional<std::vector<Bin>> Solve(const std::vector<ResVec>& bases,
                                        const std::vector<int64_t>& counts, Score upper);
  // Neighbourhood search over `bins` until no move helps or the rounds run out.
  void Improve(std::vector<Bin>& bins);
  void Price(Bin& b) const { PriceBin(pricer_, b); }

 private:
  void FillEmpty(uint32_t type, const std::vector<int64_t>& counts, std::vector<int64_t>& takes,
                 double& value) const;
  bool TryRepack(std::vector<Bin>& bins, const std::vector<uint32_t>& which);
  bool TryEmpty(std::vector<Bin>& bins, uint32_t a, const std::vector<uint32_t>& order) const;

  const NodePricer& pricer_;
  const PackBudget& budget_;
  size_t nres_;
  int64_t nodes_left_;
  std::vector<ItemClass> classes_;
};

void Packer::FillEmpty(uint32_t type, const std::vector<int64_t>& counts,
                       std::vector<int64_t>& takes, double& value) const {
  const ResVec& cap = pricer_.capacity(type);
  ResVec load(nres_, 0);
  value = 0;
  for (uint32_t j = 0; j < classes_.size(); ++j) {
    takes[j] = counts[j] > 0 ? Fit(cap, load, classes_[j].load, counts[j]) : 0;
    if (takes[j] == 0) continue;
    AddScaled(load, classes_[j].load, takes[j]);
    value += classes_[j].value * static_cast<double>(takes[j]);
  }
}

std::optional<std::vector<Bin>> Packer::Greedy(const std::vector<ResVec>& bases,
                                               std::vector<int64_t> counts) const {
  std::vector<Bin> bins;
  for (const ResVec& base : bases) {
    Bin& b = bins.emplace_back();
    b.base = b.load = base;
    b.fixed = true;
    int32_t t = pricer_.Cheapest(base);
    if (t < 0) return std::nullopt;
    const ResVec& cap = pricer_.capacity(static_cast<uint32_t>(t));
    for (uint32_t j = 0; j < classes_.size(); ++j) {
      int64_t k = counts[j] > 0 ? Fit(cap, b.load, classes_[j].load, counts[j]) : 0;
      if (k == 0) continue;
      AddScaled(b.load, classes_[j].load, k);
      AddCount(b.counts, j, k);
      counts[j] -= k;
    }
  }
  size_t ntypes = pricer_.order().size();
  std::vector<std::vector<int64_t>> takes(ntypes, std::vector<int64_t>(classes_.size(), 0));
  std::vector<int64_t> max_take(classes_.size());
  while (std::any_of(counts.begin(), counts.end(), [](int64_t n) { return n > 0; })) {
    int32_t best = -1;
    double best_value = 0;
    std::fill(max_take.begin(), max_take.end(), 0);
    for (size_t i = 0; i < ntypes; ++i) {
      double value = 0;
      FillEmpty(pricer_.order()[i], counts, takes[i], value);
      for (size_t j = 0; j < classes_.size(); ++j) max_take[j] = std::max(max_take[j], takes[i][j]);
      if (value <= 0) continue;
      // price / value, lowest first; ties keep the cheaper type.
      double price = pricer_.price(pricer_.order()[i]);
      if (best < 0 ||
          price * best_value < pricer_.price(pricer_.order()[static_cast<size_t>(best)]) * value) {
        best = static_cast<int32_t>(i);
        best_value = value;
      }
    }
    if (best < 0) return std::nullopt;  // some item fits no type
    const std::vector<int64_t>& pattern = takes[static_cast<size_t>(best)];
    // The same choice repeats while every type's fill stays the same (counts stay above it).
    int64_t reps = std::numeric_limits<int64_t>::max();
    for (size_t j = 0; j < classes_.size(); ++j) {
      if (pattern[j] > 0) reps = std::min(reps, 1 + (counts[j] - max_take[j]) / pattern[j]);
    }
    Bin b;
    b.base = b.load = ResVec(nres_, 0);
    for (uint32_t j = 0; j < classes_.size(); ++j) {
      if (pattern[j] == 0) continue;
      AddScaled(b.load, classes_[j].load, pattern[j]);
      b.counts.emplace_back(j, pattern[j]);
      counts[j] -= pattern[j] * reps;
    }
    for (int64_t r = 0; r < reps; ++r) bins.push_back(b);
  }
  for (Bin& b : bins) Price(b);
  return bins;
}

std::optional<std::vector<Bin>> Packer::Solve(const std::vector<ResVec>& bases,
                                              const std::vector<int64_t>& counts, Score upper) {
  std::optional<std::vector<Bin>> best = Greedy(bases, counts);
  if (!best) return best;  // some item or fixed load fits no type
  if (Better({Cost(*best), best->size()}, upper)) upper = {Cost(*best), best->size()};
  int64_t n = std::accumulate(counts.begin(), counts.end(), int64_t{0});
  auto run = [&](auto search, int64_t limit) {
    SearchInput in{&pricer_, &classes_, bases, counts, upper, std::min(limit, nodes_left_)};
    if (in.limit <= 0) return;
    int64_t used = 0;
    std::optional<std::vector<Bin>> found = search(in, &used);
    nodes_left_ -= used;
    if (found && Better({Cost(*found), found->size()}, upper)) {
      upper = {Cost(*found), found->size()};
      best = std::move(found);
    }
  };
  if (n <= budget_.exact_items) run(SearchAssignments, budget_.nodes_per_search);
  if (bases.empty() && n <= budget_.node_set_items) run(SearchNodeSets, budget_.node_set_nodes);
  return best;
}

// Re-packs the items of bins `which` (their fixed loads stay) and keeps the result when cheaper.
bool Packer::TryRepack(std::vector<Bin>& bins, const std::vector<uint32_t>& which) {
  std::vector<ResVec> bases;
  std::vector<int64_t> counts(classes_.size(), 0);
  double old = 0;
  for (uint32_t w : which) {
    if (bins[w].fixed) bases.push_back(bins[w].base);
    for (const auto& [cls, n] : bins[w].counts) counts[cls] += n;
    old += bins[w].price;
  }
  std::optional<std::vector<Bin>> sub = Solve(bases, counts, {old, which.size()});
  if (!sub || !Better({Cost(*sub), sub->size()}, {old, which.size()})) return false;
  // Fixed results go back to their bins; new ones take the freed slots, then the end.
  size_t next_fixed = 0, next_new = bases.size();
  std::vector<uint32_t> freed;
  for (uint32_t w : which) {
    if (bins[w].fixed) {
      bins[w] = std::move((*sub)[next_fixed++]);
    } else if (next_new < sub->size()) {
      bins[w] = std::move((*sub)[next_new++]);
    } else {
      freed.push_back(w);
    }
  }
  for (; next_new < sub->size(); ++next_new) bins.push_back(std::move((*sub)[next_new]));
  std::sort(freed.rbegin(), freed.rend());
  for (uint32_t w : freed) bins.erase(bins.begin() + w);
  return true;
}

// Moves every item of bin `a` into other bins' spare room (their price unchanged), if that
// saves a's price (a new bin disappears; a fixed one shrinks to its base).
bool Packer::TryEmpty(std::vector<Bin>& bins, uint32_t a,
                      const std::vector<uint32_t>& order) const {
  if (bins[a].counts.empty()) return false;
  double saving = bins[a].price - (bins[a].fixed ? pricer_.Price(bins[a].base) : 0);
  if (!Cheaper(0, saving)) return false;
  std::vector<ResVec> loads;
  for (const Bin& b : bins) loads.push_back(b.load);
  std::vector<std::pair<uint32_t, uint32_t>> moves;  // (bin, class)
  for (const auto& [cls, n] : bins[a].counts) {
    const ResVec& item = classes_[cls].load;
    for (int64_t k = 0; k < n; ++k) {
      bool placed = false;
      for (uint32_t b : order) {
        if (b == a) continue;
        AddInto(loads[b], item);
        double now = pricer_.Price(loads[b]);
        if (now < kInf && !Cheaper(bins[b].price, now)) {
          moves.emplace_back(b, cls);
          placed = true;
          break;
        }
        AddScaled(loads[b], item, -1);
      }
      if (!placed) return false;
    }
  }
  for (const auto& [b, cls] : moves) AddCount(bins[b].counts, cls, 1);
  for (uint32_t b = 0; b < bins.size(); ++b) {
    if (b == a || bins[b].load == loads[b]) continue;
    bins[b].load = loads[b];
    Price(bins[b]);
  }
  bins[a].counts.clear();
  bins[a].load = bins[a].base;
  Price(bins[a]);
  if (!bins[a].fixed) bins.erase(bins.begin() + a);
  return true;
}

void Packer::Improve(std::vector<Bin>& bins) {
  for (int32_t round = 0; round < budget_.max_rounds; ++round) {
    // The most wasteful bins: price minus the value of their load.
    std::vector<std::pair<double, uint32_t>> waste;
    for (uint32_t b = 0; b < bins.size(); ++b) {
      waste.emplace_back(bins[b].price - pricer_.LowerBound(bins[b].load), b);
    }
    std::sort(waste.begin(), waste.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    std::vector<uint32_t> all, order;  // every bin; those with items (the candidates)
    for (const auto& [w, b] : waste) {
      all.push_back(b);
      if (!bins[b].counts.empty()) order.push_back(b);
    }
    size_t n = std::min(order.size(), static_cast<size_t>(std::max(budget_.neighbourhood, 0)));
    bool improved = false;
    for (size_t i = 0; i < n && !improved; ++i) improved = TryEmpty(bins, order[i], all);
    for (size_t i = 0; i < n && !improved; ++i) {
      for (size_t j = i; j < n && !improved; ++j) {
        std::vector<uint32_t> which = {order[i]};
        if (j != i) which.push_back(order[j]);
        std::sort(which.begin(), which.end());
        improved = TryRepack(bins, which);
      }
    }
    if (!improved) return;
  }
}

}  // namespace

NodePricer::NodePricer(std::vector<ResVec> capacities, std::vector<double> prices)
    : capacities_(std::move(capacities)), prices_(std::move(prices)) {
  size_t n = capacities_.size();
  auto dominates = [&](size_t b, size_t a) {
    if (prices_[b] > prices_[a] || !AllLessEqual(capacities_[a], capacities_[b])) return false;
    return prices_[b] < prices_[a] || capacities_[a] != capacities_[b] || b < a;
  };
  for (size_t a = 0; a < n; ++a) {
    bool dominated = false;
    for (size_t b = 0; b < n && !dominated; ++b) dominated = b != a && dominates(b, a);
    if (!dominated) order_.push_back(static_cast<uint32_t>(a));
  }
  std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
    return prices_[a] != prices_[b] ? prices_[a] < prices_[b] : a < b;
  });
  size_t nres = n == 0 ? 0 : capacities_[0].size();
  unit_price_.assign(nres, 0);
  for (size_t r = 0; r < nres; ++r) {
    double best = kInf;
    for (uint32_t t : order_) {
      if (capacities_[t][r] > 0) {
        best = std::min(best, prices_[t] / static_cast<double>(capacities_[t][r]));
      }
    }
    unit_price_[r] = best == kInf ? 0 : best;
  }
}

int32_t NodePricer::Cheapest(const ResVec& load) const {
  for (uint32_t t : order_) {
    if (AllLessEqual(load, capacities_[t])) return static_cast<int32_t>(t);
  }
  return -1;
}

double NodePricer::Price(const ResVec& load) const {
  int32_t t = Cheapest(load);
  return t < 0 ? kInf : prices_[static_cast<uint32_t>(t)];
}

double NodePricer::LowerBound(const ResVec& load) const {
  double lb = 0;
  for (size_t r = 0; r < unit_price_.size() && r < load.size(); ++r) {
    lb = std::max(lb, static_cast<double>(load[r]) * unit_price_[r]);
  }
  return lb;
}

PackPlan PackForCost(const NodePricer& pricer, const PackProblem& problem,
                     const PackBudget& budget) {
  PackPlan plan;
  size_t nres = !problem.items.empty()   ? problem.items[0].size()
                : !problem.fixed.empty() ? problem.fixed[0].size()
                                         : 0;
  Packer packer(pricer, budget, nres);
  // Classes of identical items, largest value first (ties: first item).
  std::map<ResVec, uint32_t> index;
  auto& classes = packer.classes();
  for (uint32_t i = 0; i < problem.items.size(); ++i) {
    auto [it, inserted] = index.emplace(problem.items[i], static_cast<uint32_t>(classes.size()));
    if (inserted) {
      classes.push_back({problem.items[i], pricer.LowerBound(problem.items[i]), {}});
    }
    classes[it->second].items.push_back(i);
  }
  std::stable_sort(classes.begin(), classes.end(),
                   [](const ItemClass& a, const ItemClass& b) { return a.value > b.value; });
  std::vector<int64_t> counts;
  for (const ItemClass& c : classes) counts.push_back(static_cast<int64_t>(c.items.size()));
  std::optional<std::vector<Bin>> bins = packer.Solve(problem.fixed, counts, Score{});
  if (!bins) return plan;
  packer.Improve(*bins);
  plan.ok = true;
  plan.item_bin.assign(problem.items.size(), 0);
  std::vector<size_t> next(classes.size(), 0);
  for (uint32_t b = 0; b < bins->size(); ++b) {
    const Bin& bin = (*bins)[b];
    plan.ok = plan.ok && bin.type >= 0;
    plan.bin_type.push_back(bin.type);
    plan.bin_load.push_back(bin.load);
    plan.cost += bin.price;
    for (const auto& [cls, n] : bin.counts) {
      for (int64_t k = 0; k < n; ++k) plan.item_bin[classes[cls].items[next[cls]++]] = b;
    }
  }
  plan.search_nodes = packer.nodes_used();
  return plan;
}

}  // namespace swell::provisioning::detail
