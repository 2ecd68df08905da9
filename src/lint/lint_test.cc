// Each lint rule with a case that raises it and one that does not (docs/validation.md).
#include "lint/lint.h"

#include <gtest/gtest.h>

#include <string>

namespace swell::lint {
namespace {

struct Result {
  api::LoadResult load;
  bool Has(std::string_view rule) const {
    for (const auto& f : load.findings) {
      if (f.diag.rule == rule) return true;
    }
    return false;
  }
  const api::Finding* Find(std::string_view rule) const {
    for (const auto& f : load.findings) {
      if (f.diag.rule == rule) return &f;
    }
    return nullptr;
  }
  std::string Dump() const {
    std::string out;
    for (const auto& f : load.findings) out += api::FormatFinding(f) + "\n";
    return out;
  }
};

Result LintText(const std::string& yaml) {
  Result r;
  api::LoadText(yaml, "t.yaml", &r.load);
  Lint(r.load.objects, &r.load.findings);
  return r;
}

const char* kPool = R"(apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: workers}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - {key: karpenter.k8s.aws/instance-category, operator: In, values: [c, m, r]}
      - {key: kubernetes.io/arch, operator: In, values: [amd64]}
  limits: {cpu: "100"}
---
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata: {name: default}
spec:
  role: KarpenterNodeRole
  amiSelectorTerms: [{alias: al2023@latest}]
  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: c}}]
  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: c}}]
)";

std::string Deployment(const std::string& ns, const std::string& cpu,
                       const std::string& extra_spec = "") {
  return "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker, namespace: " + ns +
         "}\nspec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: "
         "{app: w}}\n    spec:\n" +
         extra_spec +
         "      containers:\n      - name: w\n        image: w\n        resources:\n"
         "          requests: {cpu: \"" +
         cpu + "\", memory: 1Gi}\n";
}

std::string ScaledObject(const std::string& ns, int max, const std::string& name = "worker") {
  std::string meta =
      ns.empty() ? "{name: " + name + "}" : "{name: " + name + ", namespace: " + ns + "}";
  return "---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: " + meta +
         "\nspec:\n  scaleTargetRef: {name: worker}\n  maxReplicaCount: " + std::to_string(max) +
         "\n  triggers:\n  - type: aws-sqs-queue\n    authenticationRef: {name: auth}\n"
         "    metadata: {queueURL: 'https://sqs.us-east-1.amazonaws.com/1/q', queueLength: '10'}\n";
}

std::string TriggerAuth(const std::string& ns) {
  return "---\napiVersion: keda.sh/v1alpha1\nkind: TriggerAuthentication\nmetadata: {name: auth, "
         "namespace: " +
         ns + "}\nspec:\n  podIdentity: {provider: aws}\n";
}

TEST(Lint, CleanSetHasNoFindings) {
  Result r = LintText(std::string(kPool) + Deployment("jobs", "1") + ScaledObject("jobs", 50) +
                      TriggerAuth("jobs"));
  EXPECT_FALSE(r.load.HasErrors()) << r.Dump();
  for (const auto& f : r.load.findings) {
    EXPECT_NE(f.diag.rule.rfind("lint/", 0), 0u) << api::FormatFinding(f);
  }
}

TEST(Lint, UnknownRequirementKeyRestrictsNothing) {
  std::string pool = kPool;
  std::string bad = pool;
  bad.replace(bad.find("karpenter.k8s.aws/instance-category"),
              std::string("karpenter.k8s.aws/instance-category").size(),
              "node.kubernetes.io/instance-category");
  Result r = LintText(bad);
  const api::Finding* f = r.Find("lint/unknown-requirement-key");
  ASSERT_NE(f, nullptr) << r.Dump();
  EXPECT_EQ(f->diag.severity, api::Severity::kWarning);
  EXPECT_EQ(f->diag.path, "spec.template.spec.requirements[0].key");
  EXPECT_NE(f->diag.message.find("did you mean karpenter.k8s.aws/instance-category?"),
            std::string::npos);
  EXPECT_EQ(f->diag.mark.line, 9u);
  EXPECT_FALSE(LintText(pool).Has("lint/unknown-requirement-key"));
  // A user-defined label is how pods select a pool: not a mistake.
  std::string custom = pool;
  custom.replace(custom.find("karpenter.k8s.aws/instance-category"),
                 std::string("karpenter.k8s.aws/instance-category").size(), "example.com/team");
  EXPECT_FALSE(LintText(custom).Has("lint/unknown-requirement-key"));
}

TEST(Lint, TriggerAuthenticationInAnotherNamespace) {
  Result r = LintText(ScaledObject("", 10) + TriggerAuth("order-processing"));
  const api::Finding* f = r.Find("lint/cross-namespace-ref");
  ASSERT_NE(f, nullptr) << r.Dump();
  EXPECT_EQ(f->diag.path, "spec.triggers[0].authenticationRef.name");
  EXPECT_NE(f->diag.message.find("order-processing"), std::string::npos);
  EXPECT_NE(f->diag.message.find("kubectl puts it in default"), std::string::npos);
  EXPECT_FALSE(LintText(ScaledObject("order-processing", 10) + TriggerAuth("order-processing"))
                   .Has("lint/cross-namespace-ref"));
}

TEST(Lint, ScaleTargetInAnotherNamespace) {
  Result r = LintText(ScaledObject("a", 10) + TriggerAuth("a") + Deployment("b", "1"));
  const api::Finding* f = r.Find("lint/cross-namespace-ref");
  ASSERT_NE(f, nullptr) << r.Dump();
  EXPECT_EQ(f->diag.path, "spec.scaleTargetRef.name");
  EXPECT_FALSE(LintText(ScaledObject("b", 10) + TriggerAuth("b") + Deployment("b", "1"))
                   .Has("lint/cross-namespace-ref"));
}

TEST(Lint, MissingNodeClass) {
  std::string pool = kPool;
  std::string only_pool = pool.substr(0, pool.find("---"));
  Result r = LintText(only_pool);
  ASSERT_TRUE(r.Has("lint/missing-nodeclass")) << r.Dump();
  EXPECT_FALSE(LintText(pool).Has("lint/missing-nodeclass"));
}

TEST(Lint, PodsThatFitNoInstanceType) {
  Result r = LintText(std::string(kPool) + Deployment("jobs", "500") + ScaledObject("jobs", 1) +
                      TriggerAuth("jobs"));
  const api::Finding* f = r.Find("lint/pods-never-fit");
  ASSERT_NE(f, nullptr) << r.Dump();
  EXPECT_EQ(f->object, "Deployment jobs/worker");
  EXPECT_NE(f->diag.message.find("cpu 500"), std::string::npos) << f->diag.message;
  EXPECT_FALSE(LintText(std::string(kPool) + Deployment("jobs", "2") + ScaledObject("jobs", 1) +
                        TriggerAuth("jobs"))
                   .Has("lint/pods-never-fit"));
}

TEST(Lint, PodsThatDoNotTolerateThePoolsTaint) {
  std::string pool = kPool;
  std::string tainted = pool;
  tainted.insert(tainted.find("      requirements:"),
                 "      taints: [{key: dedicated, value: batch, effect: NoSchedule}]\n");
  Result r =
      LintText(tainted + Deployment("jobs", "1") + ScaledObject("jobs", 1) + TriggerAuth("jobs"));
  const api::Finding* f = r.Find("lint/pods-never-fit");
  ASSERT_NE(f, nullptr) << r.Dump();
  EXPECT_NE(f->diag.message.find("do not tolerate its taint dedicated=batch:NoSchedule"),
            std::string::npos);
  std::string tolerating = Deployment(
      "jobs", "1",
      "      tolerations: [{key: dedicated, operator: Equal, value: batch, effect: NoSchedule}]\n");
  EXPECT_FALSE(LintText(tainted + tolerating + ScaledObject("jobs", 1) + TriggerAuth("jobs"))
                   .Has("lint/pods-never-fit"));
}

TEST(Lint, PodsWhoseNodeSelectorNoPoolAllows) {
  std::string arm = Deployment("jobs", "1", "      nodeSelector: {kubernetes.io/arch: arm64}\n");
  Result r = LintText(std::string(kPool) + arm + ScaledObject("jobs", 1) + TriggerAuth("jobs"));
  ASSERT_TRUE(r.Has("lint/pods-never-fit")) << r.Dump();
}

TEST(Lint, MaxReplicasAboveNodePoolLimits) {
  // 200 pods x 1 cpu = 200 cpu > the pool's limit of 100.
  Result r = LintText(std::string(kPool) + Deployment("jobs", "1") + ScaledObject("jobs", 200) +
                      TriggerAuth("jobs"));
  const api::Finding* f = r.Find("lint/max-exceeds-limits");
  ASSERT_NE(f, nullptr) << r.Dump();
  EXPECT_EQ(f->diag.path, "spec.maxReplicaCount");
  EXPECT_NE(f->diag.message.find("cpu 200 (200 x 1)"), std::string::npos) << f->diag.message;
  EXPECT_NE(f->diag.message.find("at most about 100 pods"), std::string::npos);
  EXPECT_FALSE(LintText(std::string(kPool) + Deployment("jobs", "1") + ScaledObject("jobs", 100) +
                        TriggerAuth("jobs"))
                   .Has("lint/max-exceeds-limits"));
}

TEST(Lint, SecondScaledObjectForTheSameWorkload) {
  std::string base = Deployment("jobs", "1") + TriggerAuth("jobs") + ScaledObject("jobs", 5);
  Result r = LintText(base + ScaledObject("jobs", 5, "second"));
  const api::Finding* f = r.Find("lint/other-scaled-object");
  ASSERT_NE(f, nullptr) << r.Dump();
  EXPECT_EQ(f->object, "ScaledObject jobs/second");
  EXPECT_FALSE(LintText(base).Has("lint/other-scaled-object"));
}

TEST(Lint, CpuTriggerOnContainersWithoutRequests) {
  std::string so =
      "---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: s, namespace: "
      "jobs}\nspec:\n  scaleTargetRef: {name: worker}\n  minReplicaCount: 1\n  triggers:\n"
      "  - {type: memory, metricType: Utilization, metadata: {value: '60'}}\n";
  std::string no_memory =
      "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker, namespace: jobs}\n"
      "spec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n"
      "    spec:\n      containers: [{name: w, image: w, resources: {requests: {cpu: '1'}}}]\n";
  Result r = LintText(no_memory + so);
  ASSERT_TRUE(r.Has("lint/missing-requests")) << r.Dump();
  EXPECT_FALSE(LintText(Deployment("jobs", "1") + so).Has("lint/missing-requests"));
}

TEST(Lint, ScaleTargetNotGivenIsANote) {
  Result r = LintText(std::string(kPool) + ScaledObject("jobs", 5) + TriggerAuth("jobs"));
  const api::Finding* f = r.Find("lint/target-not-given");
  ASSERT_NE(f, nullptr) << r.Dump();
  EXPECT_EQ(f->diag.severity, api::Severity::kInfo);
}

}  // namespace
}  // namespace swell::lint
