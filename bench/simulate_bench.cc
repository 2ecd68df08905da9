// Simulation speed: the seed's ScaledObject against the 200,000-message burst, one simulated
// hour (examples/order-burst/scenario.yaml), end to end: world assembly (manifests, catalog,
// queues) and the run. Target: <= 0.5 s wall on one core (issue 3). Figures: bench/README.md.
#include <benchmark/benchmark.h>

#include <string>

#include "sim/world.h"

namespace {

const char* kSeedScenario = "examples/order-burst/scenario.yaml";

void BM_SimulateSeedBurstOneHour(benchmark::State& state) {
  auto scenario = swell::sim::LoadScenario(kSeedScenario);
  if (!scenario.ok()) {
    state.SkipWithError(scenario.status().message().c_str());
    return;
  }
  uint64_t events = 0;
  double simulated_s = 0;
  for (auto _ : state) {
    auto world = swell::sim::World::Create(*scenario);
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
BENCHMARK(BM_SimulateSeedBurstOneHour)->Unit(benchmark::kMillisecond);

}  // namespace
