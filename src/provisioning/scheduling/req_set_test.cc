// The interned requirement algebra agrees with api::Requirements (karpenter.md §2.3).
#include "provisioning/scheduling/req_set.h"

#include <gtest/gtest.h>

#include <random>

#include "api/karpenter/well_known.h"

namespace swell::provisioning::detail {
namespace {

api::Requirement RandomRequirement(std::mt19937& rng, const std::string& key) {
  static const std::vector<std::string> kOps = {"In", "NotIn", "Exists", "DoesNotExist",
                                                "Gt", "Lt",    "Gte",    "Lte"};
  static const std::vector<std::string> kValues = {"1", "2", "3", "5", "8", "a", "b"};
  std::string op = kOps[rng() % kOps.size()];
  std::vector<std::string> values;
  size_t n = op == "Gt" || op == "Lt" || op == "Gte" || op == "Lte" ? 1 : rng() % 3;
  for (size_t i = 0; i < n; ++i) values.push_back(kValues[rng() % kValues.size()]);
  if (op == "In" && values.empty()) values.push_back("1");
  std::optional<int32_t> min;
  if (rng() % 5 == 0) min = static_cast<int32_t>(1 + rng() % 3);
  return api::Requirement(key, op, values, min);
}

TEST(ReqSetTest, AgreesWithApiRequirements) {
  std::mt19937 rng(7);
  Labels labels;
  const std::vector<std::string> keys = {"topology.kubernetes.io/zone", "custom", "other"};
  for (int round = 0; round < 3000; ++round) {
    api::Requirements a, b;
    for (const auto& key : keys) {
      if (rng() % 2 == 0) a.Add(RandomRequirement(rng, key));
      if (rng() % 2 == 0) b.Add(RandomRequirement(rng, key));
    }
    ReqSet ia = FromApi(a, labels), ib = FromApi(b, labels);
    EXPECT_EQ(ia.Intersects(ib, labels), a.HasIntersection(b)) << a.String() << " / " << b.String();
    auto allow = api::karpenter::WellKnownLabels();
    EXPECT_EQ(ia.Compatible(ib, true, labels), a.IsCompatible(b, allow))
        << a.String() << " / " << b.String();
    EXPECT_EQ(ia.Compatible(ib, false, labels), a.IsCompatible(b))
        << a.String() << " / " << b.String();
    ReqSet merged = ia;
    merged.Add(ib, labels);
    EXPECT_EQ(ToApi(merged, labels), a.Intersection(b)) << a.String() << " / " << b.String();
    for (std::string_view v : {"1", "3", "8", "a", "z"}) {
      for (const auto& r : a) {
        EXPECT_EQ(FromApi(r, labels).Has(labels.Value(v), labels), r.Has(v)) << r.String();
      }
    }
  }
}

}  // namespace
}  // namespace swell::provisioning::detail
