// The HTML report: escaping, deterministic bytes, charts present exactly when their columns are,
// overlaid runs, long runs thinned without losing peaks, the milestone and summary tables.
#include "report/html.h"

#include <gtest/gtest.h>

#include <regex>

namespace swell::report {
namespace {

// A run with `columns`, `n` samples 10 s apart; column c at sample i holds f(c, i).
RunData MakeRun(const std::string& label, const std::vector<std::string>& columns, int n,
                double (*f)(size_t, int)) {
  RunData r;
  r.label = label;
  r.columns = columns;
  for (int i = 0; i < n; i++) {
    Sample s{Seconds(10 * i), {}};
    for (size_t c = 0; c < columns.size(); c++) s.values.push_back(f(c, i));
    r.samples.push_back(s);
  }
  return r;
}

double Ramp(size_t c, int i) { return static_cast<double>((c + 1) * static_cast<size_t>(i)); }

const std::vector<std::string> kQueueColumns = {"orders.visible",      "orders.in_flight",
                                                "orders.oldest_age_s", "worker.replicas",
                                                "worker.hpa_desired",  "worker.ready"};

ReportInput OneRun() {
  ReportInput in;
  in.title = "seed";
  in.runs.push_back(MakeRun("seed", kQueueColumns, 30, Ramp));
  return in;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) n++;
  return n;
}

// The attributes of the <svg> of chart `id`, or "" when it is not drawn.
std::string SvgTag(const std::string& html, const std::string& id) {
  const size_t at = html.find("data-chart=\"" + id + "\"");
  if (at == std::string::npos) return "";
  const size_t open = html.rfind("<svg", at), close = html.find('>', at);
  return html.substr(open, close - open + 1);
}

// The body of chart `id`'s <svg> element.
std::string SvgBody(const std::string& html, const std::string& id) {
  const size_t at = html.find("data-chart=\"" + id + "\"");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</svg>", at) - at);
}

int Attr(const std::string& tag, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(tag, m, std::regex(name + "=\"([0-9]+)\""))) return -1;
  return std::stoi(m[1]);
}

TEST(HtmlEscape, AllFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("a<b>&\"c'd"), "a&lt;b&gt;&amp;&quot;c&#39;d");
  EXPECT_EQ(HtmlEscape("plain text"), "plain text");
}

TEST(RenderHtml, EscapesEveryStringOfTheInput) {
  ReportInput in;
  in.title = "<ttl>&";
  in.subtitle = "<sub>";
  RunData r = MakeRun("<run>", {"<q>.visible", "w\".replicas"}, 5, Ramp);
  r.milestones.push_back({"<01>", "<burst>", Seconds(20)});
  r.summary.push_back({"<key>", "<value>"});
  in.runs.push_back(r);
  in.runs.push_back(r);
  in.runs[1].label = "it's";
  const std::string html = RenderHtml(in);
  for (const char* raw :
       {"<ttl>&", "<sub>", "<run>", "<q>", "w\".", "<01>", "<burst>", "<key>", "<value>", "it's"}) {
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  }
  for (const char* escaped : {"&lt;ttl&gt;&amp;", "&lt;sub&gt;", "&lt;run&gt;", "&lt;q&gt;",
                              "w&quot;", "&lt;burst&gt;", "&lt;value&gt;", "it&#39;s"}) {
    EXPECT_NE(html.find(escaped), std::string::npos) << escaped;
  }
}

TEST(RenderHtml, SelfContained) {
  const std::string html = RenderHtml(OneRun());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("prefers-color-scheme: dark"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

TEST(RenderHtml, SameInputSameBytes) {
  const ReportInput a = OneRun();
  ReportInput b = OneRun();
  EXPECT_EQ(RenderHtml(a), RenderHtml(b));
  b.runs[0].samples[3].values[0] += 1;
  EXPECT_NE(RenderHtml(a), RenderHtml(b));
}

TEST(RenderHtml, ChartWithoutItsColumnsIsLeftOut) {
  const std::string html = RenderHtml(OneRun());
  EXPECT_NE(SvgTag(html, "queue-depth"), "");
  EXPECT_NE(SvgTag(html, "replicas"), "");
  EXPECT_NE(SvgTag(html, "oldest-age"), "");
  EXPECT_EQ(SvgTag(html, "nodes"), "");  // no nodes column
  EXPECT_EQ(SvgTag(html, "cost-rate"), "");
  EXPECT_EQ(SvgTag(html, "pending-pods"), "");
  EXPECT_EQ(html.find("chart-nodes"), std::string::npos);  // not even an empty figure
}

TEST(RenderHtml, ChartWithColumnsButNoSamplesIsLeftOut) {
  ReportInput in = OneRun();
  in.runs[0].samples.clear();
  const std::string html = RenderHtml(in);
  EXPECT_EQ(html.find("data-chart="), std::string::npos);
}

TEST(RenderHtml, EveryDrawnChartCountsItsPoints) {
  const std::string html = RenderHtml(OneRun());
  const std::string q = SvgTag(html, "queue-depth");
  EXPECT_EQ(Attr(q, "data-points"), 2 * 30);  // visible and in_flight, 30 samples each
  EXPECT_EQ(Attr(q, "data-series"), 2);
  EXPECT_EQ(Attr(SvgTag(html, "replicas"), "data-points"), 3 * 30);
  // The polylines hold as many points as announced.
  const std::string body = SvgBody(html, "queue-depth");
  const std::regex points(" points=\"([^\"]*)\"");
  int pairs = 0;
  for (auto it = std::sregex_iterator(body.begin(), body.end(), points);
       it != std::sregex_iterator(); ++it) {
    pairs += Count((*it)[1].str(), ",");
  }
  EXPECT_EQ(pairs, 60);
}

TEST(RenderHtml, NewColumnsJoinTheirChartWithoutCodeChanges) {
  ReportInput in = OneRun();
  for (const char* c : {"nodes.spot.arm64", "nodes.on-demand.amd64", "cost.per_hour"}) {
    in.runs[0].columns.push_back(c);
    for (auto& s : in.runs[0].samples) s.values.push_back(1.5);
  }
  const std::string html = RenderHtml(in);
  EXPECT_EQ(Attr(SvgTag(html, "nodes"), "data-series"), 2);
  EXPECT_EQ(Attr(SvgTag(html, "cost-rate"), "data-series"), 1);
  EXPECT_NE(SvgBody(html, "nodes").find("data-label=\"spot.arm64\""), std::string::npos);
}

TEST(RenderHtml, ChartsComeFromTheOptionsTable) {
  HtmlOptions opt;
  opt.charts = {{"custom", "Custom", "things", ValueFormat::kCount, {"worker.*"}, {"*.ready"}}};
  const std::string html = RenderHtml(OneRun(), opt);
  EXPECT_EQ(Count(html, "data-chart="), 1);
  EXPECT_EQ(Attr(SvgTag(html, "custom"), "data-series"), 2);  // replicas, hpa_desired
}

double ZeroDlq(size_t c, int i) { return c == 1 ? 0 : static_cast<double>(i); }

TEST(RenderHtml, SeriesZeroThroughoutAreListedNotDrawn) {
  ReportInput in;
  in.runs.push_back(MakeRun("r", {"orders.visible", "dlq.visible"}, 10, ZeroDlq));
  const std::string html = RenderHtml(in);
  EXPECT_EQ(Attr(SvgTag(html, "queue-depth"), "data-series"), 1);
  EXPECT_NE(html.find("0 throughout, not drawn: dlq.visible"), std::string::npos);
}

double Zero(size_t, int) { return 0; }

TEST(RenderHtml, ChartWhoseSeriesAreAllZeroIsDrawnFlat) {
  ReportInput in;
  in.runs.push_back(MakeRun("r", {"w.pending", "w.unschedulable"}, 10, Zero));
  const std::string html = RenderHtml(in);
  EXPECT_EQ(Attr(SvgTag(html, "pending-pods"), "data-points"), 20);
  EXPECT_NE(html.find("0 throughout."), std::string::npos);
}

double Other(size_t c, int i) { return static_cast<double>(c) + 2.0 * i; }

TEST(RenderHtml, CompareOverlaysTwoRunsOnEveryChart) {
  ReportInput in;
  in.title = "compare";
  in.runs.push_back(MakeRun("keda-karpenter", kQueueColumns, 30, Ramp));
  in.runs.push_back(MakeRun("swell", kQueueColumns, 20, Other));
  const std::string html = RenderHtml(in);
  for (const char* id : {"queue-depth", "replicas", "oldest-age"}) {
    const std::string tag = SvgTag(html, id), body = SvgBody(html, id);
    EXPECT_EQ(Attr(tag, "data-runs"), 2) << id;
    const int series = Attr(tag, "data-series");
    EXPECT_EQ(Count(body, "<polyline"), 2 * series) << id;
    EXPECT_EQ(Count(body, "data-run=\"keda-karpenter\""), series) << id;
    EXPECT_EQ(Count(body, "data-run=\"swell\""), series) << id;
    EXPECT_EQ(Count(body, " r1\""), series) << id;  // the second run's line style
    EXPECT_EQ(Attr(tag, "data-points"), series * (30 + 20)) << id;
  }
  EXPECT_NE(html.find("Runs overlaid"), std::string::npos);
}

TEST(RenderHtml, SameSeriesSameColourInEveryRun) {
  ReportInput in;
  in.runs.push_back(MakeRun("a", {"q.visible", "q.in_flight"}, 5, Ramp));
  in.runs.push_back(MakeRun("b", {"q.in_flight", "q.visible"}, 5, Ramp));  // other order
  const std::string body = SvgBody(RenderHtml(in), "queue-depth");
  EXPECT_EQ(Count(body, "class=\"s0 r0\" data-column=\"q.visible\""), 1);
  EXPECT_EQ(Count(body, "class=\"s0 r1\" data-column=\"q.visible\""), 1);
  EXPECT_EQ(Count(body, "class=\"s1 r1\" data-column=\"q.in_flight\""), 1);
}

double Spike(size_t, int i) { return i == 7777 ? 1e6 : i % 10; }

TEST(RenderHtml, LongRunsAreThinnedButKeepTheirPeaks) {
  ReportInput in;
  in.runs.push_back(MakeRun("r", {"q.visible"}, 20000, Spike));
  HtmlOptions opt;
  opt.max_points = 400;
  const std::string html = RenderHtml(in, opt);
  const int points = Attr(SvgTag(html, "queue-depth"), "data-points");
  EXPECT_GT(points, 0);
  EXPECT_LE(points, 400);
  EXPECT_NE(SvgBody(html, "queue-depth").find(" 1000000 "), std::string::npos);
}

TEST(RenderHtml, AxesReadAsClockAndSi) {
  ReportInput in;
  in.runs.push_back(MakeRun("r", {"q.visible"}, 361, Ramp));  // 0..3600 s, 0..360
  const std::string body = SvgBody(RenderHtml(in), "queue-depth");
  EXPECT_NE(body.find(">0:10</text>"), std::string::npos);  // h:mm for an hour
  EXPECT_NE(body.find(">1:00</text>"), std::string::npos);
  EXPECT_NE(body.find(">400</text>"), std::string::npos);
  ReportInput short_run;
  short_run.runs.push_back(MakeRun("r", {"q.visible"}, 31, Ramp));  // 5 minutes
  EXPECT_NE(SvgBody(RenderHtml(short_run), "queue-depth").find(">05:00</text>"), std::string::npos);
}

TEST(RenderHtml, MilestoneTableShowsAbsentStepsAsDashes) {
  ReportInput in = OneRun();
  in.runs[0].milestones = {{"01", "burst start", Seconds(120)},
                           {"04", "first node launched", std::nullopt},
                           {"06", "queue drained", Seconds(522)}};
  in.runs.push_back(in.runs[0]);
  in.runs[1].label = "swell";
  in.runs[1].milestones[1].at = Seconds(150);
  const std::string html = RenderHtml(in);
  EXPECT_NE(html.find("<th scope=\"row\">first node launched</th><td class=\"absent\">\u2014</td>"
                      "<td>02:30 <small>+30s</small></td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td>08:42 <small>+6m42s</small></td>"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"col\">seed</th><th scope=\"col\">swell</th>"),
            std::string::npos);
}

TEST(RenderHtml, SummaryTableHasAColumnPerRun) {
  ReportInput in = OneRun();
  in.runs[0].summary = {{"peak depth", "101,519"}, {"only here", "x"}};
  in.runs.push_back(in.runs[0]);
  in.runs[1].summary = {{"peak depth", "90,000"}};
  const std::string html = RenderHtml(in);
  EXPECT_NE(html.find("<th scope=\"row\">peak depth</th><td>101,519</td><td>90,000</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">only here</th><td>x</td><td class=\"absent\">"),
            std::string::npos);
}

}  // namespace
}  // namespace swell::report
