#include "sim/sim_cloud.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "api/karpenter/test_util.h"
#include "api/karpenter/well_known.h"
#include "sim/test_util.h"

namespace swell::sim {
namespace {

namespace k = api::karpenter;
using testing::T0;

constexpr std::string_view kNodeClassYaml = R"(
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata: {name: default}
spec:
  role: KarpenterNodeRole-demo
  amiSelectorTerms: [{alias: al2023@latest}]
  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
)";

api::EC2NodeClass NodeClass(std::string_view extra_spec = "") {
  return k::testing::MustDecode<api::EC2NodeClass>(std::string(kNodeClassYaml) +
                                                   std::string(extra_spec));
}

api::NodeClassReference Ref(std::string name = "default", std::string kind = "EC2NodeClass") {
  return {std::move(kind), std::move(name), "karpenter.k8s.aws"};
}

api::NodePool Pool(api::NodeClassReference ref = Ref()) {
  api::NodePool np;
  np.metadata.name = "default";
  np.spec.template_.spec.node_class_ref = std::move(ref);
  return np;
}

// A NodeClaim for `types` (empty: any), `capacity_types` (empty: any), `zones` (empty: any).
api::NodeClaim Claim(std::vector<std::string> types, std::vector<std::string> capacity_types = {},
                     std::vector<std::string> zones = {}, std::string name = "default-abcde") {
  api::NodeClaim c;
  c.metadata.name = std::move(name);
  c.metadata.labels[std::string(k::kNodePoolLabelKey)] = "default";
  c.spec.node_class_ref = Ref();
  c.spec.resources.requests["cpu"] = api::Quantity::FromMilli(500);
  auto add = [&c](std::string_view key, std::vector<std::string> values) {
    if (!values.empty()) c.spec.requirements.push_back({std::string(key), "In", values, {}});
  };
  add(k::kLabelInstanceTypeStable, std::move(types));
  add(k::kCapacityTypeLabelKey, std::move(capacity_types));
  add(k::kLabelTopologyZone, std::move(zones));
  return c;
}

std::string Label(const api::NodeClaim& c, std::string_view key) {
  auto it = c.metadata.labels.find(key);
  return it == c.metadata.labels.end() ? "" : it->second;
}

// The on-demand price of `type` as the CSV in ../shared/data states it.
double CsvPrice(const std::string& type) {
  std::ifstream in(testing::SharedDir() + "/data/aws-instance-types-us-east-1.csv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(type + ",", 0) == 0) return std::stod(line.substr(line.rfind(',') + 1));
  }
  ADD_FAILURE() << type << " not in the CSV";
  return 0;
}

struct World {
  explicit World(SimCloudOptions options = {}, uint64_t seed = 42,
                 std::optional<api::EC2NodeClass> nc = NodeClass())
      : loop(T0()) {
    if (nc) cluster.store<api::EC2NodeClass>().Put(*nc);
    cloud = std::make_unique<SimCloud>(loop, cluster, std::move(options), seed);
    cloud->set_on_instance_registered([this](const api::NodeClaim& c) {
      registered.emplace_back(c.status.provider_id, loop.Now());
    });
    cloud->set_on_instance_terminated(
        [this](const std::string& id) { terminated.emplace_back(id, loop.Now()); });
  }
  // The offering of `type` the catalog lists for (zone, capacity type).
  cloud::Offering OfferingOf(const std::string& type, const std::string& zone,
                             const std::string& ct) {
    auto types = cloud->GetInstanceTypes(Pool());
    EXPECT_TRUE(types.ok()) << types.status().ToString();
    for (const cloud::InstanceType& t : **types) {
      if (t.name != type) continue;
      for (const cloud::Offering& o : t.offerings) {
        if (o.zone == zone && o.capacity_type == ct) return o;
      }
    }
    ADD_FAILURE() << "no offering " << type << " " << zone << " " << ct;
    return {};
  }
  // The zones of `type`'s `ct` offerings, cheapest first.
  std::vector<std::string> ZonesByPrice(const std::string& type, const std::string& ct) {
    std::vector<std::pair<double, std::string>> zones;
    for (const char* z : {"us-east-1a", "us-east-1b", "us-east-1c"}) {
      zones.emplace_back(OfferingOf(type, z, ct).price_per_hour, z);
    }
    std::stable_sort(zones.begin(), zones.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (const auto& [price, z] : zones) out.push_back(z);
    return out;
  }

  EventLoop loop;
  state::ClusterState cluster;
  std::unique_ptr<SimCloud> cloud;
  std::vector<std::pair<std::string, TimePoint>> registered, terminated;
};

// ---- launch (karpenter.md §2.7) ---------------------------------------------------------------

TEST(SimCloud, LaunchesTheCheapestCompatibleOffering_Karpenter2_7) {
  World w;
  ASSERT_TRUE(w.cloud->status().ok()) << w.cloud->status().ToString();
  std::vector<std::string> types = {"m5.large", "c5.large", "m5.xlarge", "t3.medium"};
  auto got = w.cloud->Create(Claim(types, {"on-demand"}));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  std::string cheapest = types[0];
  for (const std::string& t : types) {
    if (CsvPrice(t) < CsvPrice(cheapest)) cheapest = t;
  }
  EXPECT_EQ(Label(*got, k::kLabelInstanceTypeStable), cheapest);
  EXPECT_EQ(Label(*got, k::kCapacityTypeLabelKey), "on-demand");
  EXPECT_EQ(Label(*got, k::kLabelTopologyRegion), "us-east-1");
  EXPECT_EQ(Label(*got, k::kLabelArchStable), "amd64");
  EXPECT_EQ(Label(*got, k::kNodePoolLabelKey), "default");  // the claim's own labels are kept
  std::string zone = Label(*got, k::kLabelTopologyZone);
  EXPECT_TRUE(
      std::regex_match(got->status.provider_id, std::regex("aws:///" + zone + "/i-[0-9a-f]{17}")))
      << got->status.provider_id;
  EXPECT_TRUE(std::regex_match(got->status.image_id, std::regex("ami-[0-9a-f]{17}")));
  auto catalog = cloud::Catalog::LoadAws();
  ASSERT_TRUE(catalog.ok());
  const cloud::InstanceType* t = catalog->Find(cheapest);
  EXPECT_EQ(got->status.capacity, t->capacity);
  EXPECT_EQ(got->status.allocatable, t->Allocatable());
  // Billed: the offering's price plus the per-node overhead (IPv4 address, root volume).
  EXPECT_DOUBLE_EQ(w.cloud->billing().records()[0].price_per_hour,
                   CsvPrice(cheapest) + SimCloudOptions{}.node_overhead_per_hour);
  auto listed = w.cloud->List();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0], *got);
  EXPECT_EQ(*w.cloud->Get(got->status.provider_id), *got);
}

TEST(SimCloud, SpotIsPreferredWhenAllowed_Karpenter2_7) {
  World w;
  auto got = w.cloud->Create(Claim({"m5.large"}));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(Label(*got, k::kCapacityTypeLabelKey), "spot");
  std::string zone = Label(*got, k::kLabelTopologyZone);
  EXPECT_EQ(zone, w.ZonesByPrice("m5.large", "spot")[0]);  // the cheapest spot zone
  double spot = w.OfferingOf("m5.large", zone, "spot").price_per_hour;
  EXPECT_DOUBLE_EQ(w.cloud->billing().records()[0].price_per_hour,
                   spot + SimCloudOptions{}.node_overhead_per_hour);
  EXPECT_LT(spot, CsvPrice("m5.large"));
}

TEST(SimCloud, InjectedIceFallsBackToTheNextOfferingThenOnDemandThenFails_Karpenter5) {
  // Only the cheapest spot zone has no capacity: the fleet takes the next spot zone.
  std::vector<std::string> zones = World().ZonesByPrice("m5.large", "spot");
  SimCloudOptions one;
  one.insufficient_capacity = {{"m5.large", zones[0], "spot", "0s", ""}};
  World w1(one);
  auto got = w1.cloud->Create(Claim({"m5.large"}));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(Label(*got, k::kCapacityTypeLabelKey), "spot");
  EXPECT_EQ(Label(*got, k::kLabelTopologyZone), zones[1]);
  EXPECT_TRUE(w1.cloud->InIceCache("m5.large", zones[0], "spot"));

  // No spot capacity at all: the spot fleet fails (every spot offering is cached) and the
  // next Create, as after Karpenter re-plans, launches on-demand.
  SimCloudOptions spot;
  spot.insufficient_capacity = {{"*", "*", "spot", "0s", ""}};
  World w2(spot);
  auto failed = w2.cloud->Create(Claim({"m5.large"}));
  EXPECT_TRUE(failed.status().IsInsufficientCapacity()) << failed.status().ToString();
  for (const std::string& z : zones) EXPECT_TRUE(w2.cloud->InIceCache("m5.large", z, "spot"));
  auto od = w2.cloud->Create(Claim({"m5.large"}));
  ASSERT_TRUE(od.ok()) << od.status().ToString();
  EXPECT_EQ(Label(*od, k::kCapacityTypeLabelKey), "on-demand");
  EXPECT_EQ(w2.cloud->billing().instances_launched(), 1);

  // Nothing anywhere: InsufficientCapacity until nothing is left to try.
  SimCloudOptions none;
  none.insufficient_capacity = {{"*", "*", "*", "0s", ""}};
  World w3(none);
  EXPECT_TRUE(w3.cloud->Create(Claim({"m5.large"})).status().IsInsufficientCapacity());
  EXPECT_TRUE(w3.cloud->Create(Claim({"m5.large"})).status().IsInsufficientCapacity());
  EXPECT_TRUE(w3.cloud->Create(Claim({"m5.large"})).status().IsInsufficientCapacity());
  EXPECT_TRUE(w3.cloud->List()->empty());
}

TEST(SimCloud, IceCacheEntriesExpireAfterThreeMinutes_Karpenter5) {
  std::vector<std::string> zones = World().ZonesByPrice("m5.large", "spot");
  SimCloudOptions o;
  o.insufficient_capacity = {{"m5.large", zones[0], "spot", "0s", "1m"}};
  World w(o);
  auto before = w.cloud->GetInstanceTypes(Pool());
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(w.OfferingOf("m5.large", zones[0], "spot").available);
  ASSERT_TRUE(w.cloud->Create(Claim({"m5.large"})).ok());
  EXPECT_FALSE(w.OfferingOf("m5.large", zones[0], "spot").available);  // the list was rebuilt
  EXPECT_TRUE(w.OfferingOf("m5.large", zones[1], "spot").available);
  w.loop.RunUntil(T0() + Minutes(3) - Duration(1));
  EXPECT_TRUE(w.cloud->InIceCache("m5.large", zones[0], "spot"));
  w.loop.RunUntil(T0() + Minutes(3));
  EXPECT_FALSE(w.cloud->InIceCache("m5.large", zones[0], "spot"));
  EXPECT_TRUE(w.OfferingOf("m5.large", zones[0], "spot").available);
  auto again = w.cloud->Create(Claim({"m5.large"}));  // the window ended at 1m
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Label(*again, k::kLabelTopologyZone), zones[0]);
}

TEST(SimCloud, GetInstanceTypesSharesTheListUntilAvailabilityChanges) {
  World w;
  auto a = w.cloud->GetInstanceTypes(Pool());
  auto b = w.cloud->GetInstanceTypes(Pool());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ((*a)->size(), 1101u);
  auto id = w.cloud->Create(Claim({"m5.large"}))->status.provider_id;
  ASSERT_TRUE(w.cloud->InterruptSpot(id, T0()).ok());
  w.loop.RunUntil(T0());
  w.cloud->Receive();  // handing out the interruption marks the offering unavailable
  auto c = w.cloud->GetInstanceTypes(Pool());
  EXPECT_NE(a->get(), c->get());
}

// ---- timing -----------------------------------------------------------------------------------

TEST(SimCloud, NodesRegisterWithinTheConfiguredWindow) {
  World w;
  std::map<std::string, TimePoint> created;
  for (int i = 0; i < 40; i++) {
    w.loop.RunUntil(T0() + Seconds(i));
    auto got = w.cloud->Create(Claim({}, {}, {}, "claim-" + std::to_string(i)));
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    created[got->status.provider_id] = w.loop.Now();
  }
  w.loop.RunUntil(T0() + Minutes(5));
  ASSERT_EQ(w.registered.size(), 40u);
  Duration lo = Duration::max(), hi = Duration::min();
  for (const auto& [id, at] : w.registered) {
    Duration d = at - created.at(id);
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  // launchLatency uniform(5s, 10s) + bootTime uniform(20s, 35s).
  EXPECT_GE(lo, Seconds(25));
  EXPECT_LE(hi, Seconds(45));
  EXPECT_LT(lo, Seconds(35));  // the draws spread over the window
  EXPECT_GT(hi, Seconds(35));

  SimCloudOptions fixed;
  fixed.launch_latency = "10s";
  fixed.boot_time = "20s";
  World w2(fixed);
  ASSERT_TRUE(w2.cloud->Create(Claim({"m5.large"})).ok());
  w2.loop.RunUntil(T0() + Seconds(30) - Duration(1));
  EXPECT_TRUE(w2.registered.empty());
  w2.loop.RunUntil(T0() + Seconds(30));
  EXPECT_EQ(w2.registered.size(), 1u);
}

TEST(SimCloud, DeleteTerminatesAfterTerminationTimeThenNotFound) {
  World w;
  auto got = w.cloud->Create(Claim({"m5.large"}, {"on-demand"}));
  ASSERT_TRUE(got.ok());
  std::string id = got->status.provider_id;
  w.loop.RunUntil(T0() + Minutes(10));
  ASSERT_TRUE(w.cloud->Delete(*got).ok());
  ASSERT_TRUE(w.cloud->Delete(*got).ok());  // still shutting down
  EXPECT_TRUE(w.cloud->Get(id).ok());
  EXPECT_EQ(w.cloud->billing().running(), 0);  // EC2 stops billing at shutting-down
  w.loop.RunUntil(T0() + Minutes(10) + Seconds(5) - Duration(1));
  EXPECT_TRUE(w.terminated.empty());
  w.loop.RunUntil(T0() + Minutes(10) + Seconds(5));
  ASSERT_EQ(w.terminated.size(), 1u);
  EXPECT_EQ(w.terminated[0], std::make_pair(id, T0() + Minutes(10) + Seconds(5)));
  EXPECT_TRUE(w.cloud->Get(id).status().IsNotFound());
  EXPECT_TRUE(w.cloud->Delete(*got).IsNotFound());
  EXPECT_TRUE(w.cloud->List()->empty());
  auto messages = w.cloud->Receive();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].kind, cloud::InterruptionMessage::Kind::kStateChange);
  EXPECT_EQ(messages[0].state, "terminated");
}

TEST(SimCloud, DeleteBeforeRegistrationSkipsTheRegistration) {
  World w;
  auto got = w.cloud->Create(Claim({"m5.large"}));
  ASSERT_TRUE(w.cloud->Delete(*got).ok());
  w.loop.RunUntil(T0() + Minutes(2));
  EXPECT_TRUE(w.registered.empty());
  EXPECT_EQ(w.terminated.size(), 1u);
}

// ---- spot interruption (karpenter.md §3.8) -----------------------------------------------------

TEST(SimCloud, SpotInterruptionWarnsThenTerminatesExactlyTwoMinutesLater_Karpenter3_8) {
  World w;
  auto got = w.cloud->Create(Claim({"m5.large"}, {"spot"}));
  ASSERT_TRUE(got.ok());
  std::string id = got->status.provider_id;
  EXPECT_TRUE(w.cloud->InterruptSpot("aws:///nope/i-0", T0()).IsNotFound());
  ASSERT_TRUE(w.cloud->InterruptSpot(id, T0() + Minutes(10)).ok());
  w.loop.RunUntil(T0() + Minutes(10) - Duration(1));
  EXPECT_TRUE(w.cloud->Receive().empty());
  w.loop.RunUntil(T0() + Minutes(10));
  auto warning = w.cloud->Receive();
  ASSERT_EQ(warning.size(), 1u);
  EXPECT_EQ(warning[0].kind, cloud::InterruptionMessage::Kind::kSpotInterruption);
  EXPECT_EQ(warning[0].provider_id, id);
  EXPECT_EQ(warning[0].time, T0() + Minutes(10));
  EXPECT_TRUE(w.cloud->InIceCache("m5.large", Label(*got, k::kLabelTopologyZone), "spot"));
  w.loop.RunUntil(T0() + Minutes(12) - Duration(1));
  EXPECT_TRUE(w.cloud->Get(id).ok());
  EXPECT_TRUE(w.terminated.empty());
  w.loop.RunUntil(T0() + Minutes(12));
  EXPECT_EQ(w.terminated,
            (std::vector<std::pair<std::string, TimePoint>>{{id, T0() + Minutes(12)}}));
  auto gone = w.cloud->Receive();
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].kind, cloud::InterruptionMessage::Kind::kStateChange);
  EXPECT_EQ(gone[0].state, "terminated");
  EXPECT_EQ(gone[0].time, T0() + Minutes(12));
  EXPECT_TRUE(w.cloud->Get(id).status().IsNotFound());
  EXPECT_EQ(*w.cloud->billing().records()[0].end, T0() + Minutes(12));

  auto od = w.cloud->Create(Claim({"m5.large"}, {"on-demand"}));
  EXPECT_TRUE(w.cloud->InterruptSpot(od->status.provider_id, T0()).code() ==
              StatusCode::kInvalidArgument);
}

TEST(SimCloud, SpotInterruptionRateIsAPoissonProcessPerInstance) {
  SimCloudOptions o;
  o.spot_interruptions.rate_per_instance_hour = 1;
  World w(o);
  const int n = 400;
  for (int i = 0; i < n; i++) {
    ASSERT_TRUE(w.cloud->Create(Claim({"m5.large"}, {"spot"}, {}, "c" + std::to_string(i))).ok());
  }
  w.loop.RunUntil(T0() + Hours(1));
  int warned = 0;
  for (const auto& m : w.cloud->Receive()) {
    warned += m.kind == cloud::InterruptionMessage::Kind::kSpotInterruption;
  }
  // P(warning within 1 h) = 1 - e^-1 = 0.632; 400 draws: sd 0.024.
  EXPECT_NEAR(static_cast<double>(warned) / n, 0.632, 0.08);
  auto od = w.cloud->Create(Claim({"m5.large"}, {"on-demand"}, {}, "od"));
  w.loop.RunUntil(T0() + Hours(100));
  EXPECT_TRUE(w.cloud->Get(od->status.provider_id).ok());  // on-demand is never interrupted
}

// ---- node classes (karpenter.md §1.5, §2.4) ----------------------------------------------------

int64_t Pods(const cloud::InstanceTypes& types, const std::string& name) {
  for (const cloud::InstanceType& t : *types) {
    if (t.name == name) return t.Allocatable().at("pods").Value();
  }
  return -1;
}

TEST(SimCloud, KubeletMaxPodsInTheNodeClassChangesAllocatablePods) {
  World w;
  auto defaults = w.cloud->GetInstanceTypes(Pool());
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(Pods(*defaults, "m5.large"), 29);  // ENI-limited
  w.cluster.store<api::EC2NodeClass>().Put(NodeClass("  kubelet: {maxPods: 20}\n"));
  auto shaped = w.cloud->GetInstanceTypes(Pool());
  ASSERT_TRUE(shaped.ok()) << shaped.status().ToString();
  EXPECT_EQ(Pods(*shaped, "m5.large"), 20);
  EXPECT_EQ(Pods(*shaped, "m5.xlarge"), 20);
  auto created = w.cloud->Create(Claim({"m5.large"}));
  EXPECT_EQ(created->status.allocatable.at("pods").Value(), 20);
  // A second node class with the same kubelet shares the catalog list.
  api::EC2NodeClass other = NodeClass("  kubelet: {maxPods: 20}\n");
  other.metadata.name = "other";
  w.cluster.store<api::EC2NodeClass>().Put(other);
  EXPECT_EQ(w.cloud->GetInstanceTypes(Pool(Ref("other")))->get(), shaped->get());
  w.cluster.store<api::EC2NodeClass>().Put(
      NodeClass("  kubelet: {podsPerCore: 4, systemReserved: {cpu: 500m}}\n"));
  auto per_core = w.cloud->GetInstanceTypes(Pool());
  EXPECT_EQ(Pods(*per_core, "m5.large"), 8);  // 4 x 2 vCPU
  EXPECT_EQ(Pods(*per_core, "m5.xlarge"), 16);
}

TEST(SimCloud, MissingOrNotReadyNodeClassIsNotReady) {
  World w(SimCloudOptions{}, 42, std::nullopt);
  EXPECT_TRUE(w.cloud->GetInstanceTypes(Pool()).status().IsNotReady());
  EXPECT_TRUE(w.cloud->Create(Claim({"m5.large"})).status().IsNotReady());
  api::EC2NodeClass nc = NodeClass();
  api::Condition not_ready;
  not_ready.type = "Ready";
  not_ready.status = "False";
  not_ready.message = "no subnets";
  nc.status.conditions.push_back(not_ready);
  w.cluster.store<api::EC2NodeClass>().Put(nc);
  auto s = w.cloud->GetInstanceTypes(Pool()).status();
  EXPECT_TRUE(s.IsNotReady());
  EXPECT_NE(s.message().find("no subnets"), std::string::npos) << s.message();
  // A kubelet the validation controller rejects (a CEL maxPods) makes it not ready too.
  w.cluster.store<api::EC2NodeClass>().Put(NodeClass("  kubelet: {maxPods: \"self.cpu * 8\"}\n"));
  EXPECT_TRUE(w.cloud->GetInstanceTypes(Pool()).status().IsNotReady());
  w.cluster.store<api::EC2NodeClass>().Put(NodeClass());
  EXPECT_TRUE(w.cloud->GetInstanceTypes(Pool()).ok());
}

TEST(SimCloud, DriftAfterNodeClassChange_Karpenter3_3) {
  World w;
  auto got = w.cloud->Create(Claim({"m5.large"}));
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->metadata.annotations.at("karpenter.k8s.aws/ec2nodeclass-hash").empty());
  EXPECT_EQ(*w.cloud->IsDrifted(*got), "");
  // A dynamic field (subnet selector) changes no hash, and subnets are not modelled.
  api::EC2NodeClass subnets = NodeClass();
  subnets.spec.subnet_selector_terms[0].tags = api::StringMap{{"karpenter.sh/discovery", "prod"}};
  w.cluster.store<api::EC2NodeClass>().Put(subnets);
  EXPECT_EQ(*w.cloud->IsDrifted(*got), "");
  w.cluster.store<api::EC2NodeClass>().Put(NodeClass("  tags: {team: checkout}\n"));
  EXPECT_EQ(*w.cloud->IsDrifted(*got), "NodeClassDrift");
  w.cluster.store<api::EC2NodeClass>().Put(NodeClass());
  EXPECT_EQ(*w.cloud->IsDrifted(*got), "");
  api::EC2NodeClass pinned = NodeClass();
  pinned.spec.ami_selector_terms = {api::AMISelectorTerm{}};
  pinned.spec.ami_selector_terms[0].id = "ami-0123456789abcdef0";
  pinned.spec.ami_family = "AL2023";
  w.cluster.store<api::EC2NodeClass>().Put(pinned);
  EXPECT_EQ(*w.cloud->IsDrifted(*got), "AMIDrift");
  auto relaunched = w.cloud->Create(Claim({"m5.large"}, {}, {}, "new"));
  EXPECT_EQ(relaunched->status.image_id, "ami-0123456789abcdef0");
  EXPECT_EQ(*w.cloud->IsDrifted(*relaunched), "");
  w.cluster.store<api::EC2NodeClass>().Erase("", "default");
  EXPECT_EQ(*w.cloud->IsDrifted(*got), "");  // no node class: not drift (aws)
  api::NodeClaim unknown;
  unknown.status.provider_id = "aws:///us-east-1a/i-00000000000000000";
  EXPECT_TRUE(w.cloud->IsDrifted(unknown).status().IsNotFound());
}

TEST(SimCloud, AmiDiffersByArchitecture) {
  World w;
  auto amd = w.cloud->Create(Claim({"m5.large"}));
  auto arm = w.cloud->Create(Claim({"m6g.large"}, {}, {}, "arm"));
  ASSERT_TRUE(amd.ok() && arm.ok());
  EXPECT_NE(amd->status.image_id, arm->status.image_id);
}

// ---- cost -------------------------------------------------------------------------------------

TEST(SimCloud, OneOnDemandM5LargeForOneHourCostsItsCsvPricePlusTheNodeOverhead) {
  World w;
  auto got = w.cloud->Create(Claim({"m5.large"}, {"on-demand"}));
  ASSERT_TRUE(got.ok());
  double price = CsvPrice("m5.large") + 0.0072;  // + IPv4 address and root volume
  EXPECT_DOUBLE_EQ(w.cloud->billing().CostRate(T0() + Minutes(30)), price);
  w.loop.RunUntil(T0() + Hours(1));
  ASSERT_TRUE(w.cloud->Delete(*got).ok());
  const CostLedger& b = w.cloud->billing();
  EXPECT_DOUBLE_EQ(b.TotalCost(T0() + Hours(1)), price);
  EXPECT_DOUBLE_EQ(b.TotalCost(T0() + Hours(5)), price);
  EXPECT_DOUBLE_EQ(b.TotalCost(T0() + Minutes(30)), price / 2);
  EXPECT_EQ(b.CostRate(T0() + Hours(1)), 0);
  CostSummary s = b.Summarize(T0() + Hours(2));
  EXPECT_DOUBLE_EQ(s.total.cost, price);
  EXPECT_DOUBLE_EQ(s.by_capacity_type["on-demand"].node_hours, 1);
  EXPECT_DOUBLE_EQ(s.by_arch["amd64"].cost, price);
  EXPECT_EQ(s.instances_launched, 1);
  EXPECT_EQ(s.peak_running, 1);
}

TEST(SimCloud, CostSplitsByCapacityTypeAndArchitectureWithTheOneMinuteMinimum) {
  SimCloudOptions prices_only;
  prices_only.node_overhead_per_hour = 0;
  World w(prices_only);
  auto od = w.cloud->Create(Claim({"m5.large"}, {"on-demand"}, {}, "od"));
  auto spot = w.cloud->Create(Claim({"m6g.large"}, {"spot"}, {}, "spot"));
  w.loop.RunUntil(T0() + Seconds(10));
  auto brief = w.cloud->Create(Claim({"c5.large"}, {"on-demand"}, {}, "brief"));
  w.loop.RunUntil(T0() + Seconds(20));
  ASSERT_TRUE(w.cloud->Delete(*brief).ok());  // ran 10 s, billed 60 s
  w.loop.RunUntil(T0() + Minutes(30));
  ASSERT_TRUE(w.cloud->Delete(*spot).ok());
  double spot_price = w.cloud->billing().records()[1].price_per_hour;
  const CostLedger& b = w.cloud->billing();
  TimePoint t = T0() + Hours(1);
  CostSummary s = b.Summarize(t);
  EXPECT_DOUBLE_EQ(s.by_arch["arm64"].cost, spot_price / 2);
  EXPECT_DOUBLE_EQ(s.by_capacity_type["spot"].node_hours, 0.5);
  EXPECT_DOUBLE_EQ(s.by_capacity_type["on-demand"].cost,
                   CsvPrice("m5.large") + CsvPrice("c5.large") / 60);
  EXPECT_DOUBLE_EQ(s.by_capacity_type["on-demand"].node_hours, 1 + 10.0 / 3600);
  EXPECT_DOUBLE_EQ(s.total.cost, b.TotalCost(t));
  EXPECT_EQ(s.instances_launched, 3);
  EXPECT_EQ(s.peak_running, 3);
  EXPECT_EQ(b.peak_running(), 3);
  EXPECT_DOUBLE_EQ(b.CostRate(T0() + Seconds(15)),
                   CsvPrice("m5.large") + CsvPrice("c5.large") + spot_price);
  EXPECT_DOUBLE_EQ(b.CostRate(T0() + Minutes(45)), CsvPrice("m5.large"));
}

// ---- determinism ------------------------------------------------------------------------------

std::vector<std::string> Replay(uint64_t seed) {
  SimCloudOptions o;
  o.spot_interruptions.rate_per_instance_hour = 2;
  World w(o, seed);
  std::vector<std::string> out;
  for (int i = 0; i < 10; i++) {
    w.loop.RunUntil(T0() + Seconds(7 * i));
    auto got = w.cloud->Create(Claim({}, {}, {}, "c" + std::to_string(i)));
    out.push_back(got->status.provider_id + " " + got->status.image_id);
    if (i % 3 == 0) (void)w.cloud->Delete(*got);
  }
  w.loop.RunUntil(T0() + Hours(2));
  for (const auto& [id, t] : w.registered) out.push_back("reg " + id + " " + FormatRfc3339(t));
  for (const auto& [id, t] : w.terminated) out.push_back("term " + id + " " + FormatRfc3339(t));
  for (const auto& m : w.cloud->Receive()) out.push_back("msg " + FormatRfc3339(m.time));
  return out;
}

TEST(SimCloud, SameSeedSameProviderIdsAndTimes) {
  std::vector<std::string> a = Replay(7), b = Replay(7), c = Replay(8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_GT(a.size(), 20u);
}

// ---- options and kwok -------------------------------------------------------------------------

TEST(SimCloud, DocumentedYamlDecodesAndBadFieldsAreNamed) {
  auto o = k::testing::MustDecode<SimCloudOptions>(R"(
catalog: aws
region: us-east-1
zones: [us-east-1a, us-east-1b]
spotRatioMin: 0.4
launchLatency: uniform(5s, 10s)
bootTime: 30s
terminationTime: 5s
unavailableOfferingsTTL: 3m
insufficientCapacity:
- {instanceType: m5.large, zone: "*", capacityType: spot, from: 5m, until: 20m}
spotInterruptions: {ratePerInstanceHour: 0.05}
)");
  auto resolved = ResolveCloudOptions(o);
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_EQ(resolved->catalog.zones, (std::vector<std::string>{"us-east-1a", "us-east-1b"}));
  EXPECT_EQ(resolved->insufficient_capacity[0].until, Minutes(20));

  SimCloudOptions bad;
  bad.catalog = "gcp";
  bad.boot_time = "soon";
  bad.insufficient_capacity = {{"m5.large", "*", "preemptible", "5x", "1m"}};
  auto s = ResolveCloudOptions(bad).status();
  ASSERT_TRUE(s.code() == StatusCode::kInvalidArgument);
  for (const char* field :
       {"spec.cloud.catalog:", "spec.cloud.bootTime:", "spec.cloud.insufficientCapacity[0].from:",
        "spec.cloud.insufficientCapacity[0].capacityType:"}) {
    EXPECT_NE(s.message().find(field), std::string::npos) << field << " in " << s.message();
  }

  SimCloudOptions typo;
  typo.insufficient_capacity = {{"m5.larg", "us-east-1z", "*", "0s", ""}};
  World w(typo);
  EXPECT_NE(w.cloud->status().message().find("insufficientCapacity[0].instanceType"),
            std::string::npos);
  EXPECT_NE(w.cloud->status().message().find("insufficientCapacity[0].zone"), std::string::npos);
  EXPECT_TRUE(w.cloud->Create(Claim({"m5.large"})).status().code() == StatusCode::kInvalidArgument);
}

TEST(SimCloud, KwokCatalogUsesKwokProviderIdsAndRegistrationDelay_Karpenter4) {
  SimCloudOptions o;
  o.catalog = "kwok";
  EventLoop loop(T0());
  state::ClusterState cluster;
  api::KWOKNodeClass nc;
  nc.metadata.name = "kwok";
  nc.spec.node_registration_delay = api::GoDuration{"12s", Seconds(12)};
  cluster.store<api::KWOKNodeClass>().Put(nc);
  SimCloud cloud(loop, cluster, o, 1);
  ASSERT_TRUE(cloud.status().ok()) << cloud.status().ToString();
  EXPECT_EQ(cloud.Name(), "kwok");
  auto types = cloud.GetInstanceTypes(Pool(Ref("kwok", "KWOKNodeClass")));
  ASSERT_TRUE(types.ok()) << types.status().ToString();
  EXPECT_EQ((*types)->size(), 144u);
  api::NodeClaim claim = Claim({}, {"on-demand"}, {}, "kwok-claim");
  claim.spec.node_class_ref = Ref("kwok", "KWOKNodeClass");
  std::vector<TimePoint> registered;
  cloud.set_on_instance_registered(
      [&](const api::NodeClaim&) { registered.push_back(loop.Now()); });
  auto got = cloud.Create(claim);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->status.provider_id, "kwok://kwok-claim");
  EXPECT_EQ(cloud.Create(claim)->status.provider_id, "kwok://kwok-claim-2");
  EXPECT_EQ(Label(*got, k::kLabelInstanceTypeStable), "c-1x-amd64-linux");  // the cheapest
  EXPECT_EQ(*cloud.IsDrifted(*got), "");
  loop.RunUntil(T0() + Minutes(1));
  EXPECT_EQ(registered, (std::vector<TimePoint>{T0() + Seconds(12), T0() + Seconds(12)}));
}

}  // namespace
}  // namespace swell::sim
