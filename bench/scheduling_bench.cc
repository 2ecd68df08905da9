// The scheduling simulation on Karpenter's own benchmark workload (karpenter.md §6.1,
// scheduling_benchmark_test.go): 400 generated instance types, one NodePool, pods in five
// equal groups (no constraint, zone spread, hostname spread, zone self-affinity, hostname
// anti-affinity). Reports pods/s, NodeClaims, their total hourly price and peak RSS, with
// swell's cost-aware packing (the default) and with Karpenter's exact plan
// (Options::cost_aware_packing = false). Plan quality against an exact optimum:
// cost_gap_bench.cc.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "cloud/instance_types.h"
#include "provisioning/scheduling/scheduler.h"
#include "scheduling_workload.h"

namespace swell::provisioning::bench {
namespace {

struct Workload {
  std::deque<cloud::InstanceType> types;
  api::NodePool pool;
  std::deque<api::Pod> pods;
  Snapshot snapshot;
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

double PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// Args: pods, cost_aware_packing (0: Karpenter's exact plan, 1: swell's default).
void BM_Scheduling(benchmark::State& state) {
  auto w = MakeWorkload(static_cast<int>(state.range(0)));
  Options options;
  options.cost_aware_packing = state.range(1) != 0;
  Results last;
  for (auto _ : state) {
    StatusOr<Results> r = Solve(w->snapshot, options);
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
BENCHMARK(BM_Scheduling)
    ->ArgsProduct({{100, 1000, 5000, 20000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace swell::provisioning::bench
