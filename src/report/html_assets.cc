#include "report/html_assets.h"

namespace swell::report {

const char kReportCss[] = R"css(:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --grid: #e6e9ed; --axis: #8c959f;
  --panel: #f6f8fa; --border: #d1d9e0;
  --s0: #0969da; --s1: #cf222e; --s2: #1a7f37; --s3: #bc4c00;
  --s4: #8250df; --s5: #0e8a8a; --s6: #bf3989; --s7: #6e7781;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --grid: #252b33; --axis: #4d5663;
    --panel: #161b22; --border: #30363d;
    --s0: #4493f8; --s1: #f85149; --s2: #3fb950; --s3: #f0883e;
    --s4: #a371f7; --s5: #39c5cf; --s6: #db61a2; --s7: #9198a1;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; padding: 20px 24px 32px; max-width: 1280px;
  background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
}
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
.subtitle, .note, footer, .zero { color: var(--muted); }
.subtitle { margin: 0 0 6px; }
.note { font-size: 12px; margin: 4px 0; }
footer { font-size: 12px; margin-top: 28px; }
.charts {
  display: grid; gap: 14px; margin-top: 14px;
  grid-template-columns: repeat(auto-fill, minmax(520px, 1fr));
}
.chart {
  margin: 0; padding: 10px 12px 8px; border: 1px solid var(--border); border-radius: 8px;
  background: var(--bg);
}
figcaption { font-size: 13px; margin-bottom: 2px; }
figcaption .title { font-weight: 600; }
figcaption .unit, figcaption .object { color: var(--muted); }
figcaption .object::before { content: "\00b7  "; }
.chart > svg { display: block; width: 100%; height: auto; overflow: visible; }
svg text { fill: var(--muted); font-size: 11px; font-variant-numeric: tabular-nums; }
svg text.y { text-anchor: end; }
svg text.x { text-anchor: middle; }
.grid line { stroke: var(--grid); stroke-width: 1; }
line.base, line.tick { stroke: var(--axis); stroke-width: 1; }
line.cursor { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 3 3; }
polyline { fill: none; stroke-width: 1.8; stroke-linejoin: round; stroke-linecap: round; }
.s0 { stroke: var(--s0); background: var(--s0); } .s1 { stroke: var(--s1); background: var(--s1); }
.s2 { stroke: var(--s2); background: var(--s2); } .s3 { stroke: var(--s3); background: var(--s3); }
.s4 { stroke: var(--s4); background: var(--s4); } .s5 { stroke: var(--s5); background: var(--s5); }
.s6 { stroke: var(--s6); background: var(--s6); } .s7 { stroke: var(--s7); background: var(--s7); }
.neutral { stroke: var(--fg); }
.r1 { stroke-dasharray: 7 4; } .r2 { stroke-dasharray: 2 3; } .r3 { stroke-dasharray: 10 3 2 3; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin-top: 4px; }
.key { display: inline-flex; align-items: center; gap: 5px; white-space: nowrap; }
.sw { width: 26px; height: 8px; }
.sw line { stroke-width: 2.4; }
.runs .key { margin-left: 10px; }
.zero { font-size: 11px; margin: 4px 0 0; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 14px 4px 0; text-align: left; border-bottom: 1px solid var(--grid); }
thead th { color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--border); }
tbody th { font-weight: normal; }
td.absent { color: var(--muted); }
td small { color: var(--muted); }
.tip {
  position: absolute; z-index: 10; pointer-events: none; padding: 6px 8px; max-width: 360px;
  background: var(--panel); color: var(--fg); border: 1px solid var(--border);
  border-radius: 6px; font-size: 12px; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.2);
}
.tip b { display: block; margin-bottom: 2px; }
.tip i { display: inline-block; width: 10px; height: 3px; margin: 0 6px 3px 0; }
@media print {
  :root {
    color-scheme: light;
    --bg: #ffffff; --fg: #000000; --muted: #444c56; --grid: #dde1e5; --axis: #8c959f;
    --panel: #ffffff; --border: #c8d0d8;
    --s0: #0969da; --s1: #cf222e; --s2: #1a7f37; --s3: #bc4c00;
    --s4: #8250df; --s5: #0e8a8a; --s6: #bf3989; --s7: #6e7781;
  }
  body { max-width: none; padding: 0; }
  .charts { grid-template-columns: 1fr 1fr; }
  .chart, table, tr { break-inside: avoid; }
  .tip, line.cursor { display: none; }
}
)css";

const char kReportJs[] = R"js((function () {
  "use strict";
  var tip = document.createElement("div");
  tip.className = "tip";
  tip.hidden = true;
  document.body.appendChild(tip);
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(s, span) {
    s = Math.max(0, Math.round(s));
    if (span < 3600) return pad(Math.floor(s / 60)) + ":" + pad(s % 60);
    return Math.floor(s / 3600) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
  }
  function duration(s) {
    s = Math.round(s);
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, x = s % 60;
    return (h ? h + "h" : "") + (h || m ? m + "m" : "") + x + "s";
  }
  function value(v, format) {
    if (format === "seconds") return duration(v);
    if (format === "dollars") return "$" + v.toFixed(2);
    return v.toLocaleString("en-US", {maximumFractionDigits: 2});
  }
  function nearest(xs, x) {
    var lo = 0, hi = xs.length - 1;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (xs[mid] < x) lo = mid + 1; else hi = mid;
    }
    if (lo > 0 && Math.abs(xs[lo - 1] - x) <= Math.abs(xs[lo] - x)) lo--;
    return lo;
  }
  Array.prototype.forEach.call(document.querySelectorAll("svg[data-chart]"), function (svg) {
    var drawn = 0;
    var runs = +svg.getAttribute("data-runs");
    var lines = Array.prototype.map.call(svg.querySelectorAll("polyline[data-v]"), function (pl) {
      var n = pl.points.numberOfItems, xs = new Array(n);
      for (var i = 0; i < n; i++) xs[i] = pl.points.getItem(i).x;
      drawn += n;
      return {
        label: pl.getAttribute("data-label"), run: pl.getAttribute("data-run"),
        colour: pl.getAttribute("class").split(" ")[0], xs: xs,
        vs: pl.getAttribute("data-v").split(" ").map(Number)
      };
    });
    svg.setAttribute("data-drawn-points", String(drawn));
    var x0 = +svg.getAttribute("data-x0"), x1 = +svg.getAttribute("data-x1");
    var span = +svg.getAttribute("data-span"), format = svg.getAttribute("data-format");
    var cursor = svg.querySelector("line.cursor");
    svg.addEventListener("mousemove", function (ev) {
      var m = svg.getScreenCTM();
      if (!m || !lines.length) return;
      var pt = svg.createSVGPoint();
      pt.x = ev.clientX;
      pt.y = ev.clientY;
      var x = Math.min(x1, Math.max(x0, pt.matrixTransform(m.inverse()).x));
      cursor.setAttribute("x1", x);
      cursor.setAttribute("x2", x);
      cursor.setAttribute("visibility", "visible");
      tip.textContent = "";
      var head = document.createElement("b");
      head.textContent = clock((x - x0) / (x1 - x0) * span, span);
      tip.appendChild(head);
      lines.forEach(function (l) {
        var row = document.createElement("div"), sw = document.createElement("i");
        sw.className = l.colour;
        row.appendChild(sw);
        var name = l.label + (runs > 1 ? " (" + l.run + ")" : "");
        row.appendChild(document.createTextNode(name + ": " + value(l.vs[nearest(l.xs, x)], format)));
        tip.appendChild(row);
      });
      tip.hidden = false;
      var left = ev.pageX + 14;
      if (left + tip.offsetWidth > window.scrollX + document.documentElement.clientWidth) {
        left = ev.pageX - 14 - tip.offsetWidth;
      }
      tip.style.left = left + "px";
      tip.style.top = ev.pageY + 14 + "px";
    });
    svg.addEventListener("mouseleave", function () {
      tip.hidden = true;
      cursor.setAttribute("visibility", "hidden");
    });
  });
  document.documentElement.setAttribute("data-report-ready", "1");
})();
)js";

}  // namespace swell::report
