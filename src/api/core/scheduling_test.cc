// kube-scheduler matching, ../shared/reference/kubernetes.md §2.4 (NodeAffinity) and §2.5
// (TaintToleration). Cases follow api core/v1/toleration_test.go, component-helpers
// nodeaffinity_test.go and apimachinery labels/selector_test.go.
#include "api/core/scheduling.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace swell::api {
namespace {

Taint MakeTaint(std::string key, std::string value, std::string_view effect) {
  return Taint{std::move(key), std::move(value), std::string(effect), std::nullopt};
}

Toleration MakeToleration(std::string key, std::string op, std::string value,
                          std::string_view effect) {
  return Toleration{std::move(key), std::move(op), std::move(value), std::string(effect),
                    std::nullopt};
}

struct TolerationCase {
  std::string name;
  Toleration toleration;
  Taint taint;
  bool want;
};

TEST(ToleratesTaint, Kubernetes2_5) {
  const Taint foo_bar = MakeTaint("foo", "bar", kEffectNoSchedule);
  const std::vector<TolerationCase> cases = {
      {"Equal, same key/value/effect", MakeToleration("foo", "Equal", "bar", kEffectNoSchedule),
       foo_bar, true},
      {"empty operator means Equal", MakeToleration("foo", "", "bar", kEffectNoSchedule), foo_bar,
       true},
      {"Equal, different value", MakeToleration("foo", "Equal", "baz", kEffectNoSchedule), foo_bar,
       false},
      {"empty operator, different value", MakeToleration("foo", "", "", kEffectNoSchedule), foo_bar,
       false},
      {"Exists ignores the value", MakeToleration("foo", "Exists", "", kEffectNoSchedule), foo_bar,
       true},
      {"Exists with a value still ignores it",
       MakeToleration("foo", "Exists", "other", kEffectNoSchedule), foo_bar, true},
      {"different key", MakeToleration("other", "Exists", "", kEffectNoSchedule), foo_bar, false},
      {"empty key with Exists tolerates every key", MakeToleration("", "Exists", "", ""), foo_bar,
       true},
      {"empty key with Equal matches every key, value compared",
       MakeToleration("", "Equal", "bar", ""), foo_bar, true},
      {"empty effect matches every effect", MakeToleration("foo", "Exists", "", ""),
       MakeTaint("foo", "bar", kEffectNoExecute), true},
      {"different effect", MakeToleration("foo", "Exists", "", kEffectNoExecute), foo_bar, false},
      {"PreferNoSchedule toleration vs NoSchedule taint",
       MakeToleration("foo", "Exists", "", kEffectPreferNoSchedule), foo_bar, false},
      {"unknown operator tolerates nothing", MakeToleration("foo", "In", "bar", ""), foo_bar,
       false},
      {"operator is case-sensitive", MakeToleration("foo", "exists", "", ""), foo_bar, false},
  };
  for (const TolerationCase& c : cases) {
    EXPECT_EQ(ToleratesTaint(c.toleration, c.taint), c.want) << c.name;
  }
}

TEST(TolerationsTolerateTaints, OnlyNoScheduleAndNoExecuteCount) {
  const Taint prefer = MakeTaint("soft", "", kEffectPreferNoSchedule);
  const Taint no_schedule = MakeTaint("gpu", "true", kEffectNoSchedule);
  const Taint no_execute = MakeTaint("karpenter.sh/unregistered", "", kEffectNoExecute);
  const Toleration gpu = MakeToleration("gpu", "Equal", "true", kEffectNoSchedule);

  EXPECT_TRUE(TolerationsTolerateTaints({}, {}));
  EXPECT_TRUE(TolerationsTolerateTaints({}, {prefer}));
  EXPECT_TRUE(TolerationsTolerateTaints({gpu}, {prefer, no_schedule}));

  // The out-parameter points into the taints argument.
  const std::vector<Taint> two = {prefer, no_schedule};
  const Taint* untolerated = nullptr;
  EXPECT_FALSE(TolerationsTolerateTaints({}, two, &untolerated));
  EXPECT_EQ(untolerated, &two[1]);

  std::vector<Taint> taints = {prefer, no_schedule, no_execute};
  untolerated = nullptr;
  EXPECT_FALSE(TolerationsTolerateTaints({gpu}, taints, &untolerated));
  EXPECT_EQ(untolerated, &taints[2]);  // points into the argument

  // The first untolerated taint is reported.
  untolerated = nullptr;
  EXPECT_FALSE(TolerationsTolerateTaints({}, taints, &untolerated));
  EXPECT_EQ(untolerated, &taints[1]);

  // Tolerate-everything.
  EXPECT_TRUE(TolerationsTolerateTaints({MakeToleration("", "Exists", "", "")}, taints));
  // The out-parameter is left alone on success.
  untolerated = nullptr;
  EXPECT_TRUE(TolerationsTolerateTaints({gpu}, {no_schedule}, &untolerated));
  EXPECT_EQ(untolerated, nullptr);
}

struct RequirementCase {
  std::string name;
  NodeSelectorRequirement requirement;
  bool want;
};

TEST(MatchesNodeSelectorRequirement, Kubernetes2_4Operators) {
  const Labels labels = {{"zone", "a"},  {"cpu", "8"},    {"neg", "-3"},
                         {"plus", "+5"}, {"word", "abc"}, {"big", "9223372036854775807"}};
  const std::vector<RequirementCase> cases = {
      {"In listed", {"zone", "In", {"a", "b"}}, true},
      {"In unlisted", {"zone", "In", {"b"}}, false},
      {"In absent", {"region", "In", {"a"}}, false},
      {"In without values", {"zone", "In", {}}, false},
      {"NotIn unlisted", {"zone", "NotIn", {"b"}}, true},
      {"NotIn listed", {"zone", "NotIn", {"a"}}, false},
      {"NotIn absent key is true", {"region", "NotIn", {"a"}}, true},
      {"NotIn without values", {"region", "NotIn", {}}, false},
      {"Exists present", {"zone", "Exists", {}}, true},
      {"Exists absent", {"region", "Exists", {}}, false},
      {"Exists with values", {"zone", "Exists", {"a"}}, false},
      {"DoesNotExist absent", {"region", "DoesNotExist", {}}, true},
      {"DoesNotExist present", {"zone", "DoesNotExist", {}}, false},
      {"DoesNotExist with values", {"region", "DoesNotExist", {"a"}}, false},
      {"Gt true", {"cpu", "Gt", {"4"}}, true},
      {"Gt equal is false", {"cpu", "Gt", {"8"}}, false},
      {"Gt negative value is not a valid label value", {"neg", "Gt", {"-4"}}, false},
      {"Gt negative label", {"neg", "Gt", {"0"}}, false},
      {"Gt label with plus sign", {"plus", "Gt", {"4"}}, true},
      {"Gt non-integer label", {"word", "Gt", {"1"}}, false},
      {"Gt absent key", {"region", "Gt", {"1"}}, false},
      {"Gt non-integer value", {"cpu", "Gt", {"x"}}, false},
      {"Gt two values", {"cpu", "Gt", {"1", "2"}}, false},
      {"Gt no value", {"cpu", "Gt", {}}, false},
      {"Gt int64 max label", {"big", "Gt", {"9223372036854775806"}}, true},
      {"Gt value overflows int64", {"cpu", "Gt", {"9223372036854775808"}}, false},
      {"Gt value with space", {"cpu", "Gt", {" 1"}}, false},
      {"Lt true", {"cpu", "Lt", {"9"}}, true},
      {"Lt equal is false", {"cpu", "Lt", {"8"}}, false},
      {"Lt negative label", {"neg", "Lt", {"0"}}, true},
      {"Karpenter's Gte is unknown to Kubernetes", {"cpu", "Gte", {"8"}}, false},
      {"unknown operator", {"zone", "Equals", {"a"}}, false},
      {"operator is case-sensitive", {"zone", "in", {"a"}}, false},
      {"invalid key", {"a/b/c", "DoesNotExist", {}}, false},
      {"invalid value", {"zone", "NotIn", {"not valid"}}, false},
  };
  for (const RequirementCase& c : cases) {
    EXPECT_EQ(MatchesNodeSelectorRequirement(c.requirement, labels), c.want) << c.name;
  }
}

struct TermCase {
  std::string name;
  NodeSelectorTerm term;
  std::string node_name;
  bool want;
};

TEST(MatchesNodeSelectorTerm, ExpressionsAndFieldsAnded) {
  const Labels labels = {{"zone", "a"}, {"arch", "amd64"}};
  const std::vector<TermCase> cases = {
      {"empty term matches nothing", {}, "node-1", false},
      {"all expressions hold", {{{"zone", "In", {"a"}}, {"arch", "Exists", {}}}, {}}, "", true},
      {"one expression fails", {{{"zone", "In", {"a"}}, {"arch", "In", {"arm64"}}}, {}}, "", false},
      {"metadata.name In, same node", {{}, {{"metadata.name", "In", {"node-1"}}}}, "node-1", true},
      {"metadata.name In, other node",
       {{}, {{"metadata.name", "In", {"node-1"}}}},
       "node-2",
       false},
      {"metadata.name NotIn, same node",
       {{}, {{"metadata.name", "NotIn", {"node-1"}}}},
       "node-1",
       false},
      {"metadata.name NotIn, other node",
       {{}, {{"metadata.name", "NotIn", {"node-1"}}}},
       "node-2",
       true},
      {"matchFields needs exactly one value",
       {{}, {{"metadata.name", "In", {"node-1", "node-2"}}}},
       "node-1",
       false},
      {"matchFields only In/NotIn", {{}, {{"metadata.name", "Exists", {}}}}, "node-1", false},
      {"unknown field reads as empty: In fails", {{}, {{"spec.x", "In", {"v"}}}}, "node-1", false},
      {"unknown field reads as empty: NotIn holds",
       {{}, {{"spec.x", "NotIn", {"v"}}}},
       "node-1",
       true},
      {"no node name: well-formed fields are skipped",
       {{}, {{"metadata.name", "In", {"node-1"}}}},
       "",
       true},
      {"no node name: malformed fields still fail", {{}, {{"metadata.name", "In", {}}}}, "", false},
      {"expressions and fields both hold",
       {{{"zone", "In", {"a"}}}, {{"metadata.name", "In", {"node-1"}}}},
       "node-1",
       true},
      {"expressions hold, fields fail",
       {{{"zone", "In", {"a"}}}, {{"metadata.name", "In", {"node-1"}}}},
       "node-2",
       false},
      {"fields hold, expressions fail",
       {{{"zone", "In", {"b"}}}, {{"metadata.name", "In", {"node-1"}}}},
       "node-1",
       false},
  };
  for (const TermCase& c : cases) {
    EXPECT_EQ(MatchesNodeSelectorTerm(c.term, labels, c.node_name), c.want) << c.name;
  }
}

TEST(MatchesNodeSelector, TermsOred) {
  const Labels labels = {{"zone", "a"}};
  const NodeSelectorTerm zone_a = {{{"zone", "In", {"a"}}}, {}};
  const NodeSelectorTerm zone_b = {{{"zone", "In", {"b"}}}, {}};
  const NodeSelectorTerm malformed = {{{"zone", "Gt", {"x"}}}, {}};
  EXPECT_FALSE(MatchesNodeSelector({}, labels, "n"));
  EXPECT_TRUE(MatchesNodeSelector({{zone_a}}, labels, "n"));
  EXPECT_FALSE(MatchesNodeSelector({{zone_b}}, labels, "n"));
  EXPECT_TRUE(MatchesNodeSelector({{zone_b, zone_a}}, labels, "n"));
  EXPECT_TRUE(MatchesNodeSelector({{NodeSelectorTerm{}, zone_a}}, labels, "n"));
  EXPECT_FALSE(MatchesNodeSelector({{NodeSelectorTerm{}}}, labels, "n"));
  // A term that fails to parse does not stop a later term from matching (LazyErrorNodeSelector).
  EXPECT_TRUE(MatchesNodeSelector({{malformed, zone_a}}, labels, "n"));
  EXPECT_FALSE(MatchesNodeSelector({{malformed, zone_b}}, labels, "n"));
}

}  // namespace
}  // namespace swell::api
