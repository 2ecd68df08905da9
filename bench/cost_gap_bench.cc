// Plan quality: the hourly price of swell's NodeClaims for generic pods (no constraints), with
// swell's cost-aware packing (the default) and with Karpenter's exact plan
// (Options::cost_aware_packing = false), against the exact optimum of the same bin-packing
// problem. The optimum is proven with GLPK (glpsol, Debian package glpk-utils), run as a
// separate process from this benchmark only; nothing of it is linked into swell.
//
// How the optimum is found (ExactOptimum): candidate node sets (how many nodes of each type)
// are enumerated cheapest first, and glpsol decides for each whether the pods can be packed
// onto exactly those nodes; the first that can is optimal. Two facts keep the enumeration
// small without losing the optimum: a type that another dominates (at least as much of every
// resource for at most the price) is never needed, and two nodes that one node of some type
// could hold together (at least the sum of their resources for at most the sum of their
// prices) can always be merged, so only node sets with no such pair are tried.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cloud/instance_types.h"
#include "provisioning/scheduling/scheduler.h"
#include "scheduling_workload.h"

namespace swell::provisioning::bench {
namespace {

constexpr size_t kResources = 3;  // cpu (m), memory (KiB), pods

struct LpType {
  std::string name;
  double price;
  std::vector<int64_t> alloc;  // kResources
};

struct PodClass {
  std::vector<int64_t> request;  // kResources
  int64_t count;
};

std::vector<int64_t> LpAmounts(const api::ResourceList& r) {
  auto get = [&](const char* name) {
    auto it = r.find(name);
    return it == r.end() ? api::Quantity() : it->second;
  };
  // Every amount in these cases is a whole KiB, so KiB is exact.
  return {get("cpu").MilliValue(), get("memory").Value() / 1024, get("pods").Value()};
}

bool Holds(const std::vector<int64_t>& cap, const std::vector<int64_t>& load) {
  for (size_t r = 0; r < kResources; ++r) {
    if (cap[r] < load[r]) return false;
  }
  return true;
}

// Types no other type dominates (the cheapest offering's price, the allocatable).
std::vector<LpType> ParetoTypes(const std::deque<cloud::InstanceType>& types) {
  std::vector<LpType> all, out;
  for (const auto& t : types) {
    all.push_back({t.name, t.CheapestOffering()->price_per_hour, LpAmounts(t.Allocatable())});
  }
  for (size_t a = 0; a < all.size(); ++a) {
    bool dominated = false;
    for (size_t b = 0; b < all.size() && !dominated; ++b) {
      dominated = b != a && Holds(all[b].alloc, all[a].alloc) && all[b].price <= all[a].price &&
                  (all[b].price < all[a].price || all[b].alloc != all[a].alloc || b < a);
    }
    if (!dominated) out.push_back(all[a]);
  }
  return out;
}

enum class Feasible { kYes, kNo, kUnknown };

// Whether glpsol packs `classes` onto one node of each type in `nodes` (a feasibility MILP:
// x_cn pods of class c on node n; per node and resource, sum_c req_cr x_cn <= alloc_r; equal
// consecutive nodes ordered by cpu load, which removes symmetric copies).
Feasible PackFeasible(const std::vector<PodClass>& classes, const std::vector<const LpType*>& nodes,
                      int time_limit_s) {
  auto x = [](size_t c, size_t n) { return " x" + std::to_string(c) + "_" + std::to_string(n); };
  std::ostringstream lp;
  lp << "Minimize\n obj: 0" << x(0, 0) << "\nSubject To\n";
  for (size_t c = 0; c < classes.size(); ++c) {
    lp << " a" << c << ":";
    for (size_t n = 0; n < nodes.size(); ++n) lp << " +" << x(c, n);
    lp << " = " << classes[c].count << "\n";
  }
  for (size_t n = 0; n < nodes.size(); ++n) {
    for (size_t r = 0; r < kResources; ++r) {
      lp << " c" << n << "_" << r << ":";
      for (size_t c = 0; c < classes.size(); ++c) lp << " + " << classes[c].request[r] << x(c, n);
      lp << " <= " << nodes[n]->alloc[r] << "\n";
    }
    if (n + 1 < nodes.size() && nodes[n + 1] == nodes[n]) {
      lp << " s" << n << ":";
      for (size_t c = 0; c < classes.size(); ++c) {
        lp << " + " << classes[c].request[0] << x(c, n) << " - " << classes[c].request[0]
           << x(c, n + 1);
      }
      lp << " >= 0\n";
    }
  }
  lp << "General\n";
  for (size_t c = 0; c < classes.size(); ++c) {
    for (size_t n = 0; n < nodes.size(); ++n) lp << x(c, n) << "\n";
  }
  lp << "End\n";
  std::string dir = "/tmp/swell_costgap";
  if (std::system(("mkdir -p " + dir).c_str()) != 0) return Feasible::kUnknown;
  std::ofstream(dir + "/problem.lp") << lp.str();
  std::string cmd = "glpsol --lp " + dir + "/problem.lp --tmlim " + std::to_string(time_limit_s) +
                    " -o " + dir + "/solution.txt > " + dir + "/glpsol.log 2>&1";
  if (std::system(cmd.c_str()) != 0) return Feasible::kUnknown;
  std::ifstream in(dir + "/solution.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Status:", 0) != 0) continue;
    if (line.find("INTEGER OPTIMAL") != std::string::npos) return Feasible::kYes;
    if (line.find("EMPTY") != std::string::npos) return Feasible::kNo;
    return Feasible::kUnknown;
  }
  // glpsol writes no solution when the LP relaxation is already infeasible.
  std::ifstream log(dir + "/glpsol.log");
  while (std::getline(log, line)) {
    if (line.find("PROBLEM HAS NO") != std::string::npos) return Feasible::kNo;
  }
  return Feasible::kUnknown;
}

struct NodeSet {
  double price = 0;
  std::vector<int> count;  // per type
};

// Every node set cheaper than `upper` with no mergeable pair whose nodes together can hold
// every resource the pods need and each pod class alone; cheapest first.
std::vector<NodeSet> CandidateNodeSets(const std::vector<LpType>& types,
                                       const std::vector<PodClass>& classes, double upper) {
  size_t n = types.size();
  std::vector<std::vector<char>> mergeable(n, std::vector<char>(n, 0));
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < n; ++b) {
      std::vector<int64_t> sum(kResources);
      for (size_t r = 0; r < kResources; ++r) sum[r] = types[a].alloc[r] + types[b].alloc[r];
      for (const LpType& c : types) {
        if (Holds(c.alloc, sum) && c.price <= types[a].price + types[b].price + 1e-12) {
          mergeable[a][b] = 1;
        }
      }
    }
  }
  std::vector<int64_t> demand(kResources, 0);
  for (const PodClass& c : classes) {
    for (size_t r = 0; r < kResources; ++r) demand[r] += c.request[r] * c.count;
  }
  std::vector<NodeSet> out;
  NodeSet cur;
  cur.count.assign(n, 0);
  auto useful = [&](const NodeSet& s) {
    std::vector<int64_t> cap(kResources, 0);
    for (size_t t = 0; t < n; ++t) {
      for (size_t r = 0; r < kResources; ++r) cap[r] += types[t].alloc[r] * s.count[t];
    }
    if (!Holds(cap, demand)) return false;
    for (const PodClass& c : classes) {
      bool fits = false;
      for (size_t t = 0; t < n && !fits; ++t)
        fits = s.count[t] > 0 && Holds(types[t].alloc, c.request);
      if (!fits) return false;
    }
    return true;
  };
  auto dfs = [&](auto&& self, size_t t) -> void {
    if (t == n) {
      if (useful(cur)) out.push_back(cur);
      return;
    }
    self(self, t + 1);
    for (size_t a = 0; a < t; ++a) {
      if (cur.count[a] > 0 && mergeable[a][t]) return;
    }
    for (int k = 1; cur.price + types[t].price < upper - 1e-9; ++k) {
      if (k >= 2 && mergeable[t][t]) break;
      cur.count[t] = k;
      cur.price += types[t].price;
      self(self, t + 1);
    }
    cur.price -= types[t].price * cur.count[t];
    cur.count[t] = 0;
  };
  dfs(dfs, 0);
  std::stable_sort(out.begin(), out.end(),
                   [](const NodeSet& a, const NodeSet& b) { return a.price < b.price; });
  return out;
}

struct Optimum {
  double best = -1;   // the cheapest plan known: a feasible node set's price, or `upper`
  double bound = -1;  // a lower bound on the optimum (== best when proven)
  bool proven = false;
  int checks = 0;     // glpsol runs
  std::string nodes;  // the optimal node set when cheaper than `upper`, e.g. "m6g.large m6g.xlarge"
};

// The exact minimum hourly price for `pods` on `types`, given a plan costing `upper`. Node sets
// glpsol cannot decide within `time_limit_s` leave the result unproven, with their cheapest
// price as the bound. best < 0: glpsol is missing.
Optimum ExactOptimum(const std::deque<api::Pod>& pods, const std::deque<cloud::InstanceType>& types,
                     double upper, int time_limit_s) {
  if (std::system("glpsol --version > /dev/null 2>&1") != 0) return Optimum{};
  std::vector<LpType> lp_types = ParetoTypes(types);
  std::map<std::vector<int64_t>, int64_t> counts;
  for (const auto& p : pods) {
    api::ResourceList r = api::PodRequests(p.spec);
    r["pods"] = Quantity::FromInt(1);
    ++counts[LpAmounts(r)];
  }
  std::vector<PodClass> classes;
  for (const auto& [request, count] : counts) classes.push_back({request, count});
  Optimum out;
  out.best = out.bound = upper;
  out.proven = true;
  for (const NodeSet& s : CandidateNodeSets(lp_types, classes, upper)) {
    std::vector<const LpType*> nodes;
    for (size_t t = 0; t < lp_types.size(); ++t)
      nodes.insert(nodes.end(), static_cast<size_t>(s.count[t]), &lp_types[t]);
    ++out.checks;
    Feasible f = PackFeasible(classes, nodes, time_limit_s);
    if (f == Feasible::kNo) continue;
    if (out.proven) out.bound = s.price;
    if (f == Feasible::kUnknown) {
      out.proven = false;
      continue;
    }
    out.best = s.price;
    for (const LpType* t : nodes) out.nodes += (out.nodes.empty() ? "" : " ") + t->name;
    return out;
  }
  return out;
}

// The instance types of a cost case: 0 = 20 of Karpenter's fake types (prices linear in size);
// a slice of the real EC2 catalog at large..4xlarge with on-demand prices and overhead from
// the embedded catalog: 1 = c5, m5, r5, m6g (16 types), 2 = c6i, m6i, r6i, c7g, m7g (20 types).
std::deque<cloud::InstanceType> CostTypes(int64_t set) {
  if (set == 0) return FakeInstanceTypes(20);
  std::deque<cloud::InstanceType> out;
  cloud::CatalogOptions options;
  options.capacity_types = {"on-demand"};
  auto catalog = cloud::Catalog::LoadAws(options);
  if (!catalog.ok()) return out;
  std::vector<std::string> families = {"c5", "m5", "r5", "m6g"};
  if (set == 2) families = {"c6i", "m6i", "r6i", "c7g", "m7g"};
  for (const std::string& family : families) {
    for (std::string size : {"large", "xlarge", "2xlarge", "4xlarge"}) {
      if (const cloud::InstanceType* t = catalog->Find(family + "." + size)) out.push_back(*t);
    }
  }
  return out;
}

struct CostCase {
  double karpenter = 0;  // $/h of the Karpenter-exact plan (cost_aware_packing = false)
  double swell = 0;      // $/h of swell's default plan (cost_aware_packing = true)
  size_t karpenter_nodes = 0, swell_nodes = 0;
  std::string swell_plan;  // each NodeClaim's cheapest type and cpu request
  Optimum optimum;
};

// `n` generic pods drawn with `seed`, one NodePool over `types`; both plans, then the optimum.
StatusOr<CostCase> RunCostCase(const std::deque<cloud::InstanceType>& types, int n, uint32_t seed,
                               int time_limit_s) {
  api::NodePool pool;
  pool.metadata.name = "default";
  std::deque<api::Pod> pods;
  PodMaker m(seed);
  for (int i = 0; i < n; ++i) pods.push_back(m.Make(i));
  Snapshot s;
  for (const auto& p : pods) s.pods.push_back(&p);
  NodePoolInput in;
  in.nodepool = &pool;
  for (const auto& t : types) in.instance_types.push_back(&t);
  s.nodepools.push_back(std::move(in));
  Options karpenter;
  karpenter.cost_aware_packing = false;
  StatusOr<Results> k = Solve(s, karpenter);
  if (!k.ok()) return k.status();
  // The exact optimum minimizes the price list alone, so swell's packer is measured on the same
  // objective: without the per-node overhead its default adds (Options::node_overhead_per_hour).
  Options swell;
  swell.node_overhead_per_hour = 0;
  StatusOr<Results> r = Solve(s, swell);
  if (!r.ok()) return r.status();
  CostCase out;
  out.karpenter = HourlyPrice(*k);
  out.swell = HourlyPrice(*r);
  out.karpenter_nodes = k->new_node_claims.size();
  out.swell_nodes = r->new_node_claims.size();
  for (const NewNodeClaim& nc : r->new_node_claims) {
    out.swell_plan += (out.swell_plan.empty() ? "" : " ") + nc.instance_types[0]->name + "(" +
                      nc.requests.at("cpu").ToString() + ")";
  }
  // SWELL_COSTGAP_NO_OPT set: both plans only, no glpsol (for quick comparisons of the packer).
  if (std::getenv("SWELL_COSTGAP_NO_OPT") != nullptr) {
    out.optimum.best = out.optimum.bound = out.swell;
    return out;
  }
  out.optimum = ExactOptimum(pods, types, std::min(out.karpenter, out.swell), time_limit_s);
  return out;
}

double GapPercent(double cost, double reference) { return 100.0 * (cost - reference) / reference; }

// One case (seed 1000 + pods, as in earlier figures). Args: pods, type set (CostTypes).
void BM_CostGap(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  std::deque<cloud::InstanceType> types = CostTypes(state.range(1));
  StatusOr<CostCase> c = InvalidArgument("not run");
  for (auto _ : state) c = RunCostCase(types, n, static_cast<uint32_t>(1000 + n), 60);
  if (!c.ok()) {
    state.SkipWithError(c.status().ToString().c_str());
    return;
  }
  if (c->optimum.best <= 0) {
    state.SkipWithError("glpsol unavailable (install glpk-utils)");
    return;
  }
  state.counters["karpenter_$/h"] = c->karpenter;
  state.counters["swell_$/h"] = c->swell;
  state.counters["optimum_$/h"] = c->optimum.best;
  state.counters["proven"] = c->optimum.proven ? 1 : 0;
  state.counters["gap_karpenter_%"] = GapPercent(c->karpenter, c->optimum.best);
  state.counters["gap_swell_%"] = GapPercent(c->swell, c->optimum.best);
  state.counters["gap_swell_to_bound_%"] = GapPercent(c->swell, c->optimum.bound);
  state.counters["nodes_karpenter"] = static_cast<double>(c->karpenter_nodes);
  state.counters["nodes_swell"] = static_cast<double>(c->swell_nodes);
  state.counters["glpsol_runs"] = c->optimum.checks;
}
BENCHMARK(BM_CostGap)
    ->ArgsProduct({{10, 20, 40, 60}, {0, 1, 2}})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// Ten seeded cases per row (seeds 100 x pods + 1..10): mean and max gap of both plans to the
// optimum. Args: pods, type set.
void BM_CostGapSeeds(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  std::deque<cloud::InstanceType> types = CostTypes(state.range(1));
  std::vector<CostCase> cases;
  for (auto _ : state) {
    cases.clear();
    for (uint32_t seed = 1; seed <= 10; ++seed) {
      StatusOr<CostCase> c = RunCostCase(types, n, static_cast<uint32_t>(100 * n) + seed, 30);
      if (!c.ok() || c->optimum.best <= 0) {
        state.SkipWithError(c.ok() ? "glpsol unavailable" : c.status().ToString().c_str());
        return;
      }
      cases.push_back(*c);
      if (std::getenv("SWELL_COSTGAP_VERBOSE") != nullptr) {
        std::fprintf(stderr,
                     "pods=%d seed=%u karpenter=%.4f swell=%.4f optimum=%.4f%s\n  swell: %s\n  "
                     "optimum: %s\n",
                     n, static_cast<uint32_t>(100 * n) + seed, c->karpenter, c->swell,
                     c->optimum.best, c->optimum.proven ? "" : " (unproven)", c->swell_plan.c_str(),
                     c->optimum.nodes.c_str());
      }
    }
  }
  double proven = 0, sum_k = 0, max_k = 0, sum_s = 0, max_s = 0, max_bound = 0;
  for (const CostCase& c : cases) {
    double gk = GapPercent(c.karpenter, c.optimum.best), gs = GapPercent(c.swell, c.optimum.best);
    sum_k += gk;
    sum_s += gs;
    max_k = std::max(max_k, gk);
    max_s = std::max(max_s, gs);
    max_bound = std::max(max_bound, GapPercent(c.swell, c.optimum.bound));
    proven += c.optimum.proven ? 1 : 0;
  }
  auto k = static_cast<double>(cases.size());
  state.counters["cases"] = k;
  state.counters["proven"] = proven;
  state.counters["mean_gap_karpenter_%"] = sum_k / k;
  state.counters["max_gap_karpenter_%"] = max_k;
  state.counters["mean_gap_swell_%"] = sum_s / k;
  state.counters["max_gap_swell_%"] = max_s;
  state.counters["max_gap_swell_to_bound_%"] = max_bound;
}
BENCHMARK(BM_CostGapSeeds)
    ->ArgsProduct({{10, 20, 40, 60}, {0, 1, 2}})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace swell::provisioning::bench
