// Core Kubernetes rules (src/api/core/*.cc): for every rule id one case that raises it and
// one that does not, through the real loader (decode, validate, defaults).
#include <gtest/gtest.h>

#include "api/loader.h"

namespace swell::api {
namespace {

struct Case {
  std::string rule;
  std::string bad;
  std::string good;
  Severity severity = Severity::kError;
};

std::string Deploy(const std::string& spec_extra, const std::string& pod_extra = "",
                   const std::string& container_extra = "", const std::string& meta = "{name: d}") {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata: " + meta +
         "\nspec:\n  selector: {matchLabels: {app: d}}\n" + spec_extra +
         "  template:\n    metadata: {labels: {app: d}}\n    spec:\n" + pod_extra +
         "      containers:\n      - name: c\n        image: i\n" + container_extra;
}

std::string JobYaml(const std::string& spec_extra, const std::string& restart = "Never") {
  return "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n" + spec_extra +
         "  template:\n    spec:\n      restartPolicy: " + restart +
         "\n      containers: [{name: c, image: i}]\n";
}

std::vector<Case> Cases() {
  const Severity W = Severity::kWarning;
  return {
      {"meta/name", Deploy("", "", "", "{name: My_Deploy}"), Deploy(""), W},
      {"meta/namespace", Deploy("", "", "", "{name: d, namespace: Team_A}"),
       Deploy("", "", "", "{name: d, namespace: team-a}"), W},
      {"meta/label", Deploy("", "", "", "{name: d, labels: {'a/b/c': x}}"),
       Deploy("", "", "", "{name: d, labels: {a.io/b: x}}"), W},
      {"meta/annotation", Deploy("", "", "", "{name: d, annotations: {'-x': y}}"),
       Deploy("", "", "", "{name: d, annotations: {x: y}}"), W},
      {"apps/replicas", Deploy("  replicas: -1\n"), Deploy("  replicas: 0\n")},
      {"apps/selector",
       "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: "
       "{matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: d}}\n    spec: "
       "{containers: [{name: c}]}\n",
       Deploy("")},
      {"apps/restart-policy", Deploy("", "      restartPolicy: Never\n"), Deploy("")},
      {"apps/pod-management-policy",
       "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  selector: "
       "{matchLabels: {a: b}}\n  podManagementPolicy: Sometimes\n  template:\n    metadata: "
       "{labels: {a: b}}\n    spec: {containers: [{name: c}]}\n",
       "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  selector: "
       "{matchLabels: {a: b}}\n  podManagementPolicy: Parallel\n  template:\n    metadata: "
       "{labels: {a: b}}\n    spec: {containers: [{name: c}]}\n"},
      {"core/containers",
       "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n",
       "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}]}\n"},
      {"core/container-name",
       "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}, {name: "
       "c}]}\n",
       "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}, {name: "
       "d}]}\n"},
      {"core/resources",
       Deploy("", "", "        resources: {requests: {cpu: '2'}, limits: {cpu: '1'}}\n"),
       Deploy("", "", "        resources: {requests: {cpu: '1'}, limits: {cpu: '2'}}\n")},
      {"core/container-restart-policy", Deploy("", "", "        restartPolicy: Always\n"),
       Deploy("", "      initContainers: [{name: s, image: i, restartPolicy: Always}]\n")},
      {"core/restart-policy",
       "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {restartPolicy: Sometimes, "
       "containers: [{name: c}]}\n",
       "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {restartPolicy: Never, "
       "containers: [{name: c}]}\n"},
      {"core/grace-period", Deploy("", "      terminationGracePeriodSeconds: -1\n"),
       Deploy("", "      terminationGracePeriodSeconds: 0\n")},
      {"core/node-selector",
       Deploy("",
              "      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: "
              "{nodeSelectorTerms: [{matchExpressions: [{key: a, operator: Gt, values: "
              "[1, 2]}]}]}}}\n"),
       Deploy("",
              "      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: "
              "{nodeSelectorTerms: [{matchExpressions: [{key: a, operator: Gt, values: "
              "['1']}]}]}}}\n")},
      {"core/toleration", Deploy("", "      tolerations: [{operator: Equal, value: x}]\n"),
       Deploy("", "      tolerations: [{operator: Exists}]\n")},
      {"core/topology-spread",
       Deploy("",
              "      topologySpreadConstraints: [{maxSkew: 0, topologyKey: z, "
              "whenUnsatisfiable: DoNotSchedule}]\n"),
       Deploy("",
              "      topologySpreadConstraints: [{maxSkew: 1, topologyKey: z, "
              "whenUnsatisfiable: DoNotSchedule}]\n")},
      {"core/taint",
       "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec: {taints: [{key: a, effect: "
       "Sometimes}]}\n",
       "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec: {taints: [{key: a, effect: "
       "NoSchedule}]}\n"},
      {"core/config-key",
       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {'a b': x}\n",
       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a.b: x}\n"},
      {"core/secret-base64",
       "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: not*base64}\n",
       "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: aGVsbG8=}\n", W},
      {"core/secret-placeholder",
       "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: <your key>}\n",
       "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {k: <your key>}\n", W},
      {"batch/job-counts", JobYaml("  parallelism: -2\n"), JobYaml("  parallelism: 2\n")},
      {"batch/completion-mode", JobYaml("  completionMode: Sometimes\n"),
       JobYaml("  completionMode: Indexed\n")},
      {"batch/restart-policy", JobYaml("", "Always"), JobYaml("", "OnFailure")},
      {"policy/pdb",
       "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: "
       "{minAvailable: 1, maxUnavailable: 1}\n",
       "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: "
       "{maxUnavailable: '50%'}\n"},
  };
}

TEST(CoreValidate, EveryRuleHasAFailingAndAPassingCase) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.rule);
    LoadResult bad, good;
    LoadText(c.bad, "bad.yaml", &bad);
    LoadText(c.good, "good.yaml", &good);
    bool raised = false;
    for (const auto& f : bad.findings) {
      if (f.diag.rule == c.rule) {
        raised = true;
        EXPECT_EQ(f.diag.severity, c.severity) << FormatFinding(f);
        EXPECT_GT(f.diag.mark.line, 0u) << FormatFinding(f);
      }
    }
    EXPECT_TRUE(raised) << c.bad;
    for (const auto& f : good.findings) EXPECT_NE(f.diag.rule, c.rule) << FormatFinding(f);
  }
}

TEST(CoreValidate, PodRequestsCountSidecarsAndInitContainers) {
  LoadResult r;
  LoadText(
      Deploy("",
             "      initContainers:\n      - {name: init, resources: {requests: {cpu: '3'}}}\n"
             "      - {name: side, restartPolicy: Always, resources: {requests: {cpu: 500m}}}\n"
             "      overhead: {cpu: 100m}\n",
             "        resources: {requests: {cpu: '1'}, limits: {memory: 1Gi}}\n"),
      "p.yaml", &r);
  ASSERT_EQ(r.objects.size(), 1u);
  const auto& spec = std::get<Deployment>(r.objects[0].object).spec.template_.spec;
  ResourceList req = PodRequests(spec);
  // max(containers 1 + sidecar 0.5, init 3 + sidecars started before it 0) + overhead 0.1
  EXPECT_EQ(req.at("cpu").ToString(), "3100m");
  // memory request defaulted from the limit
  EXPECT_EQ(req.at("memory").ToString(), "1Gi");
}

TEST(CoreValidate, JobDefaults) {
  LoadResult r;
  LoadText(JobYaml(""), "j.yaml", &r);
  ASSERT_EQ(r.objects.size(), 1u);
  const JobSpec& s = std::get<Job>(r.objects[0].object).spec;
  EXPECT_EQ(s.parallelism, 1);
  EXPECT_EQ(s.completions, 1);
  EXPECT_EQ(s.backoff_limit, 6);
  EXPECT_EQ(s.completion_mode, "NonIndexed");
}

}  // namespace
}  // namespace swell::api
