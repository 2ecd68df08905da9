// `swell simulate`: the seed scenario end to end, and bad input -> one clear line, exit 2.
#include "cli/simulate.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/validate.h"

namespace swell::cli {
namespace {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result Simulate(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = RunSimulate(args, out, err);
  return {code, out.str(), err.str()};
}

// A scratch scenario directory with the worker and its ScaledObject.
fs::path Scratch(const std::string& name, const std::string& scenario_spec,
                 const std::string& extra_file = "", const std::string& extra_text = "") {
  fs::path dir = fs::temp_directory_path() / ("swell-sim-test-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "app.yaml")
      << "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker}\nspec:\n"
         "  replicas: 0\n  selector: {matchLabels: {app: w}}\n  template:\n"
         "    metadata: {labels: {app: w}}\n    spec: {containers: [{name: w, image: w}]}\n";
  std::ofstream(dir / "scenario.yaml")
      << "apiVersion: swell.dev/v1alpha1\nkind: Scenario\nmetadata: {name: " << name << "}\nspec:\n"
      << scenario_spec;
  if (!extra_file.empty()) std::ofstream(dir / extra_file) << extra_text;
  return dir;
}

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(Simulate, SeedScenarioWritesSummaryTimelineAndEvents) {
  fs::path out = fs::temp_directory_path() / "swell-sim-test-seed-out";
  fs::remove_all(out);
  Result r = Simulate({"--quiet", "--out", out.string(), "examples/seed/scenario.yaml"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("peak depth"), std::string::npos);
  EXPECT_NE(r.out.find("drained"), std::string::npos);
  EXPECT_NE(r.out.find("peak oldest-message age"), std::string::npos);
  EXPECT_NE(r.out.find("redelivered"), std::string::npos);
  EXPECT_NE(r.out.find("dead-lettered"), std::string::npos);
  EXPECT_TRUE(fs::exists(out / "timeline.csv"));
  EXPECT_TRUE(fs::exists(out / "events.log"));
  EXPECT_GT(fs::file_size(out / "timeline.csv"), 10000u);
  ASSERT_TRUE(fs::exists(out / "report.html"));
  EXPECT_NE(r.out.find("report:   " + (out / "report.html").string()), std::string::npos) << r.out;
  std::ostringstream text_stream;
  text_stream << std::ifstream(out / "report.html").rdbuf();
  const std::string text = text_stream.str();
  EXPECT_NE(text.find("data-chart=\"queue-depth\""), std::string::npos);
  EXPECT_NE(text.find("first node launched"), std::string::npos);
}

TEST(Simulate, NoHtmlSkipsTheReport) {
  fs::path out = fs::temp_directory_path() / "swell-sim-test-no-html";
  fs::remove_all(out);
  Result r =
      Simulate({"--quiet", "--no-html", "--out", out.string(), "examples/seed/scenario.yaml"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_TRUE(fs::exists(out / "timeline.csv"));
  EXPECT_FALSE(fs::exists(out / "report.html"));
  EXPECT_EQ(r.out.find("report:"), std::string::npos);
}

TEST(Simulate, JsonLinesTimeline) {
  fs::path out = fs::temp_directory_path() / "swell-sim-test-jsonl";
  Result r = Simulate(
      {"--quiet", "--format", "jsonl", "--out", out.string(), "examples/seed/scenario.yaml"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  std::ifstream in(out / "timeline.jsonl");
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first.rfind("{\"time\":\"2026-11-27T02:00:00Z\",\"t_s\":0,", 0), 0u) << first;
}

TEST(Simulate, MissingScenarioFile) {
  Result r = Simulate({"/nonexistent/scenario.yaml"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/scenario.yaml"), std::string::npos);
}

TEST(Simulate, ScaleTargetThatDoesNotExist) {
  fs::path dir = Scratch("no-target", "  manifests: [app.yaml, so.yaml]\n", "so.yaml",
                         "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: s}\n"
                         "spec:\n  scaleTargetRef: {name: not-there}\n  triggers:\n"
                         "  - {type: cron, metadata: {timezone: UTC, start: 0 8 * * *, end: 0 9 "
                         "* * *, desiredReplicas: '2'}}\n");
  Result r = Simulate({(dir / "scenario.yaml").string()});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("Deployment default/not-there is not among the scenario's manifests"),
            std::string::npos)
      << r.err;
}

TEST(Simulate, MalformedTrace) {
  fs::path dir = Scratch("bad-trace",
                         "  manifests: [app.yaml]\n  queues:\n  - name: q\n"
                         "    arrivals: [{trace: trace.csv}]\n",
                         "trace.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\nnot-a-time,1,2\n");
  Result r = Simulate({(dir / "scenario.yaml").string()});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("trace.csv:2:"), std::string::npos) << r.err;
}

TEST(Simulate, NegativeRate) {
  fs::path dir = Scratch("negative-rate",
                         "  manifests: [app.yaml]\n  queues:\n  - name: q\n"
                         "    arrivals: [{at: 0s, rate: -5}]\n");
  Result r = Simulate({(dir / "scenario.yaml").string()});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("scenario.yaml:8:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("spec.queues[0].arrivals[0].rate: must be >= 0"), std::string::npos)
      << r.err;
}

TEST(Simulate, UnknownFieldInScenario) {
  fs::path dir = Scratch("unknown-field", "  manifests: [app.yaml]\n  duraton: 1h\n");
  Result r = Simulate({(dir / "scenario.yaml").string()});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("unknown field \"duraton\" (did you mean \"duration\"?)"), std::string::npos)
      << r.err;
}

TEST(Simulate, UsageErrors) {
  EXPECT_EQ(Simulate({}).code, kExitUsage);
  EXPECT_EQ(Simulate({"--format", "xml", "x.yaml"}).code, kExitUsage);
  EXPECT_EQ(Simulate({"--bogus", "x.yaml"}).code, kExitUsage);
  EXPECT_EQ(Simulate({"a.yaml", "b.yaml"}).code, kExitUsage);
}

}  // namespace
}  // namespace swell::cli
