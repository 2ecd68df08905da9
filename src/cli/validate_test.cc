// `swell validate` end to end, in process and through the built binary, on the compatibility
// corpus in ../shared/examples and the seed manifests.
#include "cli/validate.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "api/yaml/node.h"

namespace swell::cli {
namespace {

namespace fs = std::filesystem;

std::string Shared() {
  const char* env = std::getenv("SWELL_SHARED_DIR");
  return env != nullptr ? env : "../shared";
}

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun Validate(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = RunValidate(args, out, err);
  return {code, out.str(), err.str()};
}

std::vector<std::string> Files(const std::string& dir) {
  std::vector<std::string> files, paths{dir};
  std::string error;
  EXPECT_TRUE(CollectFiles(paths, &files, &error)) << error;
  return files;
}

TEST(Validate, AcceptsEveryKedaDocsExample) {
  for (const auto& f : Files(Shared() + "/examples/keda-docs")) {
    CliRun r = Validate({"--quiet", f});
    EXPECT_EQ(r.code, kExitOk) << f << "\n" << r.out;
  }
}

TEST(Validate, AcceptsEveryKarpenterExample) {
  for (const auto& f : Files(Shared() + "/examples/karpenter")) {
    CliRun r = Validate({"--quiet", f});
    EXPECT_EQ(r.code, kExitOk) << f << "\n" << r.out;
  }
}

TEST(Validate, RejectsEveryInvalidYamlWithLineAndColumn) {
  std::regex pos(R"(\.yaml:(\d+):(\d+): error: .*YAML syntax error)");
  auto files = Files(Shared() + "/examples/keda-docs-invalid-yaml");
  ASSERT_EQ(files.size(), 8u);
  for (const auto& f : files) {
    CliRun r = Validate({f});
    EXPECT_EQ(r.code, kExitErrors) << f;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.out, m, pos)) << f << "\n" << r.out;
    EXPECT_GT(std::stoi(m[1]), 0);
    EXPECT_GT(std::stoi(m[2]), 0);
  }
}

TEST(Validate, InvalidYamlPositionIsExact) {
  CliRun r = Validate({Shared() + "/examples/keda-docs-invalid-yaml/scalers_prometheus-8.yaml"});
  EXPECT_NE(r.out.find("scalers_prometheus-8.yaml:53:21: error: doc 3: YAML syntax error"),
            std::string::npos)
      << r.out;
}

TEST(Validate, SeedMistakesAreWarnings) {
  CliRun r = Validate({Shared() + "/seed/manifests.yaml"});
  EXPECT_EQ(r.code, kExitOk) << r.out;
  // The NodePool requirement on a key no instance type carries.
  EXPECT_NE(r.out.find("warning"), std::string::npos);
  EXPECT_NE(r.out.find("node.kubernetes.io/instance-category"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("karpenter.k8s.aws/instance-category"), std::string::npos) << r.out;
  // The ScaledObject (namespace default) whose TriggerAuthentication is in order-processing.
  EXPECT_NE(r.out.find("order-processing"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[lint/cross-namespace-ref]"), std::string::npos) << r.out;
}

TEST(Validate, JsonOutputIsOneReport) {
  CliRun r = Validate({"--output", "json", Shared() + "/seed/manifests.yaml"});
  EXPECT_EQ(r.code, kExitOk);
  auto parsed = yaml::Parse(r.out);
  ASSERT_EQ(parsed.error, nullptr) << r.out;
  const yaml::Node& root = parsed.documents.at(0).root;
  EXPECT_EQ(root.Find("valid")->value(), "true");
  EXPECT_EQ(root.Find("objects")->size(), 3u);
  EXPECT_GE(root.Find("warnings")->value(), "2");
}

TEST(Validate, UnusableArgumentsExitTwo) {
  EXPECT_EQ(Validate({}).code, kExitUsage);
  EXPECT_EQ(Validate({"--frobnicate", "x.yaml"}).code, kExitUsage);
  EXPECT_EQ(Validate({"/nonexistent/path.yaml"}).code, kExitUsage);
  EXPECT_EQ(Validate({"--output", "xml", "x.yaml"}).code, kExitUsage);
}

TEST(Validate, ErrorExitsOneAndNamesFileDocObjectPathRule) {
  fs::path dir = fs::temp_directory_path() / "swell_validate_test";
  fs::create_directories(dir);
  fs::path file = dir / "orders.yaml";
  {
    std::ofstream o(file);
    o << "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n"
         "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: order-processor}\n"
         "spec:\n  replicas: -1\n  selector: {matchLabels: {app: o}}\n"
         "  template:\n    metadata: {labels: {app: o}}\n"
         "    spec: {containers: [{name: c, image: i}]}\n";
  }
  CliRun r = Validate({file.string()});
  EXPECT_EQ(r.code, kExitErrors);
  EXPECT_NE(r.out.find("orders.yaml:9:13: error: doc 2: Deployment default/order-processor: "
                       "spec.replicas: -1 must be >= 0 [apps/replicas]"),
            std::string::npos)
      << r.out;
  fs::remove_all(dir);
}

TEST(Validate, BinaryHelpAndVersion) {
  std::string bin = SWELL_BINARY;
  EXPECT_EQ(std::system((bin + " --help > /dev/null").c_str()), 0);
  EXPECT_EQ(std::system((bin + " version | grep -q '^swell '").c_str()), 0);
  EXPECT_NE(std::system((bin + " nosuchcommand 2> /dev/null").c_str()), 0);
}

}  // namespace
}  // namespace swell::cli
