#include "sim/sim_cloud_billing.h"

#include <algorithm>
#include <chrono>

namespace swell::sim {
namespace {

constexpr Duration kMinimumBilled = Seconds(60);  // EC2 per-second billing minimum

double Hours(Duration d) { return std::chrono::duration<double, std::ratio<3600>>(d).count(); }

// The time billed and the time run, up to `t`.
struct Usage {
  Duration billed{0};
  Duration ran{0};
};

Usage UsageAt(const BillingRecord& r, TimePoint t) {
  if (t <= r.start) return {};
  TimePoint until = r.end ? std::min(t, *r.end) : t;
  Duration ran = until - r.start;
  bool ended = r.end && *r.end <= t;
  return {ended ? std::max(ran, kMinimumBilled) : ran, ran};
}

}  // namespace

void CostLedger::Start(BillingRecord record) {
  index_[record.provider_id] = records_.size();
  records_.push_back(std::move(record));
  running_++;
  peak_running_ = std::max(peak_running_, running_);
}

void CostLedger::Stop(std::string_view provider_id, TimePoint t) {
  auto it = index_.find(provider_id);
  if (it == index_.end()) return;
  BillingRecord& r = records_[it->second];
  if (r.end) return;
  r.end = std::max(t, r.start);
  running_--;
}

const BillingRecord* CostLedger::Find(std::string_view provider_id) const {
  auto it = index_.find(provider_id);
  return it == index_.end() ? nullptr : &records_[it->second];
}

double CostLedger::TotalCost(TimePoint t) const {
  double total = 0;
  for (const BillingRecord& r : records_) total += r.price_per_hour * Hours(UsageAt(r, t).billed);
  return total;
}

double CostLedger::CostRate(TimePoint t) const {
  double rate = 0;
  for (const BillingRecord& r : records_) {
    if (r.start <= t && (!r.end || t < *r.end)) rate += r.price_per_hour;
  }
  return rate;
}

CostSummary CostLedger::Summarize(TimePoint t) const {
  CostSummary s;
  // Peak concurrency up to t: +1 at each start, -1 at each end, ends before starts at a tie.
  std::vector<std::pair<TimePoint, int>> edges;
  for (const BillingRecord& r : records_) {
    if (r.start > t) continue;
    s.instances_launched++;
    Usage u = UsageAt(r, t);
    CostSplit add{r.price_per_hour * Hours(u.billed), Hours(u.ran)};
    for (CostSplit* split : {&s.total, &s.by_capacity_type[r.capacity_type], &s.by_arch[r.arch]}) {
      split->cost += add.cost;
      split->node_hours += add.node_hours;
    }
    edges.emplace_back(r.start, +1);
    if (r.end && *r.end <= t) edges.emplace_back(*r.end, -1);
  }
  std::sort(edges.begin(), edges.end());
  int64_t running = 0;
  for (const auto& [time, delta] : edges) {
    running += delta;
    s.peak_running = std::max(s.peak_running, running);
  }
  return s;
}

}  // namespace swell::sim
