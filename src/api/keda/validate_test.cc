// One failing and one passing case for every KEDA validation rule (CRD schema, admission
// webhook keda.md §7.2 items 5-10, §2.5 warnings, §1.6 annotations, §4.3 TA/CTA rules).

#include <gtest/gtest.h>

#include "api/keda/keda_test_util.h"

namespace swell::api {
namespace {

using keda_test::Dump;

enum class Kind { kSO, kSJ, kTA, kCTA };

template <class T>
Diagnostics DecodeAndValidate(std::string_view text) {
  Diagnostics decode;
  T obj = keda_test::Decode<T>(text, decode);
  for (const Diagnostic& d : decode.items()) {
    if (d.severity == Severity::kError) ADD_FAILURE() << "decode: " << d.path << ": " << d.message;
  }
  Diagnostics diags;
  Validate(obj, diags);
  return diags;
}

Diagnostics RunKind(Kind kind, std::string_view text) {
  switch (kind) {
    case Kind::kSO:
      return DecodeAndValidate<ScaledObject>(text);
    case Kind::kSJ:
      return DecodeAndValidate<ScaledJob>(text);
    case Kind::kTA:
      return DecodeAndValidate<TriggerAuthentication>(text);
    case Kind::kCTA:
      return DecodeAndValidate<ClusterTriggerAuthentication>(text);
  }
  return {};
}

constexpr std::string_view kCron =
    "  - name: c\n    type: cron\n    metadata: {timezone: UTC, start: '0 8 * * *', "
    "end: '0 18 * * *', desiredReplicas: '3'}\n";
constexpr std::string_view kCpu =
    "  - type: cpu\n    metricType: Utilization\n"
    "    metadata: {value: '50'}\n";

// A ScaledObject named `name` with `spec` lines (scaleTargetRef added) and `triggers` items.
std::string SO(std::string_view spec, std::string_view triggers = kCron,
               std::string_view annotations = "", std::string_view name = "so") {
  std::string out = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: ";
  out += name;
  out += "\n  namespace: ns\n";
  if (!annotations.empty()) out += "  annotations:\n" + std::string(annotations);
  out += "spec:\n  scaleTargetRef: {name: app}\n";
  out += spec;
  out += "  triggers:\n";
  out += triggers;
  return out;
}

constexpr std::string_view kRabbit =
    "  - type: rabbitmq\n    metadata: {queueName: q, hostFromEnv: HOST}\n";

std::string SJ(std::string_view spec, std::string_view triggers = kRabbit,
               std::string_view pod_extra = "", std::string_view name = "sj") {
  std::string out = "apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nmetadata:\n  name: ";
  out += name;
  out += "\nspec:\n  jobTargetRef:\n    template:\n      spec:\n";
  out += pod_extra;
  out += "        containers: [{name: w, image: w}]\n";
  out += spec;
  out += "  triggers:\n";
  out += triggers;
  return out;
}

std::string TA(std::string_view spec) {
  return "apiVersion: keda.sh/v1alpha1\nkind: TriggerAuthentication\nmetadata: {name: ta, "
         "namespace: ns}\nspec:\n" +
         std::string(spec);
}

std::string CTA(std::string_view spec) {
  return "apiVersion: keda.sh/v1alpha1\nkind: ClusterTriggerAuthentication\nmetadata: {name: "
         "cta}\nspec:\n" +
         std::string(spec);
}

struct RuleCase {
  std::string rule;
  Kind kind;
  std::string bad;   // must raise `rule` with `severity` at `path`
  std::string good;  // must not raise `rule`
  Severity severity = Severity::kError;
  std::string path;  // "" = any path
};

std::vector<RuleCase> Cases() {
  const std::string n64(64, 'a');
  const std::string n60(60, 'a');
  const auto E = Severity::kError;
  const auto W = Severity::kWarning;
  return {
      // CRD minimums (keda.md §1.1).
      {"keda/schema", Kind::kSO, SO("  pollingInterval: 0\n"), SO("  pollingInterval: 1\n"), E,
       "spec.pollingInterval"},
      {"keda/schema", Kind::kSO, SO("  maxReplicaCount: 0\n"), SO("  maxReplicaCount: 1\n"), E,
       "spec.maxReplicaCount"},
      {"keda/schema", Kind::kSO, SO("  cooldownPeriod: -1\n"), SO("  cooldownPeriod: 0\n"), E,
       "spec.cooldownPeriod"},
      {"keda/schema", Kind::kSO,
       SO("  fallback: {failureThreshold: 1, replicas: 1, behavior: "
          "Static}\n"),
       SO("  fallback: {failureThreshold: 1, replicas: 1, behavior: static}\n"), E,
       "spec.fallback.behavior"},
      {"keda/schema", Kind::kSO,
       SO("",
          "  - type: cron\n    authenticationRef: {name: a, kind: Secret}\n    metadata: "
          "{timezone: UTC, start: '0 8 * * *', end: '0 9 * * *', desiredReplicas: '1'}\n"),
       SO("",
          "  - type: cron\n    authenticationRef: {name: a, kind: "
          "ClusterTriggerAuthentication}\n    metadata: {timezone: UTC, start: '0 8 * * *', "
          "end: '0 9 * * *', desiredReplicas: '1'}\n"),
       E, "spec.triggers[0].authenticationRef.kind"},
      // §1.1 scaleTargetRef.
      {"keda/scale-target", Kind::kSO,
       "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: so}\nspec:\n"
       "  scaleTargetRef: {name: ''}\n  triggers:\n" +
           std::string(kCron),
       SO(""), E, "spec.scaleTargetRef.name"},
      {"keda/scale-target", Kind::kSO,
       "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: so}\nspec:\n"
       "  scaleTargetRef: {name: a, apiVersion: a/b/c}\n  triggers:\n" +
           std::string(kCron),
       SO(""), E, "spec.scaleTargetRef.apiVersion"},
      // §7.2 item 6 and the CEL rule.
      {"keda/replica-bounds", Kind::kSO, SO("  minReplicaCount: 200\n  maxReplicaCount: 100\n"),
       SO("  minReplicaCount: 2\n  maxReplicaCount: 100\n"), E, "spec.minReplicaCount"},
      {"keda/replica-bounds", Kind::kSO, SO("  minReplicaCount: 101\n"),
       SO("  minReplicaCount: 100\n"), E, "spec.minReplicaCount"},
      {"keda/replica-bounds", Kind::kSO, SO("  idleReplicaCount: 1\n  minReplicaCount: 1\n"),
       SO("  idleReplicaCount: 0\n  minReplicaCount: 1\n"), E, "spec.idleReplicaCount"},
      {"keda/replica-bounds", Kind::kSO, SO("  idleReplicaCount: 0\n"),
       SO("  idleReplicaCount: 0\n  minReplicaCount: 2\n"), E, "spec.idleReplicaCount"},
      {"keda/replica-bounds", Kind::kSO, SO("  idleReplicaCount: 1\n  minReplicaCount: 3\n"),
       SO("  idleReplicaCount: 0\n  minReplicaCount: 3\n"), W, "spec.idleReplicaCount"},
      // §7.2 item 5.
      // A warning for one object alone: the webhook checks it only after fetching the
      // Deployment/StatefulSet (lint raises it with the target present).
      {"keda/scale-to-zero", Kind::kSO, SO("  minReplicaCount: 0\n", kCpu),
       SO("  minReplicaCount: 1\n", kCpu), W, "spec.minReplicaCount"},
      {"keda/scale-to-zero", Kind::kSO, SO("", kCpu),
       SO("", std::string(kCpu) + std::string(kCron)), W, "spec"},
      {"keda/scale-to-zero", Kind::kSO, SO("", kCpu),
       "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: so}\nspec:\n"
       "  scaleTargetRef: {name: a, apiVersion: argoproj.io/v1alpha1, kind: Rollout}\n"
       "  triggers:\n" +
           std::string(kCpu),
       W, "spec"},
      // §7.2 item 7.
      {"keda/fallback", Kind::kSO, SO("  fallback: {failureThreshold: 3, replicas: -1}\n"),
       SO("  fallback: {failureThreshold: 3, replicas: 0}\n"), E, "spec.fallback.replicas"},
      {"keda/fallback", Kind::kSO,
       SO("  minReplicaCount: 1\n  fallback: {failureThreshold: 3, replicas: 2}\n", kCpu),
       SO("  minReplicaCount: 1\n  fallback: {failureThreshold: 3, replicas: 2}\n",
          std::string(kCpu) + std::string(kCron)),
       E, "spec.fallback"},
      {"keda/fallback", Kind::kSO,
       SO("  fallback: {failureThreshold: 3, replicas: 2}\n  advanced:\n    scalingModifiers: "
          "{formula: c, target: '2.5'}\n"),
       SO("  fallback: {failureThreshold: 3, replicas: 2}\n  advanced:\n    scalingModifiers: "
          "{formula: c, target: '2'}\n"),
       W, "spec.advanced.scalingModifiers.target"},
      // §7.2 item 8.
      {"keda/triggers", Kind::kSO, SO("", std::string(kCron) + std::string(kCron)),
       SO("", std::string(kCron) + "  - name: d\n    type: cron\n    metadata: {timezone: UTC, "
                                   "start: '0 1 * * *', end: '0 2 * * *', desiredReplicas: "
                                   "'1'}\n"),
       E, "spec.triggers[1].name"},
      {"keda/triggers", Kind::kSO,
       SO("",
          "  - type: cron\n    useCachedMetrics: true\n    metadata: {timezone: UTC, start: "
          "'0 8 * * *', end: '0 9 * * *', desiredReplicas: '1'}\n"),
       SO("",
          "  - type: rabbitmq\n    useCachedMetrics: true\n    metadata: {queueName: q, "
          "hostFromEnv: H}\n"),
       E, "spec.triggers[0].useCachedMetrics"},
      {"keda/triggers", Kind::kSO, SO("", "    []\n"), SO(""), E, "spec.triggers"},
      // §1.4, §5.9.
      {"keda/metric-type", Kind::kSO,
       SO("  minReplicaCount: 1\n", "  - type: cpu\n    metadata: {value: '50'}\n"),
       SO("  minReplicaCount: 1\n", kCpu), E, "spec.triggers[0].metricType"},
      {"keda/metric-type", Kind::kSO,
       SO("",
          "  - type: rabbitmq\n    metricType: Utilization\n    metadata: {queueName: q, "
          "hostFromEnv: H}\n"),
       SO("",
          "  - type: rabbitmq\n    metricType: Value\n    metadata: {queueName: q, "
          "hostFromEnv: H}\n"),
       E, "spec.triggers[0].metricType"},
      {"keda/metric-type", Kind::kSO,
       SO("",
          "  - type: rabbitmq\n    metricType: Average\n    metadata: {queueName: q, "
          "hostFromEnv: H}\n"),
       SO(""), E, "spec.triggers[0].metricType"},
      // §1.5 metadata values.
      {"keda/metadata-value", Kind::kSO,
       SO("  minReplicaCount: 1\n",
          "  - type: cpu\n    metricType: Utilization\n    metadata: {value: '50%'}\n"),
       SO("  minReplicaCount: 1\n", kCpu), E, "spec.triggers[0].metadata.value"},
      {"keda/metadata-value", Kind::kSO,
       SO("  minReplicaCount: 1\n",
          "  - type: memory\n    metricType: AverageValue\n    metadata: {value: 512MB}\n"),
       SO("  minReplicaCount: 1\n",
          "  - type: memory\n    metricType: AverageValue\n    metadata: {value: 512Mi}\n"),
       E, "spec.triggers[0].metadata.value"},
      {"keda/metadata-value", Kind::kSO,
       SO("",
          "  - type: kafka\n    metadata: {bootstrapServers: k, consumerGroup: g, "
          "offsetResetPolicy: Latest}\n"),
       SO("",
          "  - type: kafka\n    metadata: {bootstrapServers: k, consumerGroup: g, "
          "offsetResetPolicy: latest}\n"),
       E, "spec.triggers[0].metadata.offsetResetPolicy"},
      {"keda/metadata-value", Kind::kSO,
       SO("",
          "  - type: kafka\n    metadata: {bootstrapServers: k, consumerGroup: g, "
          "offsetResetPolicy: '${POLICY}'}\n"),
       SO(""), W, "spec.triggers[0].metadata.offsetResetPolicy"},
      // §7.2 item 9, §2.11.
      {"keda/scaling-modifiers", Kind::kSO,
       SO("  advanced:\n    scalingModifiers: {formula: 'c + missing', target: '2'}\n"),
       SO("  advanced:\n    scalingModifiers: {formula: 'c * 2', target: '2'}\n"), E,
       "spec.advanced.scalingModifiers.formula"},
      {"keda/scaling-modifiers", Kind::kSO,
       SO("  advanced:\n    scalingModifiers: {formula: 'c + (', target: '2'}\n"),
       SO("  advanced:\n    scalingModifiers: {formula: '(c + 1)', target: '2'}\n"), E,
       "spec.advanced.scalingModifiers.formula"},
      // The trial run with every trigger at -1 (int(-1) % 0 fails only at run time).
      {"keda/scaling-modifiers", Kind::kSO,
       SO("  advanced:\n    scalingModifiers: {formula: 'int(c) % 0', target: '2'}\n"),
       SO("  advanced:\n    scalingModifiers: {formula: 'int(c) % 2', target: '2'}\n"), E,
       "spec.advanced.scalingModifiers.formula"},
      // Valid expr-lang outside swell's subset: a warning, not an error.
      {"keda/scaling-modifiers", Kind::kSO,
       SO("  advanced:\n    scalingModifiers: {formula: 'sum(filter([c], {# > 0}))', target: "
          "'2'}\n"),
       SO("  advanced:\n    scalingModifiers: {formula: 'count([c], {# > 0})', target: '2'}\n"), W,
       "spec.advanced.scalingModifiers.formula"},
      {"keda/scaling-modifiers", Kind::kSO,
       SO("  advanced:\n    scalingModifiers: {target: '2'}\n"),
       SO("  advanced:\n    scalingModifiers: {formula: c, target: '2'}\n"), E,
       "spec.advanced.scalingModifiers.formula"},
      {"keda/scaling-modifiers", Kind::kSO,
       SO("  advanced:\n    scalingModifiers: {formula: c, target: '0'}\n"),
       SO("  advanced:\n    scalingModifiers: {formula: c, target: '0.5'}\n"), E,
       "spec.advanced.scalingModifiers.target"},
      {"keda/scaling-modifiers", Kind::kSO, SO("  advanced:\n    scalingModifiers: {formula: c}\n"),
       SO("  advanced:\n    scalingModifiers: {formula: c, target: '3'}\n"), E,
       "spec.advanced.scalingModifiers.target"},
      {"keda/scaling-modifiers", Kind::kSO,
       SO("  advanced:\n    scalingModifiers: {formula: c, target: '3', activationTarget: x}\n"),
       SO("  advanced:\n    scalingModifiers: {formula: c, target: '3', activationTarget: "
          "'1.5'}\n"),
       E, "spec.advanced.scalingModifiers.activationTarget"},
      {"keda/scaling-modifiers", Kind::kSO,
       SO("  advanced:\n    scalingModifiers: {formula: c, target: '3', metricType: "
          "Utilization}\n"),
       SO("  advanced:\n    scalingModifiers: {formula: c, target: '3', metricType: Value}\n"), E,
       "spec.advanced.scalingModifiers.metricType"},
      {"keda/scaling-modifiers", Kind::kSO,
       SO("  fallback: {failureThreshold: 3, replicas: 2, behavior: scalingModifiers}\n"),
       SO("  fallback: {failureThreshold: 3, replicas: 2, behavior: scalingModifiers}\n"
          "  advanced:\n    scalingModifiers: {formula: 'c ?? 1', target: '3'}\n"),
       E, "spec.fallback.behavior"},
      {"keda/scaling-modifiers", Kind::kSO,
       SO("  advanced:\n    scalingModifiers: {formula: '1', target: '3'}\n",
          "  - type: rabbitmq\n    metadata: {queueName: q, hostFromEnv: H}\n"),
       SO("  advanced:\n    scalingModifiers: {formula: '1', target: '3'}\n"), W,
       "spec.triggers[0].name"},
      // §7.2 item 10.
      {"keda/name-too-long", Kind::kSO, SO("", kCron, "", n64), SO("", kCron, "", "a"), E,
       "metadata.name"},
      {"keda/name-too-long", Kind::kSO, SO("", kCron, "", n60),
       SO("  advanced:\n    horizontalPodAutoscalerConfig: {name: h}\n", kCron, "", n60), E,
       "metadata.name"},
      {"keda/name-too-long", Kind::kSO,
       SO("  advanced:\n    horizontalPodAutoscalerConfig: {name: " + n64 + "}\n"),
       SO("  advanced:\n    horizontalPodAutoscalerConfig: {name: h}\n"), E,
       "spec.advanced.horizontalPodAutoscalerConfig.name"},
      {"keda/hpa-name", Kind::kSO,
       SO("  advanced:\n    horizontalPodAutoscalerConfig: {name: Bad_Name}\n"),
       SO("  advanced:\n    horizontalPodAutoscalerConfig: {name: good-name}\n"), E,
       "spec.advanced.horizontalPodAutoscalerConfig.name"},
      // §2.5 warnings.
      {"keda/polling-irrelevant", Kind::kSO, SO("  minReplicaCount: 1\n  pollingInterval: 5\n"),
       SO("  minReplicaCount: 0\n  pollingInterval: 5\n"), W, "spec.pollingInterval"},
      {"keda/polling-irrelevant", Kind::kSO, SO("  minReplicaCount: 1\n  pollingInterval: 5\n"),
       SO("  minReplicaCount: 1\n  idleReplicaCount: 0\n  pollingInterval: 5\n"), W,
       "spec.pollingInterval"},
      {"keda/cooldown-irrelevant", Kind::kSO, SO("  minReplicaCount: 2\n  cooldownPeriod: 5\n"),
       SO("  cooldownPeriod: 5\n"), W, "spec.cooldownPeriod"},
      // HPA behavior (kubernetes.md §1.2).
      {"keda/hpa-behavior", Kind::kSO,
       SO("  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleDown: "
          "{stabilizationWindowSeconds: 4000}\n"),
       SO("  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleDown: "
          "{stabilizationWindowSeconds: 3600}\n"),
       E,
       "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown."
       "stabilizationWindowSeconds"},
      {"keda/hpa-behavior", Kind::kSO,
       SO("  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleUp:\n"
          "          policies: [{type: Pod, value: 4, periodSeconds: 15}]\n"),
       SO("  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleUp:\n"
          "          policies: [{type: Pods, value: 4, periodSeconds: 15}]\n"),
       E, "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.policies[0].type"},
      {"keda/hpa-behavior", Kind::kSO,
       SO("  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleUp:\n"
          "          policies: [{type: Percent, value: 0, periodSeconds: 1801}]\n"),
       SO("  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleUp:\n"
          "          policies: [{type: Percent, value: 1, periodSeconds: 1800}]\n"),
       E, ""},
      {"keda/hpa-behavior", Kind::kSO,
       SO("  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleUp: "
          "{selectPolicy: max, tolerance: '-0.1'}\n"),
       SO("  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleUp: "
          "{selectPolicy: Disabled, tolerance: '0.1'}\n"),
       E, ""},
      // §1.6 annotations.
      {"keda/annotations", Kind::kSO,
       SO("", kCron, "    autoscaling.keda.sh/paused-replicas: two\n"),
       SO("", kCron, "    autoscaling.keda.sh/paused-replicas: '2'\n"), E,
       "metadata.annotations[\"autoscaling.keda.sh/paused-replicas\"]"},
      {"keda/annotations", Kind::kSO, SO("", kCron, "    autoscaling.keda.sh/paused: 'yes'\n"),
       SO("", kCron, "    autoscaling.keda.sh/paused: 'true'\n"), W,
       "metadata.annotations[\"autoscaling.keda.sh/paused\"]"},
      {"keda/annotations", Kind::kSO, SO("", kCron, "    autoscaling.keda.sh/pause: 'true'\n"),
       SO("", kCron, "    example.com/pause: 'true'\n"), W, ""},
      {"keda/annotations", Kind::kSO,
       SO("", kCron, "    scaledobject.keda.sh/transfer-hpa-ownership: 'true'\n"),
       SO("  advanced:\n    horizontalPodAutoscalerConfig: {name: old-hpa}\n", kCron,
          "    scaledobject.keda.sh/transfer-hpa-ownership: 'true'\n"),
       W, ""},
      // §1.5 scaler schema.
      {"keda/unknown-trigger-type", Kind::kSO,
       SO("", "  - type: stan\n    metadata: {natsServerMonitoringEndpoint: n}\n"), SO(""), W,
       "spec.triggers[0].type"},
      {"keda/unsupported-trigger", Kind::kSO,
       SO("", "  - type: datadog\n    metadata: {query: q, queryValue: '7'}\n"),
       SO("",
          "  - type: prometheus\n    metadata: {serverAddress: 'http://p', query: q, "
          "threshold: '1'}\n"),
       W, "spec.triggers[0].type"},
      {"keda/unknown-metadata-key", Kind::kSO,
       SO("", "  - type: aws-sqs-queue\n    metadata: {queueUrl: q, queueURL: q, awsRegion: r}\n"),
       SO("", "  - type: aws-sqs-queue\n    metadata: {queueURL: q, awsRegion: r}\n"), W,
       "spec.triggers[0].metadata.queueUrl"},
      {"keda/missing-metadata", Kind::kSO,
       SO("", "  - type: aws-sqs-queue\n    metadata: {awsRegion: r}\n"),
       SO("", "  - type: aws-sqs-queue\n    metadata: {queueURLFromEnv: Q, awsRegion: r}\n"), E,
       "spec.triggers[0].metadata"},
      {"keda/missing-metadata", Kind::kSO,
       SO("", "  - type: aws-sqs-queue\n    metadata: {queueURL: q}\n"),
       SO("",
          "  - type: aws-sqs-queue\n    authenticationRef: {name: a}\n    metadata: "
          "{queueURL: q}\n"),
       E, "spec.triggers[0].metadata"},
      {"keda/deprecated-metadata", Kind::kSO,
       SO("  minReplicaCount: 1\n",
          "  - type: cpu\n    metricType: Utilization\n    metadata: {type: Utilization, value: "
          "'50'}\n"),
       SO("  minReplicaCount: 1\n", kCpu), E, "spec.triggers[0].metadata.type"},
      {"keda/deprecated-metadata", Kind::kSO,
       SO("", "  - type: liiklus\n    metadata: {address: a, topic: t, group: g}\n"), SO(""), W,
       "spec.triggers[0].metadata.address"},
      {"keda/metadata-source", Kind::kSO,
       SO("",
          "  - type: kafka\n    metadata: {bootstrapServers: k, consumerGroup: g, password: "
          "p}\n"),
       SO("", "  - type: kafka\n    metadata: {bootstrapServers: k, consumerGroup: g}\n"), W,
       "spec.triggers[0].metadata.password"},
      // ScaledJob: CRD schema (keda.md §3.1) and the webhook's trigger rules.
      {"keda/schema", Kind::kSJ, SJ("  successfulJobsHistoryLimit: -1\n"),
       SJ("  successfulJobsHistoryLimit: 0\n"), E, "spec.successfulJobsHistoryLimit"},
      {"keda/schema", Kind::kSJ, SJ("  scalingStrategy: {strategy: fast}\n"),
       SJ("  scalingStrategy: {strategy: eager}\n"), E, "spec.scalingStrategy.strategy"},
      {"keda/schema", Kind::kSJ, SJ("  rollout: {propagationPolicy: orphan}\n"),
       SJ("  rollout: {propagationPolicy: foreground}\n"), E, "spec.rollout.propagationPolicy"},
      {"keda/schema", Kind::kSJ, SJ("  scalingStrategy: {multipleScalersCalculation: mean}\n"),
       SJ("  scalingStrategy: {multipleScalersCalculation: avg}\n"), E,
       "spec.scalingStrategy.multipleScalersCalculation"},
      {"keda/schema", Kind::kSJ, SJ("  maxReplicaCount: 0\n"), SJ("  maxReplicaCount: 1\n"), E,
       "spec.maxReplicaCount"},
      {"keda/triggers", Kind::kSJ,
       SJ("",
          "  - {type: rabbitmq, name: r, metadata: {queueName: q, hostFromEnv: H}}\n"
          "  - {type: rabbitmq, name: r, metadata: {queueName: q, hostFromEnv: H}}\n"),
       SJ(""), E, "spec.triggers[1].name"},
      {"keda/triggers", Kind::kSJ,
       SJ("",
          "  - {type: cpu, metricType: Utilization, metadata: "
          "{value: '5'}}\n"),
       SJ(""), W, "spec.triggers[0].type"},
      {"keda/deprecated", Kind::kSJ, SJ("  rolloutStrategy: gradual\n"),
       SJ("  rollout: {strategy: gradual}\n"), W, "spec.rolloutStrategy"},
      {"keda/replica-bounds", Kind::kSJ, SJ("  minReplicaCount: 10\n  maxReplicaCount: 5\n"),
       SJ("  minReplicaCount: 5\n  maxReplicaCount: 5\n"), W, "spec.minReplicaCount"},
      {"keda/scaling-strategy", Kind::kSJ,
       SJ("  scalingStrategy: {customScalingQueueLengthDeduction: 1}\n"),
       SJ("  scalingStrategy: {strategy: custom, customScalingQueueLengthDeduction: 1, "
          "customScalingRunningJobPercentage: '0.5'}\n"),
       W, "spec.scalingStrategy"},
      {"keda/scaling-strategy", Kind::kSJ,
       SJ("  scalingStrategy: {strategy: custom, customScalingRunningJobPercentage: half}\n"),
       SJ("  scalingStrategy: {strategy: custom, customScalingRunningJobPercentage: '0.5'}\n"), W,
       "spec.scalingStrategy.customScalingRunningJobPercentage"},
      {"keda/metric-type", Kind::kSJ,
       SJ("",
          "  - {type: rabbitmq, metricType: Value, metadata: {queueName: q, hostFromEnv: H}}\n"),
       SJ(""), W, "spec.triggers[0].metricType"},
      {"keda/name-too-long", Kind::kSJ, SJ("", kRabbit, "", n64), SJ("", kRabbit, "", n60), E,
       "metadata.name"},
      {"keda/missing-metadata", Kind::kSJ,
       SJ("", "  - {type: redis, metadata: {address: 'redis:6379'}}\n"), SJ(""), E,
       "spec.triggers[0].metadata"},
      // The job template as KEDA creates it (restartPolicy OnFailure when empty, §3.1).
      {"batch/restart-policy", Kind::kSJ, SJ("", kRabbit, "        restartPolicy: Always\n"),
       SJ(""), E, "spec.jobTargetRef.template.spec.restartPolicy"},
      // TriggerAuthentication: CRD enums and §4.3.
      {"keda/pod-identity", Kind::kTA, TA("  podIdentity: {provider: azure}\n"),
       TA("  podIdentity: {provider: azure-workload}\n"), E, "spec.podIdentity.provider"},
      {"keda/pod-identity", Kind::kTA, TA("  podIdentity: {provider: aws-eks}\n"),
       TA("  podIdentity: {provider: aws}\n"), W, "spec.podIdentity.provider"},
      {"keda/pod-identity", Kind::kTA,
       TA("  podIdentity: {provider: azure-workload, identityId: ''}\n"),
       TA("  podIdentity: {provider: azure-workload, identityId: abc}\n"), E,
       "spec.podIdentity.identityId"},
      {"keda/pod-identity", Kind::kTA,
       TA("  podIdentity: {provider: azure-workload, identityAuthorityHost: 'https://h'}\n"),
       TA("  podIdentity: {provider: azure-workload, identityAuthorityHost: 'https://h', "
          "identityTenantId: t}\n"),
       E, "spec.podIdentity.identityTenantId"},
      {"keda/pod-identity", Kind::kTA,
       TA("  podIdentity: {provider: azure-workload, identityTenantId: ''}\n"),
       TA("  podIdentity: {provider: azure-workload, identityTenantId: t}\n"), E,
       "spec.podIdentity.identityTenantId"},
      {"keda/pod-identity", Kind::kTA,
       TA("  podIdentity: {provider: aws, roleArn: 'arn:r', identityOwner: workload}\n"),
       TA("  podIdentity: {provider: aws, roleArn: 'arn:r', identityOwner: keda}\n"), E,
       "spec.podIdentity.roleArn"},
      {"keda/pod-identity", Kind::kTA, TA("  podIdentity: {provider: aws, externalID: x}\n"),
       TA("  podIdentity: {provider: aws, externalID: x, roleArn: 'arn:r'}\n"), E,
       "spec.podIdentity.externalID"},
      {"keda/pod-identity", Kind::kTA, TA("  podIdentity: {provider: aws, identityOwner: pod}\n"),
       TA("  podIdentity: {provider: aws, identityOwner: workload}\n"), E,
       "spec.podIdentity.identityOwner"},
      {"keda/pod-identity", Kind::kTA,
       TA("  gcpSecretManager:\n    secrets: [{parameter: p, id: i}]\n    podIdentity: "
          "{provider: google}\n"),
       TA("  gcpSecretManager:\n    secrets: [{parameter: p, id: i}]\n    podIdentity: "
          "{provider: gcp}\n"),
       E, "spec.gcpSecretManager.podIdentity.provider"},
      {"keda/oauth2", Kind::kTA, TA("  oauth2: {clientId: c, tokenUrl: 'ftp://idp/token'}\n"),
       TA("  oauth2: {clientId: c, tokenUrl: 'https://idp/token'}\n"), E, "spec.oauth2.tokenUrl"},
      {"keda/oauth2", Kind::kTA, TA("  oauth2: {clientId: c, tokenUrl: 'https:///token'}\n"),
       TA("  oauth2: {clientId: c, tokenUrl: 'http://idp:8080'}\n"), E, "spec.oauth2.tokenUrl"},
      {"keda/oauth2", Kind::kTA, TA("  oauth2: {clientId: '', tokenUrl: 'https://idp'}\n"),
       TA("  oauth2: {clientId: c, tokenUrl: 'https://idp'}\n"), E, "spec.oauth2.clientId"},
      {"keda/oauth2", Kind::kTA,
       TA("  oauth2: {type: password, clientId: c, tokenUrl: 'https://idp'}\n"),
       TA("  oauth2: {type: clientCredentials, clientId: c, tokenUrl: 'https://idp'}\n"), E,
       "spec.oauth2.type"},
      // §4.3 quirk: the webhook skips oauth2 for other providers; swell still warns.
      {"keda/oauth2", Kind::kTA,
       TA("  podIdentity: {provider: gcp}\n  oauth2: {clientId: c, tokenUrl: 'ftp://x'}\n"),
       TA("  podIdentity: {provider: gcp}\n  oauth2: {clientId: c, tokenUrl: 'https://x'}\n"), W,
       "spec.oauth2.tokenUrl"},
      {"keda/file-path", Kind::kTA, TA("  filePath: creds/a.json\n"),
       TA("  secretTargetRef: [{parameter: p, name: n, key: k}]\n"), E, "spec.filePath"},
      {"keda/file-path", Kind::kCTA, CTA("  filePath: ../a.json\n"),
       CTA("  filePath: creds/a.json\n"), E, "spec.filePath"},
      {"keda/file-path", Kind::kCTA, CTA("  filePath: /etc/a.json\n"), CTA("  filePath: a.json\n"),
       E, "spec.filePath"},
      {"keda/schema", Kind::kTA,
       TA("  hashiCorpVault: {address: 'https://v', authentication: token, secrets: []}\n"),
       TA("  hashiCorpVault: {address: 'https://v', authentication: token, secrets: "
          "[{parameter: p, path: s, key: k}]}\n"),
       E, "spec.hashiCorpVault.secrets"},
      {"keda/schema", Kind::kTA,
       TA("  hashiCorpVault: {address: 'https://v', authentication: userpass, secrets: "
          "[{parameter: p, path: s, key: k}]}\n"),
       TA("  hashiCorpVault: {address: 'https://v', authentication: kubernetes, secrets: "
          "[{parameter: p, path: s, key: k}]}\n"),
       E, "spec.hashiCorpVault.authentication"},
      {"keda/schema", Kind::kTA,
       TA("  hashiCorpVault: {address: 'https://v', authentication: token, secrets: "
          "[{parameter: p, path: s, key: k, type: kv}]}\n"),
       TA("  hashiCorpVault: {address: 'https://v', authentication: token, secrets: "
          "[{parameter: p, path: s, key: k, type: secretV2}]}\n"),
       E, "spec.hashiCorpVault.secrets[0].type"},
      {"keda/schema", Kind::kCTA, CTA("  azureKeyVault: {vaultUri: 'https://kv', secrets: []}\n"),
       CTA("  azureKeyVault: {vaultUri: 'https://kv', secrets: [{parameter: p, name: n}]}\n"), E,
       "spec.azureKeyVault.secrets"},
      {"keda/schema", Kind::kTA, TA("  awsSecretManager: {secrets: []}\n"),
       TA("  awsSecretManager: {secrets: [{parameter: p, name: n}]}\n"), E,
       "spec.awsSecretManager.secrets"},
      {"keda/trigger-auth", Kind::kTA, TA("  {}\n"), TA("  env: [{parameter: p, name: N}]\n"), W,
       "spec"},
  };
}

std::string KindName(Kind k) {
  switch (k) {
    case Kind::kSO:
      return "ScaledObject";
    case Kind::kSJ:
      return "ScaledJob";
    case Kind::kTA:
      return "TriggerAuthentication";
    case Kind::kCTA:
      return "ClusterTriggerAuthentication";
  }
  return "";
}

TEST(KedaValidate, EveryRuleHasAFailingAndAPassingCase) {
  for (const RuleCase& c : Cases()) {
    SCOPED_TRACE(c.rule + " on " + KindName(c.kind) + " at " + c.path);
    Diagnostics bad = RunKind(c.kind, c.bad);
    bool found = false;
    for (const Diagnostic& d : bad.items()) {
      if (d.rule == c.rule && d.severity == c.severity && (c.path.empty() || d.path == c.path)) {
        found = true;
      }
    }
    EXPECT_TRUE(found) << "bad case did not raise the rule:\n" << c.bad << "\n" << Dump(bad);
    Diagnostics good = RunKind(c.kind, c.good);
    EXPECT_FALSE(good.HasRule(c.rule)) << "good case raised it:\n" << c.good << "\n" << Dump(good);
  }
}

TEST(KedaValidate, BaselinesAreClean) {
  for (const std::string& text : {SO(""), SO("  minReplicaCount: 1\n", kCpu)}) {
    Diagnostics diags = RunKind(Kind::kSO, text);
    EXPECT_TRUE(diags.empty()) << text << Dump(diags);
  }
  Diagnostics sj = RunKind(Kind::kSJ, SJ(""));
  EXPECT_EQ(sj.error_count(), 0u) << Dump(sj);  // rabbitmq: unsupported-trigger is a warning
}

TEST(KedaValidate, ReplicaBoundsMessage) {
  Diagnostics diags = RunKind(Kind::kSO, SO("  minReplicaCount: 200\n  maxReplicaCount: 100\n"));
  ASSERT_EQ(diags.error_count(), 1u) << Dump(diags);
  EXPECT_EQ(diags.items()[0].message, "200 must be <= maxReplicaCount (100)");
}

// KEDA compares idleReplicaCount with the HPA minimum: an explicit minReplicaCount 0 counts
// as 1 (CheckReplicaCountBoundsAreValid), so the webhook admits idle 0 = min 0.
TEST(KedaValidate, IdleEqualToExplicitZeroMinIsOnlyAWarning) {
  Diagnostics diags = RunKind(Kind::kSO, SO("  idleReplicaCount: 0\n  minReplicaCount: 0\n"));
  EXPECT_EQ(diags.error_count(), 0u) << Dump(diags);
  EXPECT_TRUE(diags.HasRule("keda/replica-bounds"));
}

TEST(KedaValidate, FormulaTrialRunMessage) {
  Diagnostics diags = RunKind(
      Kind::kSO, SO("  advanced:\n    scalingModifiers: {formula: 'int(c) % 0', target: '2'}\n"));
  ASSERT_EQ(diags.error_count(), 1u) << Dump(diags);
  EXPECT_EQ(diags.items()[0].message.rfind("fails a trial run with every trigger at -1: ", 0), 0u)
      << diags.items()[0].message;
}

TEST(KedaValidate, NameOf54FitsTheDefaultHpaName) {
  Diagnostics diags = RunKind(Kind::kSO, SO("", kCron, "", std::string(54, 'a')));
  EXPECT_FALSE(diags.HasRule("keda/name-too-long")) << Dump(diags);
  diags = RunKind(Kind::kSO, SO("", kCron, "", std::string(55, 'a')));
  EXPECT_TRUE(diags.HasRule("keda/name-too-long")) << Dump(diags);
}

TEST(KedaValidate, SeedManifestsHaveNoKedaErrors) {
  yaml::ParseResult parsed =
      yaml::Parse(keda_test::ReadFile(keda_test::SharedDir() + "/seed/manifests.yaml"));
  ASSERT_EQ(parsed.error, nullptr);
  for (const yaml::Document& doc : parsed.documents) {
    std::string kind = doc.root.Find("kind")->value();
    Diagnostics diags;
    Decoder d(&diags);
    if (kind == "ScaledObject") {
      ScaledObject so;
      DecodeValue(doc.root, so, d);
      Validate(so, diags);
    } else if (kind == "TriggerAuthentication") {
      TriggerAuthentication ta;
      DecodeValue(doc.root, ta, d);
      Validate(ta, diags);
    }
    EXPECT_EQ(diags.error_count(), 0u) << kind << "\n" << Dump(diags);
  }
}

}  // namespace
}  // namespace swell::api
