#include "report/html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "report/html_assets.h"

namespace swell::report {
namespace {

// Chart geometry, in viewBox units.
constexpr double kWidth = 640, kHeight = 250;
constexpr double kLeft = 56, kRight = 14, kTop = 12, kBottom = 28;
constexpr double kX0 = kLeft, kX1 = kWidth - kRight, kY0 = kTop, kY1 = kHeight - kBottom;
constexpr size_t kColours = 8, kRunStyles = 4;

std::string Fmt(const char* fmt, double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string Coord(double v) { return Fmt("%.1f", v); }
std::string Raw(double v) { return Fmt("%.10g", v); }

double Secs(Duration d) { return std::chrono::duration<double>(d).count(); }

const char* FormatName(ValueFormat f) {
  switch (f) {
    case ValueFormat::kSeconds:
      return "seconds";
    case ValueFormat::kDollars:
      return "dollars";
    case ValueFormat::kCount:
      break;
  }
  return "count";
}

// One line of a chart: a column, and where each run has it.
struct Series {
  std::string column;
  std::string label;                         // shown in the legend and tooltip
  std::vector<std::optional<size_t>> index;  // per run: the column's index, if the run has it
};

struct ChartPlan {
  const ChartSpec* spec = nullptr;
  std::string prefix;  // the columns' common "<object>." prefix, stripped from the labels
  std::vector<Series> series;
  std::vector<std::string> always_zero;  // series not drawn because they are 0 throughout
  bool all_zero = false;                 // every series is 0 throughout (all drawn, flat)
};

bool AllZero(const ReportInput& in, const Series& s) {
  for (size_t r = 0; r < in.runs.size(); r++) {
    if (!s.index[r]) continue;
    for (const Sample& x : in.runs[r].samples) {
      if (*s.index[r] < x.values.size() && x.values[*s.index[r]] != 0) return false;
    }
  }
  return true;
}

bool HasSamples(const ReportInput& in, const Series& s) {
  for (size_t r = 0; r < in.runs.size(); r++) {
    if (s.index[r] && !in.runs[r].samples.empty()) return true;
  }
  return false;
}

// A column's label: '_' read as spaces, without a trailing unit the chart already names
// ("oldest_age_s" in a seconds chart reads "oldest age").
std::string Pretty(std::string s, ValueFormat format) {
  if (format == ValueFormat::kSeconds && s.size() > 2 && s.ends_with("_s")) s.resize(s.size() - 2);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// The common prefix of the columns up to and including its last '.' (the object they describe),
// or "" when a label would be left empty.
std::string CommonObjectPrefix(const std::vector<Series>& series) {
  if (series.empty()) return "";
  if (series.size() == 1) {  // one line: its object goes to the caption
    const size_t dot = series[0].column.rfind('.');
    return dot == std::string::npos || dot + 1 == series[0].column.size()
               ? ""
               : series[0].column.substr(0, dot + 1);
  }
  std::string p = series[0].column;
  for (const Series& s : series) {
    size_t n = 0;
    while (n < p.size() && n < s.column.size() && p[n] == s.column[n]) n++;
    p.resize(n);
  }
  const size_t dot = p.rfind('.');
  if (dot == std::string::npos) return "";
  p.resize(dot + 1);
  for (const Series& s : series) {
    if (s.column.size() == p.size()) return "";
  }
  return p;
}

std::optional<ChartPlan> PlanChart(const ReportInput& in, const ChartSpec& spec) {
  ChartPlan plan;
  plan.spec = &spec;
  std::map<std::string, size_t> by_column;
  for (size_t r = 0; r < in.runs.size(); r++) {
    for (size_t i : MatchColumns(spec, in.runs[r].columns)) {
      const std::string& c = in.runs[r].columns[i];
      auto [it, added] = by_column.emplace(c, plan.series.size());
      if (added) plan.series.push_back({c, "", std::vector<std::optional<size_t>>(in.runs.size())});
      plan.series[it->second].index[r] = i;
    }
  }
  std::erase_if(plan.series, [&](const Series& s) { return !HasSamples(in, s); });
  if (plan.series.empty()) return std::nullopt;
  std::vector<Series> drawn;
  for (Series& s : plan.series) {
    if (AllZero(in, s)) {
      plan.always_zero.push_back(s.column);
    } else {
      drawn.push_back(s);
    }
  }
  if (drawn.empty()) {
    plan.always_zero.clear();  // all are zero: draw them all, flat, and say so
    plan.all_zero = true;
  } else {
    plan.series = std::move(drawn);
  }
  plan.prefix = CommonObjectPrefix(plan.series);
  for (Series& s : plan.series) s.label = Pretty(s.column.substr(plan.prefix.size()), spec.format);
  return plan;
}

// The points of one line: every sample, or for long runs each bucket's first minimum and
// first maximum in time order, so peaks survive.
std::vector<std::pair<Duration, double>> Points(const RunData& run, size_t col, int max_points) {
  std::vector<std::pair<Duration, double>> out;
  const auto& xs = run.samples;
  auto value = [&](size_t i) { return col < xs[i].values.size() ? xs[i].values[col] : 0.0; };
  const size_t n = xs.size();
  const size_t buckets = static_cast<size_t>(std::max(1, max_points / 2));
  if (n <= static_cast<size_t>(std::max(2, max_points))) {
    for (size_t i = 0; i < n; i++) out.emplace_back(xs[i].t, value(i));
    return out;
  }
  for (size_t b = 0; b < buckets; b++) {
    const size_t lo = b * n / buckets, hi = (b + 1) * n / buckets;
    if (lo >= hi) continue;
    size_t mn = lo, mx = lo;
    for (size_t i = lo; i < hi; i++) {
      if (value(i) < value(mn)) mn = i;
      if (value(i) > value(mx)) mx = i;
    }
    for (size_t i : {std::min(mn, mx), std::max(mn, mx)}) {
      if (out.empty() || out.back().first != xs[i].t) out.emplace_back(xs[i].t, value(i));
    }
  }
  return out;
}

struct Scale {
  Duration span{0};
  double ymin = 0, ymax = 1;
  double X(Duration t) const { return kX0 + Secs(t) / Secs(span) * (kX1 - kX0); }
  double Y(double v) const { return kY1 - (v - ymin) / (ymax - ymin) * (kY1 - kY0); }
};

Duration Span(const ReportInput& in) {
  Duration span = std::chrono::seconds(1);
  for (const RunData& r : in.runs) {
    if (!r.samples.empty()) span = std::max(span, r.samples.back().t);
  }
  return span;
}

std::string Axes(const ChartPlan& plan, const Scale& sc, const std::vector<double>& yticks) {
  std::string out = "<g class=\"grid\">";
  for (double v : yticks) {
    const std::string y = Coord(sc.Y(v));
    out += "<line x1=\"" + Coord(kX0) + "\" x2=\"" + Coord(kX1) + "\" y1=\"" + y + "\" y2=\"" + y +
           "\"/>";
  }
  out += "</g><g class=\"ticks\">";
  for (double v : yticks) {
    out += "<text class=\"y\" x=\"" + Coord(kX0 - 6) + "\" y=\"" + Coord(sc.Y(v) + 4) + "\">" +
           HtmlEscape(FormatValue(v, plan.spec->format)) + "</text>";
  }
  for (Duration t : TimeTicks(sc.span, 9)) {
    const std::string x = Coord(sc.X(t));
    out += "<line class=\"tick\" x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + Coord(kY1) +
           "\" y2=\"" + Coord(kY1 + 4) + "\"/><text class=\"x\" x=\"" + x + "\" y=\"" +
           Coord(kY1 + 17) + "\">" + FormatClock(t, sc.span) + "</text>";
  }
  out += "</g><line class=\"base\" x1=\"" + Coord(kX0) + "\" x2=\"" + Coord(kX1) + "\" y1=\"" +
         Coord(kY1) + "\" y2=\"" + Coord(kY1) + "\"/>";
  return out;
}

std::string Swatch(const std::string& cls) {
  return "<svg class=\"sw\" viewBox=\"0 0 26 8\" aria-hidden=\"true\"><line class=\"" + cls +
         "\" x1=\"1\" y1=\"4\" x2=\"25\" y2=\"4\"/></svg>";
}

std::string Legend(const ReportInput& in, const ChartPlan& plan) {
  std::string out = "<div class=\"legend\">";
  for (size_t i = 0; i < plan.series.size(); i++) {
    out += "<span class=\"key\">" + Swatch("s" + std::to_string(i % kColours) + " r0") +
           HtmlEscape(plan.series[i].label) + "</span>";
  }
  if (in.runs.size() > 1) {
    for (size_t r = 0; r < in.runs.size(); r++) {
      out += "<span class=\"key run\">" + Swatch("neutral r" + std::to_string(r % kRunStyles)) +
             HtmlEscape(in.runs[r].label) + "</span>";
    }
  }
  out += "</div>";
  if (plan.all_zero) out += "<p class=\"zero\">0 throughout.</p>";
  if (!plan.always_zero.empty()) {
    out += "<p class=\"zero\">0 throughout, not drawn: ";
    for (size_t i = 0; i < plan.always_zero.size(); i++) {
      out += (i ? ", " : "") + HtmlEscape(plan.always_zero[i]);
    }
    out += "</p>";
  }
  return out;
}

std::string RenderChart(const ReportInput& in, const ChartPlan& plan, const HtmlOptions& opt) {
  // The lines first, to know the value range.
  std::vector<std::vector<std::pair<Duration, double>>> lines;
  std::vector<std::pair<size_t, size_t>> owner;  // (series, run) of each line
  double lo = 0, hi = 0;
  for (size_t s = 0; s < plan.series.size(); s++) {
    for (size_t r = 0; r < in.runs.size(); r++) {
      if (!plan.series[s].index[r] || in.runs[r].samples.empty()) continue;
      lines.push_back(Points(in.runs[r], *plan.series[s].index[r], opt.max_points));
      owner.emplace_back(s, r);
      for (const auto& [t, v] : lines.back()) {
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
      }
    }
  }
  const std::vector<double> yticks = ValueTicks(lo, hi, plan.spec->format, 6);
  Scale sc{Span(in), yticks.front(), yticks.back()};
  size_t points = 0;
  for (const auto& l : lines) points += l.size();

  const ChartSpec& spec = *plan.spec;
  std::string out = "<figure class=\"chart\" id=\"chart-" + HtmlEscape(spec.id) +
                    "\"><figcaption><span class=\"title\">" + HtmlEscape(spec.title) + "</span>";
  if (!spec.unit.empty()) out += " <span class=\"unit\">" + HtmlEscape(spec.unit) + "</span>";
  if (!plan.prefix.empty()) {
    out += " <span class=\"object\">" + HtmlEscape(plan.prefix.substr(0, plan.prefix.size() - 1)) +
           "</span>";
  }
  out += "</figcaption>\n<svg viewBox=\"0 0 " + Coord(kWidth) + " " + Coord(kHeight) +
         "\" role=\"img\" aria-label=\"" + HtmlEscape(spec.title) + "\" data-chart=\"" +
         HtmlEscape(spec.id) + "\" data-points=\"" + std::to_string(points) + "\" data-series=\"" +
         std::to_string(plan.series.size()) + "\" data-runs=\"" + std::to_string(in.runs.size()) +
         "\" data-format=\"" + FormatName(spec.format) + "\" data-x0=\"" + Coord(kX0) +
         "\" data-x1=\"" + Coord(kX1) + "\" data-span=\"" + Raw(Secs(sc.span)) + "\">";
  out += Axes(plan, sc, yticks);
  for (size_t i = 0; i < lines.size(); i++) {
    const auto [s, r] = owner[i];
    std::string pts, vals;
    for (const auto& [t, v] : lines[i]) {
      if (!pts.empty()) pts += ' ', vals += ' ';
      pts += Coord(sc.X(t)) + "," + Coord(sc.Y(std::isfinite(v) ? v : 0));
      vals += Raw(v);
    }
    out += "\n<polyline class=\"s" + std::to_string(s % kColours) + " r" +
           std::to_string(r % kRunStyles) + "\" data-column=\"" +
           HtmlEscape(plan.series[s].column) + "\" data-label=\"" +
           HtmlEscape(plan.series[s].label) + "\" data-run=\"" + HtmlEscape(in.runs[r].label) +
           "\" data-v=\"" + vals + "\" points=\"" + pts + "\"/>";
  }
  out += "\n<line class=\"cursor\" visibility=\"hidden\" x1=\"0\" x2=\"0\" y1=\"" + Coord(kY0) +
         "\" y2=\"" + Coord(kY1) + "\"/></svg>\n" + Legend(in, plan) + "</figure>\n";
  return out;
}

// A milestone's time: "mm:ss" under an hour, else "h:mm:ss".
std::string MilestoneClock(Duration t) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(t).count();
  char buf[48];
  if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  }
  return buf;
}

std::string RunHeaders(const ReportInput& in) {
  std::string out;
  for (const RunData& r : in.runs) out += "<th scope=\"col\">" + HtmlEscape(r.label) + "</th>";
  return out;
}

std::string MilestoneTable(const ReportInput& in) {
  std::vector<std::pair<std::string, std::string>> keys;  // (step, name), first-seen order
  for (const RunData& r : in.runs) {
    for (const Milestone& m : r.milestones) {
      std::pair<std::string, std::string> k{m.step, m.name};
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  if (keys.empty()) return "";
  std::string out =
      "<section><h2>Milestones</h2>\n<table class=\"milestones\"><thead><tr><th "
      "scope=\"col\">Step</th><th scope=\"col\">Milestone</th>" +
      RunHeaders(in) + "</tr></thead><tbody>\n";
  for (const auto& [step, name] : keys) {
    out += "<tr><td>" + HtmlEscape(step) + "</td><th scope=\"row\">" + HtmlEscape(name) + "</th>";
    for (const RunData& r : in.runs) {
      std::optional<Duration> at, first;
      for (const Milestone& m : r.milestones) {
        if (!first && m.at) first = m.at;
        if (m.step == step && m.name == name) at = m.at;
      }
      if (!at) {
        out += "<td class=\"absent\">\u2014</td>";
        continue;
      }
      out += "<td>" + MilestoneClock(*at);
      if (first && *at > *first)
        out += " <small>+" + FormatSeconds(Secs(*at - *first)) + "</small>";
      out += "</td>";
    }
    out += "</tr>\n";
  }
  return out +
         "</tbody></table>\n<p class=\"note\">Time since the start of the run; "
         "<small>+</small> since the first milestone; \u2014 when the run does not "
         "have the step.</p></section>\n";
}

std::string SummaryTable(const ReportInput& in) {
  std::vector<std::string> keys;
  for (const RunData& r : in.runs) {
    for (const SummaryRow& row : r.summary) {
      if (std::find(keys.begin(), keys.end(), row.key) == keys.end()) keys.push_back(row.key);
    }
  }
  if (keys.empty()) return "";
  std::string out = "<section><h2>Summary</h2>\n<table class=\"summary\"><thead><tr><th></th>" +
                    RunHeaders(in) + "</tr></thead><tbody>\n";
  for (const std::string& k : keys) {
    out += "<tr><th scope=\"row\">" + HtmlEscape(k) + "</th>";
    for (const RunData& r : in.runs) {
      auto it = std::find_if(r.summary.begin(), r.summary.end(),
                             [&](const SummaryRow& row) { return row.key == k; });
      out += it == r.summary.end() ? "<td class=\"absent\">\u2014</td>"
                                   : "<td>" + HtmlEscape(it->value) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></section>\n";
}

std::string Header(const ReportInput& in) {
  std::string out = "<header><h1>" + HtmlEscape(in.title) + "</h1>\n";
  if (!in.subtitle.empty()) out += "<p class=\"subtitle\">" + HtmlEscape(in.subtitle) + "</p>\n";
  if (in.runs.size() > 1) {
    out += "<p class=\"runs\">Runs overlaid:";
    for (size_t r = 0; r < in.runs.size(); r++) {
      out += " <span class=\"key run\">" + Swatch("neutral r" + std::to_string(r % kRunStyles)) +
             HtmlEscape(in.runs[r].label) + "</span>";
    }
    out += "</p>\n";
  }
  const bool hours = Span(in) >= Hours(1);
  out += std::string("<p class=\"note\">Charts: time since the start of the run (") +
         (hours ? "h:mm" : "mm:ss") + "); hover for values.</p></header>\n";
  return out;
}

}  // namespace

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderHtml(const ReportInput& in, const HtmlOptions& options) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"swell\">\n<title>" +
      HtmlEscape(in.title) + "</title>\n<style>\n" + kReportCss + "</style>\n</head>\n<body>\n" +
      Header(in);
  out += "<main>\n<section class=\"charts\">\n";
  for (const ChartSpec& spec : options.charts) {
    if (auto plan = PlanChart(in, spec)) out += RenderChart(in, *plan, options);
  }
  out += "</section>\n" + MilestoneTable(in) + SummaryTable(in) +
         "</main>\n<footer>Made by "
         "swell from a deterministic simulation: the same scenario and seed give this same "
         "file.</footer>\n<script>\n" +
         kReportJs + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace swell::report
