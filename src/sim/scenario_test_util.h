// Helpers for the behaviour-scenario tests (tests/scenarios/): play a scenario in the full
// simulated world, make variants of a scenario directory, and read the run's events and
// timeline.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sim/world.h"

namespace swell::sim {

// Loads and runs the scenario at `path`; nullptr (with a test failure) if it does not load.
inline std::unique_ptr<World> Play(const std::string& path, WorldOptions options = {}) {
  auto scenario = LoadScenario(path);
  EXPECT_TRUE(scenario.ok()) << scenario.status().message();
  if (!scenario.ok()) return nullptr;
  auto world = World::Create(*scenario, options);
  EXPECT_TRUE(world.ok()) << world.status().message();
  if (!world.ok()) return nullptr;
  (*world)->Run();
  return std::move(world).value();
}

// One text replacement in a scenario directory's file.
struct Edit {
  std::string file;
  std::string from;
  std::string to;
};

// A copy of the scenario directory `dir` (next to a copy of tests/scenarios/worker) with the
// edits applied in order; returns the path of `entry` in the copy.
inline std::string Variant(const std::string& dir, const std::vector<Edit>& edits,
                           const std::string& entry = "scenario.yaml") {
  namespace fs = std::filesystem;
  std::string key = dir + entry;
  for (const Edit& e : edits) key += e.file + e.from + e.to;
  fs::path tmp =
      fs::temp_directory_path() / ("swell-scenario-" + fs::path(dir).filename().string() + "-" +
                                   std::to_string(std::hash<std::string>{}(key)));
  fs::remove_all(tmp);
  fs::create_directories(tmp / "scenario");
  fs::copy(dir, tmp / "scenario", fs::copy_options::recursive);
  fs::copy("tests/scenarios/worker", tmp / "worker", fs::copy_options::recursive);
  for (const Edit& e : edits) {
    std::ifstream in(tmp / "scenario" / e.file);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    size_t at = text.find(e.from);
    EXPECT_NE(at, std::string::npos) << e.file << ": " << e.from;
    if (at != std::string::npos) text.replace(at, e.from.size(), e.to);
    std::ofstream(tmp / "scenario" / e.file) << text;
  }
  return (tmp / "scenario" / entry).string();
}

// A copy of a scenario directory with `from` replaced by `to` in `file`.
inline std::string Variant(const std::string& dir, const std::string& file, const std::string& from,
                           const std::string& to, const std::string& entry = "scenario.yaml") {
  return Variant(dir, {{file, from, to}}, entry);
}

inline std::optional<TimePoint> FirstEvent(const World& w, const std::string& reason) {
  for (const auto& e : w.events()) {
    if (e.reason == reason) return e.time;
  }
  return std::nullopt;
}

inline int CountEvents(const World& w, const std::string& reason) {
  int n = 0;
  for (const auto& e : w.events()) n += e.reason == reason;
  return n;
}

// The value of timeline column `name` at `at` after the start (the last sample not after it).
inline double Column(const World& w, const std::string& name, Duration at) {
  size_t col = 0;
  while (col < w.columns().size() && w.columns()[col] != name) col++;
  EXPECT_LT(col, w.columns().size()) << name;
  double v = 0;
  for (const Sample& s : w.timeline()) {
    if (s.time - w.summary().start > at || col >= s.values.size()) break;
    v = s.values[col];
  }
  return v;
}

inline int CountEventsWith(const World& w, const std::string& reason, const std::string& text) {
  int n = 0;
  for (const auto& e : w.events())
    n += e.reason == reason && e.message.find(text) != std::string::npos;
  return n;
}

}  // namespace swell::sim
