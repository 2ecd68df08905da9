#include "provisioning/scheduling/packing_search.h"

#include <algorithm>
#include <cmath>

namespace swell::provisioning::detail {

bool Cheaper(double a, double b) {
  if (b == kInf) return a < kInf;
  return a < b - 1e-9 * (1.0 + std::abs(b));
}

bool Better(const Score& a, const Score& b) {
  return Cheaper(a.cost, b.cost) || (!Cheaper(b.cost, a.cost) && a.bins < b.bins);
}

void AddCount(Counts& counts, uint32_t cls, int64_t n) {
  auto it = std::lower_bound(counts.begin(), counts.end(), std::make_pair(cls, int64_t{0}));
  if (it != counts.end() && it->first == cls) {
    it->second += n;
  } else {
    counts.insert(it, {cls, n});
  }
}

void PriceBin(const NodePricer& pricer, Bin& b) {
  b.type = pricer.Cheapest(b.load);
  b.price = b.type < 0 ? kInf : pricer.price(static_cast<uint32_t>(b.type));
}

double Cost(const std::vector<Bin>& bins) {
  double sum = 0;
  for (const Bin& b : bins) sum += b.price;
  return sum;
}

namespace {

// One entry per item: its class, classes in order.
std::vector<uint32_t> ExpandItems(const std::vector<int64_t>& counts) {
  std::vector<uint32_t> items;
  for (uint32_t j = 0; j < counts.size(); ++j) {
    items.insert(items.end(), static_cast<size_t>(std::max<int64_t>(counts[j], 0)), j);
  }
  return items;
}

// SearchAssignments' depth-first search.
class ExactSearch {
 public:
  ExactSearch(const NodePricer& pricer, const std::vector<ItemClass>& classes,
              std::vector<uint32_t> items, int64_t limit)
      : pricer_(pricer), classes_(classes), items_(std::move(items)), limit_(limit) {}

  bool Run(const std::vector<ResVec>& bases, Score upper) {
    best_ = upper;
    ResVec total(bases.empty() ? classes_[items_[0]].load.size() : bases[0].size(), 0);
    double cost = 0;
    for (const ResVec& b : bases) {
      loads_.push_back(b);
      prices_.push_back(pricer_.Price(b));
      cost += prices_.back();
      AddInto(total, b);
    }
    num_fixed_ = bases.size();
    for (uint32_t c : items_) AddInto(total, classes_[c].load);
    lower_ = pricer_.LowerBound(total);
    assign_.assign(items_.size(), 0);
    Dfs(0, cost);
    return found_;
  }
  int64_t nodes() const { return nodes_; }
  const std::vector<uint32_t>& best_assign() const { return best_assign_; }
  const std::vector<uint32_t>& items() const { return items_; }

 private:
  void Dfs(size_t i, double cost) {
    if (++nodes_ > limit_) return;
    // Prices only grow as items are added, and nodes are never removed.
    if (!Better({std::max(cost, lower_), loads_.size()}, best_)) return;
    if (i == items_.size()) {
      best_ = {cost, loads_.size()};
      best_assign_ = assign_;
      found_ = true;
      return;
    }
    const ResVec& item = classes_[items_[i]].load;
    size_t start = i > 0 && items_[i - 1] == items_[i] ? assign_[i - 1] : 0;
    for (size_t j = start; j < loads_.size() && nodes_ <= limit_; ++j) {
      if (j >= num_fixed_ && SameAsEarlier(j, start)) continue;
      AddInto(loads_[j], item);
      double before = prices_[j];
      double now = pricer_.Price(loads_[j]);
      if (now < kInf) {
        prices_[j] = now;
        assign_[i] = static_cast<uint32_t>(j);
        Dfs(i + 1, cost + now - before);
        prices_[j] = before;
      }
      AddScaled(loads_[j], item, -1);
    }
    double price = pricer_.Price(item);
    if (price == kInf || nodes_ > limit_) return;
    loads_.push_back(item);
    prices_.push_back(price);
    assign_[i] = static_cast<uint32_t>(loads_.size() - 1);
    Dfs(i + 1, cost + price);
    loads_.pop_back();
    prices_.pop_back();
  }
  bool SameAsEarlier(size_t j, size_t start) const {
    for (size_t k = std::max(start, num_fixed_); k < j; ++k) {
      if (loads_[k] == loads_[j]) return true;
    }
    return false;
  }

  const NodePricer& pricer_;
  const std::vector<ItemClass>& classes_;
  std::vector<uint32_t> items_;  // class per item, in class order
  int64_t limit_;
  int64_t nodes_ = 0;
  size_t num_fixed_ = 0;
  std::vector<ResVec> loads_;
  std::vector<double> prices_;
  std::vector<uint32_t> assign_, best_assign_;
  Score best_;
  double lower_ = 0;
  bool found_ = false;
};

}  // namespace

std::optional<std::vector<Bin>> SearchAssignments(const SearchInput& in, int64_t* used) {
  *used = 0;
  std::vector<uint32_t> items = ExpandItems(in.counts);
  if (items.empty() || in.limit <= 0) return std::nullopt;
  const std::vector<ItemClass>& classes = *in.classes;
  size_t nres = classes[items[0]].load.size();
  const std::vector<ResVec>& bases = in.bases;
  ExactSearch search(*in.pricer, classes, std::move(items), in.limit);
  bool found = search.Run(bases, in.upper);
  *used = std::min(search.nodes(), in.limit);
  if (!found) return std::nullopt;
  std::vector<Bin> bins;
  for (const ResVec& base : bases) {
    Bin& b = bins.emplace_back();
    b.base = b.load = base;
    b.fixed = true;
  }
  for (size_t i = 0; i < search.items().size(); ++i) {
    uint32_t bin = search.best_assign()[i];
    while (bins.size() <= bin) {
      Bin& b = bins.emplace_back();
      b.base = b.load = ResVec(nres, 0);
    }
    uint32_t cls = search.items()[i];
    AddInto(bins[bin].load, classes[cls].load);
    AddCount(bins[bin].counts, cls, 1);
  }
  for (Bin& b : bins) PriceBin(*in.pricer, b);
  return bins;
}

namespace {

// SearchNodeSets' enumeration and packing.
class NodeSetSearch {
 public:
  explicit NodeSetSearch(const SearchInput& in)
      : in_(in), pricer_(*in.pricer), classes_(*in.classes) {
    // Only types cheaper than the plan to beat can be part of a set cheaper than it.
    for (uint32_t t : pricer_.order()) {
      if (!Cheaper(pricer_.price(t), in_.upper.cost)) break;
      types_.push_back(t);
    }
  }

  std::optional<std::vector<Bin>> Run() {
    items_ = ExpandItems(in_.counts);
    if (items_.empty()) return std::nullopt;
    size_t nres = classes_[items_[0]].load.size();
    demand_.assign(nres, 0);
    for (uint32_t c : items_) AddInto(demand_, classes_[c].load);
    suffix_.assign(items_.size() + 1, ResVec(nres, 0));
    for (size_t i = items_.size(); i-- > 0;) {
      suffix_[i] = suffix_[i + 1];
      AddInto(suffix_[i], classes_[items_[i]].load);
    }
    if (types_.empty()) return std::nullopt;
    Mergeable();
    Reach();
    NodeSet cur;
    cur.count.assign(types_.size(), 0);
    cur.cap.assign(nres, 0);
    Enumerate(0, cur);
    std::stable_sort(sets_.begin(), sets_.end(), [](const NodeSet& a, const NodeSet& b) {
      return a.price != b.price ? a.price < b.price : a.nodes < b.nodes;
    });
    for (const NodeSet& s : sets_) {
      if (used_ >= in_.limit) break;
      if (auto bins = Pack(s)) return bins;
    }
    return std::nullopt;
  }
  int64_t used() const { return std::min(used_, in_.limit); }

 private:
  struct NodeSet {
    double price = 0;
    size_t nodes = 0;
    std::vector<int32_t> count;  // per index into types_
    ResVec cap;                  // the nodes' total capacity
  };

  // reach_[t][r]: the most of resource r one dollar buys among types t.. (0 past the last).
  void Reach() {
    size_t n = types_.size();
    reach_.assign(n + 1, std::vector<double>(demand_.size(), 0));
    for (size_t t = n; t-- > 0;) {
      reach_[t] = reach_[t + 1];
      const ResVec& cap = pricer_.capacity(types_[t]);
      double price = pricer_.price(types_[t]);
      for (size_t r = 0; r < cap.size(); ++r) {
        double per = price > 0 ? static_cast<double>(cap[r]) / price : kInf;
        reach_[t][r] = std::max(reach_[t][r], per);
      }
    }
  }

  // Whether types t.. bought for less than the plan to beat could still cover the demand.
  bool CanCover(size_t t, const NodeSet& cur) const {
    if (in_.upper.cost == kInf) return true;
    double budget = in_.upper.cost - cur.price;
    for (size_t r = 0; r < demand_.size(); ++r) {
      double missing = static_cast<double>(demand_[r] - cur.cap[r]);
      if (missing > 0 && (reach_[t][r] == 0 || missing > budget * reach_[t][r] * (1 + 1e-9))) {
        return false;
      }
    }
    return true;
  }

  void Mergeable() {
    size_t n = types_.size();
    mergeable_.assign(n, std::vector<char>(n, 0));
    ResVec sum;
    for (size_t a = 0; a < n && used_ <= in_.limit; ++a) {  // unknown pairs: not mergeable
      for (size_t b = a; b < n; ++b) {
        sum = pricer_.capacity(types_[a]);
        AddInto(sum, pricer_.capacity(types_[b]));
        double price = pricer_.price(types_[a]) + pricer_.price(types_[b]);
        for (uint32_t c : types_) {
          ++used_;                              // the pair checks count as search work too
          if (pricer_.price(c) > price) break;  // cheapest first
          if (AllLessEqual(sum, pricer_.capacity(c))) {
            mergeable_[a][b] = mergeable_[b][a] = 1;
            break;
          }
        }
      }
    }
  }

  // Depth-first over types cheapest first: how many nodes of each; sets cheaper than the plan
  // to beat, without a mergeable pair, are kept when Useful.
  void Enumerate(size_t t, NodeSet& cur) {
    if (++used_ > in_.limit || sets_.size() >= kMaxSets || !CanCover(t, cur)) return;
    if (t == types_.size() || !Cheaper(cur.price + pricer_.price(types_[t]), in_.upper.cost)) {
      if (cur.nodes > 0 && Useful(cur)) sets_.push_back(cur);
      return;
    }
    Enumerate(t + 1, cur);
    for (size_t a = 0; a < t; ++a) {
      if (cur.count[a] > 0 && mergeable_[a][t] != 0) return;
    }
    double price = pricer_.price(types_[t]);
    int32_t k = 0;
    // A set without a mergeable pair never needs more nodes than there are items.
    while (Cheaper(cur.price + price, in_.upper.cost) && (k == 0 || mergeable_[t][t] == 0) &&
           cur.nodes < items_.size() && used_ <= in_.limit) {
      ++k;
      cur.count[t] = k;
      cur.price += price;
      ++cur.nodes;
      AddInto(cur.cap, pricer_.capacity(types_[t]));
      Enumerate(t + 1, cur);
    }
    cur.count[t] = 0;
    cur.price -= price * k;
    AddScaled(cur.cap, pricer_.capacity(types_[t]), -k);
    cur.nodes -= static_cast<size_t>(k);
  }

  bool Useful(const NodeSet& s) const {
    ResVec cap(demand_.size(), 0);
    for (size_t t = 0; t < types_.size(); ++t)
      AddScaled(cap, pricer_.capacity(types_[t]), s.count[t]);
    if (!AllLessEqual(demand_, cap)) return false;
    for (uint32_t c = 0; c < in_.counts.size(); ++c) {
      if (in_.counts[c] <= 0) continue;
      bool fits = false;
      for (size_t t = 0; t < types_.size() && !fits; ++t) {
        fits = s.count[t] > 0 && AllLessEqual(classes_[c].load, pricer_.capacity(types_[t]));
      }
      if (!fits) return false;
    }
    return true;
  }

  // First fit (largest nodes first), then search; the plan when every item fits.
  std::optional<std::vector<Bin>> Pack(const NodeSet& s) {
    caps_.clear();
    bin_type_.clear();
    for (size_t t = types_.size(); t-- > 0;) {
      for (int32_t k = 0; k < s.count[t]; ++k) {
        caps_.push_back(&pricer_.capacity(types_[t]));
        bin_type_.push_back(static_cast<uint32_t>(t));
      }
    }
    loads_.assign(caps_.size(), ResVec(demand_.size(), 0));
    assign_.assign(items_.size(), 0);
    used_ += static_cast<int64_t>(items_.size());
    bool placed = true;
    for (size_t i = 0; i < items_.size() && placed; ++i) {
      placed = false;
      for (size_t j = 0; j < caps_.size() && !placed; ++j) placed = Place(i, j);
    }
    if (!placed) {
      loads_.assign(caps_.size(), ResVec(demand_.size(), 0));
      free_.assign(demand_.size(), 0);
      for (const ResVec* cap : caps_) AddInto(free_, *cap);
      // One set's search may not starve the cheaper-than-it sets after it.
      dfs_limit_ = std::min(in_.limit, used_ + kSearchPerSet);
      if (!Dfs(0)) return std::nullopt;
    }
    std::vector<Bin> bins(caps_.size());
    for (size_t i = 0; i < items_.size(); ++i) AddCount(bins[assign_[i]].counts, items_[i], 1);
    for (size_t j = 0; j < bins.size(); ++j) {
      bins[j].base = ResVec(demand_.size(), 0);
      bins[j].load = loads_[j];
      PriceBin(pricer_, bins[j]);
    }
    std::erase_if(bins, [](const Bin& b) { return b.counts.empty(); });
    return bins;
  }

  // Puts item i on bin j when it fits.
  bool Place(size_t i, size_t j) {
    const ResVec& item = classes_[items_[i]].load;
    AddInto(loads_[j], item);
    if (AllLessEqual(loads_[j], *caps_[j])) {
      assign_[i] = static_cast<uint32_t>(j);
      return true;
    }
    AddScaled(loads_[j], item, -1);
    return false;
  }

  bool Dfs(size_t i) {
    if (++used_ > dfs_limit_) return false;
    if (i == items_.size()) return true;
    if (!AllLessEqual(suffix_[i], free_)) return false;
    const ResVec& item = classes_[items_[i]].load;
    size_t start = i > 0 && items_[i - 1] == items_[i] ? assign_[i - 1] : 0;
    for (size_t j = start; j < caps_.size(); ++j) {
      bool same = false;
      for (size_t k = start; k < j && !same; ++k) {
        same = bin_type_[k] == bin_type_[j] && loads_[k] == loads_[j];
      }
      if (same || !Place(i, j)) continue;
      AddScaled(free_, item, -1);
      if (Dfs(i + 1)) return true;
      AddInto(free_, item);
      AddScaled(loads_[j], item, -1);
      if (used_ > dfs_limit_) return false;
    }
    return false;
  }

  static constexpr size_t kMaxSets = 4096;
  static constexpr int64_t kSearchPerSet = 2000;
  int64_t dfs_limit_ = 0;
  const SearchInput& in_;
  const NodePricer& pricer_;
  const std::vector<ItemClass>& classes_;
  std::vector<uint32_t> types_;  // the pricer's types cheaper than the plan to beat, cheapest first
  std::vector<std::vector<char>> mergeable_;
  std::vector<std::vector<double>> reach_;
  std::vector<NodeSet> sets_;
  std::vector<uint32_t> items_;  // class per item
  ResVec demand_;
  std::vector<ResVec> suffix_;  // demand of items i..
  std::vector<const ResVec*> caps_;
  std::vector<uint32_t> bin_type_;
  std::vector<ResVec> loads_;
  std::vector<uint32_t> assign_;
  ResVec free_;
  int64_t used_ = 0;
};

}  // namespace

std::optional<std::vector<Bin>> SearchNodeSets(const SearchInput& in, int64_t* used) {
  NodeSetSearch search(in);
  std::optional<std::vector<Bin>> out = search.Run();
  *used = search.used();
  return out;
}

}  // namespace swell::provisioning::detail
