// The HTML report of one or more simulation runs: one self-contained file (inline CSS, inline
// SVG charts drawn here, a little inline JS for hover tooltips; nothing fetched), readable in
// light and dark mode and in print. Runs are overlaid on the same charts (same colour per
// series, one line style per run), followed by the milestone and summary tables.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/charts.h"
#include "util/time.h"

namespace swell::report {

// One row of a run's timeline: the time since the run's start and one value per column.
struct Sample {
  Duration t{0};
  std::vector<double> values;
};

// A step of the run's story (the article's flow table): absent when the run does not have it.
struct Milestone {
  std::string step;            // "01"; may be empty
  std::string name;            // "first pod pending"
  std::optional<Duration> at;  // since the run's start
};

struct SummaryRow {
  std::string key;
  std::string value;
};

struct RunData {
  std::string label;  // "swell", "keda-karpenter", or the scenario's name
  std::vector<std::string> columns;
  std::vector<Sample> samples;  // in time order; values in `columns` order
  std::vector<Milestone> milestones;
  std::vector<SummaryRow> summary;
};

struct ReportInput {
  std::string title;
  std::string subtitle;       // one line under the title. Default: none
  std::vector<RunData> runs;  // one, or more to compare
};

struct HtmlOptions {
  std::vector<ChartSpec> charts = DefaultCharts();  // Default: DefaultCharts()
  int max_points = 1000;  // per line; longer runs keep each bucket's min and max. Default: 1000
};

// The report as one HTML document. Deterministic: the same input gives the same bytes. Every
// string of the input is HTML-escaped. A chart is drawn when at least one run has one of its
// columns and a sample; every drawn chart's <svg> carries data-chart="<id>",
// data-points="<points drawn>" (> 0), data-series and data-runs; the inline script adds
// data-drawn-points (what the browser parsed) and sets data-report-ready="1" on <html>. Series
// that are zero throughout every run are listed under the chart instead of drawn, unless all of
// its series are.
std::string RenderHtml(const ReportInput& input, const HtmlOptions& options = {});

// `text` with &, <, >, " and ' replaced by character references.
std::string HtmlEscape(const std::string& text);

}  // namespace swell::report
