#include "cli/simulate.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/validate.h"
#include "report/from_world.h"
#include "sim/world.h"

namespace swell::cli {
namespace {

constexpr const char* kSimulateHelp =
    "Usage: swell simulate [--out DIR] [--format csv|jsonl] [--seed N] [--no-html] [--quiet]\n"
    "                      SCENARIO\n"
    "\n"
    "Plays SCENARIO (a swell.dev/v1alpha1 Scenario: your KEDA and Kubernetes manifests, the\n"
    "cluster, the queues and their traffic) in the embedded simulator, deterministically, and\n"
    "prints a summary: peak queue depth, time to drain, peak oldest-message age, replicas,\n"
    "messages redelivered and dead-lettered.\n"
    "\n"
    "  --out DIR       write timeline.csv (or .jsonl), events.log and report.html there\n"
    "                  (default: swell-out/<scenario name>)\n"
    "  --format F      timeline format: csv (default) or jsonl\n"
    "  --seed N        override the scenario's seed\n"
    "  --no-html       do not write report.html (charts over time, one self-contained file)\n"
    "  --quiet         no progress bar\n"
    "\n"
    "Exit status: 0 after a run, 2 for unusable arguments or a scenario that cannot be loaded.\n";

bool WriteFile(const std::filesystem::path& p, const std::string& text, std::ostream& err) {
  std::ofstream f(p, std::ios::binary);
  f << text;
  if (!f) {
    err << "swell simulate: cannot write " << p.string() << "\n";
    return false;
  }
  return true;
}

// A progress bar on stderr, shown only when the run takes more than about a second.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
  void Update(double fraction) {
    if (!enabled_) return;
    auto elapsed = std::chrono::steady_clock::now() - start_;
    if (elapsed < std::chrono::milliseconds(800) && !shown_) return;
    shown_ = true;
    int filled = static_cast<int>(fraction * 40);
    std::cerr << "\r[" << std::string(static_cast<size_t>(filled), '#')
              << std::string(static_cast<size_t>(40 - filled), ' ') << "] "
              << static_cast<int>(fraction * 100) << "%" << std::flush;
  }
  ~Progress() {
    if (shown_) std::cerr << "\n";
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

int RunSimulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string out_dir, format = "csv", path;
  std::optional<int64_t> seed;
  bool quiet = false, html = true;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string& a = args[i];
    auto value = [&](std::string* dst) {
      if (i + 1 >= args.size()) return false;
      *dst = args[++i];
      return true;
    };
    std::string v;
    if (a == "--help" || a == "-h") {
      out << kSimulateHelp;
      return kExitOk;
    } else if (a == "--quiet" || a == "-q") {
      quiet = true;
    } else if (a == "--no-html") {
      html = false;
    } else if (a == "--out") {
      if (!value(&out_dir)) return err << "swell simulate: --out needs a directory\n", kExitUsage;
    } else if (a == "--format") {
      if (!value(&format) || (format != "csv" && format != "jsonl")) {
        err << "swell simulate: --format must be csv or jsonl\n";
        return kExitUsage;
      }
    } else if (a == "--seed") {
      char* end = nullptr;
      if (!value(&v) || (seed = std::strtoll(v.c_str(), &end, 10), *end != '\0')) {
        err << "swell simulate: --seed needs an integer\n";
        return kExitUsage;
      }
    } else if (!a.empty() && a[0] == '-') {
      err << "swell simulate: unknown flag " << a << "\n" << kSimulateHelp;
      return kExitUsage;
    } else if (path.empty()) {
      path = a;
    } else {
      err << "swell simulate: one scenario at a time\n";
      return kExitUsage;
    }
  }
  if (path.empty()) {
    err << "swell simulate: no scenario given\n" << kSimulateHelp;
    return kExitUsage;
  }
  auto scenario = sim::LoadScenario(path);
  if (!scenario.ok()) {
    err << "swell simulate: " << scenario.status().message() << "\n";
    return kExitUsage;
  }
  if (seed) scenario->spec.seed = *seed;
  auto world = sim::World::Create(*scenario);
  if (!world.ok()) {
    err << "swell simulate: " << world.status().message() << "\n";
    return kExitUsage;
  }
  {
    Progress bar(!quiet);
    (*world)->Run([&](double f) { bar.Update(f); });
  }
  out << sim::FormatSummary(**world);
  std::filesystem::path dir = out_dir.empty()
                                  ? std::filesystem::path("swell-out") / scenario->metadata.name
                                  : std::filesystem::path(out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const bool jsonl = format == "jsonl";
  std::filesystem::path timeline = dir / (jsonl ? "timeline.jsonl" : "timeline.csv");
  if (!WriteFile(timeline, sim::FormatTimeline(**world, jsonl), err) ||
      !WriteFile(dir / "events.log", sim::FormatEvents(**world), err)) {
    return kExitUsage;
  }
  out << "timeline: " << timeline.string() << "\nevents:   " << (dir / "events.log").string()
      << "\n";
  if (html) {
    const std::filesystem::path report = dir / "report.html";
    if (!WriteFile(report, report::RenderHtml(report::ReportFromWorld(**world)), err)) {
      return kExitUsage;
    }
    out << "report:   " << report.string() << "\n";
  }
  return kExitOk;
}

}  // namespace swell::cli
