// The scheduling simulation on Karpenter's own benchmark workload (karpenter.md §6.1,
// scheduling_benchmark_test.go): 400 generated instance types, one NodePool, pods in five
// equal groups (no constraint, zone spread, hostname spread, zone self-affinity, hostname
// anti-affinity). Reports pods/s, NodeClaims, their total hourly price and peak RSS.
//
// BM_CostGap compares the price of swell's NodeClaims with the exact optimum of the same
// bin-packing problem solved by GLPK (glpsol, Debian package glpk-utils), run as a separate
// process from this benchmark only; nothing of it is linked into swell.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cloud/instance_types.h"
#include "provisioning/scheduling/launch.h"
#include "provisioning/scheduling/scheduler.h"

namespace swell::provisioning {
namespace {

using api::Quantity;

// fake.InstanceTypes(n): fake-it-i with cpu i+1, memory 2(i+1)Gi, pods 10(i+1), spot in zones
// 1-2 and on-demand in zones 1-3, every offering at 0.1 x cpu + 0.1 x memory bytes / 1e9,
// kube-reserved 100m cpu and 10Mi memory.
std::deque<cloud::InstanceType> FakeInstanceTypes(int n) {
  std::deque<cloud::InstanceType> out;
  for (int i = 0; i < n; ++i) {
    cloud::InstanceType it;
    it.name = "fake-it-" + std::to_string(i);
    int64_t cpu = i + 1;
    int64_t mem = int64_t{2 * (i + 1)} << 30;
    it.labels = {{"node.kubernetes.io/instance-type", it.name},
                 {"kubernetes.io/arch", "amd64"},
                 {"kubernetes.io/os", "linux"}};
    it.capacity = {{"cpu", Quantity::FromInt(cpu)},
                   {"memory", Quantity::FromInt(mem, Quantity::Format::kBinarySI)},
                   {"pods", Quantity::FromInt(10 * (i + 1))}};
    it.overhead.kube_reserved = {{"cpu", Quantity::MustParse("100m")},
                                 {"memory", Quantity::MustParse("10Mi")}};
    double price = 0.1 * static_cast<double>(cpu) + 0.1 * static_cast<double>(mem) / 1e9;
    for (auto [zone, ct] :
         std::vector<std::pair<std::string, std::string>>{{"test-zone-1", "spot"},
                                                          {"test-zone-2", "spot"},
                                                          {"test-zone-1", "on-demand"},
                                                          {"test-zone-2", "on-demand"},
                                                          {"test-zone-3", "on-demand"}}) {
      it.offerings.push_back({zone, ct, price, true});
    }
    out.push_back(std::move(it));
  }
  return out;
}

struct Workload {
  std::deque<cloud::InstanceType> types;
  api::NodePool pool;
  std::deque<api::Pod> pods;
  Snapshot snapshot;
};

class PodMaker {
 public:
  explicit PodMaker(uint32_t seed) : rng_(seed) {}
  api::Pod Make(int i) {
    static const char* kCpu[] = {"100m", "250m", "500m", "1000m", "1500m"};
    static const char* kMem[] = {"100Mi", "256Mi", "512Mi", "1Gi", "2Gi", "4Gi"};
    api::Pod p;
    p.metadata.name = "pod-" + std::to_string(i);
    p.metadata.namespace_ = "default";
    p.metadata.uid = "uid-" + std::to_string(i);
    api::Container c;
    c.name = "app";
    c.resources.requests["cpu"] = Quantity::MustParse(kCpu[rng_() % 5]);
    c.resources.requests["memory"] = Quantity::MustParse(kMem[rng_() % 6]);
    p.spec.containers.push_back(c);
    return p;
  }
  std::string Label() { return std::string(1, static_cast<char>('a' + rng_() % 7)); }

 private:
  std::mt19937 rng_;
};

// makeDiversePods(count).
void DiversePods(int count, std::deque<api::Pod>& out) {
  PodMaker m(42);
  int per = count / 5, i = 0;
  auto selector = [](const std::string& k, const std::string& v) {
    return api::LabelSelector{{{k, v}}, {}};
  };
  for (int g = 0; g < 5; ++g) {
    for (int j = 0; j < per; ++j) {
      api::Pod p = m.Make(i++);
      switch (g) {
        case 0:
          p.metadata.labels["my-label"] = m.Label();
          break;
        case 1:
        case 2: {
          p.metadata.labels["my-label"] = m.Label();
          api::TopologySpreadConstraint tsc;
          tsc.max_skew = 1;
          tsc.topology_key = g == 1 ? "topology.kubernetes.io/zone" : "kubernetes.io/hostname";
          tsc.when_unsatisfiable = "DoNotSchedule";
          tsc.label_selector = selector("my-label", m.Label());
          p.spec.topology_spread_constraints.push_back(tsc);
          break;
        }
        case 3: {
          std::string v = m.Label();
          p.metadata.labels["my-affininity"] = v;
          api::PodAffinityTerm term;
          term.topology_key = "topology.kubernetes.io/zone";
          term.label_selector = selector("my-affininity", v);
          p.spec.affinity.emplace()
              .pod_affinity.emplace()
              .required_during_scheduling_ignored_during_execution.push_back(term);
          break;
        }
        default: {
          p.metadata.labels["app"] = "nginx";
          api::PodAffinityTerm term;
          term.topology_key = "kubernetes.io/hostname";
          term.label_selector = selector("app", "nginx");
          p.spec.affinity.emplace()
              .pod_anti_affinity.emplace()
              .required_during_scheduling_ignored_during_execution.push_back(term);
        }
      }
      out.push_back(std::move(p));
    }
  }
  while (i < count) {
    api::Pod p = m.Make(i++);
    p.metadata.labels["my-label"] = m.Label();
    out.push_back(std::move(p));
  }
}

std::unique_ptr<Workload> MakeWorkload(int pods) {
  auto w = std::make_unique<Workload>();
  w->types = FakeInstanceTypes(400);
  w->pool.metadata.name = "default";
  w->pool.spec.limits["cpu"] = Quantity::MustParse("10000000");
  w->pool.spec.limits["memory"] = Quantity::MustParse("10000000Gi");
  DiversePods(pods, w->pods);
  for (const auto& p : w->pods) w->snapshot.pods.push_back(&p);
  NodePoolInput in;
  in.nodepool = &w->pool;
  for (const auto& t : w->types) in.instance_types.push_back(&t);
  w->snapshot.nodepools.push_back(std::move(in));
  return w;
}

// What the NodeClaims cost per hour when launched (ChooseLaunch on each).
double HourlyPrice(const Results& r) {
  double total = 0;
  for (const NewNodeClaim& nc : r.new_node_claims) {
    auto choice = ChooseLaunch(nc.requirements, nc.instance_types, nc.requests, {});
    if (choice.ok()) total += choice->offering->price_per_hour;
  }
  return total;
}

double PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

void BM_Scheduling(benchmark::State& state) {
  auto w = MakeWorkload(static_cast<int>(state.range(0)));
  Results last;
  for (auto _ : state) {
    StatusOr<Results> r = Solve(w->snapshot);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      return;
    }
    last = std::move(r).value();
    benchmark::DoNotOptimize(last);
  }
  size_t unscheduled = 0;
  for (const auto& p : last.pods) unscheduled += p.where == PodResult::Where::kUnschedulable;
  if (unscheduled > 0) state.SkipWithError("some pods did not schedule");
  state.counters["pods/s"] = benchmark::Counter(static_cast<double>(state.range(0)),
                                                benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = static_cast<double>(last.new_node_claims.size());
  state.counters["$/h"] = HourlyPrice(last);
  state.counters["attempts"] = static_cast<double>(last.attempts);
  state.counters["peakRSS_MiB"] = PeakRssMiB();
}
BENCHMARK(BM_Scheduling)->Arg(100)->Arg(1000)->Arg(5000)->Arg(20000)->Unit(benchmark::kMillisecond);

// ---- cost quality against an exact optimum ---------------------------------------------------

// Exact minimum hourly price to place `pods` on instance types from `types` (pods may share a
// node when the sum of their requests fits its allocatable), as a MILP solved by glpsol:
//   min sum_b sum_t price_t y_bt
//   sum_b x_ib = 1                 every pod on one node (node b <= pod i, symmetry breaking)
//   sum_t y_bt <= 1                a node has one type
//   sum_i req_ir x_ib <= sum_t alloc_tr y_bt   for cpu, memory, pods
// Returns the best solution glpsol found within its time limit (the optimum when *optimal), or a
// negative value when glpsol is missing; *bound receives its best lower bound.
double ExactOptimum(const std::deque<api::Pod>& pods, const std::deque<cloud::InstanceType>& types,
                    bool* optimal, double* bound) {
  const std::vector<std::string> resources = {"cpu", "memory", "pods"};
  auto amount = [](const std::string& r, const Quantity& q) {
    return r == "cpu" ? static_cast<double>(q.MilliValue()) : static_cast<double>(q.Value());
  };
  std::vector<std::map<std::string, double>> req;
  for (const auto& p : pods) {
    api::ResourceList r = api::PodRequests(p.spec);
    r["pods"] = Quantity::FromInt(1);
    std::map<std::string, double> m;
    for (const auto& name : resources) m[name] = r.count(name) ? amount(name, r.at(name)) : 0;
    req.push_back(m);
  }
  size_t n = pods.size();
  std::ostringstream lp;
  lp << "Minimize\n obj:";
  for (size_t b = 0; b < n; ++b) {
    for (size_t t = 0; t < types.size(); ++t) {
      double price = types[t].CheapestOffering()->price_per_hour;
      lp << " + " << price << " y_" << b << "_" << t;
    }
  }
  lp << "\nSubject To\n";
  for (size_t i = 0; i < n; ++i) {
    lp << " a" << i << ":";
    for (size_t b = 0; b <= i; ++b) lp << " + x_" << i << "_" << b;
    lp << " = 1\n";
  }
  for (size_t b = 0; b < n; ++b) {
    lp << " t" << b << ":";
    for (size_t t = 0; t < types.size(); ++t) lp << " + y_" << b << "_" << t;
    lp << " <= 1\n";
    for (const auto& r : resources) {
      lp << " c" << b << "_" << r << ":";
      for (size_t i = b; i < n; ++i) lp << " + " << req[i][r] << " x_" << i << "_" << b;
      for (size_t t = 0; t < types.size(); ++t) {
        api::ResourceList alloc = types[t].Allocatable();
        double a = alloc.count(r) ? amount(r, alloc.at(r)) : 0;
        lp << " - " << a << " y_" << b << "_" << t;
      }
      lp << " <= 0\n";
    }
  }
  lp << "Binary\n";
  for (size_t i = 0; i < n; ++i) {
    for (size_t b = 0; b <= i; ++b) lp << " x_" << i << "_" << b << "\n";
  }
  for (size_t b = 0; b < n; ++b) {
    for (size_t t = 0; t < types.size(); ++t) lp << " y_" << b << "_" << t << "\n";
  }
  lp << "End\n";
  std::string dir = "/tmp/swell_costgap";
  std::system(("mkdir -p " + dir).c_str());
  std::ofstream(dir + "/problem.lp") << lp.str();
  std::string cmd = "glpsol --lp " + dir + "/problem.lp --tmlim 60 -o " + dir + "/solution.txt > " +
                    dir + "/glpsol.log 2>&1";
  if (std::system(cmd.c_str()) != 0) return -1;
  std::ifstream in(dir + "/solution.txt");
  std::string line;
  double objective = -1;
  *optimal = false;
  while (std::getline(in, line)) {
    if (line.rfind("Status:", 0) == 0) *optimal = line.find("INTEGER OPTIMAL") != std::string::npos;
    if (line.rfind("Objective:", 0) == 0) {
      auto eq = line.find('=');
      if (eq != std::string::npos) objective = std::atof(line.c_str() + eq + 1);
    }
  }
  // The last progress line "+N: mip = <incumbent> >= <bound> ..." holds the best bound.
  *bound = objective;
  std::ifstream log(dir + "/glpsol.log");
  while (std::getline(log, line)) {
    auto ge = line.find(">=");
    if (line.find("mip =") != std::string::npos && ge != std::string::npos) {
      std::string rest = line.substr(ge + 2);
      if (rest.find("tree is empty") == std::string::npos) *bound = std::atof(rest.c_str());
    }
  }
  if (*optimal) *bound = objective;
  return objective;
}

// A real-price catalog slice: c5, m5, r5 and m6g at large..4xlarge (16 types, EC2 overhead).
std::deque<cloud::InstanceType> AwsSlice() {
  std::deque<cloud::InstanceType> out;
  cloud::CatalogOptions options;
  options.capacity_types = {"on-demand"};
  auto catalog = cloud::Catalog::LoadAws(options);
  if (!catalog.ok()) return out;
  for (std::string family : {"c5", "m5", "r5", "m6g"}) {
    for (std::string size : {"large", "xlarge", "2xlarge", "4xlarge"}) {
      if (const cloud::InstanceType* t = catalog->Find(family + "." + size)) out.push_back(*t);
    }
  }
  return out;
}

void BM_CostGap(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  bool aws = state.range(1) != 0;
  std::deque<cloud::InstanceType> types = aws ? AwsSlice() : FakeInstanceTypes(20);
  api::NodePool pool;
  pool.metadata.name = "default";
  std::deque<api::Pod> pods;
  PodMaker m(static_cast<uint32_t>(1000 + n));
  for (int i = 0; i < n; ++i) pods.push_back(m.Make(i));
  Snapshot s;
  for (const auto& p : pods) s.pods.push_back(&p);
  NodePoolInput in;
  in.nodepool = &pool;
  for (const auto& t : types) in.instance_types.push_back(&t);
  s.nodepools.push_back(std::move(in));
  double swell = 0, exact = 0;
  size_t nodes = 0;
  Options karpenter;
  karpenter.cost_aware_packing = false;
  for (auto _ : state) {
    StatusOr<Results> r = Solve(s);
    StatusOr<Results> k = Solve(s, karpenter);
    if (!r.ok() || !k.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      return;
    }
    swell = HourlyPrice(*r);
    exact = HourlyPrice(*k);
    nodes = r->new_node_claims.size();
  }
  state.counters["karpenter_$/h"] = exact;
  bool optimal = false;
  double bound = 0;
  double best = ExactOptimum(pods, types, &optimal, &bound);
  if (best <= 0) {
    state.SkipWithError("glpsol unavailable or failed (install glpk-utils)");
    return;
  }
  state.counters["swell_$/h"] = swell;
  state.counters["optimum_$/h"] = best;
  // The true gap lies between the gap to glpsol's best solution and the gap to its bound.
  state.counters["gap_%"] = 100.0 * (swell - best) / best;
  state.counters["gap_to_bound_%"] = bound > 0 ? 100.0 * (swell - bound) / bound : -1;
  state.counters["proven_optimal"] = optimal ? 1 : 0;
  state.counters["nodes"] = static_cast<double>(nodes);
}
BENCHMARK(BM_CostGap)
    ->ArgsProduct({{10, 20, 40, 60}, {0, 1}})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace swell::provisioning
