// Which timeline columns each chart of the report plots. Charts are declared by column-name
// patterns, so a column added to the timeline appears in its chart without code changes, and a
// chart none of whose columns a run has is left out of the report.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/axis.h"

namespace swell::report {

struct ChartSpec {
  std::string id;     // the <svg>'s data-chart attribute and the figure's id: "queue-depth"
  std::string title;  // "Queue depth"
  std::string unit;   // beside the title: "messages". Default: none
  ValueFormat format = ValueFormat::kCount;  // Default: counts
  // Glob patterns ('*' matches any run of characters, everything else itself) of the columns
  // plotted, in legend order.
  std::vector<std::string> columns;
  std::vector<std::string> exclude;  // patterns of columns never plotted here. Default: none
};

// Whether `name` matches `pattern` as a whole; '*' matches any run of characters (also none).
bool GlobMatch(std::string_view pattern, std::string_view name);

// The indexes into `names` of the columns `spec` plots: for each pattern in order, the matching
// names in their order, each name once, none that matches an exclude pattern.
std::vector<size_t> MatchColumns(const ChartSpec& spec, const std::vector<std::string>& names);

// The report's charts, in page order, for the simulator's timeline columns:
//   queue-depth    <queue>.visible, <queue>.in_flight
//   replicas       <workload>.replicas (the target written), .hpa_desired, .ready
//   pending-pods   <workload>.pending, .unschedulable; pods.pending*
//   nodes          nodes, nodes.* (e.g. nodes.spot.arm64: by capacity type and architecture)
//   cost-rate      cost*, *.cost_per_hour (dollars per hour)
//   oldest-age     <queue>.oldest_age_s
const std::vector<ChartSpec>& DefaultCharts();

}  // namespace swell::report
