// The embedded scaler schema and the trigger metadata checks (keda.md §1.5).

#include "api/keda/scaler_schema.h"

#include <gtest/gtest.h>

#include "api/keda/keda_test_util.h"

namespace swell::api::keda {
namespace {

using keda_test::Dump;

ScaleTriggers Trigger(std::string type, StringMap metadata) {
  ScaleTriggers t;
  t.type = std::move(type);
  t.metadata = std::move(metadata);
  return t;
}

Diagnostics Check(const ScaleTriggers& t, bool has_auth_ref = false) {
  Diagnostics diags;
  CheckTriggerMetadata(t, "spec.triggers[0]", has_auth_ref, diags);
  return diags;
}

const Diagnostic* FindRule(const Diagnostics& diags, std::string_view rule) {
  for (const Diagnostic& d : diags.items()) {
    if (d.rule == rule) return &d;
  }
  return nullptr;
}

TEST(ScalerSchema, ParsesTheEmbeddedSchema) {
  const auto& all = AllScalerSchemas();
  EXPECT_GE(all.size(), 70u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(),
                             [](const auto& a, const auto& b) { return a.type < b.type; }));
  const ScalerSchema* sqs = FindScalerSchema("aws-sqs-queue");
  ASSERT_NE(sqs, nullptr);
  std::vector<const ScalerParam*> url = sqs->Find("queueURL");
  ASSERT_EQ(url.size(), 1u);
  EXPECT_TRUE(url[0]->metadata_readable);
  EXPECT_TRUE(url[0]->env_readable);
  EXPECT_FALSE(url[0]->auth_readable);
  EXPECT_TRUE(url[0]->Required());
  std::vector<const ScalerParam*> len = sqs->Find("queueLength");
  ASSERT_EQ(len.size(), 1u);
  EXPECT_EQ(len[0]->default_value, "5");
  EXPECT_FALSE(len[0]->Required());
  EXPECT_EQ(FindScalerSchema("stan"), nullptr);
  EXPECT_EQ(FindScalerSchema(""), nullptr);
}

TEST(ScalerSchema, ReadsEnumsSeparatorsAndDeprecations) {
  const ScalerSchema* kafka = FindScalerSchema("apache-kafka");
  ASSERT_NE(kafka, nullptr);
  const ScalerParam* policy = kafka->Find("offsetResetPolicy").at(0);
  EXPECT_EQ(policy->allowed_values, (std::vector<std::string>{"earliest", "latest"}));
  EXPECT_EQ(kafka->Find("partitionLimitation").at(0)->range_separator, "-");
  EXPECT_EQ(FindScalerSchema("aws-cloudwatch")->Find("dimensionName").at(0)->separator, ";");
  EXPECT_FALSE(FindScalerSchema("cpu")->Find("type").at(0)->deprecated.empty());
  EXPECT_FALSE(FindScalerSchema("liiklus")->Find("address").at(0)->deprecated_announce.empty());
  // influxdb lists authToken twice: a removed metadata source and the auth/env source.
  EXPECT_EQ(FindScalerSchema("influxdb")->Find("authToken").size(), 2u);
}

TEST(ScalerSchema, PatchesTheGeneratorGaps) {
  // authentication.Config is embedded from another package.
  const ScalerSchema* prom = FindScalerSchema("prometheus");
  ASSERT_FALSE(prom->Find("authModes").empty());
  EXPECT_TRUE(prom->Find("authModes")[0]->metadata_readable);
  EXPECT_TRUE(prom->Find("bearerToken")[0]->auth_readable);
  // EventHubInfo is embedded from another package.
  EXPECT_FALSE(FindScalerSchema("azure-eventhub")->Find("eventHubName").empty());
  // redisConnectionInfo is an optional nested struct.
  EXPECT_FALSE(FindScalerSchema("redis")->Find("password")[0]->Required());
  EXPECT_FALSE(FindScalerSchema("redis-cluster-streams")->Find("addresses")[0]->Required());
  // Aliases.
  EXPECT_EQ(FindScalerSchema("ibmmq")->Find("queueNames")[0]->alias_group, "queueName");
}

TEST(ScalerSchema, ImplementedTypesAreKedaScalers) {
  for (std::string_view t : kImplementedTriggerTypes) {
    EXPECT_NE(FindScalerSchema(t), nullptr) << t;
    EXPECT_TRUE(IsImplementedTriggerType(t));
  }
  EXPECT_FALSE(IsImplementedTriggerType("datadog"));
}

TEST(ScalerSchema, SensitiveKeys) {
  for (std::string_view k : {"password", "sentinelPassword", "apiKey", "connection",
                             "connectionFromEnv", "personalAccessToken", "tlsClientCert",
                             "awsSecretAccessKey", "authToken", "keyPassword", "credentials"}) {
    EXPECT_TRUE(IsSensitiveKey(k)) << k;
  }
  for (std::string_view k : {"queueURL", "queueLength", "awsRegion", "query", "threshold"}) {
    EXPECT_FALSE(IsSensitiveKey(k)) << k;
  }
}

TEST(ScalerSchema, Suggest) {
  EXPECT_EQ(Suggest("queueUrl", {"queueURL", "queueLength"}), "queueURL");
  EXPECT_EQ(Suggest("qeueLength", {"queueURL", "queueLength"}), "queueLength");
  EXPECT_EQ(Suggest("completelyDifferent", {"queueURL", "queueLength"}), "");
}

TEST(TriggerMetadata, CleanTriggerHasNoFindings) {
  Diagnostics d = Check(Trigger("aws-sqs-queue", {{"queueURL", "https://q"},
                                                  {"queueLength", "10"},
                                                  {"awsRegion", "us-east-1"},
                                                  {"scaleOnInFlight", "true"}}));
  EXPECT_TRUE(d.empty()) << Dump(d);
}

TEST(TriggerMetadata, UnknownTypeSuggests) {
  Diagnostics d = Check(Trigger("aws-sqs", {}));
  const Diagnostic* u = FindRule(d, "keda/unknown-trigger-type");
  ASSERT_NE(u, nullptr) << Dump(d);
  EXPECT_EQ(u->severity, Severity::kWarning);
  EXPECT_EQ(u->path, "spec.triggers[0].type");
  EXPECT_NE(u->message.find("did you mean \"aws-sqs-queue\"?"), std::string::npos) << u->message;
  EXPECT_EQ(d.items().size(), 1u);  // no metadata checks without a schema
}

TEST(TriggerMetadata, UnknownKeySuggests) {
  Diagnostics d = Check(
      Trigger("aws-sqs-queue", {{"queueURL", "q"}, {"awsRegion", "r"}, {"queueLenght", "5"}}));
  const Diagnostic* u = FindRule(d, "keda/unknown-metadata-key");
  ASSERT_NE(u, nullptr) << Dump(d);
  EXPECT_EQ(u->path, "spec.triggers[0].metadata.queueLenght");
  EXPECT_NE(u->message.find("did you mean \"queueLength\"?"), std::string::npos) << u->message;
}

TEST(TriggerMetadata, FromEnvForEnvReadableParams) {
  // queueURL is env-readable: queueURLFromEnv satisfies the requirement.
  Diagnostics d = Check(Trigger("aws-sqs-queue", {{"queueURLFromEnv", "Q"}, {"awsRegion", "r"}}));
  EXPECT_TRUE(d.empty()) << Dump(d);
  // awsRegion is not env-readable: awsRegionFromEnv is ignored by KEDA.
  d = Check(Trigger("aws-sqs-queue", {{"queueURL", "q"}, {"awsRegionFromEnv", "R"}}));
  EXPECT_TRUE(d.HasRule("keda/metadata-source")) << Dump(d);
  EXPECT_TRUE(d.HasRule("keda/missing-metadata")) << Dump(d);
}

TEST(TriggerMetadata, RequiredFromTriggerAuthentication) {
  // dynatrace `token` is read only from a TriggerAuthentication.
  ScaleTriggers t = Trigger("dynatrace", {{"host", "h"}, {"threshold", "1"}});
  Diagnostics d = Check(t, /*has_auth_ref=*/false);
  const Diagnostic* m = FindRule(d, "keda/missing-metadata");
  ASSERT_NE(m, nullptr) << Dump(d);
  EXPECT_NE(m->message.find("no authenticationRef"), std::string::npos) << m->message;
  EXPECT_TRUE(Check(t, /*has_auth_ref=*/true).empty());
}

TEST(TriggerMetadata, EmptyValueCountsAsAbsent) {
  Diagnostics d = Check(Trigger("aws-sqs-queue", {{"queueURL", "  "}, {"awsRegion", "r"}}));
  EXPECT_TRUE(d.HasRule("keda/missing-metadata")) << Dump(d);
}

TEST(TriggerMetadata, AliasesSatisfyEachOther) {
  Diagnostics d = Check(Trigger("ibmmq", {{"host", "h"}, {"queueNames", "a,b"}}), true);
  EXPECT_FALSE(d.HasRule("keda/missing-metadata")) << Dump(d);
  d = Check(Trigger("ibmmq", {{"host", "h"}}), true);
  EXPECT_TRUE(d.HasRule("keda/missing-metadata")) << Dump(d);
}

TEST(TriggerMetadata, RedisConnectionInfoIsOptional) {
  Diagnostics d = Check(Trigger("redis", {{"address", "redis:6379"}, {"listName", "l"}}));
  EXPECT_TRUE(d.empty()) << Dump(d);
}

TEST(TriggerMetadata, AllowedValues) {
  ScaleTriggers t = Trigger(
      "kafka",
      {{"bootstrapServers", "k"}, {"consumerGroup", "g"}, {"offsetResetPolicy", "Earliest"}});
  Diagnostics d = Check(t);
  const Diagnostic* v = FindRule(d, "keda/metadata-value");
  ASSERT_NE(v, nullptr) << Dump(d);
  EXPECT_EQ(v->severity, Severity::kError);
  EXPECT_EQ(v->message,
            "the kafka scaler accepts only: latest, earliest (values are case-sensitive: did you "
            "mean \"earliest\"?)");
  t.metadata["offsetResetPolicy"] = " earliest ";  // KEDA trims
  EXPECT_TRUE(Check(t).empty()) << Dump(Check(t));
  t.metadata["offsetResetPolicy"] = "{{ .Values.policy }}";
  d = Check(t);
  ASSERT_TRUE(d.HasRule("keda/metadata-value"));
  EXPECT_EQ(d.error_count(), 0u);
}

TEST(TriggerMetadata, AllowedValuesOfListsAreCheckedPerItem) {
  ScaleTriggers t = Trigger("prometheus", {{"serverAddress", "http://p"},
                                           {"query", "q"},
                                           {"threshold", "1"},
                                           {"authModes", "basic, tls"}});
  EXPECT_TRUE(Check(t, true).empty()) << Dump(Check(t, true));
  t.metadata["authModes"] = "basic,kerberos";
  EXPECT_TRUE(Check(t, true).HasRule("keda/metadata-value"));
}

TEST(TriggerMetadata, DeprecatedParameters) {
  Diagnostics d = Check(Trigger("cpu", {{"type", "Utilization"}, {"value", "50"}}));
  const Diagnostic* e = FindRule(d, "keda/deprecated-metadata");
  ASSERT_NE(e, nullptr) << Dump(d);
  EXPECT_EQ(e->severity, Severity::kError);
  EXPECT_NE(e->message.find("metricType"), std::string::npos);
  // A removed parameter is never required.
  d = Check(Trigger("influxdb", {{"serverURL", "http://i"}, {"query", "q"}}), true);
  EXPECT_TRUE(d.empty()) << Dump(d);
  // influxdb authToken in metadata was removed; from the TriggerAuthentication it is fine.
  d = Check(Trigger("influxdb", {{"serverURL", "http://i"}, {"query", "q"}, {"authToken", "x"}}),
            true);
  EXPECT_TRUE(d.HasRule("keda/deprecated-metadata")) << Dump(d);
}

TEST(TriggerMetadata, ExternalScalersPassMetadataThrough) {
  Diagnostics d = Check(Trigger("external", {{"scalerAddress", "s:6000"}, {"anything", "x"}}));
  EXPECT_TRUE(d.empty()) << Dump(d);
}

TEST(TriggerMetadata, MetricNameWasRemoved) {
  Diagnostics d =
      Check(Trigger("aws-sqs-queue", {{"queueURL", "q"}, {"awsRegion", "r"}, {"metricName", "m"}}));
  const Diagnostic* w = FindRule(d, "keda/unknown-metadata-key");
  ASSERT_NE(w, nullptr);
  EXPECT_NE(w->message.find("2.12"), std::string::npos);
  // aws-cloudwatch really uses it.
  EXPECT_FALSE(FindScalerSchema("aws-cloudwatch")->Find("metricName").empty());
}

TEST(TriggerMetadata, UnsupportedTrigger) {
  Diagnostics d;
  CheckTriggerImplemented(Trigger("datadog", {}), "spec.triggers[2]", d);
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].rule, "keda/unsupported-trigger");
  EXPECT_EQ(d.items()[0].path, "spec.triggers[2].type");
  Diagnostics none;
  CheckTriggerImplemented(Trigger("aws-sqs-queue", {}), "spec.triggers[0]", none);
  CheckTriggerImplemented(Trigger("no-such-type", {}), "spec.triggers[0]", none);
  EXPECT_TRUE(none.empty());
}

// CONTRIBUTING.md: no secret value in any diagnostic. Every check that looks at metadata runs
// on values that must not come back.
TEST(TriggerMetadata, SecretValuesNeverAppearInDiagnostics) {
  const std::string secret = "S3cr3t-V4lue-xyz";
  std::vector<ScaleTriggers> triggers = {
      // unknown sensitive key
      Trigger("aws-sqs-queue", {{"queueURL", secret}, {"awsSecretKey", secret}}),
      // read only from a TriggerAuthentication
      Trigger("kafka", {{"bootstrapServers", secret},
                        {"consumerGroup", "g"},
                        {"password", secret},
                        {"sasl", secret},
                        {"tls", secret}}),
      // enum violation on an auth-readable key, plus a removed parameter
      Trigger("influxdb", {{"serverURL", secret}, {"query", "q"}, {"authToken", secret}}),
      // typo of a secret key, FromEnv of a non-env key
      Trigger("redis", {{"passwrd", secret}, {"listName", "l"}, {"caFromEnv", secret}}),
      Trigger("prometheus", {{"serverAddress", secret},
                             {"query", secret},
                             {"threshold", secret},
                             {"authModes", secret},
                             {"bearerToken", secret}}),
      Trigger("no-such-scaler", {{"password", secret}}),
      Trigger("cpu", {{"type", secret}, {"value", secret}}),
  };
  for (const ScaleTriggers& t : triggers) {
    Diagnostics d = Check(t);
    CheckTriggerImplemented(t, "spec.triggers[0]", d);
    EXPECT_FALSE(d.empty()) << t.type;
    for (const Diagnostic& diag : d.items()) {
      EXPECT_EQ(diag.message.find(secret), std::string::npos) << diag.message;
      EXPECT_EQ(diag.path.find(secret), std::string::npos) << diag.path;
    }
  }
}

TEST(TriggerMetadata, SecretValuesNeverAppearInObjectValidation) {
  const std::string secret = "S3cr3t-V4lue-xyz";
  std::string so =
      "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: so}\nspec:\n"
      "  scaleTargetRef: {name: a}\n  minReplicaCount: 0\n  triggers:\n"
      "  - type: cpu\n    metricType: Utilization\n    metadata: {value: '" +
      secret +
      "', "
      "password: '" +
      secret + "', type: '" + secret +
      "'}\n"
      "  - type: memory\n    metricType: AverageValue\n    metadata: {value: '" +
      secret +
      "'}\n"
      "  - type: kafka\n    metricType: '" +
      secret + "x'\n    metadata: {password: '" + secret + "', sasl: '" + secret +
      "', bootstrapServers: b, consumerGroup: g}\n";
  Diagnostics decode;
  ScaledObject obj = keda_test::Decode<ScaledObject>(so, decode);
  Diagnostics diags;
  Validate(obj, diags);
  ASSERT_GT(diags.error_count(), 3u) << Dump(diags);
  for (const Diagnostic& d : diags.items()) {
    if (d.path.find("metricType") != std::string::npos) continue;  // not metadata
    EXPECT_EQ(d.message.find(secret), std::string::npos) << d.path << ": " << d.message;
  }
  std::string ta =
      "apiVersion: keda.sh/v1alpha1\nkind: TriggerAuthentication\nmetadata: {name: t}\nspec:\n"
      "  hashiCorpVault:\n    address: 'https://v'\n    authentication: password\n"
      "    credential: {token: '" +
      secret +
      "'}\n    secrets: []\n"
      "  oauth2: {type: x, clientId: '', tokenUrl: 'nope'}\n  filePath: /abs\n";
  Diagnostics tdiags;
  TriggerAuthentication tobj = keda_test::Decode<TriggerAuthentication>(ta, tdiags);
  Validate(tobj, tdiags);
  ASSERT_GT(tdiags.error_count(), 3u) << Dump(tdiags);
  EXPECT_EQ(Dump(tdiags).find(secret), std::string::npos) << Dump(tdiags);
}

}  // namespace
}  // namespace swell::api::keda
