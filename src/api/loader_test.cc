// The whole per-object pipeline on the compatibility corpus: every object of the examples
// and the seed re-encodes to YAML and JSON that load back to an equal object; templates are
// recognised; secrets never reach a message.
#include "api/loader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace swell::api {
namespace {

std::string Shared() {
  const char* env = std::getenv("SWELL_SHARED_DIR");
  return env != nullptr ? env : "../shared";
}

void ExpectRoundTrip(const LoadedObject& o) {
  for (bool json : {false, true}) {
    yaml::Node n = EncodeObject(o.object);
    std::string text = json ? yaml::EmitJson(n) : yaml::EmitYaml(n);
    LoadResult again;
    LoadText(text, "roundtrip", &again);
    ASSERT_EQ(again.objects.size(), 1u) << o.source.file << " " << o.Ref() << "\n" << text;
    EXPECT_TRUE(again.objects[0].object == o.object)
        << o.source.file << " doc " << o.source.doc << " " << o.Ref() << (json ? " json" : " yaml")
        << "\n"
        << text;
  }
}

TEST(Loader, EveryCorpusObjectRoundTrips) {
  size_t objects = 0;
  for (const char* dir : {"/examples/keda-docs", "/examples/karpenter", "/seed"}) {
    for (const auto& e : std::filesystem::directory_iterator(Shared() + dir)) {
      LoadResult r;
      LoadFile(e.path().string(), &r);
      for (const auto& o : r.objects) {
        ExpectRoundTrip(o);
        objects++;
      }
    }
  }
  EXPECT_GT(objects, 500u);
}

TEST(Loader, ListKindAndJsonInput) {
  LoadResult r;
  LoadText(R"({"apiVersion":"v1","kind":"List","items":[
    {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}},
    {"apiVersion":"keda.sh/v1alpha1","kind":"TriggerAuthentication","metadata":{"name":"t"},
     "spec":{"podIdentity":{"provider":"aws"}}}]})",
           "list.json", &r);
  ASSERT_EQ(r.objects.size(), 2u);
  EXPECT_EQ(r.objects[1].Ref(), "TriggerAuthentication default/t");
  EXPECT_EQ(r.objects[1].source.item, 1);
}

TEST(Loader, TemplatesReportErrorsAsWarnings) {
  const char* text =
      "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: {so-name}}\n"
      "spec:\n  scaleTargetRef: {name: x}\n  minReplicaCount: 5\n  maxReplicaCount: 2\n"
      "  triggers: [{type: cron, metadata: {timezone: UTC, start: 0 8 * * *, end: 0 9 * * *, "
      "desiredReplicas: '3'}}]\n";
  LoadResult r;
  LoadText(text, "t.yaml", &r);
  EXPECT_FALSE(r.HasErrors());
  bool bounds = false, note = false;
  for (const auto& f : r.findings) {
    bounds |= f.diag.rule == "keda/replica-bounds" && f.diag.severity == Severity::kWarning;
    note |= f.diag.rule == "decode/template";
  }
  EXPECT_TRUE(bounds && note);
  // The same object with a real name is not a template: the bound violation is an error.
  std::string concrete = text;
  concrete.replace(concrete.find("{so-name}"), 9, "so");
  LoadResult r2;
  LoadText(concrete, "t.yaml", &r2);
  EXPECT_TRUE(r2.HasErrors());
}

TEST(Loader, SecretsNeverAppearInFindings) {
  const std::string secret = "s3cr3t-Value-9f8e7d";
  std::string text =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: " + secret +
      "\n  token: <" + secret + ">\nstringData:\n  \"bad key!\": " + secret +
      "\n---\n"
      "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: so}\nspec:\n"
      "  scaleTargetRef: {name: x}\n  triggers:\n  - type: rabbitmq\n    metadata:\n"
      "      host: amqp://user:" +
      secret + "@rabbit:5672/\n      password: " + secret +
      "\n"
      "      queueName: q\n      mode: " +
      secret +
      "\n      value: '5'\n"
      "  - type: postgresql\n    metadata: {connectionFromEnv: PG, password: 123456789, query: "
      "'select 1', targetQueryValue: '1', passwrod: " +
      secret + "}\n";
  LoadResult r;
  LoadText(text, "secrets.yaml", &r);
  ASSERT_FALSE(r.findings.empty());
  for (const auto& f : r.findings) {
    std::string line = FormatFinding(f);
    EXPECT_EQ(line.find(secret), std::string::npos) << line;
    EXPECT_EQ(line.find("123456789"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace swell::api
