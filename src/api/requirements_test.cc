// Ports the interesting cases of karpenter core pkg/scheduling/requirement_test.go and
// requirements_test.go (../shared/reference/karpenter.md §1.1, §2.5, §2.6).
#include "api/requirements.h"

#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "api/karpenter/well_known.h"
#include "api/yaml/node.h"

namespace swell::api {
namespace {

using karpenter::CoreWellKnownLabels;
using karpenter::WellKnownLabels;

// The fourteen requirements of upstream's tables, on key "key".
struct Named {
  const char* name;
  const char* op;
  std::vector<std::string> values;
};
const std::vector<Named>& Fourteen() {
  static const std::vector<Named> kAll = {
      {"exists", "Exists", {}},      {"doesNotExist", "DoesNotExist", {}},
      {"inA", "In", {"A"}},          {"inB", "In", {"B"}},
      {"inAB", "In", {"A", "B"}},    {"notInA", "NotIn", {"A"}},
      {"in1", "In", {"1"}},          {"in9", "In", {"9"}},
      {"in19", "In", {"1", "9"}},    {"notIn12", "NotIn", {"1", "2"}},
      {"greaterThan1", "Gt", {"1"}}, {"greaterThan9", "Gt", {"9"}},
      {"lessThan1", "Lt", {"1"}},    {"lessThan9", "Lt", {"9"}},
  };
  return kAll;
}

Requirement Make(const Named& n, std::optional<int32_t> min_values = std::nullopt,
                 const std::string& key = "key") {
  return Requirement(key, n.op, std::span<const std::string>(n.values), min_values);
}

// The canonical shape of a requirement, as upstream's struct literals in the tables.
struct Shape {
  bool complement;
  std::vector<std::string> values;
  std::optional<int64_t> gte;
  std::optional<int64_t> lte;
};
const std::map<std::string, Shape>& Shapes() {
  static const std::map<std::string, Shape> kShapes = {
      {"exists", {true, {}, {}, {}}},
      {"doesNotExist", {false, {}, {}, {}}},
      {"inA", {false, {"A"}, {}, {}}},
      {"inB", {false, {"B"}, {}, {}}},
      {"inAB", {false, {"A", "B"}, {}, {}}},
      {"notInA", {true, {"A"}, {}, {}}},
      {"in1", {false, {"1"}, {}, {}}},
      {"in9", {false, {"9"}, {}, {}}},
      {"in19", {false, {"1", "9"}, {}, {}}},
      {"notIn12", {true, {"1", "2"}, {}, {}}},
      {"greaterThan1", {true, {}, 2, {}}},  // Gt 1 is Gte 2
      {"greaterThan9", {true, {}, 10, {}}},
      {"lessThan1", {true, {}, {}, 0}},  // Lt 1 is Lte 0
      {"lessThan9", {true, {}, {}, 8}},
      // Results that are none of the fourteen.
      {"notIn12A", {true, {"1", "2", "A"}, {}, {}}},
      {"notIn2Gte2", {true, {"2"}, 2, {}}},
      {"notIn12Lte8", {true, {"1", "2"}, {}, 8}},
      {"gte2Lte8", {true, {}, 2, 8}},
  };
  return kShapes;
}

void ExpectShape(const Requirement& r, const std::string& shape_name,
                 std::optional<int32_t> min_values, const std::string& context) {
  const Shape& s = Shapes().at(shape_name);
  EXPECT_EQ(r.key(), "key") << context;
  EXPECT_EQ(r.complement(), s.complement) << context << " want " << shape_name;
  EXPECT_EQ(r.Values(), s.values) << context << " want " << shape_name;
  EXPECT_EQ(r.gte(), s.gte) << context << " want " << shape_name;
  EXPECT_EQ(r.lte(), s.lte) << context << " want " << shape_name;
  EXPECT_EQ(r.min_values(), min_values) << context;
}

// upstream "should intersect two requirements without minValues": row ∩ column.
const char* const kIntersection[14][14] = {
    // exists
    {"exists", "doesNotExist", "inA", "inB", "inAB", "notInA", "in1", "in9", "in19", "notIn12",
     "greaterThan1", "greaterThan9", "lessThan1", "lessThan9"},
    // doesNotExist
    {"doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist",
     "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist",
     "doesNotExist", "doesNotExist"},
    // inA
    {"inA", "doesNotExist", "inA", "doesNotExist", "inA", "doesNotExist", "doesNotExist",
     "doesNotExist", "doesNotExist", "inA", "doesNotExist", "doesNotExist", "doesNotExist",
     "doesNotExist"},
    // inB
    {"inB", "doesNotExist", "doesNotExist", "inB", "inB", "inB", "doesNotExist", "doesNotExist",
     "doesNotExist", "inB", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist"},
    // inAB
    {"inAB", "doesNotExist", "inA", "inB", "inAB", "inB", "doesNotExist", "doesNotExist",
     "doesNotExist", "inAB", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist"},
    // notInA
    {"notInA", "doesNotExist", "doesNotExist", "inB", "inB", "notInA", "in1", "in9", "in19",
     "notIn12A", "greaterThan1", "greaterThan9", "lessThan1", "lessThan9"},
    // in1
    {"in1", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "in1", "in1",
     "doesNotExist", "in1", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "in1"},
    // in9
    {"in9", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "in9", "doesNotExist",
     "in9", "in9", "in9", "in9", "doesNotExist", "doesNotExist", "doesNotExist"},
    // in19
    {"in19", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "in19", "in1", "in9",
     "in19", "in9", "in9", "doesNotExist", "doesNotExist", "in1"},
    // notIn12
    {"notIn12", "doesNotExist", "inA", "inB", "inAB", "notIn12A", "doesNotExist", "in9", "in9",
     "notIn12", "notIn2Gte2", "greaterThan9", "lessThan1", "notIn12Lte8"},
    // greaterThan1
    {"greaterThan1", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "greaterThan1",
     "doesNotExist", "in9", "in9", "notIn2Gte2", "greaterThan1", "greaterThan9", "doesNotExist",
     "gte2Lte8"},
    // greaterThan9
    {"greaterThan9", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "greaterThan9",
     "doesNotExist", "doesNotExist", "doesNotExist", "greaterThan9", "greaterThan9", "greaterThan9",
     "doesNotExist", "doesNotExist"},
    // lessThan1
    {"lessThan1", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "lessThan1",
     "doesNotExist", "doesNotExist", "doesNotExist", "lessThan1", "doesNotExist", "doesNotExist",
     "lessThan1", "lessThan1"},
    // lessThan9
    {"lessThan9", "doesNotExist", "doesNotExist", "doesNotExist", "doesNotExist", "lessThan9",
     "in1", "doesNotExist", "in1", "notIn12Lte8", "gte2Lte8", "doesNotExist", "lessThan1",
     "lessThan9"},
};

TEST(Requirement, ConstructionShapes) {
  for (const Named& n : Fourteen()) ExpectShape(Make(n), n.name, std::nullopt, n.name);
  for (const Named& n : Fourteen()) ExpectShape(Make(n, 3), n.name, 3, n.name);
}

TEST(Requirement, IntersectionWithoutMinValues) {
  for (size_t i = 0; i < 14; i++) {
    for (size_t j = 0; j < 14; j++) {
      const Named& a = Fourteen()[i];
      const Named& b = Fourteen()[j];
      std::string ctx = std::string(a.name) + " ∩ " + b.name;
      Requirement got = Make(a).Intersection(Make(b));
      ExpectShape(got, kIntersection[i][j], std::nullopt, ctx);
      // HasIntersection agrees with the materialized result allowing some value.
      bool nonempty = got.complement() || !got.Values().empty();
      EXPECT_EQ(Make(a).HasIntersection(Make(b)), nonempty) << ctx;
      // In-place and copying forms agree.
      Requirement in_place = Make(a);
      in_place.IntersectWith(Make(b));
      EXPECT_EQ(in_place, got) << ctx;
    }
  }
}

// upstream "should intersect requirement with minValues with a requirement without" and "two
// requirements with minValues": the value algebra is unchanged and minValues is the larger.
TEST(Requirement, IntersectionMinValuesTakesTheLarger) {
  struct MinValuesPair {
    std::optional<int32_t> a, b, want;
  };
  const std::vector<MinValuesPair> pairs = {
      {1, std::nullopt, 1}, {std::nullopt, 2, 2}, {1, 2, 2}, {2, 1, 2}, {3, 3, 3}};
  for (const MinValuesPair& p : pairs) {
    for (size_t i = 0; i < 14; i++) {
      for (size_t j = 0; j < 14; j++) {
        const Named& a = Fourteen()[i];
        const Named& b = Fourteen()[j];
        std::string ctx = std::string(a.name) + " ∩ " + b.name;
        ExpectShape(Make(a, p.a).Intersection(Make(b, p.b)), kIntersection[i][j], p.want, ctx);
      }
    }
  }
  // Crossing bounds still keep minValues (NewRequirementWithFlexibility(DoesNotExist, mv)).
  Requirement crossed =
      Requirement("key", kOpGt, {"9"}, 1).Intersection(Requirement("key", kOpLt, {"1"}, 2));
  EXPECT_EQ(crossed.Operator(), kOpDoesNotExist);
  EXPECT_EQ(crossed.min_values(), 2);
}

TEST(Requirement, HasValueTable) {
  // Columns: A, B, 1, 2, 9 (upstream "should have the right values").
  const std::map<std::string, std::string> want = {
      {"exists", "11111"},    {"doesNotExist", "00000"}, {"inA", "10000"},
      {"inB", "01000"},       {"inAB", "11000"},         {"notInA", "01111"},
      {"in1", "00100"},       {"in9", "00001"},          {"in19", "00101"},
      {"notIn12", "11001"},   {"greaterThan1", "00011"}, {"greaterThan9", "00000"},
      {"lessThan1", "00000"}, {"lessThan9", "00110"},
  };
  const char* const values[] = {"A", "B", "1", "2", "9"};
  for (const Named& n : Fourteen()) {
    Requirement r = Make(n);
    for (size_t k = 0; k < 5; k++) {
      EXPECT_EQ(r.Has(values[k]), want.at(n.name)[k] == '1') << n.name << " has " << values[k];
    }
  }
}

TEST(Requirement, OperatorLenString) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  struct Want {
    std::string_view op;
    int64_t len;
    std::string str;
  };
  const std::map<std::string, Want> want = {
      {"exists", {kOpExists, kMax, "key Exists"}},
      {"doesNotExist", {kOpDoesNotExist, 0, "key DoesNotExist"}},
      {"inA", {kOpIn, 1, "key In [A]"}},
      {"inB", {kOpIn, 1, "key In [B]"}},
      {"inAB", {kOpIn, 2, "key In [A B]"}},
      {"notInA", {kOpNotIn, kMax - 1, "key NotIn [A]"}},
      {"in1", {kOpIn, 1, "key In [1]"}},
      {"in9", {kOpIn, 1, "key In [9]"}},
      {"in19", {kOpIn, 2, "key In [1 9]"}},
      {"notIn12", {kOpNotIn, kMax - 2, "key NotIn [1 2]"}},
      {"greaterThan1", {kOpExists, kMax, "key Exists >=2"}},
      {"greaterThan9", {kOpExists, kMax, "key Exists >=10"}},
      {"lessThan1", {kOpExists, kMax, "key Exists <=0"}},
      {"lessThan9", {kOpExists, kMax, "key Exists <=8"}},
  };
  for (const Named& n : Fourteen()) {
    Requirement r = Make(n);
    EXPECT_EQ(r.Operator(), want.at(n.name).op) << n.name;
    EXPECT_EQ(r.Len(), want.at(n.name).len) << n.name;
    EXPECT_EQ(r.String(), want.at(n.name).str) << n.name;
  }
  Requirement gt1("key", kOpGt, {"1"});
  Requirement lt9("key", kOpLt, {"9"});
  EXPECT_EQ(gt1.Intersection(lt9).String(), "key Exists >=2 <=8");
  EXPECT_EQ(
      Requirement("key", kOpGt, {"9"}).Intersection(Requirement("key", kOpLt, {"1"})).String(),
      "key DoesNotExist");
  EXPECT_EQ(Requirement("key", kOpNotIn, {"1", "2"}).Intersection(gt1).String(),
            "key NotIn [2] >=2");
  EXPECT_EQ(Requirement("key", kOpIn, {"g", "f", "e", "d", "c", "b", "a"}, 2).String(),
            "key In [a b c d e and 2 others] minValues 2");
  EXPECT_EQ(Requirement("key", kOpIn, {"e", "d", "c", "b", "a"}).String(), "key In [a b c d e]");
}

TEST(Requirement, AnyIsDeterministicAndAllowed) {
  EXPECT_EQ(Requirement("key", kOpExists).Any(), "0");
  EXPECT_EQ(Requirement("key", kOpDoesNotExist).Any(), "");
  EXPECT_EQ(Requirement("key", kOpIn, {"B", "A"}).Any(), "A");
  EXPECT_EQ(Requirement("key", kOpNotIn, {"A"}).Any(), "0");
  EXPECT_EQ(Requirement("key", kOpNotIn, {"0", "1", "3"}).Any(), "2");
  EXPECT_EQ(Requirement("key", kOpGt, {"1"}).Any(), "2");
  EXPECT_EQ(Requirement("key", kOpGt, {"9"}).Any(), "10");
  EXPECT_EQ(Requirement("key", kOpLt, {"1"}).Any(), "0");  // upstream: "0" too
  EXPECT_EQ(Requirement("key", kOpLt, {"9"}).Any(), "0");
  EXPECT_EQ(Requirement("key", kOpLt, {"-5"}).Any(), "-6");  // upstream panics (Intn(<=0))
  EXPECT_EQ(Requirement("key", kOpGte, {"5"}).Any(), "5");
  EXPECT_EQ(Requirement("key", kOpLte, {"10"}).Any(), "0");
  // Every value offered is allowed.
  for (const Named& n : Fourteen()) {
    Requirement r = Make(n);
    std::string any = r.Any();
    if (r.Operator() == kOpDoesNotExist) {
      EXPECT_EQ(any, "") << n.name;
    } else {
      EXPECT_TRUE(r.Has(any)) << n.name << " offered " << any;
    }
  }
  // The excluded values fill the whole bounded range: nothing to offer.
  Requirement full = Requirement("key", kOpNotIn, {"2", "3"})
                         .Intersection(Requirement("key", kOpGte, {"2"}))
                         .Intersection(Requirement("key", kOpLte, {"3"}));
  EXPECT_EQ(full.Operator(), kOpNotIn);
  EXPECT_EQ(full.Any(), "");
}

TEST(Requirement, ToNodeSelectorRequirement) {
  struct Want {
    std::string_view op;
    std::vector<std::string> values;
  };
  const std::map<std::string, Want> want = {
      {"exists", {kOpExists, {}}},       {"doesNotExist", {kOpDoesNotExist, {}}},
      {"inA", {kOpIn, {"A"}}},           {"inB", {kOpIn, {"B"}}},
      {"inAB", {kOpIn, {"A", "B"}}},     {"notInA", {kOpNotIn, {"A"}}},
      {"in1", {kOpIn, {"1"}}},           {"in9", {kOpIn, {"9"}}},
      {"in19", {kOpIn, {"1", "9"}}},     {"notIn12", {kOpNotIn, {"1", "2"}}},
      {"greaterThan1", {kOpGte, {"2"}}}, {"greaterThan9", {kOpGte, {"10"}}},
      {"lessThan1", {kOpLte, {"0"}}},    {"lessThan9", {kOpLte, {"8"}}},
  };
  for (std::optional<int32_t> mv : {std::optional<int32_t>(), std::optional<int32_t>(2)}) {
    for (const Named& n : Fourteen()) {
      NodeSelectorRequirementWithMinValues got = Make(n, mv).ToNodeSelectorRequirement();
      NodeSelectorRequirementWithMinValues expected = {"key", std::string(want.at(n.name).op),
                                                       want.at(n.name).values, mv};
      EXPECT_EQ(got, expected) << n.name;
    }
  }
}

TEST(Requirement, GteAndLte) {
  // upstream Context("Gte and Lte Operators").
  Requirement gte2("key", kOpGte, {"2"});
  Requirement lte8("key", kOpLte, {"8"});
  for (auto [v, want] : std::vector<std::pair<std::string, bool>>{
           {"2", true}, {"3", true}, {"100", true}, {"1", false}, {"0", false}}) {
    EXPECT_EQ(gte2.Has(v), want) << "gte2 " << v;
  }
  for (auto [v, want] : std::vector<std::pair<std::string, bool>>{
           {"8", true}, {"7", true}, {"0", true}, {"9", false}, {"10", false}}) {
    EXPECT_EQ(lte8.Has(v), want) << "lte8 " << v;
  }
  Requirement both = gte2.Intersection(lte8);
  for (auto [v, want] : std::vector<std::pair<std::string, bool>>{
           {"2", true}, {"5", true}, {"8", true}, {"1", false}, {"9", false}}) {
    EXPECT_EQ(both.Has(v), want) << "both " << v;
  }
  // Gte N+1 == Gt N and Lte N-1 == Lt N, structurally.
  EXPECT_EQ(gte2, Requirement("key", kOpGt, {"1"}));
  EXPECT_EQ(lte8, Requirement("key", kOpLt, {"9"}));

  struct BoundCase {
    Requirement a, b;
    std::string_view op;
    std::string value;
    std::string has, lacks;
  };
  const std::vector<BoundCase> cases = {
      // Gt 4 ∩ Gte 5 collapse to Gte 5.
      {{"key", kOpGt, {"4"}}, {"key", kOpGte, {"5"}}, kOpGte, "5", "5", "4"},
      // Gt 5 (Gte 6) is tighter than Gte 5.
      {{"key", kOpGt, {"5"}}, {"key", kOpGte, {"5"}}, kOpGte, "6", "6", "5"},
      // Gte 6 is tighter than Gt 3 (Gte 4).
      {{"key", kOpGt, {"3"}}, {"key", kOpGte, {"6"}}, kOpGte, "6", "6", "5"},
      // Lt 5 (Lte 4) is tighter than Lte 5.
      {{"key", kOpLt, {"5"}}, {"key", kOpLte, {"5"}}, kOpLte, "4", "4", "5"},
      // Lte 5 is tighter than Lt 9 (Lte 8).
      {{"key", kOpLt, {"9"}}, {"key", kOpLte, {"5"}}, kOpLte, "5", "5", "6"},
  };
  for (const BoundCase& c : cases) {
    Requirement r = c.a.Intersection(c.b);
    NodeSelectorRequirementWithMinValues nsr = r.ToNodeSelectorRequirement();
    EXPECT_EQ(nsr.op, c.op) << r.String();
    EXPECT_EQ(nsr.values, std::vector<std::string>{c.value}) << r.String();
    EXPECT_TRUE(r.Has(c.has)) << r.String();
    EXPECT_FALSE(r.Has(c.lacks)) << r.String();
  }

  Requirement gte0("key", kOpGte, {"0"});
  EXPECT_TRUE(gte0.Has("0"));
  EXPECT_FALSE(gte0.Has("-1"));
  Requirement lte0("key", kOpLte, {"0"});
  EXPECT_TRUE(lte0.Has("0"));
  EXPECT_FALSE(lte0.Has("1"));
}

TEST(Requirement, BoundParsingFollowsGoAtoi) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  // Gt MaxInt matches nothing and drops minValues (NewRequirement(key, DoesNotExist)).
  Requirement gt_max("key", kOpGt, {"9223372036854775807"}, 3);
  EXPECT_EQ(gt_max.Operator(), kOpDoesNotExist);
  EXPECT_EQ(gt_max.Len(), 0);
  EXPECT_EQ(gt_max.min_values(), std::nullopt);
  // Out of range clamps (Atoi's range error ignored), so this is Gt MaxInt as well.
  EXPECT_EQ(Requirement("key", kOpGt, {"99999999999999999999"}).Operator(), kOpDoesNotExist);
  // Lt MinInt: nothing is smaller (upstream wraps around to Lte MaxInt).
  EXPECT_EQ(Requirement("key", kOpLt, {"-9223372036854775808"}).Operator(), kOpDoesNotExist);
  EXPECT_EQ(Requirement("key", kOpGte, {"99999999999999999999"}).gte(), kMax);
  EXPECT_EQ(Requirement("key", kOpLte, {"-99999999999999999999"}).lte(), kMin);
  // Syntax errors read as 0; a missing value too (upstream would index out of range).
  EXPECT_EQ(Requirement("key", kOpGt, {"abc"}).gte(), 1);
  EXPECT_EQ(Requirement("key", kOpGt, {}).gte(), 1);
  EXPECT_EQ(Requirement("key", kOpLt, {"1.5"}).lte(), -1);
  EXPECT_EQ(Requirement("key", kOpGte, {"+7"}).gte(), 7);
  // Go's Atoi gives up at uint64 overflow before seeing the trailing junk: clamped, not 0.
  EXPECT_EQ(Requirement("key", kOpGte, {"99999999999999999999x"}).gte(), kMax);
  EXPECT_EQ(Requirement("key", kOpGte, {"9223372036854775808x"}).gte(), 0);
  // Values checked against bounds must be integers (strconv.Atoi without error).
  Requirement gte2("key", kOpGte, {"2"});
  EXPECT_TRUE(gte2.Has("+5"));
  EXPECT_TRUE(gte2.Has("9223372036854775807"));
  EXPECT_FALSE(gte2.Has("9223372036854775808"));
  EXPECT_FALSE(gte2.Has(" 5"));
  EXPECT_FALSE(gte2.Has("5.0"));
  EXPECT_FALSE(gte2.Has(""));
  EXPECT_FALSE(gte2.Has("-"));
  EXPECT_TRUE(Requirement("key", kOpLte, {"0"}).Has("-9223372036854775808"));
}

TEST(Requirement, ConstructionDetails) {
  // Keys are normalized; values are sorted and deduplicated.
  Requirement r("beta.kubernetes.io/arch", kOpIn, {"arm64", "amd64", "arm64"});
  EXPECT_EQ(r.key(), "kubernetes.io/arch");
  EXPECT_EQ(r.Values(), (std::vector<std::string>{"amd64", "arm64"}));
  // Exists and DoesNotExist ignore values; an unknown operator is Exists (upstream fallthrough).
  EXPECT_EQ(Requirement("key", kOpExists, {"x"}).Values(), std::vector<std::string>{});
  EXPECT_EQ(Requirement("key", kOpDoesNotExist, {"x"}).Operator(), kOpDoesNotExist);
  EXPECT_EQ(Requirement("key", "Bogus", {"x"}).Operator(), kOpExists);
  // From a std::vector (the API path).
  std::vector<std::string> values = {"b", "a"};
  EXPECT_EQ(Requirement("key", kOpNotIn, values, 2).String(), "key NotIn [a b] minValues 2");
}

// ---- Requirements ------------------------------------------------------------------------------

TEST(Requirements, NormalizesAliasedLabels) {
  const StringMap node_selector = {
      {"failure-domain.beta.kubernetes.io/zone", "test"},
      {"failure-domain.beta.kubernetes.io/region", "test"},
      {"beta.kubernetes.io/arch", "test"},
      {"beta.kubernetes.io/os", "test"},
      {"beta.kubernetes.io/instance-type", "test"},
  };
  std::vector<NodeSelectorRequirement> exprs;
  std::vector<NodeSelectorRequirementWithMinValues> with_min;
  for (const auto& [k, v] : node_selector) {
    exprs.push_back({k, "In", {v}});
    with_min.push_back({k, "In", {v}, 1});
  }
  const std::vector<std::string_view> want = {
      "kubernetes.io/arch", "kubernetes.io/os", "node.kubernetes.io/instance-type",
      "topology.kubernetes.io/region", "topology.kubernetes.io/zone"};
  EXPECT_EQ(Requirements::FromLabels(node_selector).Keys(), want);
  EXPECT_EQ(Requirements::FromNodeSelectorRequirements(exprs).Keys(), want);
  EXPECT_EQ(Requirements::FromNodeSelectorRequirementsWithMinValues(with_min).Keys(), want);

  Requirements zone;
  zone.Add(Requirement("failure-domain.beta.kubernetes.io/zone", kOpIn, {"test"}));
  EXPECT_FALSE(zone.Has("failure-domain.beta.kubernetes.io/zone"));
  EXPECT_TRUE(zone.Get("topology.kubernetes.io/zone").Has("test"));
}

TEST(Requirements, AddIntersectsSameKeyAndGetDefaultsToExists) {
  Requirements r = Requirements::FromNodeSelectorRequirementsWithMinValues(
      std::vector<NodeSelectorRequirementWithMinValues>{
          {"karpenter.k8s.aws/instance-category", "In", {"c", "m", "r"}, 2},
          {"karpenter.k8s.aws/instance-category", "NotIn", {"r"}, std::nullopt},
          {"karpenter.k8s.aws/instance-generation", "Gt", {"4"}, std::nullopt},
          {"karpenter.k8s.aws/instance-generation", "Lt", {"8"}, 3},
      });
  ASSERT_EQ(r.size(), 2u);
  const Requirement* category = r.Find("karpenter.k8s.aws/instance-category");
  ASSERT_NE(category, nullptr);
  EXPECT_EQ(category->String(), "karpenter.k8s.aws/instance-category In [c m] minValues 2");
  EXPECT_EQ(r.Get("karpenter.k8s.aws/instance-generation").String(),
            "karpenter.k8s.aws/instance-generation Exists >=5 <=7 minValues 3");
  EXPECT_TRUE(r.HasMinValues());
  EXPECT_EQ(r.Find("team"), nullptr);
  EXPECT_EQ(r.Get("team"), Requirement("team", kOpExists));
  EXPECT_FALSE(Requirements::FromLabels({{"a", "b"}}).HasMinValues());
  // Two keys that normalize to one are intersected.
  Requirements arch = Requirements::FromLabels(
      {{"beta.kubernetes.io/arch", "amd64"}, {"kubernetes.io/arch", "arm64"}});
  EXPECT_EQ(arch.String(), "kubernetes.io/arch DoesNotExist");
}

// Upstream's compatibility tables use topology.kubernetes.io/zone, a well-known key.
const std::vector<std::string> kCompatNames = {
    "unconstrained", "exists",       "doesNotExist", "inA",       "inB",
    "inAB",          "notInA",       "in1",          "in9",       "in19",
    "notIn12",       "greaterThan1", "greaterThan9", "lessThan1", "lessThan9"};

Requirements CompatSet(size_t i) {
  Requirements r;
  if (i > 0) r.Add(Make(Fourteen()[i - 1], std::nullopt, "topology.kubernetes.io/zone"));
  return r;
}

// upstream "should be compatible with well-known v1 labels undefined": existing (row) .
// Compatible(incoming (column), AllowUndefinedWellKnownLabels).
const char* const kCompatible[15] = {
    "111111111111111",  // unconstrained
    "110111111111111",  // exists
    "101000100010000",  // doesNotExist
    "110101000010000",  // inA
    "110011100010000",  // inB
    "110111100010000",  // inAB
    "111011111111111",  // notInA
    "110000110100001",  // in1
    "110000101111000",  // in9
    "110000111111001",  // in19
    "111111101111111",  // notIn12
    "110000101111101",  // greaterThan1
    "110000100011100",  // greaterThan9
    "110000100010011",  // lessThan1
    "110000110111011",  // lessThan9
};

TEST(Requirements, CompatibleWithUndefinedWellKnownLabels) {
  for (auto allow : {CoreWellKnownLabels(), WellKnownLabels()}) {
    for (size_t i = 0; i < 15; i++) {
      for (size_t j = 0; j < 15; j++) {
        bool want = kCompatible[i][j] == '1';
        std::string ctx = kCompatNames[i] + ".Compatible(" + kCompatNames[j] + ")";
        Status got = CompatSet(i).Compatible(CompatSet(j), allow);
        EXPECT_EQ(got.ok(), want) << ctx << ": " << got.ToString();
        EXPECT_EQ(CompatSet(i).IsCompatible(CompatSet(j), allow), want) << ctx;
      }
    }
  }
}

TEST(Requirements, StrictlyCompatible) {
  // Without allowed undefined keys only the unconstrained row changes: an incoming key it
  // does not define fails unless it is NotIn/DoesNotExist.
  for (size_t i = 0; i < 15; i++) {
    for (size_t j = 0; j < 15; j++) {
      bool want = kCompatible[i][j] == '1';
      if (i == 0) {
        want = kCompatNames[j] == "unconstrained" || kCompatNames[j] == "doesNotExist" ||
               kCompatNames[j] == "notInA" || kCompatNames[j] == "notIn12";
      }
      std::string ctx = kCompatNames[i] + ".Compatible(" + kCompatNames[j] + ")";
      EXPECT_EQ(CompatSet(i).Compatible(CompatSet(j)).ok(), want) << ctx;
      EXPECT_EQ(CompatSet(i).IsCompatible(CompatSet(j)), want) << ctx;
    }
  }
}

TEST(Requirements, CompatibleErrorMessagesNameTypos) {
  struct Case {
    std::string key;
    std::string typo_of;
  };
  const std::vector<Case> cases = {
      {"zone", "topology.kubernetes.io/zone"},
      {"region", "topology.kubernetes.io/region"},
      {"nodepool", "karpenter.sh/nodepool"},
      {"instance-type", "node.kubernetes.io/instance-type"},
      {"arch", "kubernetes.io/arch"},
      {"capacity-type", "karpenter.sh/capacity-type"},
      {"topology.kubernetesio/zone", "topology.kubernetes.io/zone"},
      {"node.io/zone", "topology.kubernetes.io/zone"},
      {"topology.kubernetes.io/regio", "topology.kubernetes.io/region"},
      {"node.kubernetes.io/region", "topology.kubernetes.io/region"},
      {"karpenter/nodepool", "karpenter.sh/nodepool"},
  };
  for (const Case& c : cases) {
    Requirements incoming;
    incoming.Add(Requirement(c.key, kOpExists));
    Status s = Requirements().Compatible(incoming, CoreWellKnownLabels());
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.key;
    EXPECT_EQ(s.message(), "label \"" + c.key + "\" does not have known values (typo of \"" +
                               c.typo_of + "\"?)");
  }
  Requirements deployment;
  deployment.Add(Requirement("deployment", kOpExists));
  EXPECT_EQ(Requirements().Compatible(deployment).message(),
            R"(label "deployment" does not have known values)");
  // With the AWS labels the key list is searched in order: zone-id comes first.
  Requirements zone;
  zone.Add(Requirement("zone", kOpExists));
  EXPECT_EQ(Requirements().Compatible(zone, WellKnownLabels()).message(),
            R"(label "zone" does not have known values (typo of "topology.k8s.aws/zone-id"?))");
  // Defined keys are hinted when no allowed key fits.
  Requirements existing = Requirements::FromLabels({{"example.com/team", "a"}});
  Requirements team;
  team.Add(Requirement("team", kOpIn, {"a"}));
  EXPECT_EQ(existing.Compatible(team, CoreWellKnownLabels()).message(),
            R"(label "team" does not have known values (typo of "example.com/team"?))");
}

TEST(Requirements, CompatibleAllowsAwsWellKnownLabelsUndefined) {
  Requirements node_pool = Requirements::FromNodeSelectorRequirementsWithMinValues(
      std::vector<NodeSelectorRequirementWithMinValues>{
          {"karpenter.sh/capacity-type", "In", {"spot", "on-demand"}, std::nullopt}});
  Requirements pod = Requirements::FromLabels(
      {{"karpenter.k8s.aws/instance-family", "m5"}, {"karpenter.sh/capacity-type", "spot"}});
  EXPECT_TRUE(node_pool.Compatible(pod, WellKnownLabels()).ok());
  EXPECT_FALSE(node_pool.Compatible(pod, CoreWellKnownLabels()).ok());
  // A custom label needs the NodePool to define it.
  Requirements custom = Requirements::FromLabels({{"team", "a"}});
  EXPECT_FALSE(node_pool.IsCompatible(custom, WellKnownLabels()));
  node_pool.Add(Requirement("team", kOpExists));
  EXPECT_TRUE(node_pool.IsCompatible(custom, WellKnownLabels()));
  // Well-known keys still have to intersect when both sides define them.
  Requirements reserved = Requirements::FromLabels({{"karpenter.sh/capacity-type", "reserved"}});
  EXPECT_FALSE(node_pool.IsCompatible(reserved, WellKnownLabels()));
}

TEST(Requirements, IntersectsNamesEveryConflictingKey) {
  Requirements existing = Requirements::FromLabels({{"a", "1"}, {"b", "1"}, {"c", "1"}});
  Requirements incoming = Requirements::FromLabels({{"a", "2"}, {"c", "1"}, {"d", "1"}});
  EXPECT_EQ(existing.Intersects(incoming).message(), "key a, a In [2] not in a In [1]");
  EXPECT_FALSE(existing.HasIntersection(incoming));
  incoming.Add(Requirement("b", kOpNotIn, {"1"}));
  Status s = existing.Intersects(incoming);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "key a, a In [2] not in a In [1]; key b, b NotIn [1] not in b In [1]");
  // NotIn/DoesNotExist on both sides never conflict: the label can be absent.
  Requirements not_in;
  not_in.Add(Requirement("a", kOpDoesNotExist));
  Requirements not_in2;
  not_in2.Add(Requirement("a", kOpNotIn, {"x"}));
  EXPECT_TRUE(not_in.Intersects(not_in2).ok());
  EXPECT_TRUE(not_in2.HasIntersection(not_in));
  // Keys on one side only are fine.
  EXPECT_TRUE(Requirements::FromLabels({{"x", "1"}})
                  .Intersects(Requirements::FromLabels({{"y", "1"}}))
                  .ok());
}

TEST(Requirements, IntersectionLabelsAndConversion) {
  Requirements a = Requirements::FromLabels({{"zone", "a"}, {"team", "x"}});
  Requirements b;
  b.Add(Requirement("zone", kOpIn, {"a", "b"}));
  b.Add(Requirement("arch", kOpIn, {"amd64", "arm64"}));
  b.Add(Requirement("cpu", kOpGt, {"3"}));
  Requirements both = a.Intersection(b);
  EXPECT_EQ(both.Keys(), (std::vector<std::string_view>{"arch", "cpu", "team", "zone"}));
  EXPECT_EQ(both.Labels(), (StringMap{{"team", "x"}, {"zone", "a"}}));
  EXPECT_EQ(a.Intersection(b), b.Intersection(a));

  // upstream "should convert combinations of labels to expected NodeSelectorRequirements".
  Requirements all;
  for (const Named& n : Fourteen()) all.Add(Make(n, std::nullopt, n.name));
  std::vector<NodeSelectorRequirementWithMinValues> nsr = all.ToNodeSelectorRequirements();
  ASSERT_EQ(nsr.size(), 14u);
  EXPECT_EQ(nsr[0], (NodeSelectorRequirementWithMinValues{"doesNotExist", "DoesNotExist", {}, {}}));
  EXPECT_EQ(nsr[2], (NodeSelectorRequirementWithMinValues{"greaterThan1", "Gte", {"2"}, {}}));
  // A round trip through the API type preserves the requirements.
  EXPECT_EQ(Requirements::FromNodeSelectorRequirementsWithMinValues(nsr), all);
  // Both bounds become two entries (BoundedNodeSelectorRequirements).
  Requirements cpu;
  cpu.Add(Requirement("cpu", kOpGte, {"8"}, 2));
  cpu.Add(Requirement("cpu", kOpLte, {"8"}));
  EXPECT_EQ(cpu.ToNodeSelectorRequirements(),
            (std::vector<NodeSelectorRequirementWithMinValues>{{"cpu", "Gte", {"8"}, 2},
                                                               {"cpu", "Lte", {"8"}, 2}}));
  EXPECT_EQ(
      Requirements::FromNodeSelectorRequirementsWithMinValues(cpu.ToNodeSelectorRequirements()),
      cpu);
}

TEST(Requirements, StringSortedWithoutRestrictedLabels) {
  Requirements all;
  for (const Named& n : Fourteen()) all.Add(Make(n, std::nullopt, n.name));
  all.Add(Requirement("kubernetes.io/hostname", kOpIn, {"node-1"}));
  EXPECT_EQ(all.String(),
            "doesNotExist DoesNotExist, exists Exists, greaterThan1 Exists >=2, greaterThan9 "
            "Exists >=10, in1 In [1], in19 In [1 9], in9 In [9], inA In [A], inAB In [A B], inB "
            "In [B], lessThan1 Exists <=0, lessThan9 Exists <=8, notIn12 NotIn [1 2], notInA "
            "NotIn [A]");
  EXPECT_EQ(Requirements().String(), "");
}

TEST(NodeSelectorRequirementWithMinValues, DecodesAndEncodes) {
  auto parsed = yaml::Parse(
      "key: karpenter.k8s.aws/instance-family\noperator: In\nvalues: [m5, c5]\nminValues: 2\n");
  ASSERT_EQ(parsed.error, nullptr);
  Diagnostics diags;
  Decoder d(&diags);
  NodeSelectorRequirementWithMinValues r;
  DecodeValue(parsed.documents.at(0).root, r, d);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(r, (NodeSelectorRequirementWithMinValues{
                   "karpenter.k8s.aws/instance-family", "In", {"m5", "c5"}, 2}));
  NodeSelectorRequirementWithMinValues back;
  Decoder d2(&diags);
  DecodeValue(EncodeValue(r), back, d2);
  EXPECT_EQ(back, r);

  // key and operator are required; unknown fields are errors.
  auto bad = yaml::Parse("values: [a]\nminvalues: 1\n");
  ASSERT_EQ(bad.error, nullptr);
  Diagnostics bad_diags;
  Decoder d3(&bad_diags);
  NodeSelectorRequirementWithMinValues r3;
  DecodeValue(bad.documents.at(0).root, r3, d3);
  EXPECT_EQ(bad_diags.error_count(), 3u);
}

}  // namespace
}  // namespace swell::api
