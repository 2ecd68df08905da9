// The example corpus: every NodePool and EC2NodeClass in ../shared/examples/karpenter/ and the
// seed's NodePool decode without diagnostics, validate without errors, survive defaulting, and
// round-trip (encode, emit, parse, decode gives an equal object).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "api/karpenter/test_util.h"
#include "api/karpenter/types.h"

namespace swell::api {
namespace {

using karpenter::testing::Describe;
using karpenter::testing::ReadFile;
using karpenter::testing::SharedDir;

struct Counts {
  int node_pools = 0;
  int node_classes = 0;
  int skipped = 0;
};

// The one upstream example the API server rejects: aws examples/v1/windows-custom-userdata.yaml
// writes nodeClassRef.group "karpenter.k8s.aws/v1", which the NodePool CRD's pattern ^[^/]*$
// forbids (added by kubernetes-sigs/karpenter#1516 for exactly this mistake). swell warns and
// reads the group without the version (docs/validation.md, "Severity").
constexpr std::string_view kKnownBadExample = "v1_windows-custom-userdata.yaml";

// The errors `diags` holds; the known-bad NodePool must also carry its nodeClassRef warning.
size_t UnexpectedErrors(const Diagnostics& diags, bool known_bad) {
  if (known_bad) {
    EXPECT_TRUE(diags.HasRule("karpenter/node-class-ref")) << Describe(diags);
  }
  return diags.error_count();
}

template <class T>
void CheckObject(const yaml::Node& node, const std::string& where, bool known_bad = false) {
  SCOPED_TRACE(where);
  Diagnostics diags;
  T obj = karpenter::testing::DecodeNode<T>(node, diags);
  EXPECT_TRUE(diags.empty()) << Describe(diags);
  Validate(obj, diags);
  EXPECT_EQ(UnexpectedErrors(diags, known_bad), 0u) << Describe(diags);
  karpenter::testing::ExpectRoundTrip(obj);
  ApplyDefaults(obj);
  Diagnostics after;
  Validate(obj, after);  // defaulting strips a versioned nodeClassRef group
  EXPECT_EQ(after.error_count(), 0u) << Describe(after);
  EXPECT_FALSE(after.HasRule("karpenter/node-class-ref")) << Describe(after);
  karpenter::testing::ExpectRoundTrip(obj);
}

// Checks every NodePool/EC2NodeClass document of `path`; other kinds are counted as skipped.
void CheckFile(const std::string& path, Counts& counts) {
  yaml::ParseResult parsed = yaml::Parse(ReadFile(path));
  ASSERT_EQ(parsed.error, nullptr) << path << ": " << parsed.error->message;
  for (const yaml::Document& doc : parsed.documents) {
    if (doc.empty || !doc.root.IsMapping()) continue;
    const yaml::Node* kind = doc.root.Find("kind");
    std::string k = kind != nullptr ? kind->value() : "";
    std::string where = path + " doc " + std::to_string(doc.index);
    if (k == "NodePool") {
      counts.node_pools++;
      CheckObject<NodePool>(doc.root, where, path.ends_with(kKnownBadExample));
    } else if (k == "EC2NodeClass") {
      counts.node_classes++;
      CheckObject<EC2NodeClass>(doc.root, where);
    } else {
      counts.skipped++;
    }
  }
}

TEST(KarpenterExamples, EveryNodePoolAndEC2NodeClassIsValid) {
  std::string dir = SharedDir() + "/examples/karpenter";
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 33u) << dir;
  Counts counts;
  for (const std::string& f : files) CheckFile(f, counts);
  EXPECT_EQ(counts.node_pools, 23);
  EXPECT_EQ(counts.node_classes, 22);
  EXPECT_EQ(counts.skipped, 12);  // the workload files' Deployments and PodDisruptionBudget
}

TEST(KarpenterExamples, SeedNodePool) {
  Counts counts;
  CheckFile(SharedDir() + "/seed/manifests.yaml", counts);
  EXPECT_EQ(counts.node_pools, 1);
  EXPECT_EQ(counts.skipped, 2);  // TriggerAuthentication, ScaledObject
}

}  // namespace
}  // namespace swell::api
