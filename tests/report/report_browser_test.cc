// The HTML report in a real browser: `swell simulate` writes the seed scenario's report.html,
// headless Chromium (Debian's chromium package) loads it with its script, and every chart in the
// DOM the browser built must have drawn points (the script counts what the browser parsed into
// each <polyline> as data-drawn-points). A compare report of two runs must overlay both on every
// chart.
//
// Without chromium on PATH (or $SWELL_CHROMIUM) the tests are skipped, and the binary exits with
// 77 so ctest reports "Skipped"; when $CI is set a missing chromium is a failure instead.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "report/from_world.h"

namespace swell::report {
namespace {

namespace fs = std::filesystem;

bool CiSet() {
  const char* ci = std::getenv("CI");
  if (ci == nullptr) return false;
  const std::string v = ci;
  return !v.empty() && v != "0" && v != "false";
}

// $SWELL_CHROMIUM, else the first chromium (or chromium-browser) on PATH; "" when there is none.
std::string FindChromium() {
  if (const char* env = std::getenv("SWELL_CHROMIUM"); env != nullptr && *env != '\0') return env;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    for (const char* name : {"chromium", "chromium-browser"}) {
      const fs::path p = fs::path(dir) / name;
      if (!dir.empty() && access(p.c_str(), X_OK) == 0) return p.string();
    }
  }
  return "";
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Output {
  int code = -1;
  std::string out;
};

// Runs a shell command, returning its exit code and standard output.
Output Shell(const std::string& cmd) {
  Output r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[65536];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string ReadAll(const fs::path& p) {
  std::ostringstream s;
  s << std::ifstream(p).rdbuf();
  return s.str();
}

// One chart as the browser left it.
struct DomChart {
  std::string id;
  std::map<std::string, std::string> attrs;
  std::string body;  // from the <svg> tag to </svg>
  int Int(const std::string& name) const {
    auto it = attrs.find(name);
    return it == attrs.end() ? -1 : std::atoi(it->second.c_str());
  }
};

std::vector<DomChart> Charts(const std::string& dom) {
  std::vector<DomChart> out;
  const std::regex attr("([a-z-]+)=\"([^\"]*)\"");
  for (size_t at = dom.find("<svg"); at != std::string::npos; at = dom.find("<svg", at + 1)) {
    const std::string tag = dom.substr(at, dom.find('>', at) - at);
    DomChart c;
    for (auto it = std::sregex_iterator(tag.begin(), tag.end(), attr); it != std::sregex_iterator();
         ++it) {
      c.attrs[(*it)[1]] = (*it)[2];
    }
    if (!c.attrs.count("data-chart")) continue;
    c.id = c.attrs["data-chart"];
    c.body = dom.substr(at, dom.find("</svg>", at) - at);
    out.push_back(c);
  }
  return out;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) n++;
  return n;
}

class Browser : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindChromium();
    if (chromium_.empty()) {
      if (CiSet()) {
        FAIL() << "chromium is not installed and CI is set: tools/install-deps.sh installs it";
      }
      GTEST_SKIP() << "chromium is not installed (tools/install-deps.sh installs it); the "
                      "report's browser test is skipped";
    }
    dir_ = fs::temp_directory_path() / ("swell-report-browser-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty() && !HasFailure()) fs::remove_all(dir_);
  }

  // The DOM after Chromium loaded `html` and ran its script.
  std::string DumpDom(const fs::path& html) {
    const fs::path log = dir_ / "chromium.log";
    const std::string cmd =
        Quote(chromium_) +
        " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage"
        " --no-first-run --user-data-dir=" +
        Quote((dir_ / "profile").string()) + " --virtual-time-budget=2000 --dump-dom " +
        Quote("file://" + fs::absolute(html).string()) + " 2>" + Quote(log.string());
    Output r = Shell(cmd);
    EXPECT_EQ(r.code, 0) << cmd << "\n" << ReadAll(log);
    return r.out;
  }

  // Every chart the file declares is in the DOM, drawn: points > 0, and the browser parsed as
  // many points as the file announced.
  std::vector<DomChart> CheckEveryChartDrawn(const fs::path& html) {
    const std::string file = ReadAll(html);
    const std::string dom = DumpDom(html);
    EXPECT_NE(dom.find("data-report-ready=\"1\""), std::string::npos)
        << "the report's script did not finish:\n"
        << dom.substr(0, 2000);
    std::vector<DomChart> charts = Charts(dom);
    EXPECT_EQ(static_cast<int>(charts.size()), Count(file, "data-chart=\""));
    for (const DomChart& c : charts) {
      EXPECT_GT(c.Int("data-points"), 0) << c.id;
      EXPECT_EQ(c.Int("data-drawn-points"), c.Int("data-points")) << c.id;
      EXPECT_GT(Count(c.body, "<polyline"), 0) << c.id;
    }
    return charts;
  }

  std::string chromium_;
  fs::path dir_;
};

bool Has(const std::vector<DomChart>& charts, const std::string& id) {
  return std::any_of(charts.begin(), charts.end(), [&](const DomChart& c) { return c.id == id; });
}

TEST_F(Browser, SeedReportFromSwellSimulateHasDataInEveryChart) {
  const fs::path out = dir_ / "seed";
  const std::string cmd = Quote(SWELL_BINARY) + " simulate --quiet --out " + Quote(out.string()) +
                          " examples/order-burst/scenario.yaml";
  Output sim = Shell(cmd);
  ASSERT_EQ(sim.code, 0) << cmd << "\n" << sim.out;
  ASSERT_NE(sim.out.find("report:"), std::string::npos) << sim.out;
  ASSERT_TRUE(fs::exists(out / "report.html"));
  const std::vector<DomChart> charts = CheckEveryChartDrawn(out / "report.html");
  for (const char* id :
       {"queue-depth", "replicas", "pending-pods", "nodes", "cost-rate", "oldest-age"}) {
    EXPECT_TRUE(Has(charts, id)) << id;
  }
}

// `swell simulate --compare`: one report with both modes overlaid on every chart.
TEST_F(Browser, CompareModesReportOverlaysBothModes) {
  const fs::path out = dir_ / "compare-modes";
  const std::string cmd = Quote(SWELL_BINARY) + " simulate --quiet --compare --out " +
                          Quote(out.string()) + " examples/order-burst/scenario.yaml";
  Output sim = Shell(cmd);
  ASSERT_EQ(sim.code, 0) << cmd << "\n" << sim.out;
  const std::vector<DomChart> charts = CheckEveryChartDrawn(out / "report.html");
  for (const char* id :
       {"queue-depth", "replicas", "pending-pods", "nodes", "cost-rate", "oldest-age"}) {
    EXPECT_TRUE(Has(charts, id)) << id;
  }
  for (const DomChart& c : charts) {
    EXPECT_EQ(c.Int("data-runs"), 2) << c.id;
    const int series = c.Int("data-series");
    EXPECT_EQ(Count(c.body, "data-run=\"keda-karpenter\""), series) << c.id;
    EXPECT_EQ(Count(c.body, "data-run=\"swell\""), series) << c.id;
  }
}

std::unique_ptr<sim::World> Play(int64_t seed) {
  auto scenario = sim::LoadScenario("examples/order-burst/scenario.yaml");
  EXPECT_TRUE(scenario.ok()) << scenario.status().message();
  if (!scenario.ok()) return nullptr;
  scenario->spec.seed = seed;
  auto world = sim::World::Create(*scenario);
  EXPECT_TRUE(world.ok()) << world.status().message();
  if (!world.ok()) return nullptr;
  (*world)->Run();
  return std::move(world).value();
}

TEST_F(Browser, CompareReportOverlaysBothRunsOnEveryChart) {
  auto a = Play(42), b = Play(7);
  ASSERT_TRUE(a && b);
  ReportInput in = ReportFromWorld(*a);
  in.runs[0].label = "seed 42";
  in.runs.push_back(RunFromWorld(*b, "seed 7"));
  const fs::path html = dir_ / "compare.html";
  std::ofstream(html) << RenderHtml(in);
  const std::vector<DomChart> charts = CheckEveryChartDrawn(html);
  EXPECT_TRUE(Has(charts, "queue-depth"));
  for (const DomChart& c : charts) {
    EXPECT_EQ(c.Int("data-runs"), 2) << c.id;
    const int series = c.Int("data-series");
    EXPECT_EQ(Count(c.body, "data-run=\"seed 42\""), series) << c.id;
    EXPECT_EQ(Count(c.body, "data-run=\"seed 7\""), series) << c.id;
  }
}

}  // namespace
}  // namespace swell::report

// ctest reads exit code 77 as "skipped" (SKIP_RETURN_CODE): a run whose tests were all skipped
// says so instead of passing.
int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const int rc = RUN_ALL_TESTS();
  const auto* unit = ::testing::UnitTest::GetInstance();
  if (rc == 0 && unit->test_to_run_count() > 0 &&
      unit->skipped_test_count() == unit->test_to_run_count()) {
    return 77;
  }
  return rc;
}
