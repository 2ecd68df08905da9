#include "cloud/instance_types.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace swell::cloud {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kMi = int64_t{1} << 20;
constexpr int64_t kGi = int64_t{1} << 30;

constexpr std::string_view kHeader =
    "instance_type,family,size,arch,vcpu,memory_mib,gpu,max_pods_eni,hypervisor,bare_metal,"
    "on_demand_usd_per_hour\n";

const Catalog& Aws() {
  static const Catalog* catalog = new Catalog(std::move(Catalog::LoadAws()).value());
  return *catalog;
}

const InstanceType& Type(const Catalog& catalog, std::string_view name) {
  const InstanceType* t = catalog.Find(name);
  EXPECT_NE(t, nullptr) << name;
  static const InstanceType kEmpty;
  return t != nullptr ? *t : kEmpty;
}

// The integer value of resource `name` (bytes, pods, whole CPUs); -1 if absent.
int64_t Value(const api::ResourceList& list, std::string_view name) {
  auto it = list.find(name);
  return it == list.end() ? -1 : it->second.Value();
}
int64_t Milli(const api::ResourceList& list, std::string_view name) {
  auto it = list.find(name);
  return it == list.end() ? -1 : it->second.MilliValue();
}

StatusOr<InstanceType> M5Large(const CatalogOptions& options) {
  AwsInstanceRow row{"m5.large", "m5", "large", "amd64", 2, 8192, 0, 29, "nitro", false, 0.096};
  return BuildAwsInstanceType(row, options);
}

TEST(AwsCatalogTest, HasEveryTypeOfTheCsvSortedByName) {
  const Catalog& c = Aws();
  EXPECT_EQ(c.types().size(), 1101u);
  EXPECT_TRUE(
      std::is_sorted(c.types().begin(), c.types().end(),
                     [](const InstanceType& a, const InstanceType& b) { return a.name < b.name; }));
  EXPECT_NE(c.Find("m5.large"), nullptr);
  EXPECT_NE(c.Find("a1.2xlarge"), nullptr);
  EXPECT_NE(c.Find("z1d.large"), nullptr);
  EXPECT_EQ(c.Find("m5.huge"), nullptr);
  EXPECT_EQ(c.Find(""), nullptr);
}

// karpenter.md §2.4, worked by hand for m5.large (2 vCPU, 8192 MiB, 29 ENI pods):
//   memory   = 8192 - ceil(8192 x 0.075 = 614.4) = 7577 MiB
//   kube-reserved: cpu 60m + 10m = 70m, memory 11 x 29 + 255 = 574 MiB, storage 1Gi
//   eviction: memory 100Mi, storage ceil(20Gi x 10%) = 2Gi
//   allocatable: cpu 1930m, memory 7577 - 574 - 100 = 6903 MiB, storage 17Gi, pods 29
TEST(AwsCatalogTest, M5LargeCapacityOverheadAllocatableKarpenter2_4) {
  const InstanceType& t = Type(Aws(), "m5.large");
  EXPECT_EQ(Milli(t.capacity, "cpu"), 2000);
  EXPECT_EQ(Value(t.capacity, "memory"), 7577 * kMi);
  EXPECT_EQ(Value(t.capacity, "pods"), 29);
  EXPECT_EQ(Value(t.capacity, "ephemeral-storage"), 20 * kGi);
  EXPECT_EQ(t.capacity.size(), 4u);

  EXPECT_EQ(Milli(t.overhead.kube_reserved, "cpu"), 70);
  EXPECT_EQ(Value(t.overhead.kube_reserved, "memory"), 574 * kMi);
  EXPECT_EQ(Value(t.overhead.kube_reserved, "ephemeral-storage"), 1 * kGi);
  EXPECT_TRUE(t.overhead.system_reserved.empty());
  EXPECT_EQ(Value(t.overhead.eviction_threshold, "memory"), 100 * kMi);
  EXPECT_EQ(Value(t.overhead.eviction_threshold, "ephemeral-storage"), 2 * kGi);

  api::ResourceList a = t.Allocatable();
  EXPECT_EQ(Milli(a, "cpu"), 1930);
  EXPECT_EQ(Value(a, "memory"), 6903 * kMi);
  EXPECT_EQ(Value(a, "ephemeral-storage"), 17 * kGi);
  EXPECT_EQ(Value(a, "pods"), 29);
  EXPECT_EQ(a.size(), 4u);
  EXPECT_EQ(a.at("cpu").ToString(), "1930m");
  EXPECT_EQ(a.at("memory").ToString(), "6903Mi");
  EXPECT_EQ(a.at("ephemeral-storage").ToString(), "17Gi");
  EXPECT_EQ(t.capacity.at("memory").ToString(), "7577Mi");
}

TEST(AwsCatalogTest, M5LargeLabelsKarpenter1_3And1_4) {
  const InstanceType& t = Type(Aws(), "m5.large");
  api::StringMap want = {
      {"karpenter.k8s.aws/instance-capability-flex", "false"},
      {"karpenter.k8s.aws/instance-category", "m"},
      {"karpenter.k8s.aws/instance-cpu", "2"},
      {"karpenter.k8s.aws/instance-family", "m5"},
      {"karpenter.k8s.aws/instance-generation", "5"},
      {"karpenter.k8s.aws/instance-hypervisor", "nitro"},
      {"karpenter.k8s.aws/instance-memory", "8192"},
      {"karpenter.k8s.aws/instance-size", "large"},
      {"kubernetes.io/arch", "amd64"},
      {"kubernetes.io/os", "linux"},
      {"node.kubernetes.io/instance-type", "m5.large"},
      {"topology.kubernetes.io/region", "us-east-1"},
  };
  EXPECT_EQ(t.labels, want);
}

// Graviton: arm64 labels, and 64 MiB of CMA memory off before the VM overhead:
// 8192 - 64 = 8128; 8128 - ceil(609.6) = 7518 MiB.
TEST(AwsCatalogTest, GravitonLabelsAndMemory) {
  const InstanceType& t = Type(Aws(), "m7g.large");
  EXPECT_EQ(*t.Label("kubernetes.io/arch"), "arm64");
  EXPECT_EQ(*t.Label("karpenter.k8s.aws/instance-category"), "m");
  EXPECT_EQ(*t.Label("karpenter.k8s.aws/instance-family"), "m7g");
  EXPECT_EQ(*t.Label("karpenter.k8s.aws/instance-generation"), "7");
  EXPECT_EQ(*t.Label("karpenter.k8s.aws/instance-memory"), "8192");
  EXPECT_EQ(Value(t.capacity, "memory"), 7518 * kMi);
  const InstanceType& c = Type(Aws(), "c6gd.xlarge");
  EXPECT_EQ(*c.Label("karpenter.k8s.aws/instance-category"), "c");
  EXPECT_EQ(*c.Label("karpenter.k8s.aws/instance-generation"), "6");
}

// The regex (^[a-z]+)(\-[0-9]+tb)?([0-9]+).*\. on unusual names (karpenter.md §1.4).
TEST(AwsCatalogTest, CategoryAndGenerationOfUnusualNames) {
  struct Case {
    std::string_view name, category, generation, family, size;
  };
  for (const Case& c : std::vector<Case>{
           {"u-3tb1.56xlarge", "u", "1", "u-3tb1", "56xlarge"},
           {"u7i-12tb.224xlarge", "u", "7", "u7i-12tb", "224xlarge"},
           {"p6-b200.48xlarge", "p", "6", "p6-b200", "48xlarge"},
           {"c7i-flex.large", "c", "7", "c7i-flex", "large"},
           {"c7i.metal-24xl", "c", "7", "c7i", "metal-24xl"},
       }) {
    const InstanceType& t = Type(Aws(), c.name);
    ASSERT_NE(t.Label("karpenter.k8s.aws/instance-category"), nullptr) << c.name;
    EXPECT_EQ(*t.Label("karpenter.k8s.aws/instance-category"), c.category) << c.name;
    EXPECT_EQ(*t.Label("karpenter.k8s.aws/instance-generation"), c.generation) << c.name;
    EXPECT_EQ(*t.Label("karpenter.k8s.aws/instance-family"), c.family) << c.name;
    EXPECT_EQ(*t.Label("karpenter.k8s.aws/instance-size"), c.size) << c.name;
  }
  EXPECT_EQ(*Type(Aws(), "c7i-flex.large").Label("karpenter.k8s.aws/instance-capability-flex"),
            "true");
  EXPECT_EQ(*Type(Aws(), "m5.metal").Label("karpenter.k8s.aws/instance-hypervisor"), "");
}

TEST(AwsCatalogTest, GpuAndAcceleratorResourcesAndLabels) {
  const InstanceType& g5 = Type(Aws(), "g5.xlarge");
  EXPECT_EQ(Value(g5.capacity, "nvidia.com/gpu"), 1);
  EXPECT_EQ(*g5.Label("karpenter.k8s.aws/instance-gpu-count"), "1");
  EXPECT_EQ(*g5.Label("karpenter.k8s.aws/instance-gpu-manufacturer"), "nvidia");
  const InstanceType& g4ad = Type(Aws(), "g4ad.xlarge");
  EXPECT_EQ(Value(g4ad.capacity, "amd.com/gpu"), 1);
  EXPECT_EQ(Value(g4ad.capacity, "nvidia.com/gpu"), -1);
  EXPECT_EQ(*g4ad.Label("karpenter.k8s.aws/instance-gpu-manufacturer"), "amd");
  EXPECT_EQ(Value(Type(Aws(), "dl1.24xlarge").capacity, "habana.ai/gaudi"), 8);
  const InstanceType& inf2 = Type(Aws(), "inf2.xlarge");
  EXPECT_EQ(*inf2.Label("karpenter.k8s.aws/instance-accelerator-manufacturer"), "aws");
  EXPECT_EQ(inf2.Label("karpenter.k8s.aws/instance-gpu-count"), nullptr);
  EXPECT_EQ(Type(Aws(), "m5.large").Label("karpenter.k8s.aws/instance-gpu-count"), nullptr);
}

// karpenter.md §2.4: 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% after.
TEST(KubeReservedCpuTest, CoreRangesKarpenter2_4) {
  EXPECT_EQ(KubeReservedCpuMillis(0), 0);
  EXPECT_EQ(KubeReservedCpuMillis(500), 30);
  EXPECT_EQ(KubeReservedCpuMillis(1000), 60);
  EXPECT_EQ(KubeReservedCpuMillis(2000), 70);
  EXPECT_EQ(KubeReservedCpuMillis(4000), 80);
  EXPECT_EQ(KubeReservedCpuMillis(48000), 190);  // 60 + 10 + 10 + 44000 x 0.25%
  EXPECT_EQ(Milli(Type(Aws(), "a1.medium").overhead.kube_reserved, "cpu"), 60);
  EXPECT_EQ(Milli(Type(Aws(), "m5.xlarge").overhead.kube_reserved, "cpu"), 80);
  EXPECT_EQ(Milli(Type(Aws(), "m5.12xlarge").overhead.kube_reserved, "cpu"), 190);
}

TEST(AwsOptionsTest, MaxPodsKeepsEniBasedKubeReservedMemoryByDefault) {
  CatalogOptions o;
  o.kubelet.max_pods = 110;
  StatusOr<InstanceType> t = M5Large(o);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(Value(t->capacity, "pods"), 110);
  EXPECT_EQ(Value(t->overhead.kube_reserved, "memory"), 574 * kMi);  // 11 x 29 + 255
  o.kube_reserved_memory_from_eni_pods = false;
  t = M5Large(o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Value(t->overhead.kube_reserved, "memory"), 1465 * kMi);  // 11 x 110 + 255
}

TEST(AwsOptionsTest, PodsPerCoreCapsPods) {
  CatalogOptions o;
  o.kubelet.pods_per_core = 4;
  StatusOr<InstanceType> t = M5Large(o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Value(t->capacity, "pods"), 8);  // min(4 x 2, 29)
  o.kubelet.pods_per_core = 100;
  t = M5Large(o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Value(t->capacity, "pods"), 29);
}

TEST(AwsOptionsTest, VmMemoryOverheadPercent) {
  CatalogOptions o;
  o.vm_memory_overhead_percent = 0;
  StatusOr<InstanceType> t = M5Large(o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Value(t->capacity, "memory"), 8192 * kMi);
  o.vm_memory_overhead_percent = 0.1;
  t = M5Large(o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Value(t->capacity, "memory"), (8192 - 820) * kMi);  // ceil(819.2)
}

TEST(AwsOptionsTest, KubeletReservedOverridesAndEvictionHard) {
  CatalogOptions o;
  o.kubelet.kube_reserved["cpu"] = api::Quantity::FromMilli(500);
  o.kubelet.system_reserved["memory"] = api::Quantity::FromInt(kGi);
  o.kubelet.eviction_hard["memory.available"] = "5%";
  o.kubelet.eviction_hard["nodefs.available"] = "100%";   // disables the threshold
  o.kubelet.eviction_hard["imagefs.available"] = "junk";  // ignored
  StatusOr<InstanceType> t = M5Large(o);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  // ceil(7577 MiB x 5%) = ceil(397253017.6)
  EXPECT_EQ(Value(t->overhead.eviction_threshold, "memory"), 397253018);
  EXPECT_EQ(Value(t->overhead.eviction_threshold, "ephemeral-storage"), 0);
  api::ResourceList a = t->Allocatable();
  EXPECT_EQ(Milli(a, "cpu"), 1500);
  EXPECT_EQ(Value(a, "memory"), 7577 * kMi - 574 * kMi - kGi - 397253018);
  EXPECT_EQ(Value(a, "ephemeral-storage"), 19 * kGi);

  o.kubelet.eviction_hard["memory.available"] = "500Mi";
  t = M5Large(o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Value(t->overhead.eviction_threshold, "memory"), 500 * kMi);
}

TEST(AwsOptionsTest, RootVolumeSizeSetsEphemeralStorage) {
  CatalogOptions o;
  o.root_volume_size = api::Quantity::FromInt(100 * kGi, api::Quantity::Format::kBinarySI);
  StatusOr<InstanceType> t = M5Large(o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Value(t->capacity, "ephemeral-storage"), 100 * kGi);
  EXPECT_EQ(Value(t->overhead.eviction_threshold, "ephemeral-storage"), 10 * kGi);
}

TEST(AllocatableTest, MemoryClampedAtZero) {
  CatalogOptions o;
  o.kubelet.kube_reserved["memory"] = api::Quantity::FromInt(64 * kGi);
  StatusOr<InstanceType> t = M5Large(o);
  ASSERT_TRUE(t.ok());
  api::ResourceList a = t->Allocatable();
  EXPECT_EQ(a.at("memory").Sign(), 0);
  EXPECT_EQ(Milli(a, "cpu"), 1930);
}

TEST(AwsOptionsTest, InvalidOptionsRejected) {
  struct Case {
    std::string name;
    CatalogOptions options;
    StatusCode code;
  };
  std::vector<Case> cases(9);
  cases[0] = {"reserved_enis", {}, StatusCode::kUnimplemented};
  cases[0].options.reserved_enis = 1;
  cases[1] = {"no zones", {}, StatusCode::kInvalidArgument};
  cases[1].options.zones.clear();
  cases[2] = {"duplicate zone", {}, StatusCode::kInvalidArgument};
  cases[2].options.zones = {"us-east-1a", "us-east-1a"};
  cases[3] = {"capacity type", {}, StatusCode::kInvalidArgument};
  cases[3].options.capacity_types = {"reserved"};
  cases[4] = {"spot range", {}, StatusCode::kInvalidArgument};
  cases[4].options.spot_ratio_min = 0.8;
  cases[5] = {"spot ratio", {}, StatusCode::kInvalidArgument};
  cases[5].options.spot_price_ratio = 1.5;
  cases[6] = {"eviction percent", {}, StatusCode::kInvalidArgument};
  cases[6].options.kubelet.eviction_hard["memory.available"] = "abc%";
  cases[7] = {"vm overhead", {}, StatusCode::kInvalidArgument};
  cases[7].options.vm_memory_overhead_percent = 1.5;
  cases[8] = {"max pods", {}, StatusCode::kInvalidArgument};
  cases[8].options.kubelet.max_pods = -1;
  for (const Case& c : cases) {
    StatusOr<Catalog> catalog = Catalog::LoadAws(c.options);
    ASSERT_FALSE(catalog.ok()) << c.name;
    EXPECT_EQ(catalog.status().code(), c.code) << c.name << ": " << catalog.status().ToString();
  }
}

TEST(AwsCatalogTest, OfferingsPerZoneAndCapacityType) {
  const InstanceType& t = Type(Aws(), "m5.large");
  ASSERT_EQ(t.offerings.size(), 6u);
  EXPECT_EQ(t.offerings[0].zone, "us-east-1a");
  EXPECT_EQ(t.offerings[0].capacity_type, "on-demand");
  EXPECT_DOUBLE_EQ(t.offerings[0].price_per_hour, 0.096);
  EXPECT_EQ(t.offerings[1].capacity_type, "spot");
  EXPECT_EQ(t.offerings[5].zone, "us-east-1c");
  EXPECT_TRUE(std::all_of(t.offerings.begin(), t.offerings.end(),
                          [](const Offering& o) { return o.available; }));
  const Offering* od = t.CheapestOffering("on-demand");
  ASSERT_NE(od, nullptr);
  EXPECT_DOUBLE_EQ(od->price_per_hour, 0.096);
  const Offering* any = t.CheapestOffering();
  ASSERT_NE(any, nullptr);
  EXPECT_EQ(any->capacity_type, "spot");
  EXPECT_EQ(t.CheapestOffering("reserved"), nullptr);
}

TEST(SpotPriceTest, DeterministicBelowOnDemandAndWithinRange) {
  StatusOr<Catalog> again = Catalog::LoadAws();
  ASSERT_TRUE(again.ok());
  double sum = 0;
  int n = 0;
  for (size_t i = 0; i < Aws().types().size(); ++i) {
    const InstanceType& a = Aws().types()[i];
    ASSERT_EQ(a.offerings, again->types()[i].offerings) << a.name;
    double od = a.offerings[0].price_per_hour;
    for (const Offering& o : a.offerings) {
      if (o.capacity_type != "spot") continue;
      EXPECT_LT(o.price_per_hour, od) << a.name << " " << o.zone;
      EXPECT_GE(o.price_per_hour / od, 0.30 - 1e-12) << a.name;
      EXPECT_LT(o.price_per_hour / od, 0.70) << a.name;
      sum += o.price_per_hour / od;
      ++n;
    }
  }
  EXPECT_EQ(n, 1101 * 3);
  EXPECT_NEAR(sum / n, 0.5, 0.02);  // the draw is roughly uniform
}

TEST(SpotPriceTest, IndependentOfRowOrderAndVariesWithZoneAndSeed) {
  std::string forward = std::string(kHeader) +
                        "m5.large,m5,large,amd64,2,8192,0,29,nitro,false,0.096\n"
                        "c5.large,c5,large,amd64,2,4096,0,29,nitro,false,0.085\n";
  std::string backward = std::string(kHeader) +
                         "c5.large,c5,large,amd64,2,4096,0,29,nitro,false,0.085\n"
                         "m5.large,m5,large,amd64,2,8192,0,29,nitro,false,0.096\n";
  StatusOr<Catalog> f = Catalog::ParseCsv(forward, {});
  StatusOr<Catalog> b = Catalog::ParseCsv(backward, {});
  ASSERT_TRUE(f.ok() && b.ok());
  EXPECT_EQ(f->Find("m5.large")->offerings, b->Find("m5.large")->offerings);
  EXPECT_EQ(f->Find("m5.large")->offerings, Aws().Find("m5.large")->offerings);

  const CatalogOptions defaults;
  EXPECT_EQ(SpotPrice("m5.large", "us-east-1a", 0.096, defaults),
            Aws().Find("m5.large")->offerings[1].price_per_hour);
  EXPECT_NE(SpotPrice("m5.large", "us-east-1a", 1, defaults),
            SpotPrice("m5.large", "us-east-1b", 1, defaults));
  CatalogOptions seeded;
  seeded.spot_seed = 42;
  EXPECT_NE(SpotPrice("m5.large", "us-east-1a", 1, defaults),
            SpotPrice("m5.large", "us-east-1a", 1, seeded));
  EXPECT_EQ(SpotPrice("m5.large", "us-east-1a", 1, seeded),
            SpotPrice("m5.large", "us-east-1a", 1, seeded));
}

TEST(SpotPriceTest, FlatRatioLikeKwok) {
  CatalogOptions o;
  o.spot_price_ratio = 0.7;
  StatusOr<InstanceType> t = M5Large(o);
  ASSERT_TRUE(t.ok());
  for (const Offering& off : t->offerings) {
    EXPECT_DOUBLE_EQ(off.price_per_hour, off.capacity_type == "spot" ? 0.096 * 0.7 : 0.096);
  }
}

TEST(CsvTest, MalformedRowsRejectedWithLineAndColumn) {
  struct Case {
    std::string text;
    std::string want;
  };
  const std::string ok_row = "m5.large,m5,large,amd64,2,8192,0,29,nitro,false,0.096\n";
  std::vector<Case> cases = {
      {"", "line 1: missing header"},
      {"instance,family\n", "line 1, column 1 (instance_type): unexpected header"},
      {std::string(kHeader) + ok_row + "c5.large,c5,large,amd64,2,4096,0,29,nitro,false\n",
       "line 3: expected 11 columns, got 10"},
      {std::string(kHeader) + ok_row + "c5.large,c5,large,amd64,two,4096,0,29,nitro,false,1\n",
       "line 3, column 5 (vcpu): expected a positive integer, got \"two\""},
      {std::string(kHeader) + "c5.large,c5,large,amd64,2,4096,-1,29,nitro,false,1\n",
       "line 2, column 7 (gpu)"},
      {std::string(kHeader) + "c5.large,c5,large,x86,2,4096,0,29,nitro,false,1\n",
       "line 2, column 4 (arch)"},
      {std::string(kHeader) + "c5.large,c5,large,amd64,2,4096,0,29,kvm,false,1\n",
       "line 2, column 9 (hypervisor)"},
      {std::string(kHeader) + "c5.large,c5,large,amd64,2,4096,0,29,nitro,no,1\n",
       "line 2, column 10 (bare_metal)"},
      {std::string(kHeader) + "c5.large,c5,large,amd64,2,4096,0,29,nitro,false,\n",
       "line 2, column 11 (on_demand_usd_per_hour): expected a positive price"},
      {std::string(kHeader) + "c5.large,c5,large,amd64,2,4096,0,29,nitro,false,1x\n",
       "line 2, column 11 (on_demand_usd_per_hour)"},
      {std::string(kHeader) + "c5.large,c6,large,amd64,2,4096,0,29,nitro,false,1\n",
       "line 2, column 1 (instance_type): is not <family>.<size>"},
      {std::string(kHeader) + ok_row + "\n" + ok_row,
       "line 4, column 1 (instance_type): duplicate instance type (first on line 2)"},
  };
  for (const Case& c : cases) {
    StatusOr<Catalog> catalog = Catalog::ParseCsv(c.text, {});
    ASSERT_FALSE(catalog.ok()) << c.want;
    EXPECT_EQ(catalog.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(catalog.status().message(), HasSubstr(c.want));
  }
}

TEST(CsvTest, AcceptsCrlfAndBlankLines) {
  std::string text =
      "instance_type,family,size,arch,vcpu,memory_mib,gpu,max_pods_eni,hypervisor,bare_metal,"
      "on_demand_usd_per_hour\r\n"
      "m5.large,m5,large,amd64,2,8192,0,29,nitro,false,0.096\r\n"
      "\r\n"
      "m5.metal,m5,metal,amd64,96,393216,0,737,,true,4.608\r\n";
  StatusOr<Catalog> c = Catalog::ParseCsv(text, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->types().size(), 2u);
  EXPECT_EQ(*c->Find("m5.metal")->Label("karpenter.k8s.aws/instance-hypervisor"), "");
  EXPECT_DOUBLE_EQ(c->Find("m5.metal")->offerings[0].price_per_hour, 4.608);
}

TEST(CatalogTest, LabelKeysAndValues) {
  const auto& keys = Aws().LabelKeys();
  EXPECT_TRUE(keys.contains("karpenter.k8s.aws/instance-category"));
  EXPECT_TRUE(keys.contains("karpenter.k8s.aws/instance-gpu-count"));
  EXPECT_TRUE(keys.contains("topology.kubernetes.io/zone"));
  EXPECT_TRUE(keys.contains("karpenter.sh/capacity-type"));
  // The seed NodePool's key: no instance type carries it (../shared/README.md).
  EXPECT_FALSE(keys.contains("node.kubernetes.io/instance-category"));
  EXPECT_THAT(Aws().ValuesOf("kubernetes.io/arch"), ElementsAre("amd64", "arm64"));
  EXPECT_THAT(Aws().ValuesOf("karpenter.sh/capacity-type"), ElementsAre("on-demand", "spot"));
  EXPECT_THAT(Aws().ValuesOf("topology.kubernetes.io/zone"),
              ElementsAre("us-east-1a", "us-east-1b", "us-east-1c"));
  EXPECT_THAT(Aws().ValuesOf("karpenter.k8s.aws/instance-hypervisor"),
              ElementsAre("", "nitro", "xen"));
  EXPECT_TRUE(Aws().ValuesOf("no/such-key").empty());
  std::vector<std::string> categories = Aws().ValuesOf("karpenter.k8s.aws/instance-category");
  EXPECT_NE(std::find(categories.begin(), categories.end(), "m"), categories.end());
  EXPECT_NE(std::find(categories.begin(), categories.end(), "u"), categories.end());
}

TEST(CatalogTest, FromTypesRejectsDuplicates) {
  InstanceType a;
  a.name = "a";
  EXPECT_FALSE(Catalog::FromTypes({a, a}).ok());
  EXPECT_FALSE(Catalog::FromTypes({InstanceType{}}).ok());
  InstanceType b;
  b.name = "b";
  b.labels["x"] = "1";
  StatusOr<Catalog> c = Catalog::FromTypes({b, a});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->types()[0].name, "a");
  EXPECT_TRUE(c->LabelKeys().contains("x"));
  EXPECT_FALSE(c->LabelKeys().contains("topology.kubernetes.io/zone"));  // no offerings
}

// karpenter.md §4 (kwok/tools/gen_instance_types.go).
TEST(KwokCatalogTest, ShapeKarpenter4) {
  Catalog c = Catalog::GenerateKwok();
  EXPECT_EQ(c.types().size(), 144u);  // 12 sizes x 3 families x 2 arches x 2 OSes
  const InstanceType& t = Type(c, "c-1x-amd64-linux");
  EXPECT_EQ(Milli(t.capacity, "cpu"), 1000);
  EXPECT_EQ(Value(t.capacity, "memory"), 2 * kGi);
  EXPECT_EQ(Value(t.capacity, "pods"), 16);
  EXPECT_EQ(Value(t.capacity, "ephemeral-storage"), 20 * kGi);
  EXPECT_EQ(Milli(t.overhead.kube_reserved, "cpu"), 100);
  EXPECT_EQ(Value(t.overhead.kube_reserved, "memory"), 10 * kMi);
  EXPECT_EQ(Milli(t.Allocatable(), "cpu"), 900);
  api::StringMap want = {{"karpenter.kwok.sh/instance-cpu", "1"},
                         {"karpenter.kwok.sh/instance-family", "c"},
                         {"karpenter.kwok.sh/instance-memory", "2Gi"},
                         {"karpenter.kwok.sh/instance-size", "1"},
                         {"kubernetes.io/arch", "amd64"},
                         {"kubernetes.io/os", "linux"},
                         {"node.kubernetes.io/instance-type", "c-1x-amd64-linux"}};
  EXPECT_EQ(t.labels, want);
  ASSERT_EQ(t.offerings.size(), 8u);
  EXPECT_EQ(t.offerings[0].zone, "test-zone-a");
  EXPECT_EQ(t.offerings[0].capacity_type, "spot");
  EXPECT_NEAR(t.offerings[0].price_per_hour, 0.0190032385536, 1e-12);
  EXPECT_NEAR(t.offerings[1].price_per_hour, 0.027147483648, 1e-12);
  EXPECT_EQ(t.offerings[7].zone, "test-zone-d");

  const InstanceType& big = Type(c, "m-256x-arm64-windows");
  EXPECT_EQ(Value(big.capacity, "memory"), 2048 * kGi);
  EXPECT_EQ(Value(big.capacity, "pods"), 1024);
  EXPECT_EQ(*big.Label("karpenter.kwok.sh/instance-memory"), "2Ti");
  EXPECT_EQ(*big.Label("kubernetes.io/os"), "windows");
  EXPECT_NEAR(big.CheapestOffering("on-demand")->price_per_hour, 8.599023255552, 1e-9);
  EXPECT_EQ(*Type(c, "s-48x-amd64-linux").Label("karpenter.kwok.sh/instance-memory"), "192Gi");
  EXPECT_THAT(c.ValuesOf("karpenter.kwok.sh/instance-family"), ElementsAre("c", "m", "s"));
  EXPECT_THAT(c.ValuesOf("topology.kubernetes.io/zone"),
              ElementsAre("test-zone-a", "test-zone-b", "test-zone-c", "test-zone-d"));
  EXPECT_FALSE(c.LabelKeys().contains("topology.kubernetes.io/region"));
}

TEST(KwokCatalogTest, Options) {
  KwokOptions o;
  o.cpus = {2, 4, 4};
  o.memory_gib_per_cpu = {4};
  o.oses = {"linux"};
  o.arches = {"arm64"};
  o.zones = {"z"};
  Catalog c = Catalog::GenerateKwok(o);
  ASSERT_EQ(c.types().size(), 2u);  // the duplicate 4 collapses
  EXPECT_EQ(c.types()[0].name, "s-2x-arm64-linux");
  EXPECT_EQ(c.types()[0].offerings.size(), 2u);
}

// karpenter.md §2.7: GPU / accelerator / metal types are exotic.
TEST(ExoticTest, IsExoticKarpenter2_7) {
  EXPECT_FALSE(IsExotic(Type(Aws(), "m5.large")));
  EXPECT_FALSE(IsExotic(Type(Aws(), "m7g.large")));
  EXPECT_FALSE(IsExotic(Type(Aws(), "f1.2xlarge")));
  EXPECT_TRUE(IsExotic(Type(Aws(), "g5.xlarge")));
  EXPECT_TRUE(IsExotic(Type(Aws(), "g4ad.xlarge")));
  EXPECT_TRUE(IsExotic(Type(Aws(), "dl1.24xlarge")));
  EXPECT_TRUE(IsExotic(Type(Aws(), "inf2.xlarge")));
  EXPECT_TRUE(IsExotic(Type(Aws(), "trn1.2xlarge")));
  EXPECT_TRUE(IsExotic(Type(Aws(), "m5.metal")));
  EXPECT_TRUE(IsExotic(Type(Aws(), "c7i.metal-24xl")));
  Catalog kwok = Catalog::GenerateKwok();
  EXPECT_TRUE(std::none_of(kwok.types().begin(), kwok.types().end(),
                           [](const InstanceType& t) { return IsExotic(t); }));
}

TEST(ExoticTest, FilterKeepsExoticOnlyWhenNothingElseRemains) {
  std::vector<const InstanceType*> mixed = {Aws().Find("g5.xlarge"), Aws().Find("m5.large"),
                                            Aws().Find("m5.metal"), Aws().Find("c5.large")};
  EXPECT_THAT(FilterExotic(mixed), ElementsAre(Aws().Find("m5.large"), Aws().Find("c5.large")));
  std::vector<const InstanceType*> exotic = {Aws().Find("g5.xlarge"), Aws().Find("m5.metal")};
  EXPECT_EQ(FilterExotic(exotic), exotic);
  EXPECT_TRUE(FilterExotic({}).empty());
  size_t generic = 0;
  for (const InstanceType& t : Aws().types()) generic += IsExotic(t) ? 0u : 1u;
  EXPECT_GT(generic, 800u);
  EXPECT_LT(generic, 1101u);
}

}  // namespace
}  // namespace swell::cloud
