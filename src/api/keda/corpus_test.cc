// Every ScaledObject, ScaledJob and (Cluster)TriggerAuthentication of KEDA's documentation
// (../shared/examples/keda-docs/) through decode + Validate: the KEDA rules must raise no
// error on them, except on the files listed in kInvalid, which KEDA itself rejects.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "api/keda/keda_test_util.h"

namespace swell::api {
namespace {

using keda_test::Dump;
using keda_test::ReadFile;
using keda_test::SharedDir;

struct FileResult {
  Diagnostics decode;    // decoder findings (not the KEDA rules')
  Diagnostics validate;  // Validate() findings for objects that decoded cleanly
};

template <class T>
void Check(const yaml::Node& node, FileResult& r) {
  Diagnostics d;
  Decoder dec(&d);
  T obj;
  DecodeValue(node, obj, dec);
  r.decode.Append(d);
  if (!d.has_errors()) Validate(obj, r.validate);
}

FileResult RunFile(const std::string& path) {
  FileResult r;
  yaml::ParseResult parsed = yaml::Parse(ReadFile(path));
  if (parsed.error) {
    r.decode.Error("", "YAML: " + parsed.error->message, "yaml");
    return r;
  }
  for (const yaml::Document& doc : parsed.documents) {
    if (doc.empty || !doc.root.IsMapping()) continue;
    const yaml::Node* kind = doc.root.Find("kind");
    const yaml::Node* api = doc.root.Find("apiVersion");
    // keda.k8s.io/v1alpha1 (KEDA v1, in the migration guide) is skipped by the object table.
    if (api == nullptr || api->value() != "keda.sh/v1alpha1") continue;
    std::string k = kind ? kind->value() : "";
    if (k == "ScaledObject") Check<ScaledObject>(doc.root, r);
    if (k == "ScaledJob") Check<ScaledJob>(doc.root, r);
    if (k == "TriggerAuthentication") Check<TriggerAuthentication>(doc.root, r);
    if (k == "ClusterTriggerAuthentication") Check<ClusterTriggerAuthentication>(doc.root, r);
  }
  return r;
}

// Files KEDA itself rejects, with the rule that says why:
//   - cassandra-1/2 omit `keyspace`, required by cassandra_scaler.go (keyspace in the query
//     does not count);
//   - splunk-observability-3 uses queryValue/activationQueryValue, which the scaler does not
//     read; it requires targetValue and activationTargetValue;
//   - huawei-cloudeye-1 sets minMetricValue, removed in v2.20 (KEDA errors on it);
//   - cpu-2/3 and memory-2/3 have only a cpu/memory trigger and no minReplicaCount on a
//     Deployment: the webhook rejects them (scale-to-zero-requirements-not-met, §7.2 item 5).
const std::map<std::string, std::set<std::string>>& Invalid() {
  static const std::map<std::string, std::set<std::string>> k = {
      {"scalers_cassandra-1.yaml", {"keda/missing-metadata"}},
      {"scalers_cassandra-2.yaml", {"keda/missing-metadata"}},
      {"scalers_splunk-observability-3.yaml", {"keda/missing-metadata"}},
      {"scalers_huawei-cloudeye-1.yaml", {"keda/deprecated-metadata"}},
      {"scalers_cpu-2.yaml", {"keda/scale-to-zero"}},
      {"scalers_cpu-3.yaml", {"keda/scale-to-zero"}},
      {"scalers_memory-2.yaml", {"keda/scale-to-zero"}},
      {"scalers_memory-3.yaml", {"keda/scale-to-zero"}},
  };
  return k;
}

TEST(KedaCorpus, DocsExamplesRaiseNoErrorsFromKedaRules) {
  std::string dir = SharedDir() + "/examples/keda-docs";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  int decode_failures = 0;
  for (const std::string& f : files) {
    FileResult r = RunFile(f);
    std::string name = std::filesystem::path(f).filename();
    if (r.decode.has_errors()) decode_failures++;
    if (std::getenv("SWELL_CORPUS_VERBOSE") && !(r.decode.empty() && r.validate.empty())) {
      std::printf("== %s\n%s%s", name.c_str(), Dump(r.decode).c_str(), Dump(r.validate).c_str());
    }
    std::set<std::string> rules;
    for (const Diagnostic& d : r.validate.items()) {
      // Only the KEDA rules: metadata (meta/*) and job template (batch/*, core/*) rules
      // belong to the core types.
      if (d.severity == Severity::kError && d.rule.rfind("keda/", 0) == 0) rules.insert(d.rule);
    }
    auto it = Invalid().find(name);
    std::set<std::string> expected = it == Invalid().end() ? std::set<std::string>{} : it->second;
    EXPECT_EQ(rules, expected) << name << "\n" << Dump(r.validate);
  }
  EXPECT_GT(files.size(), 200u);
  std::printf("keda-docs: %zu files, %d with decode errors\n", files.size(), decode_failures);
}

}  // namespace
}  // namespace swell::api
