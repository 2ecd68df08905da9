// swell's cost-aware packing through Solve (Options::cost_aware_packing; not a Karpenter
// behaviour): cheaper plans where Karpenter's exact packing overpays, and every scheduling
// constraint still holds (karpenter.md §2.3-§2.6).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "cloud/instance_types.h"
#include "provisioning/scheduling/launch.h"
#include "provisioning/scheduling/scheduler.h"
#include "provisioning/scheduling/test_world.h"

namespace swell::provisioning {
namespace {

using testing::World;

Options Karpenter() {
  Options o;
  o.cost_aware_packing = false;
  return o;
}

Results MustSolve(const World& w, const Options& o = {}) {
  Snapshot s = w.MakeSnapshot();
  StatusOr<Results> r = Solve(s, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

double HourlyPrice(const Results& r) {
  double total = 0;
  for (const NewNodeClaim& nc : r.new_node_claims) {
    auto choice = ChooseLaunch(nc.requirements, nc.instance_types, nc.requests, {});
    EXPECT_TRUE(choice.ok()) << choice.status().ToString();
    if (choice.ok()) total += choice->offering->price_per_hour;
  }
  return total;
}

void AddFamily(World& w) {
  w.AddType({"m.large", 2, 8, 0.10});
  w.AddType({"m.xlarge", 4, 16, 0.20});
  w.AddType({"m.2xlarge", 8, 32, 0.40});
}

std::string Zone(const NewNodeClaim& nc) {
  const api::Requirement* z = nc.requirements.Find("topology.kubernetes.io/zone");
  return z != nullptr && !z->complement() && z->Values().size() == 1 ? z->Values()[0] : "";
}

// Every NodeClaim's requests (pods plus daemon overhead) fit every instance type it lists, and
// each type is compatible with the NodeClaim's requirements and each of its pods' node selector.
void ExpectClaimsValid(World& w, const Results& r) {
  for (const NewNodeClaim& nc : r.new_node_claims) {
    ASSERT_FALSE(nc.instance_types.empty());
    for (const cloud::InstanceType* it : nc.instance_types) {
      EXPECT_TRUE(api::Fits(nc.requests, it->Allocatable())) << it->name;
      for (size_t p : nc.pods) {
        for (const auto& [k, v] : w.pods()[p].spec.node_selector) {
          const std::string* label = it->Label(k);
          EXPECT_TRUE(label == nullptr || *label == v) << it->name << " " << k;
        }
      }
    }
  }
}

size_t Scheduled(const Results& r) {
  size_t n = 0;
  for (const PodResult& p : r.pods) n += p.where != PodResult::Where::kUnschedulable;
  return n;
}

// Five 1-cpu pods: Karpenter packs them on one NodeClaim whose cheapest type is m.2xlarge (0.40);
// m.xlarge + m.large (0.30) holds them too.
TEST(CostAwarePackingTest, SplitsWhenTwoSmallerNodesAreCheaper) {
  World w;
  AddFamily(w);
  w.AddPool("default");
  for (int i = 0; i < 5; ++i) w.AddPod("p" + std::to_string(i), "1", "1Gi");
  Results karpenter = MustSolve(w, Karpenter());
  ASSERT_EQ(karpenter.new_node_claims.size(), 1u);
  EXPECT_EQ(karpenter.new_node_claims[0].instance_types[0]->name, "m.2xlarge");
  // Spot (0.7 x on-demand) is what launches.
  EXPECT_NEAR(HourlyPrice(karpenter), 0.28, 1e-9);

  Results swell = MustSolve(w);
  ASSERT_EQ(swell.new_node_claims.size(), 2u);
  EXPECT_NEAR(HourlyPrice(swell), 0.21, 1e-9);
  std::multiset<std::string> cheapest;
  for (const auto& nc : swell.new_node_claims) cheapest.insert(nc.instance_types[0]->name);
  EXPECT_EQ(cheapest, (std::multiset<std::string>{"m.large", "m.xlarge"}));
  EXPECT_EQ(Scheduled(swell), 5u);
  for (size_t i = 0; i < swell.pods.size(); ++i) {
    const PodResult& p = swell.pods[i];
    ASSERT_EQ(p.where, PodResult::Where::kNewNodeClaim);
    const auto& pods = swell.new_node_claims[p.index].pods;
    EXPECT_NE(std::find(pods.begin(), pods.end(), i), pods.end());
  }
  ExpectClaimsValid(w, swell);
}

// Real EC2 prices (the embedded catalog, on-demand, with its overhead): m5.large..m5.8xlarge.
World M5World() {
  World w;
  cloud::CatalogOptions options;
  options.capacity_types = {"on-demand"};
  StatusOr<cloud::Catalog> catalog = cloud::Catalog::LoadAws(options);
  EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
  if (!catalog.ok()) return w;
  for (const char* size : {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge"}) {
    const cloud::InstanceType* t = catalog->Find(std::string("m5.") + size);
    EXPECT_NE(t, nullptr) << size;
    if (t != nullptr) w.AddType(*t);
  }
  w.AddPool("default");
  return w;
}

// Three pods of 7 vCPU on EC2 prices: Karpenter piles them on one NodeClaim launched as
// m5.8xlarge ($1.536/h); an m5.4xlarge holding two and an m5.2xlarge holding one cost $1.152/h.
TEST(CostAwarePackingTest, Ec2SevenCpuPodsSplitWhenCheaper) {
  World w = M5World();
  for (int i = 0; i < 3; ++i) w.AddPod("p" + std::to_string(i), "7", "4Gi");
  Results karpenter = MustSolve(w, Karpenter());
  ASSERT_EQ(karpenter.new_node_claims.size(), 1u);
  EXPECT_EQ(karpenter.new_node_claims[0].instance_types[0]->name, "m5.8xlarge");
  EXPECT_NEAR(HourlyPrice(karpenter), 1.536, 1e-9);

  Results swell = MustSolve(w);
  EXPECT_EQ(Scheduled(swell), 3u);
  ASSERT_EQ(swell.new_node_claims.size(), 2u);
  EXPECT_NEAR(HourlyPrice(swell), 0.768 + 0.384, 1e-9);
  std::multiset<std::string> cheapest;
  for (const auto& nc : swell.new_node_claims) cheapest.insert(nc.instance_types[0]->name);
  EXPECT_EQ(cheapest, (std::multiset<std::string>{"m5.2xlarge", "m5.4xlarge"}));
  ExpectClaimsValid(w, swell);
}

// Four such pods: two m5.4xlarge cost exactly one m5.8xlarge, so the one-node plan stays (at an
// equal price, fewer nodes win).
TEST(CostAwarePackingTest, Ec2EqualPriceKeepsFewerNodes) {
  World w = M5World();
  for (int i = 0; i < 4; ++i) w.AddPod("p" + std::to_string(i), "7", "4Gi");
  Results swell = MustSolve(w);
  EXPECT_EQ(Scheduled(swell), 4u);
  ASSERT_EQ(swell.new_node_claims.size(), 1u);
  EXPECT_NEAR(HourlyPrice(swell), HourlyPrice(MustSolve(w, Karpenter())), 1e-9);
}

// §2.5: with minValues 2 on the instance type, Karpenter stops a NodeClaim at 4 cpu (two types
// hold it) and plans 4 + 4. One l node (8 cpu) would be cheaper but lists one type only, so the
// re-packed plan is rejected and every NodeClaim still offers two types.
TEST(CostAwarePackingTest, MinValuesStillHonoured) {
  World w;
  w.AddType({"m.small", 2, 8, 0.15});
  w.AddType({"m.medium", 4, 16, 0.20});
  w.AddType({"m.big", 8, 32, 0.30});
  w.AddPool("default").spec.template_.spec.requirements.push_back(
      {"node.kubernetes.io/instance-type", "Exists", {}, 2});
  for (int i = 0; i < 8; ++i) w.AddPod("p" + std::to_string(i), "1", "1Gi");
  Results karpenter = MustSolve(w, Karpenter()), swell = MustSolve(w);
  EXPECT_EQ(Scheduled(swell), 8u);
  ASSERT_EQ(karpenter.new_node_claims.size(), 2u);
  EXPECT_NEAR(HourlyPrice(swell), HourlyPrice(karpenter), 1e-9);
  for (const auto& nc : swell.new_node_claims) EXPECT_GE(nc.instance_types.size(), 2u);
  ExpectClaimsValid(w, swell);

  // Without minValues both plans put the eight pods on one m.big.
  World free;
  for (const auto& t : w.types()) free.AddType(t);
  free.AddPool("default");
  for (int i = 0; i < 8; ++i) free.AddPod("p" + std::to_string(i), "1", "1Gi");
  EXPECT_NEAR(HourlyPrice(MustSolve(free)), 0.30 * 0.7, 1e-9);
}

// When Karpenter's plan is already the cheapest, nothing changes.
TEST(CostAwarePackingTest, KeepsKarpentersPlanWhenNothingIsCheaper) {
  World w;
  AddFamily(w);
  w.AddPool("default");
  for (int i = 0; i < 4; ++i) w.AddPod("p" + std::to_string(i), "1", "1Gi");
  Results karpenter = MustSolve(w, Karpenter()), swell = MustSolve(w);
  ASSERT_EQ(swell.new_node_claims.size(), karpenter.new_node_claims.size());
  for (size_t i = 0; i < swell.new_node_claims.size(); ++i) {
    EXPECT_EQ(swell.new_node_claims[i].pods, karpenter.new_node_claims[i].pods);
    EXPECT_EQ(swell.new_node_claims[i].requirements, karpenter.new_node_claims[i].requirements);
  }
}

// §2.6: pods with hostname anti-affinity never move and never share a node, even when merging
// them would be cheaper; the generic pods around them are re-packed.
TEST(CostAwarePackingTest, HostnameAntiAffinityStaysOnePerNode) {
  World w;
  AddFamily(w);
  w.AddPool("default");
  for (int i = 0; i < 3; ++i) {
    api::Pod& p = w.AddPod("db" + std::to_string(i), "500m", "1Gi");
    p.metadata.labels["app"] = "db";
    api::PodAffinityTerm term;
    term.topology_key = "kubernetes.io/hostname";
    term.label_selector = api::LabelSelector{{{"app", "db"}}, {}};
    p.spec.affinity.emplace()
        .pod_anti_affinity.emplace()
        .required_during_scheduling_ignored_during_execution.push_back(term);
  }
  for (int i = 0; i < 7; ++i) w.AddPod("g" + std::to_string(i), "1", "1Gi");
  Results karpenter = MustSolve(w, Karpenter()), swell = MustSolve(w);
  EXPECT_EQ(Scheduled(swell), w.pods().size());
  EXPECT_LE(HourlyPrice(swell), HourlyPrice(karpenter) + 1e-9);
  for (const auto& nc : swell.new_node_claims) {
    size_t db = 0;
    for (size_t p : nc.pods) db += w.pods()[p].metadata.labels.count("app");
    EXPECT_LE(db, 1u);
  }
  ExpectClaimsValid(w, swell);
}

// The pods a hostname-keyed topology concerns, per NodeClaim, as sets of pod indices.
std::multiset<std::set<size_t>> HostnameBoundPlacement(const Results& r,
                                                       const std::set<size_t>& bound) {
  std::multiset<std::set<size_t>> out;
  for (const auto& nc : r.new_node_claims) {
    std::set<size_t> on;
    for (size_t p : nc.pods) {
      if (bound.count(p) > 0) on.insert(p);
    }
    if (!on.empty()) out.insert(on);
  }
  return out;
}

// §2.6: a hostname spread (maxSkew 1) keeps at most one of its pods per node. Pods it selects
// (its own, and one that only carries the label) do not move at all: the NodeClaims hold
// exactly the same such pods as in Karpenter's plan, while the generic pods are re-packed.
TEST(CostAwarePackingTest, HostnameSpreadMaxSkewRespected) {
  World w;
  AddFamily(w);
  w.AddPool("default");
  std::set<size_t> bound;
  for (int i = 0; i < 4; ++i) {
    api::Pod& p = w.AddPod("s" + std::to_string(i), "700m", "1Gi");
    p.metadata.labels["app"] = "s";
    api::TopologySpreadConstraint tsc;
    tsc.max_skew = 1;
    tsc.topology_key = "kubernetes.io/hostname";
    tsc.when_unsatisfiable = "DoNotSchedule";
    tsc.label_selector = api::LabelSelector{{{"app", "s"}}, {}};
    p.spec.topology_spread_constraints.push_back(tsc);
    bound.insert(w.pods().size() - 1);
  }
  w.AddPod("selected-only", "300m", "1Gi").metadata.labels["app"] = "s";
  bound.insert(w.pods().size() - 1);
  for (int i = 0; i < 6; ++i) w.AddPod("g" + std::to_string(i), "900m", "1Gi");
  Results karpenter = MustSolve(w, Karpenter()), swell = MustSolve(w);
  EXPECT_EQ(Scheduled(swell), w.pods().size());
  EXPECT_LT(HourlyPrice(swell), HourlyPrice(karpenter));
  EXPECT_EQ(HostnameBoundPlacement(swell, bound), HostnameBoundPlacement(karpenter, bound));
  for (const auto& nc : swell.new_node_claims) {
    size_t spread = 0;
    for (size_t p : nc.pods) spread += w.pods()[p].spec.topology_spread_constraints.size();
    EXPECT_LE(spread, 1u);
  }
  ExpectClaimsValid(w, swell);
}

// §2.6: a zone spread (maxSkew 1) keeps its per-zone counts: pods move only between NodeClaims
// with the same requirements, so the same zone.
TEST(CostAwarePackingTest, ZoneSpreadCountsUnchanged) {
  World w;
  AddFamily(w);
  w.AddPool("default");
  for (int i = 0; i < 15; ++i) {
    api::Pod& p = w.AddPod("z" + std::to_string(i), "1", "1Gi");
    p.metadata.labels["app"] = "z";
    api::TopologySpreadConstraint tsc;
    tsc.max_skew = 1;
    tsc.topology_key = "topology.kubernetes.io/zone";
    tsc.when_unsatisfiable = "DoNotSchedule";
    tsc.label_selector = api::LabelSelector{{{"app", "z"}}, {}};
    p.spec.topology_spread_constraints.push_back(tsc);
  }
  Results karpenter = MustSolve(w, Karpenter()), swell = MustSolve(w);
  auto per_zone = [](const Results& r) {
    std::map<std::string, size_t> out;
    for (const auto& nc : r.new_node_claims) out[Zone(nc)] += nc.pods.size();
    return out;
  };
  EXPECT_EQ(per_zone(swell), per_zone(karpenter));
  EXPECT_EQ(per_zone(swell),
            (std::map<std::string, size_t>{{"zone-a", 5}, {"zone-b", 5}, {"zone-c", 5}}));
  // 5 cpu per zone: Karpenter takes m.2xlarge (0.40) per zone, swell 4 + 1 (0.30).
  EXPECT_NEAR(HourlyPrice(karpenter), 3 * 0.28, 1e-9);
  EXPECT_NEAR(HourlyPrice(swell), 3 * 0.21, 1e-9);
  ExpectClaimsValid(w, swell);
}

// §2.3: pods are never placed on an incompatible type, and NodeClaims with different
// requirements never exchange pods: amd64-only and arm64-only pods each get their own cheaper
// split, with only their architecture's types.
TEST(CostAwarePackingTest, NeverPlacesPodsOnIncompatibleTypes) {
  World w;
  AddFamily(w);
  w.AddType({"g.large", 2, 8, 0.08, "arm64"});
  w.AddType({"g.xlarge", 4, 16, 0.16, "arm64"});
  w.AddType({"g.2xlarge", 8, 32, 0.32, "arm64"});
  w.AddPool("default");
  for (std::string arch : {"amd64", "arm64"}) {
    for (int i = 0; i < 5; ++i) {
      w.AddPod(arch + std::to_string(i), "1", "1Gi").spec.node_selector["kubernetes.io/arch"] =
          arch;
    }
  }
  Results karpenter = MustSolve(w, Karpenter()), swell = MustSolve(w);
  EXPECT_EQ(Scheduled(swell), w.pods().size());
  EXPECT_NEAR(HourlyPrice(karpenter), 0.7 * (0.40 + 0.32), 1e-9);
  EXPECT_NEAR(HourlyPrice(swell), 0.7 * (0.30 + 0.24), 1e-9);
  ExpectClaimsValid(w, swell);
  for (const auto& nc : swell.new_node_claims) {
    std::set<std::string> arch;
    for (size_t p : nc.pods) arch.insert(w.pods()[p].spec.node_selector.at("kubernetes.io/arch"));
    EXPECT_EQ(arch.size(), 1u);
  }
}

// DaemonSet overhead is part of what each node must hold.
TEST(CostAwarePackingTest, DaemonOverheadCounted) {
  World w;
  AddFamily(w);
  w.AddPool("default");
  w.AddDaemonSet("agent", "500m", "256Mi");
  for (int i = 0; i < 5; ++i) w.AddPod("p" + std::to_string(i), "1", "1Gi");
  Results karpenter = MustSolve(w, Karpenter()), swell = MustSolve(w);
  EXPECT_EQ(Scheduled(swell), 5u);
  EXPECT_LE(HourlyPrice(swell), HourlyPrice(karpenter) + 1e-9);
  for (const auto& nc : swell.new_node_claims) {
    EXPECT_EQ(nc.requests.at("cpu"),
              api::Quantity::MustParse(std::to_string(nc.pods.size() * 1000 + 500) + "m"));
  }
  ExpectClaimsValid(w, swell);
}

// §2.3 limits: a re-packed plan is charged like new NodeClaims (each its largest option, so
// options are narrowed to fit the limits); when the split cannot fit them (nodes: 1),
// Karpenter's plan is kept.
TEST(CostAwarePackingTest, NodePoolLimitsRespected) {
  struct Case {
    std::string resource, limit;
    size_t claims;
  };
  for (const Case& k :
       std::vector<Case>{{"cpu", "10", 2}, {"cpu", "8", 2}, {"cpu", "6", 2}, {"nodes", "1", 1}}) {
    World w;
    AddFamily(w);
    w.AddPool("default").spec.limits[k.resource] = api::Quantity::MustParse(k.limit);
    for (int i = 0; i < 5; ++i) w.AddPod("p" + std::to_string(i), "1", "1Gi");
    Results r = MustSolve(w);
    SCOPED_TRACE(k.resource + "=" + k.limit);
    EXPECT_EQ(Scheduled(r), 5u);
    ASSERT_EQ(r.new_node_claims.size(), k.claims);
    int64_t charged = 0;
    for (const auto& nc : r.new_node_claims) {
      int64_t max = 0;
      for (const auto* it : nc.instance_types) max = std::max(max, it->capacity.at("cpu").Value());
      charged += max;
    }
    if (k.resource == "cpu") {
      EXPECT_LE(charged, api::Quantity::MustParse(k.limit).Value());
    }
    ExpectClaimsValid(w, r);
  }
}

// Pods that fit existing nodes stay there; only new NodeClaims are re-packed.
TEST(CostAwarePackingTest, ExistingNodesUntouched) {
  World w;
  AddFamily(w);
  w.AddPool("default");
  ExistingNode n;
  n.name = "node-1";
  n.labels = {{"kubernetes.io/hostname", "node-1"}};
  n.allocatable = {{"cpu", api::Quantity::FromInt(2)},
                   {"memory", api::Quantity::MustParse("8Gi")},
                   {"pods", api::Quantity::FromInt(110)}};
  w.AddNode(n);
  for (int i = 0; i < 7; ++i) w.AddPod("p" + std::to_string(i), "1", "1Gi");
  Results karpenter = MustSolve(w, Karpenter()), swell = MustSolve(w);
  EXPECT_EQ(swell.existing_node_pods, karpenter.existing_node_pods);
  EXPECT_EQ(swell.existing_node_pods[0].size(), 2u);
  EXPECT_LT(HourlyPrice(swell), HourlyPrice(karpenter));
}

// The same snapshot gives the same plan.
TEST(CostAwarePackingTest, Deterministic) {
  World w;
  AddFamily(w);
  w.AddType({"r.large", 2, 16, 0.126});
  w.AddType({"r.xlarge", 4, 32, 0.252});
  w.AddPool("default");
  for (int i = 0; i < 60; ++i) {
    w.AddPod("p" + std::to_string(i), std::to_string(100 + 137 * (i % 11)) + "m",
             std::to_string(128 + 512 * (i % 9)) + "Mi");
  }
  Results a = MustSolve(w), b = MustSolve(w);
  ASSERT_EQ(a.new_node_claims.size(), b.new_node_claims.size());
  for (size_t i = 0; i < a.new_node_claims.size(); ++i) {
    EXPECT_EQ(a.new_node_claims[i].pods, b.new_node_claims[i].pods);
    EXPECT_EQ(a.new_node_claims[i].requirements, b.new_node_claims[i].requirements);
    EXPECT_EQ(a.new_node_claims[i].instance_types, b.new_node_claims[i].instance_types);
  }
  EXPECT_LE(HourlyPrice(a), HourlyPrice(MustSolve(w, Karpenter())) + 1e-9);
  ExpectClaimsValid(w, a);
}

}  // namespace
}  // namespace swell::provisioning
