// Launch choice (karpenter.md §2.7).
#include "provisioning/scheduling/launch.h"

#include <gtest/gtest.h>

#include "provisioning/scheduling/test_world.h"

namespace swell::provisioning {
namespace {

using testing::MakeType;

api::Requirements CapacityTypes(std::vector<std::string> cts) {
  api::Requirements r;
  r.Add(api::Requirement("karpenter.sh/capacity-type", api::kOpIn, cts));
  return r;
}

const api::ResourceList kSmall = {{"cpu", api::Quantity::FromInt(1)}};

// Spot when allowed; on-demand once every spot offering had insufficient capacity.
TEST(LaunchTest, SpotWhenAllowedOnDemandAfterInsufficientCapacity) {
  cloud::InstanceType a = MakeType({"m.large", 2, 8, 0.10});
  cloud::InstanceType b = MakeType({"c.large", 2, 4, 0.09});
  std::vector<const cloud::InstanceType*> types = {&a, &b};
  UnavailableOfferings none;
  auto spot = ChooseLaunch(CapacityTypes({"on-demand", "spot"}), types, kSmall, none);
  ASSERT_TRUE(spot.ok()) << spot.status().ToString();
  EXPECT_EQ(spot->capacity_type, "spot");
  EXPECT_EQ(spot->instance_type->name, "c.large");
  EXPECT_EQ(spot->offering->zone, "zone-a");

  UnavailableOfferings ice;
  for (const auto* t : types) {
    for (const auto& o : t->offerings) {
      if (o.capacity_type == "spot") ice.Add(t->name, o.zone, o.capacity_type);
    }
  }
  auto od = ChooseLaunch(CapacityTypes({"on-demand", "spot"}), types, kSmall, ice);
  ASSERT_TRUE(od.ok());
  EXPECT_EQ(od->capacity_type, "on-demand");
  EXPECT_EQ(od->instance_type->name, "c.large");

  // Only spot allowed and none left: insufficient capacity.
  auto none_left = ChooseLaunch(CapacityTypes({"spot"}), types, kSmall, ice);
  ASSERT_FALSE(none_left.ok());
  EXPECT_TRUE(none_left.status().IsInsufficientCapacity());
}

TEST(LaunchTest, OnDemandOnlyWhenRequired) {
  cloud::InstanceType a = MakeType({"m.large", 2, 8, 0.10});
  auto r = ChooseLaunch(CapacityTypes({"on-demand"}), {&a}, kSmall, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->capacity_type, "on-demand");
  EXPECT_DOUBLE_EQ(r->offering->price_per_hour, 0.10);
}

// Spot offerings pricier than the cheapest on-demand one are dropped.
TEST(LaunchTest, SpotPricierThanOnDemandDropped) {
  cloud::InstanceType cheap = MakeType({"c.large", 2, 4, 0.05, "amd64", {"zone-a"}, {"on-demand"}});
  cloud::InstanceType pricey =
      MakeType({"x.large", 2, 4, 1.00, "amd64", {"zone-a"}, {"on-demand", "spot"}, 0.5});
  auto r = ChooseLaunch(CapacityTypes({"on-demand", "spot"}), {&cheap, &pricey}, kSmall, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->capacity_type, "on-demand");
  EXPECT_EQ(r->instance_type->name, "c.large");
}

// Exotic (GPU) types are dropped unless nothing else is left.
TEST(LaunchTest, ExoticFiltered) {
  cloud::InstanceType gpu = MakeType({"g.large", 2, 8, 0.05});
  gpu.capacity["nvidia.com/gpu"] = api::Quantity::FromInt(1);
  cloud::InstanceType plain = MakeType({"m.large", 2, 8, 0.10});
  auto r = ChooseLaunch(CapacityTypes({"on-demand"}), {&gpu, &plain}, kSmall, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->instance_type->name, "m.large");
  auto only = ChooseLaunch(CapacityTypes({"on-demand"}), {&gpu}, kSmall, {});
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(only->instance_type->name, "g.large");
}

// Types whose allocatable cannot hold the requests are not launched.
TEST(LaunchTest, RequestsMustFit) {
  cloud::InstanceType small = MakeType({"c.large", 2, 4, 0.05});
  cloud::InstanceType big = MakeType({"m.xlarge", 4, 16, 0.20});
  api::ResourceList req = {{"cpu", api::Quantity::FromInt(3)}};
  auto r = ChooseLaunch(CapacityTypes({"on-demand"}), {&small, &big}, req, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->instance_type->name, "m.xlarge");
  ASSERT_EQ(r->candidates.size(), 1u);
}

// Arm64 is launched when cheaper and allowed.
TEST(LaunchTest, Arm64WhenCheaper) {
  cloud::InstanceType amd = MakeType({"m.large", 2, 8, 0.10, "amd64"});
  cloud::InstanceType arm = MakeType({"g.large", 2, 8, 0.08, "arm64"});
  api::Requirements both = CapacityTypes({"on-demand"});
  both.Add(api::Requirement("kubernetes.io/arch", api::kOpIn, {"amd64", "arm64"}));
  auto r = ChooseLaunch(both, {&amd, &arm}, kSmall, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->instance_type->name, "g.large");
  api::Requirements x86 = CapacityTypes({"on-demand"});
  x86.Add(api::Requirement("kubernetes.io/arch", api::kOpIn, {"amd64"}));
  auto r2 = ChooseLaunch(x86, {&amd, &arm}, kSmall, {});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->instance_type->name, "m.large");
}

}  // namespace
}  // namespace swell::provisioning
