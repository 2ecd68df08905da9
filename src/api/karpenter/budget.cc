#include "api/karpenter/budget.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "api/cron.h"

namespace swell::api::karpenter {
namespace {

// strconv.Atoi: optional sign, base-10 digits, int64 range.
std::optional<int64_t> Atoi(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// GetIntStrFromValue + intstr.GetScaledValueFromIntOrPercent(..., roundUp=true).
StatusOr<int64_t> ScaledNodes(std::string_view nodes, int64_t num_nodes) {
  if (nodes.empty()) nodes = "10%";
  if (std::optional<int64_t> n = Atoi(nodes)) return *n;
  std::optional<int64_t> pct;
  if (nodes.ends_with('%')) pct = Atoi(nodes.substr(0, nodes.size() - 1));
  if (!pct) {
    return InvalidArgument("budget nodes \"" + std::string(nodes) +
                           "\" is neither a whole number nor a percentage");
  }
  // Go computes this in float64: int(math.Ceil(float64(value) * float64(total) / 100)).
  double scaled = std::ceil(static_cast<double>(*pct) * static_cast<double>(num_nodes) / 100.0);
  if (scaled >= 9.2e18) return INT64_MAX;
  if (scaled <= -9.2e18) return INT64_MIN;
  return static_cast<int64_t>(scaled);
}

bool AppliesTo(const Budget& b, std::string_view reason) {
  return b.reasons.empty() ||
         std::find(b.reasons.begin(), b.reasons.end(), reason) != b.reasons.end();
}

}  // namespace

StatusOr<bool> IsActive(const Budget& budget, TimePoint now) {
  if (!budget.schedule && !budget.duration) return true;
  auto cron = CronSchedule::Parse(budget.schedule.value_or(""));
  if (!cron.ok()) {
    return InvalidArgument("invariant violated, invalid cron: " + cron.status().message());
  }
  Duration window = budget.duration ? budget.duration->value : Duration(0);
  return cron->Next(now - window) <= now;
}

StatusOr<int64_t> AllowedDisruptions(const Budget& budget, int64_t num_nodes, TimePoint now) {
  StatusOr<bool> active = IsActive(budget, now);
  if (!active.ok()) return active.status();
  if (!*active) return kUnlimitedDisruptions;
  return ScaledNodes(budget.nodes, num_nodes);
}

int64_t AllowedDisruptions(const NodePool& nodepool, int64_t num_nodes, std::string_view reason,
                           TimePoint now) {
  static const std::vector<Budget> kDefaultBudgets(1);
  const std::vector<Budget>& budgets =
      nodepool.spec.disruption.budgets ? *nodepool.spec.disruption.budgets : kDefaultBudgets;
  int64_t allowed = kUnlimitedDisruptions;
  for (const Budget& b : budgets) {
    StatusOr<int64_t> v = AllowedDisruptions(b, num_nodes, now);
    if (!v.ok()) return 0;
    if (AppliesTo(b, reason)) allowed = std::min(allowed, *v);
  }
  return allowed;
}

}  // namespace swell::api::karpenter
