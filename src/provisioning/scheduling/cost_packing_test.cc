// The cost-aware bin packer on its own (swell's cost_aware_packing; not a Karpenter behaviour).
#include "provisioning/scheduling/cost_packing.h"

#include <gtest/gtest.h>

namespace swell::provisioning::detail {
namespace {

// cpu, memory, pods.
ResVec R(int64_t cpu, int64_t mem, int64_t pods = 1) { return {cpu, mem, pods}; }

// Sizes 2, 4, 8 cpu at a price linear in size (like one EC2 family).
NodePricer Family() {
  return NodePricer({R(2000, 8, 29), R(4000, 16, 58), R(8000, 32, 110)}, {0.1, 0.2, 0.4});
}

TEST(NodePricerTest, CheapestHoldingTypeAndDominatedTypesDropped) {
  // Type 3 holds less than type 1 for more money: never the answer.
  NodePricer p({R(2000, 8, 29), R(4000, 16, 58), R(8000, 32, 110), R(4000, 8, 58)},
               {0.1, 0.2, 0.4, 0.25});
  EXPECT_EQ(p.order(), (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(p.Cheapest(R(1500, 4)), 0);
  EXPECT_EQ(p.Cheapest(R(3000, 4)), 1);
  EXPECT_EQ(p.Cheapest(R(3000, 20)), 2);
  EXPECT_EQ(p.Cheapest(R(9000, 1)), -1);
  EXPECT_DOUBLE_EQ(p.Price(R(3000, 4)), 0.2);
  // Lowest price per unit: cpu 0.1 / 2000, memory 0.1 / 8.
  EXPECT_DOUBLE_EQ(p.LowerBound(R(5000, 8)), 5000 * 0.1 / 2000);
}

// Five 1-cpu items: one node needs the 8-cpu type (0.4); 4 + 1 on two nodes costs 0.3.
TEST(PackForCostTest, TwoSmallNodesCheaperThanOneLarge) {
  NodePricer p = Family();
  PackProblem problem;
  for (int i = 0; i < 5; ++i) problem.items.push_back(R(1000, 1));
  PackPlan plan = PackForCost(p, problem);
  ASSERT_TRUE(plan.ok);
  EXPECT_NEAR(plan.cost, 0.3, 1e-12);
  ASSERT_EQ(plan.bin_type.size(), 2u);
  std::vector<int> per_bin(2, 0);
  for (uint32_t b : plan.item_bin) ++per_bin[b];
  EXPECT_EQ(per_bin[plan.bin_type[0] == 1 ? 0 : 1], 4);
}

// Fixed loads keep their bins (first, in order) even when they end up with no item, and their
// spare room is used before a new node is opened.
TEST(PackForCostTest, FixedBinsStayAndTakeItemsInSpareRoom) {
  NodePricer p = Family();
  PackProblem problem;
  problem.fixed = {R(2500, 2), R(500, 1)};  // on 4 cpu (1500 spare) and 2 cpu (1500 spare)
  for (int i = 0; i < 3; ++i) problem.items.push_back(R(1000, 1));
  PackPlan plan = PackForCost(p, problem);
  ASSERT_TRUE(plan.ok);
  ASSERT_GE(plan.bin_type.size(), 2u);
  // 2500 + 1000 on 4 cpu, 500 + 1000 on 2 cpu, the third item on a new 2-cpu node: 0.4.
  EXPECT_NEAR(plan.cost, 0.4, 1e-12);
  EXPECT_EQ(plan.bin_load[0][0] - 2500 + plan.bin_load[1][0] - 500 +
                (plan.bin_load.size() > 2 ? plan.bin_load[2][0] : 0),
            3000);
}

TEST(PackForCostTest, ItemThatFitsNoTypeIsNotOk) {
  NodePricer p = Family();
  PackProblem problem;
  problem.items = {R(1000, 1), R(9000, 1)};
  EXPECT_FALSE(PackForCost(p, problem).ok);
}

// Memory-heavy and cpu-heavy items share nodes when that is cheaper than separate families.
TEST(PackForCostTest, MixesItemsAcrossResources) {
  // c: 4 cpu / 8 GiB at 0.17; r: 2 cpu / 16 GiB at 0.126; m: 4 cpu / 16 GiB at 0.192.
  NodePricer p({R(4000, 8, 58), R(2000, 16, 29), R(4000, 16, 58)}, {0.17, 0.126, 0.192});
  PackProblem problem;
  problem.items = {R(3000, 2), R(500, 12)};  // together: m (0.192) < c + r (0.296)
  PackPlan plan = PackForCost(p, problem);
  ASSERT_TRUE(plan.ok);
  EXPECT_NEAR(plan.cost, 0.192, 1e-12);
  EXPECT_EQ(plan.item_bin[0], plan.item_bin[1]);
}

TEST(PackForCostTest, Deterministic) {
  NodePricer p = Family();
  PackProblem problem;
  for (int i = 0; i < 200; ++i) problem.items.push_back(R(100 + 137 * (i % 11), 1 + i % 5));
  problem.fixed = {R(1800, 3), R(3100, 9)};
  PackPlan a = PackForCost(p, problem), b = PackForCost(p, problem);
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.item_bin, b.item_bin);
  EXPECT_EQ(a.bin_type, b.bin_type);
  EXPECT_EQ(a.cost, b.cost);
  // Every bin holds its load.
  for (size_t bin = 0; bin < a.bin_load.size(); ++bin) {
    ASSERT_GE(a.bin_type[bin], 0);
    EXPECT_TRUE(AllLessEqual(a.bin_load[bin], p.capacity(static_cast<uint32_t>(a.bin_type[bin]))));
  }
}

// The exact search respects its budget: with no search nodes it falls back to the greedy plan,
// which is still a valid packing.
TEST(PackForCostTest, BudgetZeroStillPacks) {
  NodePricer p = Family();
  PackProblem problem;
  for (int i = 0; i < 9; ++i) problem.items.push_back(R(900, 1));
  PackBudget none;
  none.nodes_total = 0;
  PackPlan plan = PackForCost(p, problem, none);
  ASSERT_TRUE(plan.ok);
  EXPECT_EQ(plan.search_nodes, 0);
  EXPECT_LE(plan.cost, 0.4 + 0.2 + 1e-12);  // 8100m: no worse than 8 + 4 cpu
}

}  // namespace
}  // namespace swell::provisioning::detail
