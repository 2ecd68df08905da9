#include "cloud/fake_cloud_provider.h"

#include <gtest/gtest.h>

#include "api/karpenter/well_known.h"

namespace swell::cloud {
namespace {

namespace kp = api::karpenter;

InstanceType Type(std::string name, int cpu, double price) {
  InstanceType t;
  t.name = name;
  t.labels[std::string(kp::kLabelInstanceTypeStable)] = name;
  t.labels[std::string(kp::kLabelArchStable)] = "amd64";
  t.capacity["cpu"] = api::Quantity::FromInt(cpu);
  t.capacity["pods"] = api::Quantity::FromInt(110);
  t.offerings = {{"zone-a", "on-demand", price, true}, {"zone-a", "spot", price * 0.5, true}};
  return t;
}

api::NodeClaim Claim(int cpu, std::string capacity_type = "") {
  api::NodeClaim c;
  c.metadata.name = "default-abc";
  c.metadata.labels[std::string(kp::kNodePoolLabelKey)] = "default";
  c.spec.resources.requests["cpu"] = api::Quantity::FromInt(cpu);
  if (!capacity_type.empty()) {
    c.spec.requirements.push_back(
        {std::string(kp::kCapacityTypeLabelKey), "In", {capacity_type}, {}});
  }
  return c;
}

TEST(FakeCloudProvider, CreateLaunchesCheapestFittingOfferingAndRecords) {
  FakeCloudProvider cloud({Type("small", 2, 0.1), Type("big", 8, 0.4)});
  auto got = cloud.Create(Claim(4));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->metadata.labels.at("node.kubernetes.io/instance-type"), "big");
  EXPECT_EQ(got->metadata.labels.at("karpenter.sh/capacity-type"), "spot");
  EXPECT_EQ(got->status.provider_id, "fake:///1");
  EXPECT_EQ(cloud.create_calls().size(), 1u);
  auto on_demand = cloud.Create(Claim(1, "on-demand"));
  ASSERT_TRUE(on_demand.ok());
  EXPECT_EQ(on_demand->metadata.labels.at("karpenter.sh/capacity-type"), "on-demand");
  EXPECT_EQ(on_demand->metadata.labels.at("node.kubernetes.io/instance-type"), "small");
  EXPECT_EQ(cloud.List()->size(), 2u);
}

TEST(FakeCloudProvider, InjectedErrorsAndUnavailableOfferings) {
  FakeCloudProvider cloud({Type("small", 2, 0.1)});
  cloud.FailNextCreate(NotReady("node class not ready"));
  EXPECT_TRUE(cloud.Create(Claim(1)).status().IsNotReady());
  EXPECT_TRUE(cloud.Create(Claim(1)).ok());  // the error was for one call only
  cloud.MarkUnavailable("small", "zone-a", "spot");
  auto got = cloud.Create(Claim(1));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->metadata.labels.at("karpenter.sh/capacity-type"), "on-demand");
  cloud.MarkUnavailable("small", "zone-a", "on-demand");
  EXPECT_TRUE(cloud.Create(Claim(1)).status().IsInsufficientCapacity());
  auto types = cloud.GetInstanceTypes(api::NodePool{});
  ASSERT_TRUE(types.ok());
  EXPECT_FALSE((**types)[0].offerings[0].available);
}

TEST(FakeCloudProvider, DeleteThenNotFound) {
  FakeCloudProvider cloud({Type("small", 2, 0.1)});
  auto got = cloud.Create(Claim(1));
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(cloud.Delete(*got).ok());
  EXPECT_TRUE(cloud.Delete(*got).IsNotFound());
  EXPECT_TRUE(cloud.Get(got->status.provider_id).status().IsNotFound());
  EXPECT_EQ(cloud.delete_calls().size(), 2u);
}

TEST(FakeCloudProvider, AllowedCreateCallsThenInsufficientCapacity) {
  FakeCloudProvider cloud({Type("small", 2, 0.1)});
  cloud.set_allowed_create_calls(1);
  EXPECT_TRUE(cloud.Create(Claim(1)).ok());
  EXPECT_TRUE(cloud.Create(Claim(1)).status().IsInsufficientCapacity());
}

}  // namespace
}  // namespace swell::cloud
