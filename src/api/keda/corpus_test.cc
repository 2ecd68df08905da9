// KEDA's documentation examples (../shared/examples/keda-docs/) through the real loader
// (decode, validate, defaults). Policy (docs/validation.md, "Severity"): none may raise an
// error. The files KEDA itself would reject or fail on must raise their rule as a warning.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "api/keda/keda_test_util.h"
#include "api/loader.h"

namespace swell::api {
namespace {

using keda_test::SharedDir;

// Files KEDA rejects or fails on, with the warning that must say why:
//   - cassandra-1/2 omit `keyspace`, required by cassandra_scaler.go;
//   - splunk-observability-3 uses queryValue/activationQueryValue, which the scaler does not
//     read; it requires targetValue and activationTargetValue;
//   - huawei-cloudeye-1 sets minMetricValue, removed in v2.20;
//   - cpu-2/3 and memory-2/3 have only a cpu/memory trigger and no minReplicaCount: the
//     webhook rejects them once the Deployment exists (§7.2 item 5).
const std::map<std::string, std::set<std::string>>& KedaRejects() {
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

TEST(KedaCorpus, DocsExamplesLoadWithoutErrors) {
  std::string dir = SharedDir() + "/examples/keda-docs";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  size_t keda_objects = 0;
  for (const std::string& f : files) {
    LoadResult r;
    LoadFile(f, &r);
    std::string name = std::filesystem::path(f).filename();
    std::set<std::string> warned;
    for (const Finding& fd : r.findings) {
      EXPECT_NE(fd.diag.severity, Severity::kError) << FormatFinding(fd);
      if (fd.diag.severity == Severity::kWarning) warned.insert(fd.diag.rule);
    }
    auto it = KedaRejects().find(name);
    if (it != KedaRejects().end()) {
      for (const auto& rule : it->second) EXPECT_TRUE(warned.count(rule)) << name << " " << rule;
    }
    for (const auto& o : r.objects) keda_objects += KindOf(o.object).group == "keda.sh";
  }
  EXPECT_GT(files.size(), 200u);
  EXPECT_GT(keda_objects, 300u);
}

}  // namespace
}  // namespace swell::api
