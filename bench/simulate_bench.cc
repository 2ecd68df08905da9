// Simulation speed: the seed's manifests against the 200,000-message burst, one simulated hour
// (examples/order-burst/scenario.yaml), end to end: world assembly (manifests, catalog, queues,
// the simulated cloud) and the run with both halves, in each mode. Target: <= 1 s wall per mode
// on one core (issue 5). Figures: bench/README.md.
#include <benchmark/benchmark.h>

#include <string>

#include "sim/world.h"

namespace {

const char* kSeedScenario = "examples/order-burst/scenario.yaml";

void BM_SimulateSeedBurstOneHour(benchmark::State& state, swell::sim::Mode mode) {
  auto scenario = swell::sim::LoadScenario(kSeedScenario);
  if (!scenario.ok()) {
    state.SkipWithError(scenario.status().message().c_str());
    return;
  }
  uint64_t events = 0;
  double simulated_s = 0;
  for (auto _ : state) {
    auto world = swell::sim::World::Create(*scenario, {mode});
    if (!world.ok()) {
      state.SkipWithError(world.status().message().c_str());
      return;
    }
    (*world)->Run();
    events = (*world)->summary().sim_events;
    simulated_s =
        std::chrono::duration<double>((*world)->summary().end - (*world)->summary().start).count();
    benchmark::DoNotOptimize(world);
  }
  state.counters["sim_events"] = static_cast<double>(events);
  // Simulated seconds per wall second.
  state.counters["speedup"] = benchmark::Counter(
      simulated_s * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_SimulateSeedBurstOneHour, keda_karpenter, swell::sim::Mode::kKedaKarpenter)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SimulateSeedBurstOneHour, swell, swell::sim::Mode::kSwell)
    ->Unit(benchmark::kMillisecond);

}  // namespace
