// Decoding throughput: YAML text -> validated, defaulted typed objects (api::LoadText), the
// path `swell validate` and every other command take. Figures: bench/README.md.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "api/loader.h"

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// A realistic mix of what users keep next to each other: workloads with their ScaledObjects
// and TriggerAuthentications, Secrets, NodePools and EC2NodeClasses.
std::string GeneratedManifests(int objects) {
  std::string out;
  for (int i = 0; i < objects; i++) {
    std::string n = std::to_string(i);
    out += "---\n";
    switch (i % 5) {
      case 0:
        out += "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker-" + n +
               "\n  namespace: team-" + std::to_string(i % 7) + "\n  labels: {app: worker-" + n +
               ", tier: backend}\nspec:\n  replicas: 0\n"
               "  selector:\n    matchLabels: {app: worker-" +
               n +
               "}\n  template:\n"
               "    metadata:\n      labels: {app: worker-" +
               n +
               "}\n    spec:\n"
               "      containers:\n      - name: worker\n        image: registry/worker:1." +
               n +
               "\n        resources:\n          requests: {cpu: 500m, memory: 512Mi}\n"
               "          limits: {memory: 1Gi}\n        env:\n        - {name: QUEUE_URL, value: "
               "\"https://sqs.us-east-1.amazonaws.com/123456789012/q-" +
               n +
               "\"}\n"
               "      tolerations:\n      - {key: dedicated, operator: Equal, value: batch, "
               "effect: NoSchedule}\n"
               "      terminationGracePeriodSeconds: 60\n";
        break;
      case 1:
        out +=
            "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: worker-" + n +
            "\n  namespace: team-" + std::to_string(i % 7) +
            "\nspec:\n  scaleTargetRef: {name: worker-" + n +
            "}\n  pollingInterval: 15\n"
            "  cooldownPeriod: 60\n  minReplicaCount: 0\n  maxReplicaCount: 100\n"
            "  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleDown:\n"
            "          stabilizationWindowSeconds: 120\n          policies:\n"
            "          - {type: Percent, value: 50, periodSeconds: 30}\n  triggers:\n"
            "  - type: aws-sqs-queue\n    authenticationRef: {name: aws-auth}\n    metadata:\n"
            "      queueURL: https://sqs.us-east-1.amazonaws.com/123456789012/q-" +
            n +
            "\n"
            "      queueLength: '10'\n      awsRegion: us-east-1\n      scaleOnInFlight: 'true'\n";
        break;
      case 2:
        out +=
            "apiVersion: keda.sh/v1alpha1\nkind: TriggerAuthentication\nmetadata:\n  name: auth-" +
            n + "\n  namespace: team-" + std::to_string(i % 7) +
            "\nspec:\n  secretTargetRef:\n  - {parameter: awsAccessKeyID, name: aws-" + n +
            ", key: id}\n  - {parameter: awsSecretAccessKey, name: aws-" + n + ", key: secret}\n";
        break;
      case 3:
        out += "apiVersion: v1\nkind: Secret\nmetadata:\n  name: aws-" + n +
               "\n  namespace: team-" + std::to_string(i % 7) +
               "\ntype: Opaque\ndata:\n  id: QUtJQUlPU0ZPRE5ON0VYQU1QTEU=\n"
               "  secret: d0phbHJYVXRuRkVNSS9LN01ERU5HL2JQeFJmaUNZRVhBTVBMRUtFWQ==\n";
        break;
      default:
        out +=
            "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: pool-" + n +
            "\nspec:\n  template:\n    metadata:\n      labels: {team: t" + n +
            "}\n    spec:\n"
            "      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}\n"
            "      requirements:\n      - {key: karpenter.sh/capacity-type, operator: In, values: "
            "[spot, on-demand]}\n"
            "      - {key: karpenter.k8s.aws/instance-category, operator: In, values: [c, m, r]}\n"
            "      - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}\n"
            "      expireAfter: 720h\n  limits: {cpu: 1000, memory: 4000Gi}\n  disruption:\n"
            "    consolidationPolicy: WhenEmptyOrUnderutilized\n    consolidateAfter: 30s\n"
            "    budgets:\n    - {nodes: '10%'}\n    - {nodes: '0', schedule: '0 9 * * mon-fri', "
            "duration: 8h}\n";
        break;
    }
  }
  return out;
}

void RunLoad(benchmark::State& state, const std::string& text) {
  size_t objects = 0;
  for (auto _ : state) {
    swell::api::LoadResult r;
    swell::api::LoadText(text, "bench.yaml", &r);
    objects = r.objects.size();
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(objects));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  state.counters["objects"] = static_cast<double>(objects);
}

void BM_DecodeSeedManifests(benchmark::State& state) {
  RunLoad(state, ReadFile(std::string(SWELL_SHARED_DIR) + "/seed/manifests.yaml"));
}
BENCHMARK(BM_DecodeSeedManifests);

void BM_DecodeGenerated1000(benchmark::State& state) { RunLoad(state, GeneratedManifests(1000)); }
BENCHMARK(BM_DecodeGenerated1000)->Unit(benchmark::kMillisecond);

}  // namespace
