// The report of a simulated run: the seed scenario's timeline, milestones and summary.
#include "report/from_world.h"

#include <gtest/gtest.h>

#include <regex>

namespace swell::report {
namespace {

std::unique_ptr<sim::World> Play(const std::string& path) {
  auto scenario = sim::LoadScenario(path);
  EXPECT_TRUE(scenario.ok()) << scenario.status().message();
  if (!scenario.ok()) return nullptr;
  auto world = sim::World::Create(*scenario);
  EXPECT_TRUE(world.ok()) << world.status().message();
  if (!world.ok()) return nullptr;
  (*world)->Run();
  return std::move(world).value();
}

TEST(RunFromWorld, SeedScenarioTimelineMilestonesAndSummary) {
  auto w = Play("examples/order-burst/scenario.yaml");
  ASSERT_NE(w, nullptr);
  const RunData run = RunFromWorld(*w, "seed");
  EXPECT_EQ(run.columns, w->columns());
  ASSERT_EQ(run.samples.size(), w->timeline().size());
  EXPECT_EQ(run.samples.front().t, Duration(0));
  EXPECT_EQ(run.samples[1].t, Seconds(10));  // sampleInterval
  ASSERT_EQ(run.milestones.size(), 9u);
  EXPECT_EQ(run.milestones[0].name, "burst start");
  EXPECT_EQ(run.milestones[0].at, Minutes(2));
  EXPECT_EQ(run.milestones[3].name, "first node launched");
  EXPECT_EQ(run.milestones[3].at, Minutes(2) + Seconds(2));  // the burst's first NodeClaim
  auto row = [&](const std::string& key) {
    for (const auto& r : run.summary) {
      if (r.key == key) return r.value;
    }
    return std::string("(missing)");
  };
  EXPECT_TRUE(std::regex_match(row("orders: peak depth"),
                               std::regex("1\\d\\d,\\d\\d\\d messages at \\+5m.*")))
      << row("orders: peak depth");
  EXPECT_TRUE(std::regex_match(row("orders: drained"),
                               std::regex("\\+\\d+m\\d\\ds \\(\\d+m\\d\\ds after the burst\\)")))
      << row("orders: drained");
  EXPECT_EQ(row("orders-dlq: peak depth"), "(missing)");  // never used
  EXPECT_EQ(row("invariant violations"), "0");
  EXPECT_NE(row("node-hours / cost").find(" h / $"), std::string::npos) << row("node-hours / cost");
}

TEST(ReportFromWorld, SeedReportHasTheSeedCharts) {
  auto w = Play("examples/order-burst/scenario.yaml");
  ASSERT_NE(w, nullptr);
  const ReportInput in = ReportFromWorld(*w);
  EXPECT_EQ(in.title, "swell simulate: order-burst");
  EXPECT_NE(in.subtitle.find("seed 42"), std::string::npos);
  const std::string html = RenderHtml(in);
  for (const char* id : {"queue-depth", "replicas", "pending-pods", "nodes", "oldest-age"}) {
    EXPECT_NE(html.find(std::string("data-chart=\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_EQ(html, RenderHtml(ReportFromWorld(*Play("examples/order-burst/scenario.yaml"))));
}

}  // namespace
}  // namespace swell::report
