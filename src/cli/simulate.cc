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
    "Usage: swell simulate [--mode swell|keda-karpenter | --compare] [--out DIR]\n"
    "                      [--format csv|jsonl] [--seed N] [--no-html] [--quiet] SCENARIO\n"
    "\n"
    "Plays SCENARIO (a swell.dev/v1alpha1 Scenario: your KEDA and Kubernetes manifests, the\n"
    "cluster, the queues and their traffic) in the embedded simulator, deterministically, and\n"
    "prints a summary: peak queue depth, time to drain, peak oldest-message age, replicas,\n"
    "messages redelivered and dead-lettered, nodes and their cost.\n"
    "\n"
    "  --mode M        swell (default): the node half plans for the replica target as soon as\n"
    "                  it is set; keda-karpenter: the two systems apart, nodes only for\n"
    "                  Pending pods after Karpenter's batch window\n"
    "  --compare       run both modes on the same scenario and seed and print them side by\n"
    "                  side (outputs in DIR/keda-karpenter, DIR/swell; one overlaid report)\n"
    "  --out DIR       write timeline.csv (or .jsonl), events.log and report.html there\n"
    "                  (default: swell-out/<scenario name>)\n"
    "  --format F      timeline format: csv (default) or jsonl\n"
    "  --seed N        override the scenario's seed\n"
    "  --no-html       do not write report.html (charts over time, one self-contained file)\n"
    "  --quiet         no progress bar\n"
    "\n"
    "Exit status: 0 after a run, 1 after a run with findings (e.g. pods that fit no NodePool),\n"
    "2 for unusable arguments or a scenario that cannot be loaded.\n";

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
  bool quiet = false, html = true, compare = false;
  sim::WorldOptions options;
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
    } else if (a == "--mode") {
      if (!value(&v) || !sim::ParseMode(v, &options.mode)) {
        err << "swell simulate: --mode must be swell or keda-karpenter"
            << (v.empty() ? "" : " (got \"" + v + "\")") << "\n";
        return kExitUsage;
      }
    } else if (a == "--compare") {
      compare = true;
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
  std::vector<sim::Mode> modes = {options.mode};
  if (compare) modes = {sim::Mode::kKedaKarpenter, sim::Mode::kSwell};
  std::vector<std::unique_ptr<sim::World>> worlds;
  for (sim::Mode mode : modes) {
    options.mode = mode;
    auto world = sim::World::Create(*scenario, options);
    if (!world.ok()) {
      err << "swell simulate: " << world.status().message() << "\n";
      return kExitUsage;
    }
    worlds.push_back(std::move(world).value());
  }
  {
    Progress bar(!quiet);
    for (size_t i = 0; i < worlds.size(); i++) {
      worlds[i]->Run([&](double f) {
        bar.Update((static_cast<double>(i) + f) / static_cast<double>(worlds.size()));
      });
    }
  }
  for (const auto& w : worlds) {
    if (compare) out << "== " << sim::ModeName(w->mode()) << " ==\n";
    out << sim::FormatSummary(*w);
  }
  if (compare) out << "\n" << sim::FormatCompare(*worlds[0], *worlds[1]);
  std::filesystem::path dir = out_dir.empty()
                                  ? std::filesystem::path("swell-out") / scenario->metadata.name
                                  : std::filesystem::path(out_dir);
  const bool jsonl = format == "jsonl";
  for (const auto& w : worlds) {
    const std::filesystem::path d = compare ? dir / std::string(sim::ModeName(w->mode())) : dir;
    std::error_code ec;
    std::filesystem::create_directories(d, ec);
    std::filesystem::path timeline = d / (jsonl ? "timeline.jsonl" : "timeline.csv");
    if (!WriteFile(timeline, sim::FormatTimeline(*w, jsonl), err) ||
        !WriteFile(d / "events.log", sim::FormatEvents(*w), err)) {
      return kExitUsage;
    }
    out << "timeline: " << timeline.string() << "\nevents:   " << (d / "events.log").string()
        << "\n";
  }
  if (html) {
    report::ReportInput in = report::ReportFromWorld(*worlds[0]);
    if (compare) {
      in.runs.clear();
      for (const auto& w : worlds) {
        in.runs.push_back(report::RunFromWorld(*w, std::string(sim::ModeName(w->mode()))));
      }
      in.subtitle += "; " + sim::CompareVerdict(*worlds[0], *worlds[1]);
    } else {
      in.subtitle += ", mode " + std::string(sim::ModeName(worlds[0]->mode()));
    }
    const std::filesystem::path report = dir / "report.html";
    if (!WriteFile(report, report::RenderHtml(in), err)) return kExitUsage;
    out << "report:   " << report.string() << "\n";
  }
  for (const auto& w : worlds) {
    if (!w->summary().findings.empty()) return kExitErrors;  // the summary printed them
  }
  return kExitOk;
}

}  // namespace swell::cli
