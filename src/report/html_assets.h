// The report's inline style sheet and script (html_assets.cc), kept apart from the code that
// writes the document.
#pragma once

namespace swell::report {

// CSS: light and dark colour schemes (prefers-color-scheme), print rules, the chart palette
// (.s0 .. .s7 per series, .r0 .. .r3 line styles per run).
extern const char kReportCss[];

// JS: counts the points the browser parsed into each chart (data-drawn-points), shows a
// tooltip with every line's value under the pointer, and marks <html data-report-ready="1">.
extern const char kReportJs[];

}  // namespace swell::report
