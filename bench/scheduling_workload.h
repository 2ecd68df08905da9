// Workload pieces shared by the scheduling benchmarks (scheduling_bench, cost_gap_bench):
// Karpenter's fake instance types, generated pods and the hourly price of a plan.
#pragma once

#include <deque>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "api/core/pod.h"
#include "cloud/instance_types.h"
#include "provisioning/scheduling/launch.h"
#include "provisioning/scheduling/scheduler.h"

namespace swell::provisioning::bench {

using api::Quantity;

// fake.InstanceTypes(n): fake-it-i with cpu i+1, memory 2(i+1)Gi, pods 10(i+1), spot in zones
// 1-2 and on-demand in zones 1-3, every offering at 0.1 x cpu + 0.1 x memory bytes / 1e9,
// kube-reserved 100m cpu and 10Mi memory.
inline std::deque<cloud::InstanceType> FakeInstanceTypes(int n) {
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

// What the NodeClaims cost per hour when launched (ChooseLaunch on each).
inline double HourlyPrice(const Results& r) {
  double total = 0;
  for (const NewNodeClaim& nc : r.new_node_claims) {
    auto choice = ChooseLaunch(nc.requirements, nc.instance_types, nc.requests, {});
    if (choice.ok()) total += choice->offering->price_per_hour;
  }
  return total;
}

}  // namespace swell::provisioning::bench
