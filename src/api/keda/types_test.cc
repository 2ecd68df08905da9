// Decoding, round trips and defaults of the KEDA kinds (keda.md §1-§4, §12 item 1).

#include "api/keda/types.h"

#include <gtest/gtest.h>

#include "api/keda/keda_test_util.h"

namespace swell::api {
namespace {

using keda_test::DecodeClean;
using keda_test::Dump;
using keda_test::ReadFile;
using keda_test::RoundTrip;
using keda_test::SharedDir;

// Every spec and status field of the ScaledObject CRD.
constexpr std::string_view kFullScaledObject = R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: orders
  namespace: shop
  annotations:
    autoscaling.keda.sh/paused-replicas: "2"
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: orders
    envSourceContainerName: worker
  pollingInterval: 15
  cooldownPeriod: 60
  initialCooldownPeriod: 120
  idleReplicaCount: 0
  minReplicaCount: 1
  maxReplicaCount: 50
  fallback:
    failureThreshold: 3
    replicas: 6
    behavior: currentReplicasIfHigher
  advanced:
    restoreToOriginalReplicaCount: true
    horizontalPodAutoscalerConfig:
      name: orders-hpa
      behavior:
        scaleUp:
          stabilizationWindowSeconds: 0
          selectPolicy: Max
          tolerance: "0.05"
          policies:
          - type: Pods
            value: 4
            periodSeconds: 15
          - type: Percent
            value: 100
            periodSeconds: 15
        scaleDown:
          stabilizationWindowSeconds: 300
          selectPolicy: Min
          policies:
          - type: Percent
            value: 50
            periodSeconds: 60
    scalingModifiers:
      formula: "(queue + lag) / 2"
      target: "10"
      activationTarget: "1"
      metricType: Value
  triggers:
  - type: aws-sqs-queue
    name: queue
    useCachedMetrics: true
    metricType: AverageValue
    authenticationRef:
      name: aws-auth
      kind: ClusterTriggerAuthentication
    metadata:
      queueURL: https://sqs.us-east-1.amazonaws.com/123/orders
      awsRegion: us-east-1
  - type: kafka
    name: lag
    metricType: Value
    metadata:
      bootstrapServers: kafka:9092
      consumerGroup: g
status:
  scaleTargetKind: apps/v1.StatefulSet
  scaleTargetGVKR: {group: apps, version: v1, kind: StatefulSet, resource: statefulsets}
  originalReplicaCount: 3
  lastActiveTime: "2026-01-02T03:04:05Z"
  externalMetricNames: [s0-aws-sqs-orders, s1-kafka-g]
  resourceMetricNames: [cpu]
  compositeScalerName: composite-metric
  health:
    s0-aws-sqs-orders: {numberOfFailures: 2, status: Failing}
  pausedReplicaCount: 2
  conditions:
  - {type: Ready, status: "True", reason: ScaledObjectReady, message: ok}
  - {type: Paused, status: "False"}
  hpaName: orders-hpa
  triggersActivity:
    s0-aws-sqs-orders: {isActive: true}
  triggersTypes: aws-sqs-queue,kafka
  authenticationsTypes: aws-auth
)";

// Every spec and status field of the ScaledJob CRD (jobTargetRef is the batch/v1 JobSpec).
constexpr std::string_view kFullScaledJob = R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata:
  name: transcode
  namespace: media
spec:
  jobTargetRef:
    parallelism: 2
    completions: 2
    activeDeadlineSeconds: 600
    backoffLimit: 3
    ttlSecondsAfterFinished: 100
    template:
      spec:
        containers:
        - name: worker
          image: transcoder:1
  pollingInterval: 10
  successfulJobsHistoryLimit: 5
  failedJobsHistoryLimit: 7
  envSourceContainerName: worker
  minReplicaCount: 1
  maxReplicaCount: 20
  rolloutStrategy: gradual
  rollout:
    strategy: gradual
    propagationPolicy: foreground
  scalingStrategy:
    strategy: custom
    customScalingQueueLengthDeduction: 1
    customScalingRunningJobPercentage: "0.5"
    pendingPodConditions: [Ready, PodScheduled]
    multipleScalersCalculation: sum
  triggers:
  - type: rabbitmq
    metadata:
      queueName: jobs
      hostFromEnv: RABBIT_URL
status:
  lastActiveTime: "2026-01-02T03:04:05Z"
  conditions:
  - {type: Active, status: "True", reason: ScalerActive}
  Paused: "false"
  triggersTypes: rabbitmq
  authenticationsTypes: ""
  externalMetricNames: [s0-rabbitmq-jobs]
  triggersActivity:
    s0-rabbitmq-jobs: {isActive: true}
)";

// Every source of the TriggerAuthentication CRD.
constexpr std::string_view kFullTriggerAuth = R"(
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: everything
  namespace: shop
spec:
  podIdentity:
    provider: aws
    roleArn: arn:aws:iam::1:role/r
    externalID: ext
    identityOwner: keda
    identityId: id
    identityTenantId: tenant
    identityAuthorityHost: https://login
  secretTargetRef:
  - {parameter: password, name: db, key: pw}
  configMapTargetRef:
  - {parameter: host, name: cfg, key: host}
  env:
  - {parameter: region, name: AWS_REGION, containerName: app}
  filePath: creds/api.json
  hashiCorpVault:
    address: https://vault:8200
    authentication: kubernetes
    role: keda
    mount: kubernetes
    namespace: ns
    credential: {token: t0k3n, serviceAccount: /var/run/sa, serviceAccountName: keda}
    secrets:
    - parameter: ca
      path: pki/issue/x
      key: ca_chain
      type: pki
      pkiData: {commonName: x, altNames: a, ipSans: 1.2.3.4, uriSans: u, otherSans: o, ttl: 1h, format: pem}
  azureKeyVault:
    vaultUri: https://kv.vault.azure.net
    credentials:
      clientId: c
      tenantId: t
      clientSecret: {valueFrom: {secretKeyRef: {name: s, key: k}}}
    podIdentity: {provider: azure-workload, identityId: x}
    secrets:
    - {parameter: conn, name: conn, version: v1}
    cloud: {type: Private, keyVaultResourceURL: https://kv, activeDirectoryEndpoint: https://ad}
  gcpSecretManager:
    secrets:
    - {parameter: p, id: i, version: latest}
    credentials:
      clientSecret: {valueFrom: {secretKeyRef: {name: s, key: k}}}
    podIdentity: {provider: gcp}
  awsSecretManager:
    secrets:
    - {parameter: p, name: nm, versionId: v, versionStage: AWSCURRENT, secretKey: k}
    credentials:
      accessKey: {valueFrom: {secretKeyRef: {name: s, key: id}}}
      accessSecretKey: {valueFrom: {secretKeyRef: {name: s, key: secret}}}
      accessToken: {valueFrom: {secretKeyRef: {name: s, key: token}}}
    podIdentity: {provider: aws}
    region: eu-west-1
  boundServiceAccountToken:
  - {parameter: token, serviceAccountName: reader}
  oauth2:
    type: clientCredentials
    clientId: client
    clientSecret: {valueFrom: {secretKeyRef: {name: s, key: k}}}
    tokenUrl: https://idp/token
    scopes: [a, b]
    tokenUrlParams: {audience: api}
status:
  scaledobjects: orders
  scaledjobs: transcode
)";

TEST(KedaTypes, FullScaledObjectDecodesEveryField) {
  ScaledObject so = DecodeClean<ScaledObject>(kFullScaledObject);
  const ScaledObjectSpec& s = so.spec;
  EXPECT_EQ(s.scale_target_ref.kind, "StatefulSet");
  EXPECT_EQ(s.scale_target_ref.env_source_container_name, "worker");
  EXPECT_EQ(s.polling_interval, 15);
  EXPECT_EQ(s.initial_cooldown_period, 120);
  EXPECT_EQ(s.idle_replica_count, 0);
  ASSERT_TRUE(s.fallback.has_value());
  EXPECT_EQ(s.fallback->behavior, "currentReplicasIfHigher");
  ASSERT_TRUE(s.advanced.has_value());
  const auto& hpa = s.advanced->horizontal_pod_autoscaler_config;
  ASSERT_TRUE(hpa && hpa->behavior && hpa->behavior->scale_up);
  EXPECT_EQ(hpa->behavior->scale_up->policies.size(), 2u);
  ASSERT_TRUE(hpa->behavior->scale_up->tolerance.has_value());
  EXPECT_EQ(hpa->behavior->scale_up->tolerance->MilliValue(), 50);
  EXPECT_EQ(s.advanced->scaling_modifiers.metric_type, "Value");
  ASSERT_EQ(s.triggers.size(), 2u);
  EXPECT_TRUE(s.triggers[0].use_cached_metrics);
  EXPECT_EQ(s.triggers[0].authentication_ref->kind, "ClusterTriggerAuthentication");
  EXPECT_EQ(so.status.health.at("s0-aws-sqs-orders").number_of_failures, 2);
  EXPECT_TRUE(so.status.triggers_activity.at("s0-aws-sqs-orders").is_active);
  EXPECT_EQ(so.status.scale_target_gvkr->resource, "statefulsets");
  EXPECT_EQ(so.status.conditions.size(), 2u);
}

TEST(KedaTypes, FullObjectsRoundTrip) {
  ScaledObject so = DecodeClean<ScaledObject>(kFullScaledObject);
  EXPECT_EQ(RoundTrip(so), so);
  ScaledJob sj = DecodeClean<ScaledJob>(kFullScaledJob);
  EXPECT_EQ(RoundTrip(sj), sj);
  EXPECT_EQ(sj.spec.scaling_strategy.pending_pod_conditions.size(), 2u);
  EXPECT_EQ(sj.status.paused, "false");
  TriggerAuthentication ta = DecodeClean<TriggerAuthentication>(kFullTriggerAuth);
  EXPECT_EQ(RoundTrip(ta), ta);
  EXPECT_EQ(ta.spec.hashi_corp_vault->secrets[0].pki_data->ip_sans, "1.2.3.4");
  EXPECT_EQ(ta.spec.oauth2->token_url_params.at("audience"), "api");
  EXPECT_EQ(ta.status.scaled_jobs, "transcode");
}

TEST(KedaTypes, ClusterTriggerAuthenticationSharesTheSpec) {
  std::string text(kFullTriggerAuth);
  text.replace(text.find("kind: TriggerAuthentication"), 27, "kind: ClusterTriggerAuthentication");
  ClusterTriggerAuthentication cta = DecodeClean<ClusterTriggerAuthentication>(text);
  EXPECT_EQ(RoundTrip(cta), cta);
  EXPECT_EQ(cta.spec.file_path.value, "creds/api.json");
}

TEST(KedaTypes, UnsetDiffersFromZero) {
  ScaledObject so = DecodeClean<ScaledObject>(
      "spec:\n  scaleTargetRef: {name: a}\n  minReplicaCount: 0\n"
      "  triggers: [{type: cron, metadata: {}}]\n");
  EXPECT_EQ(so.spec.min_replica_count, 0);
  EXPECT_FALSE(so.spec.max_replica_count.has_value());
  EXPECT_FALSE(so.spec.polling_interval.has_value());
  EXPECT_EQ(RoundTrip(so), so);  // an explicit 0 survives encoding
}

TEST(KedaTypes, StrictDecodingNamesUnknownFields) {
  Diagnostics diags;
  keda_test::Decode<ScaledObject>(
      "spec:\n  scaleTargetRef: {name: a}\n  pollingInteval: 5\n"
      "  triggers: [{type: cron, metadata: {}}]\n",
      diags);
  ASSERT_TRUE(diags.HasRule("decode/unknown-field")) << Dump(diags);
  EXPECT_EQ(diags.items()[0].path, "spec.pollingInteval");
}

TEST(KedaTypes, RequiredFieldsOfTheCrd) {
  Diagnostics diags;
  keda_test::Decode<ScaledObject>("spec:\n  scaleTargetRef: {}\n  triggers: [{type: cron}]\n",
                                  diags);
  std::string dump = Dump(diags);
  EXPECT_NE(dump.find("spec.scaleTargetRef.name"), std::string::npos) << dump;
  EXPECT_NE(dump.find("spec.triggers[0].metadata"), std::string::npos) << dump;
}

TEST(KedaTypes, SecretValuesAreNotEchoedByTypeErrors) {
  Diagnostics diags;
  keda_test::Decode<ScaledObject>(
      "spec:\n  scaleTargetRef: {name: a}\n"
      "  triggers: [{type: redis, metadata: {password: [hunter2]}}]\n",
      diags);
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(Dump(diags).find("hunter2"), std::string::npos) << Dump(diags);
}

// ../shared/seed/manifests.yaml: the article's TriggerAuthentication and ScaledObject.
TEST(KedaTypes, SeedManifestsDecodeAndRoundTrip) {
  yaml::ParseResult parsed = yaml::Parse(ReadFile(SharedDir() + "/seed/manifests.yaml"));
  ASSERT_EQ(parsed.error, nullptr);
  int seen = 0;
  for (const yaml::Document& doc : parsed.documents) {
    std::string kind = doc.root.Find("kind")->value();
    Diagnostics diags;
    Decoder d(&diags);
    if (kind == "TriggerAuthentication") {
      TriggerAuthentication ta;
      DecodeValue(doc.root, ta, d);
      EXPECT_EQ(ta.spec.pod_identity->provider, "aws");
      EXPECT_EQ(RoundTrip(ta), ta);
      seen++;
    } else if (kind == "ScaledObject") {
      ScaledObject so;
      DecodeValue(doc.root, so, d);
      EXPECT_EQ(so.spec.triggers.at(0).metadata.at("queueLength"), "10");
      EXPECT_EQ(so.spec.cooldown_period, 60);
      EXPECT_EQ(RoundTrip(so), so);
      seen++;
    }
    EXPECT_TRUE(diags.empty()) << Dump(diags);
  }
  EXPECT_EQ(seen, 2);
}

// keda.md §12 item 1.
TEST(KedaDefaults, ScaledObject) {
  ScaledObject so = DecodeClean<ScaledObject>(
      "metadata: {name: a}\nspec:\n  scaleTargetRef: {name: a}\n  fallback: {failureThreshold: 3, "
      "replicas: 2}\n  triggers:\n  - {type: cron, metadata: {}, authenticationRef: {name: x}}\n"
      "  - {type: cpu, metadata: {value: '50'}}\n");
  ApplyDefaults(so);
  const ScaledObjectSpec& s = so.spec;
  EXPECT_EQ(s.scale_target_ref.api_version, "apps/v1");
  EXPECT_EQ(s.scale_target_ref.kind, "Deployment");
  EXPECT_EQ(s.polling_interval, 30);
  EXPECT_EQ(s.cooldown_period, 300);
  EXPECT_EQ(s.initial_cooldown_period, 0);
  EXPECT_EQ(s.min_replica_count, 0);
  EXPECT_EQ(s.max_replica_count, 100);
  EXPECT_FALSE(s.idle_replica_count.has_value());
  EXPECT_EQ(s.fallback->behavior, "static");
  EXPECT_EQ(s.triggers[0].metric_type, "AverageValue");
  EXPECT_EQ(s.triggers[0].authentication_ref->kind, "TriggerAuthentication");
  EXPECT_EQ(s.triggers[1].metric_type, "");  // cpu/memory must say it themselves (§5.9)
  EXPECT_FALSE(s.advanced.has_value());
}

TEST(KedaDefaults, ScaledObjectKeepsWhatIsSet) {
  ScaledObject so = DecodeClean<ScaledObject>(kFullScaledObject);
  ScaledObject defaulted = so;
  ApplyDefaults(defaulted);
  EXPECT_EQ(defaulted, so);
}

TEST(KedaDefaults, ScaledObjectKindAndApiVersionDefaultIndependently) {
  ScaledObject so = DecodeClean<ScaledObject>(
      "spec:\n  scaleTargetRef: {name: a, kind: StatefulSet}\n  advanced:\n"
      "    scalingModifiers: {formula: a, target: '1'}\n  triggers: [{type: cron, metadata: "
      "{}}]\n");
  ApplyDefaults(so);
  EXPECT_EQ(so.spec.scale_target_ref.api_version, "apps/v1");
  EXPECT_EQ(so.spec.scale_target_ref.kind, "StatefulSet");
  EXPECT_EQ(so.spec.advanced->scaling_modifiers.metric_type, "AverageValue");
}

// keda.md §3.1.
TEST(KedaDefaults, ScaledJob) {
  ScaledJob sj = DecodeClean<ScaledJob>(
      "spec:\n  jobTargetRef:\n    template:\n      spec:\n        containers: [{name: w}]\n"
      "  triggers: [{type: rabbitmq, metadata: {}}]\n");
  ApplyDefaults(sj);
  const ScaledJobSpec& s = sj.spec;
  EXPECT_EQ(s.polling_interval, 30);
  EXPECT_EQ(s.successful_jobs_history_limit, 100);
  EXPECT_EQ(s.failed_jobs_history_limit, 100);
  EXPECT_EQ(s.min_replica_count, 0);
  EXPECT_FALSE(s.max_replica_count.has_value());  // KEDA: unset means 100 above the minimum
  EXPECT_EQ(s.scaling_strategy.strategy, "default");
  EXPECT_EQ(s.scaling_strategy.multiple_scalers_calculation, "max");
  EXPECT_EQ(s.job_target_ref.template_.spec.restart_policy, "OnFailure");
  EXPECT_EQ(s.job_target_ref.backoff_limit, 6);  // batch/v1 defaults applied too
  EXPECT_EQ(s.job_target_ref.parallelism, 1);
  EXPECT_EQ(s.triggers[0].metric_type, "AverageValue");
}

TEST(KedaDefaults, ScaledJobKeepsAnExplicitRestartPolicy) {
  ScaledJob sj = DecodeClean<ScaledJob>(
      "spec:\n  jobTargetRef:\n    template:\n      spec:\n        restartPolicy: Never\n"
      "        containers: [{name: w}]\n  triggers: [{type: rabbitmq, metadata: {}}]\n");
  ApplyDefaults(sj);
  EXPECT_EQ(sj.spec.job_target_ref.template_.spec.restart_policy, "Never");
}

TEST(KedaDefaults, TriggerAuthenticationOAuth2Type) {
  TriggerAuthentication ta = DecodeClean<TriggerAuthentication>(
      "spec:\n  oauth2: {clientId: c, tokenUrl: 'https://idp/t'}\n");
  ApplyDefaults(ta);
  EXPECT_EQ(ta.spec.oauth2->type, "clientCredentials");
  ClusterTriggerAuthentication cta = DecodeClean<ClusterTriggerAuthentication>(
      "spec:\n  oauth2: {clientId: c, tokenUrl: 'https://idp/t'}\n");
  ApplyDefaults(cta);
  EXPECT_EQ(cta.spec.oauth2->type, "clientCredentials");
}

TEST(KedaHelpers, HpaName) {
  ScaledObject so;
  so.metadata.name = "orders";
  EXPECT_EQ(keda::HpaNameOf(so), "keda-hpa-orders");
  so.spec.advanced.emplace().horizontal_pod_autoscaler_config.emplace().name = "mine";
  EXPECT_EQ(keda::HpaNameOf(so), "mine");
  EXPECT_FALSE(keda::IsUsingModifiers(so));
  so.spec.advanced->scaling_modifiers.target = "1";
  EXPECT_TRUE(keda::IsUsingModifiers(so));
}

}  // namespace
}  // namespace swell::api
