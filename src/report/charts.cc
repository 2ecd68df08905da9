#include "report/charts.h"

#include <algorithm>

namespace swell::report {

bool GlobMatch(std::string_view pattern, std::string_view name) {
  // Iterative matching with one backtrack point (the last '*'): linear in practice.
  size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      p++;
      n++;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') p++;
  return p == pattern.size();
}

std::vector<size_t> MatchColumns(const ChartSpec& spec, const std::vector<std::string>& names) {
  std::vector<size_t> out;
  std::vector<bool> taken(names.size(), false);
  for (const std::string& pattern : spec.columns) {
    for (size_t i = 0; i < names.size(); i++) {
      if (taken[i] || !GlobMatch(pattern, names[i])) continue;
      const bool excluded =
          std::any_of(spec.exclude.begin(), spec.exclude.end(),
                      [&](const std::string& x) { return GlobMatch(x, names[i]); });
      if (excluded) continue;
      taken[i] = true;
      out.push_back(i);
    }
  }
  return out;
}

const std::vector<ChartSpec>& DefaultCharts() {
  // Node columns (nodes, nodes.<capacity type>.<arch>, ...) never count as workload columns.
  static const std::vector<ChartSpec> kCharts = {
      {"queue-depth",
       "Queue depth",
       "messages",
       ValueFormat::kCount,
       {"*.visible", "*.in_flight"},
       {"node*"}},
      {"replicas",
       "Desired vs ready replicas",
       "pods",
       ValueFormat::kCount,
       {"*.replicas", "*.hpa_desired", "*.ready"},
       {"node*"}},
      {"pending-pods",
       "Pending pods",
       "pods",
       ValueFormat::kCount,
       {"*.pending", "*.unschedulable", "pods.pending*"},
       {"node*"}},
      {"nodes",
       "Nodes by capacity type and architecture",
       "nodes",
       ValueFormat::kCount,
       {"nodes", "nodes.*"},
       {}},
      {"cost-rate", "Cost rate", "$/hour", ValueFormat::kDollars, {"cost*", "*.cost_per_hour"}, {}},
      {"oldest-age", "Oldest message age", "", ValueFormat::kSeconds, {"*.oldest_age_s"}, {}},
  };
  return kCharts;
}

}  // namespace swell::report
