// NodePool and NodeClaim: decoding, defaults, and one passing and one failing case for every
// CRD CEL rule and runtime rule (karpenter.md §1.1, §1.2).
#include <gtest/gtest.h>

#include "api/karpenter/test_util.h"
#include "api/karpenter/types.h"

namespace swell::api {
namespace {

using karpenter::testing::CheckRuleCase;
using karpenter::testing::Describe;
using karpenter::testing::MustDecode;
using karpenter::testing::RuleCase;

constexpr std::string_view kNodePool = R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: default
spec:
  template:
    metadata:
      labels:
        team: web
      annotations:
        example.com/owner: platform
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - {key: karpenter.sh/capacity-type, operator: In, values: [spot, on-demand]}
      - {key: karpenter.k8s.aws/instance-generation, operator: Gt, values: ["2"]}
      - {key: karpenter.k8s.aws/instance-family, operator: Exists, minValues: 5}
      taints:
      - {key: example.com/special, value: "true", effect: NoSchedule}
      startupTaints:
      - {key: example.com/startup, effect: NoSchedule}
      expireAfter: 720h
      terminationGracePeriod: 48h
  disruption:
    consolidationPolicy: WhenEmptyOrUnderutilized
    consolidateAfter: 1m
    budgets:
    - nodes: "10%"
    - nodes: "0"
      schedule: "0 9 * * mon-fri"
      duration: 8h
      reasons: [Drifted]
  limits:
    cpu: "1000"
    memory: 1000Gi
  weight: 10
)";

NodePool Base() { return MustDecode<NodePool>(kNodePool); }

std::vector<NodeSelectorRequirementWithMinValues>& Reqs(NodePool& o) {
  return o.spec.template_.spec.requirements;
}
void AddReq(NodePool& o, std::string key, std::string op, std::vector<std::string> values,
            std::optional<int32_t> min_values = std::nullopt) {
  Reqs(o).push_back({std::move(key), std::move(op), std::move(values), min_values});
}
Budget& FirstBudget(NodePool& o) { return o.spec.disruption.budgets->front(); }
// A 253-character DNS subdomain, the longest label-key prefix.
std::string LongPrefix() {
  return std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." +
         std::string(61, 'd');
}

TEST(NodePool, DecodesEveryField) {
  NodePool o = Base();
  EXPECT_EQ(o.metadata.name, "default");
  const NodeClaimTemplateSpec& t = o.spec.template_.spec;
  EXPECT_EQ(t.node_class_ref.kind, "EC2NodeClass");
  ASSERT_EQ(t.requirements.size(), 3u);
  EXPECT_EQ(t.requirements[2].min_values, 5);
  EXPECT_EQ(t.taints.at(0).value, "true");
  EXPECT_EQ(t.expire_after.value, Hours(720));
  ASSERT_TRUE(t.termination_grace_period.has_value());
  EXPECT_EQ(t.termination_grace_period->value, Hours(48));
  ASSERT_TRUE(o.spec.disruption.budgets.has_value());
  EXPECT_EQ(o.spec.disruption.budgets->at(1).schedule, "0 9 * * mon-fri");
  EXPECT_EQ(o.spec.disruption.budgets->at(1).reasons, std::vector<std::string>{"Drifted"});
  EXPECT_EQ(o.spec.limits.at("cpu"), Quantity::FromInt(1000));
  EXPECT_EQ(o.spec.weight, 10);
  karpenter::testing::ExpectRoundTrip(o);
}

TEST(NodePool, BaseIsValid) {
  Diagnostics diags;
  Validate(Base(), diags);
  EXPECT_TRUE(diags.empty()) << Describe(diags);
}

TEST(NodePool, UnknownFieldIsADecodeError) {
  Diagnostics diags;
  karpenter::testing::DecodeNode<NodePool>(
      karpenter::testing::ParseNode("spec:\n  template:\n    spec:\n      nodeClassRef: "
                                    "{group: g.io, kind: Kind, name: nc}\n      requirements: []\n"
                                    "  disruption:\n    expireAfter: 720h\n"),
      diags);
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.items()[0].path, "spec.disruption.expireAfter");
}

// CRD defaults (karpenter.md §1.1 table, §9).
TEST(NodePool, DefaultsFillAbsentFields) {
  NodePool o = MustDecode<NodePool>(R"(
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
)");
  ApplyDefaults(o);
  EXPECT_EQ(o.spec.template_.spec.expire_after.raw, "720h");
  EXPECT_EQ(o.spec.template_.spec.expire_after.value, Hours(720));
  EXPECT_EQ(o.spec.disruption.consolidate_after.raw, "0s");
  EXPECT_EQ(o.spec.disruption.consolidate_after.value, Duration(0));
  EXPECT_EQ(o.spec.disruption.consolidation_policy, "WhenEmptyOrUnderutilized");
  ASSERT_TRUE(o.spec.disruption.budgets.has_value());
  ASSERT_EQ(o.spec.disruption.budgets->size(), 1u);
  EXPECT_EQ(o.spec.disruption.budgets->at(0).nodes, "10%");
  EXPECT_FALSE(o.spec.template_.spec.termination_grace_period.has_value());
  karpenter::testing::ExpectRoundTrip(o);
}

TEST(NodePool, DefaultsKeepSetValuesAndEmptyBudgets) {
  NodePool o = MustDecode<NodePool>(R"(
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
      expireAfter: Never
  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAfter: Never
    budgets: []
)");
  ApplyDefaults(o);
  EXPECT_TRUE(o.spec.template_.spec.expire_after.IsNever());
  EXPECT_TRUE(o.spec.disruption.consolidate_after.IsNever());
  EXPECT_EQ(o.spec.disruption.consolidation_policy, "WhenEmpty");
  ASSERT_TRUE(o.spec.disruption.budgets.has_value());
  EXPECT_TRUE(o.spec.disruption.budgets->empty());
  karpenter::testing::ExpectRoundTrip(o);
}

TEST(NodePool, BudgetWithoutNodesGetsTenPercent) {
  NodePool o = Base();
  FirstBudget(o).nodes.clear();
  Diagnostics diags;
  Validate(o, diags);
  EXPECT_FALSE(diags.has_errors()) << Describe(diags);
  ApplyDefaults(o);
  EXPECT_EQ(FirstBudget(o).nodes, "10%");
}

const RuleCase<NodePool> kNodePoolRules[] = {
    {"karpenter/requirement-key", [](NodePool& o) { AddReq(o, "example.com/team", "Exists", {}); },
     [](NodePool& o) { AddReq(o, "bad key!", "Exists", {}); }},
    {"karpenter/requirement-key",  // maxLength 316, below the 317 a qualified name allows
     [](NodePool& o) { AddReq(o, LongPrefix() + "/" + std::string(62, 'n'), "Exists", {}); },
     [](NodePool& o) { AddReq(o, LongPrefix() + "/" + std::string(63, 'n'), "Exists", {}); }},
    {"karpenter/requirement-operator",
     [](NodePool& o) { AddReq(o, "example.com/size", "Gte", {"4"}); },
     [](NodePool& o) { AddReq(o, "example.com/size", "Equals", {"4"}); }},
    {"karpenter/requirement-values",
     [](NodePool& o) { AddReq(o, "example.com/team", "In", {"a-b.c_d"}); },
     [](NodePool& o) { AddReq(o, "example.com/team", "In", {"-bad"}); }},
    {"karpenter/requirement-in-values",
     [](NodePool& o) { AddReq(o, "example.com/team", "In", {"a"}); },
     [](NodePool& o) { AddReq(o, "example.com/team", "In", {}); }},
    {"karpenter/requirement-numeric",
     [](NodePool& o) { AddReq(o, "example.com/size", "Lt", {"10"}); },
     [](NodePool& o) { AddReq(o, "example.com/size", "Gt", {"-1"}); }},
    {"karpenter/requirement-numeric",
     [](NodePool& o) { AddReq(o, "example.com/size", "Lte", {"0"}); },
     [](NodePool& o) {
       AddReq(o, "example.com/size", "Gte", {"4", "8"});
     }},
    {"karpenter/requirement-numeric",
     [](NodePool& o) { AddReq(o, "example.com/size", "Gt", {"2"}); },
     [](NodePool& o) { AddReq(o, "example.com/size", "Gt", {"two"}); }},
    {"karpenter/min-values-range",
     [](NodePool& o) { AddReq(o, "example.com/team", "Exists", {}, 50); },
     [](NodePool& o) { AddReq(o, "example.com/team", "Exists", {}, 51); }},
    {"karpenter/min-values-range",
     [](NodePool& o) { AddReq(o, "example.com/team", "Exists", {}, 1); },
     [](NodePool& o) { AddReq(o, "example.com/team", "Exists", {}, 0); }},
    {"karpenter/min-values-count",
     [](NodePool& o) {
       AddReq(o, "example.com/team", "In", {"a", "b"}, 2);
     },
     [](NodePool& o) { AddReq(o, "example.com/team", "In", {"a"}, 2); }},
    {"karpenter/well-known-values", [](NodePool& o) { Reqs(o)[0].values = {"reserved"}; },
     [](NodePool& o) { Reqs(o)[0].values = {"cheap"}; }},
    {"karpenter/well-known-values",  // minValues counts only known values
     [](NodePool& o) { Reqs(o)[0].min_values = 2; },
     [](NodePool& o) {
       Reqs(o)[0].values = {"spot", "cheap"};
       Reqs(o)[0].min_values = 2;
     }},
    {"karpenter/well-known-values",  // the AWS tenancy label has known values too
     [](NodePool& o) { AddReq(o, "karpenter.k8s.aws/instance-tenancy", "In", {"default"}); },
     [](NodePool& o) { AddReq(o, "karpenter.k8s.aws/instance-tenancy", "In", {"host"}); }},
    {"karpenter/requirements-max",
     [](NodePool& o) {
       while (Reqs(o).size() < 100)
         AddReq(o, "example.com/k" + std::to_string(Reqs(o).size()), "Exists", {});
     },
     [](NodePool& o) {
       while (Reqs(o).size() < 101)
         AddReq(o, "example.com/k" + std::to_string(Reqs(o).size()), "Exists", {});
     }},
    {"karpenter/restricted-label",
     [](NodePool& o) { AddReq(o, "karpenter.k8s.aws/instance-cpu", "Gt", {"4"}); },
     [](NodePool& o) { AddReq(o, "karpenter.sh/discovery", "Exists", {}); }},
    {"karpenter/restricted-label",
     [](NodePool& o) { AddReq(o, "kubernetes.io/arch", "In", {"arm64"}); },
     [](NodePool& o) { AddReq(o, "kubernetes.io/hostname", "Exists", {}); }},
    {"karpenter/restricted-label",
     [](NodePool& o) { AddReq(o, "topology.kubernetes.io/zone", "In", {"us-east-1a"}); },
     [](NodePool& o) { AddReq(o, "karpenter.sh/nodepool", "In", {"default"}); }},
    {"karpenter/restricted-label",  // the AWS provider's domain rule
     [](NodePool& o) { AddReq(o, "karpenter.k8s.aws/placement-group-id", "Exists", {}); },
     [](NodePool& o) { AddReq(o, "karpenter.k8s.aws/instance-pods", "Exists", {}); }},
    {"karpenter/restricted-label",  // labels too
     [](NodePool& o) { o.spec.template_.metadata.labels["karpenter.sh/capacity-type"] = "spot"; },
     [](NodePool& o) { o.spec.template_.metadata.labels["karpenter.sh/nodepool"] = "x"; }},
    {"karpenter/restricted-label-runtime",  // CEL allows ec2nodeclass, IsRestrictedLabel not
     [](NodePool& o) { AddReq(o, "karpenter.k8s.aws/instance-family", "In", {"m5"}); },
     [](NodePool& o) { AddReq(o, "karpenter.k8s.aws/ec2nodeclass", "In", {"default"}); }},
    {"karpenter/restricted-label-runtime",
     [](NodePool& o) { o.spec.template_.metadata.labels["example.com/x"] = "y"; },
     [](NodePool& o) { o.spec.template_.metadata.labels["karpenter.k8s.aws/ec2nodeclass"] = "y"; }},
    {"karpenter/labels-max",
     [](NodePool& o) {
       for (int i = 1; i < 100; i++)
         o.spec.template_.metadata.labels["l" + std::to_string(i)] = "v";
     },
     [](NodePool& o) {
       for (int i = 0; i < 100; i++)
         o.spec.template_.metadata.labels["l" + std::to_string(i)] = "v";
     }},
    {"karpenter/label-syntax",
     [](NodePool& o) { o.spec.template_.metadata.labels["example.com/tier"] = "gold_1"; },
     [](NodePool& o) { o.spec.template_.metadata.labels["example.com/tier"] = "gold!"; }},
    {"karpenter/label-syntax", [](NodePool& o) { o.spec.template_.metadata.labels["tier"] = ""; },
     [](NodePool& o) { o.spec.template_.metadata.labels["bad key"] = "v"; }},
    {"karpenter/taint", [](NodePool& o) { o.spec.template_.spec.taints[0].effect = "NoExecute"; },
     [](NodePool& o) { o.spec.template_.spec.taints[0].effect = "Sometimes"; }},
    {"karpenter/taint",
     [](NodePool& o) { o.spec.template_.spec.taints[0].value = "example.com/v"; },
     [](NodePool& o) { o.spec.template_.spec.taints[0].value = "a value"; }},
    {"karpenter/taint",
     [](NodePool& o) { o.spec.template_.spec.startup_taints[0].key = "startup"; },
     [](NodePool& o) { o.spec.template_.spec.startup_taints[0].key = ""; }},
    {"karpenter/duplicate-taint",  // across taints and startupTaints
     [](NodePool& o) {
       o.spec.template_.spec.startup_taints[0].key = "example.com/special";
       o.spec.template_.spec.startup_taints[0].effect = "NoExecute";
     },
     [](NodePool& o) { o.spec.template_.spec.startup_taints[0].key = "example.com/special"; }},
    {"karpenter/duplicate-taint",
     [](NodePool& o) {
       o.spec.template_.spec.taints.push_back({"example.com/special", "", "NoExecute", {}});
     },
     [](NodePool& o) {
       o.spec.template_.spec.taints.push_back({"example.com/special", "other", "NoSchedule", {}});
     }},
    {"karpenter/node-class-ref",
     [](NodePool& o) { o.spec.template_.spec.node_class_ref.group = "karpenter.kwok.sh"; },
     [](NodePool& o) { o.spec.template_.spec.node_class_ref.group = "karpenter.k8s.aws/v1"; }},
    {"karpenter/node-class-ref",
     [](NodePool& o) { o.spec.template_.spec.node_class_ref.name = "other"; },
     [](NodePool& o) { o.spec.template_.spec.node_class_ref.name = ""; }},
    {"karpenter/expire-after",
     [](NodePool& o) { o.spec.template_.spec.expire_after = NillableDuration::Never(); },
     [](NodePool& o) {
       o.spec.template_.spec.expire_after = {"30d", std::nullopt};
     }},
    {"karpenter/expire-after",
     [](NodePool& o) {
       o.spec.template_.spec.expire_after = {"1h30m", Minutes(90)};
     },
     [](NodePool& o) {
       o.spec.template_.spec.expire_after = {"1.5h", Minutes(90)};
     }},
    {"karpenter/termination-grace-period",
     [](NodePool& o) {
       o.spec.template_.spec.termination_grace_period = GoDuration{"30m", Minutes(30)};
     },
     [](NodePool& o) {
       o.spec.template_.spec.termination_grace_period = GoDuration{"300ms", Milliseconds(300)};
     }},
    {"karpenter/consolidate-after",
     [](NodePool& o) { o.spec.disruption.consolidate_after = NillableDuration::Never(); },
     [](NodePool& o) {
       o.spec.disruption.consolidate_after = {"-1s", Seconds(-1)};
     }},
    {"karpenter/consolidation-policy",
     [](NodePool& o) { o.spec.disruption.consolidation_policy = "Balanced"; },
     [](NodePool& o) { o.spec.disruption.consolidation_policy = "WhenUnderutilized"; }},
    {"karpenter/budgets-max",
     [](NodePool& o) {
       o.spec.disruption.budgets->resize(50, Budget{{}, "1", {}, {}});
     },
     [](NodePool& o) {
       o.spec.disruption.budgets->resize(51, Budget{{}, "1", {}, {}});
     }},
    {"karpenter/budget-nodes", [](NodePool& o) { FirstBudget(o).nodes = "100%"; },
     [](NodePool& o) { FirstBudget(o).nodes = "101%"; }},
    {"karpenter/budget-nodes", [](NodePool& o) { FirstBudget(o).nodes = "25"; },
     [](NodePool& o) { FirstBudget(o).nodes = "ten"; }},
    {"karpenter/budget-schedule",
     [](NodePool& o) { o.spec.disruption.budgets->at(1).schedule = "@daily"; },
     [](NodePool& o) { o.spec.disruption.budgets->at(1).schedule = "every day"; }},
    {"karpenter/budget-schedule",  // matches the pattern, but cron rejects minute 61
     [](NodePool& o) { o.spec.disruption.budgets->at(1).schedule = "59 23 * * sun"; },
     [](NodePool& o) { o.spec.disruption.budgets->at(1).schedule = "61 * * * *"; }},
    {"karpenter/budget-schedule-duration",
     [](NodePool& o) {
       FirstBudget(o).schedule = "@hourly";
       FirstBudget(o).duration = GoDuration{"10m", Minutes(10)};
     },
     [](NodePool& o) { FirstBudget(o).schedule = "@hourly"; }},
    {"karpenter/budget-schedule-duration",
     [](NodePool& o) { o.spec.disruption.budgets->at(1).duration->raw = "30m"; },
     [](NodePool& o) { o.spec.disruption.budgets->at(1).schedule.reset(); }},
    {"karpenter/budget-duration",
     [](NodePool& o) {
       o.spec.disruption.budgets->at(1).duration = GoDuration{"1h30m", Minutes(90)};
     },
     [](NodePool& o) {
       o.spec.disruption.budgets->at(1).duration = GoDuration{"30s", Seconds(30)};
     }},
    {"karpenter/budget-reasons",
     [](NodePool& o) {
       FirstBudget(o).reasons = {"Empty", "Underutilized"};
     },
     [](NodePool& o) { FirstBudget(o).reasons = {"Consolidation"}; }},
    {"karpenter/budget-reasons", [](NodePool& o) { FirstBudget(o).reasons = {"Drifted"}; },
     [](NodePool& o) {
       FirstBudget(o).reasons = {"Drifted", "Drifted"};
     }},
    {"karpenter/weight", [](NodePool& o) { o.spec.weight = 100; },
     [](NodePool& o) { o.spec.weight = 0; }},
    {"karpenter/weight", [](NodePool& o) { o.spec.weight = 1; },
     [](NodePool& o) { o.spec.weight = 101; }},
    {"karpenter/replicas",
     [](NodePool& o) {
       o.spec.replicas = 3;
       o.spec.weight.reset();
       o.spec.limits = {{"nodes", Quantity::FromInt(10)}};
     },
     [](NodePool& o) {
       o.spec.replicas = -1;
       o.spec.weight.reset();
       o.spec.limits.clear();
     }},
    {"karpenter/static-nodepool-limits",
     [](NodePool& o) {
       o.spec.replicas = 0;
       o.spec.weight.reset();
       o.spec.limits.clear();
     },
     [](NodePool& o) {
       o.spec.replicas = 2;
       o.spec.weight.reset();
     }},
    {"karpenter/static-nodepool-weight",
     [](NodePool& o) { o.spec.limits["nodes"] = Quantity::FromInt(10); },
     [](NodePool& o) {
       o.spec.replicas = 2;
       o.spec.limits.clear();
     }},
};

TEST(NodePool, EveryRuleHasAPassingAndAFailingCase) {
  NodePool base = Base();
  for (const auto& c : kNodePoolRules) CheckRuleCase(base, c);
}

TEST(NodePool, RequirementKeysAreNormalizedBeforeTheRuntimeCheck) {
  NodePool o = Base();
  AddReq(o, "beta.kubernetes.io/arch", "In", {"amd64"});
  AddReq(o, "failure-domain.beta.kubernetes.io/zone", "In", {"us-east-1a"});
  Diagnostics diags;
  Validate(o, diags);
  EXPECT_TRUE(diags.empty()) << Describe(diags);
}

TEST(NodePool, UnknownCapacityTypeNextToAKnownOneIsAWarning) {
  NodePool o = Base();
  Reqs(o)[0].values = {"spot", "cheap"};
  Diagnostics diags;
  Validate(o, diags);
  EXPECT_FALSE(diags.has_errors()) << Describe(diags);
  ASSERT_EQ(diags.warning_count(), 1u) << Describe(diags);
  EXPECT_EQ(diags.items()[0].path, "spec.template.spec.requirements[0].values");
}

TEST(NodePool, PlaceholderInALabelValueIsAWarning) {
  NodePool o = Base();
  o.spec.template_.metadata.labels["cluster"] = "${CLUSTER_NAME}";
  Diagnostics diags;
  Validate(o, diags);
  EXPECT_FALSE(diags.has_errors()) << Describe(diags);
  EXPECT_TRUE(diags.HasRule("karpenter/label-syntax"));
}

TEST(NodePool, MessagesNameTheValue) {
  NodePool o = Base();
  FirstBudget(o).nodes = "ten";
  Diagnostics diags;
  Validate(o, diags);
  ASSERT_EQ(diags.items().size(), 1u) << Describe(diags);
  EXPECT_EQ(diags.items()[0].path, "spec.disruption.budgets[0].nodes");
  EXPECT_NE(diags.items()[0].message.find("\"ten\""), std::string::npos);
}

// ---- NodeClaim ----------------------------------------------------------------------------------

constexpr std::string_view kNodeClaim = R"(
apiVersion: karpenter.sh/v1
kind: NodeClaim
metadata:
  name: default-abcde
  labels:
    karpenter.sh/nodepool: default
spec:
  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
  requirements:
  - {key: karpenter.sh/nodepool, operator: In, values: [default]}
  - {key: node.kubernetes.io/instance-type, operator: In, values: [m5.large, m5.xlarge], minValues: 2}
  resources:
    requests: {cpu: 1500m, memory: 2Gi, pods: "3"}
  taints:
  - {key: example.com/special, effect: NoSchedule}
  terminationGracePeriod: 1h
status:
  nodeName: ip-10-0-0-1.ec2.internal
  providerID: aws:///us-east-1a/i-0123456789abcdef0
  imageID: ami-0123456789abcdef0
  capacity: {cpu: "2", memory: 8Gi, pods: "29"}
  allocatable: {cpu: 1930m, memory: 7Gi, pods: "29"}
  lastPodEventTime: "2026-11-27T02:00:00Z"
  conditions:
  - {type: Launched, status: "True", reason: Launched, message: "", lastTransitionTime: "2026-11-27T01:59:00Z"}
)";

NodeClaim BaseClaim() { return MustDecode<NodeClaim>(kNodeClaim); }

TEST(NodeClaim, DecodesValidatesAndRoundTrips) {
  NodeClaim o = BaseClaim();
  EXPECT_EQ(o.spec.resources.requests.at("cpu"), Quantity::FromMilli(1500));
  EXPECT_EQ(o.status.provider_id, "aws:///us-east-1a/i-0123456789abcdef0");
  ASSERT_TRUE(o.status.last_pod_event_time.has_value());
  ASSERT_EQ(o.status.conditions.size(), 1u);
  Diagnostics diags;
  Validate(o, diags);
  EXPECT_TRUE(diags.empty()) << Describe(diags);
  karpenter::testing::ExpectRoundTrip(o);
}

TEST(NodeClaim, DefaultsExpireAfter) {
  NodeClaim o = BaseClaim();
  ApplyDefaults(o);
  EXPECT_EQ(o.spec.expire_after.raw, "720h");
  o.spec.expire_after = NillableDuration::Never();
  ApplyDefaults(o);
  EXPECT_TRUE(o.spec.expire_after.IsNever());
}

const RuleCase<NodeClaim> kNodeClaimRules[] = {
    {"karpenter/restricted-label",  // hostname stays restricted, nodepool is allowed
     [](NodeClaim& o) {
       o.spec.requirements[0].key = "karpenter.sh/capacity-type";
       o.spec.requirements[0].values = {"spot"};
     },
     [](NodeClaim& o) { o.spec.requirements[0].key = "kubernetes.io/hostname"; }},
    {"karpenter/min-values-count", [](NodeClaim& o) { o.spec.requirements[1].min_values = 1; },
     [](NodeClaim& o) { o.spec.requirements[1].min_values = 3; }},
    {"karpenter/duplicate-taint",
     [](NodeClaim& o) {
       o.spec.startup_taints.push_back({"example.com/other", "", "NoSchedule", {}});
     },
     [](NodeClaim& o) {
       o.spec.startup_taints.push_back({"example.com/special", "", "NoSchedule", {}});
     }},
    {"karpenter/node-class-ref", [](NodeClaim& o) { o.spec.node_class_ref.kind = "KWOKNodeClass"; },
     [](NodeClaim& o) { o.spec.node_class_ref.kind.clear(); }},
    {"karpenter/termination-grace-period",
     [](NodeClaim& o) {
       o.spec.termination_grace_period = GoDuration{"90s", Seconds(90)};
     },
     [](NodeClaim& o) {
       o.spec.termination_grace_period = GoDuration{"1h0.5m", Seconds(3630)};
     }},
    {"karpenter/expire-after",
     [](NodeClaim& o) {
       o.spec.expire_after = {"24h", Hours(24)};
     },
     [](NodeClaim& o) {
       o.spec.expire_after = {"never", std::nullopt};
     }},
};

TEST(NodeClaim, EveryRuleHasAPassingAndAFailingCase) {
  NodeClaim base = BaseClaim();
  for (const auto& c : kNodeClaimRules) CheckRuleCase(base, c);
}

}  // namespace
}  // namespace swell::api
