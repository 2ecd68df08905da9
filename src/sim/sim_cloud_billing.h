// What the simulated cloud charges: one record per instance, billed per second from its
// launch (Create) until it stops running (Delete starts termination, or a spot reclaim), at its
// offering's price, with EC2's one-minute minimum per instance (Linux On-Demand and Spot are
// billed per second, minimum 60 s). Queries take a time so the report can chart cost over time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/time.h"

namespace swell::sim {

struct BillingRecord {
  std::string provider_id;
  std::string instance_type;
  std::string zone;
  std::string capacity_type;  // spot | on-demand
  std::string arch;           // amd64 | arm64
  double price_per_hour = 0;  // USD
  TimePoint start{};
  std::optional<TimePoint> end;  // unset while billed
};

struct CostSplit {
  double cost = 0;        // USD
  double node_hours = 0;  // instance-hours actually run (no minimum)
};

struct CostSummary {
  CostSplit total;
  std::map<std::string, CostSplit> by_capacity_type;  // "on-demand", "spot"
  std::map<std::string, CostSplit> by_arch;           // "amd64", "arm64"
  int64_t instances_launched = 0;                     // started at or before the time
  int64_t peak_running = 0;                           // most billed at once, up to the time
};

class CostLedger {
 public:
  // Starts billing `record` (its `end` must be unset; provider IDs are unique).
  void Start(BillingRecord record);
  // Stops billing `provider_id` at `t` (no-op if unknown or already stopped).
  void Stop(std::string_view provider_id, TimePoint t);

  // USD spent from the first launch up to `t`: for each instance, price x billed time, where
  // billed time is min(t, end) - start, and max(end - start, 60 s) once it ended at or before t.
  double TotalCost(TimePoint t) const;
  // USD per hour of the instances billed at `t` (start <= t < end).
  double CostRate(TimePoint t) const;
  // Costs and node-hours up to `t`, split by capacity type and by architecture.
  CostSummary Summarize(TimePoint t) const;

  // Instances billed now (started and not stopped).
  int64_t running() const { return running_; }
  int64_t peak_running() const { return peak_running_; }
  int64_t instances_launched() const { return static_cast<int64_t>(records_.size()); }
  // Every record, in launch order.
  const std::vector<BillingRecord>& records() const { return records_; }
  // The record of `provider_id`, or nullptr.
  const BillingRecord* Find(std::string_view provider_id) const;

 private:
  std::vector<BillingRecord> records_;
  std::map<std::string, size_t, std::less<>> index_;
  int64_t running_ = 0;
  int64_t peak_running_ = 0;
};

}  // namespace swell::sim
