#include "scaling/scaled_job_math.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>
#include <tuple>

namespace swell::scaling {

namespace {

constexpr int64_t kDefaultMaxReplicaCount = 100;  // scaledjob_types.go
constexpr int32_t kDefaultHistoryLimit = 100;     // scale_jobs.go
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr double kTwoPow63 = 9223372036854775808.0;

// Go's int64(math.Ceil(x)), made total: NaN -> 0, saturating at the int64 range.
int64_t CeilToInt64(double x) {
  if (std::isnan(x)) return 0;
  double c = std::ceil(x);
  if (c >= kTwoPow63) return kInt64Max;
  if (c < -kTwoPow63) return kInt64Min;
  return static_cast<int64_t>(c);
}

// Go's two's-complement int64 subtraction.
int64_t WrapSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}

// resource.Quantity.AsApproximateFloat64 of a milli quantity: value * math.Pow10(-3). This
// can differ in the last bit from value / 1000 (9m gives 0.009000000000000001).
double MilliToUnits(int64_t milli) { return static_cast<double>(milli) * 1e-3; }

}  // namespace

// ---- replica bounds -------------------------------------------------------------------------

int64_t MinReplicaCount(const api::ScaledJobSpec& spec) {
  if (!spec.min_replica_count) return 0;
  if (spec.max_replica_count && *spec.min_replica_count > *spec.max_replica_count) {
    return *spec.max_replica_count;
  }
  return *spec.min_replica_count;
}

int64_t MaxReplicaCount(const api::ScaledJobSpec& spec) {
  if (!spec.max_replica_count) return kDefaultMaxReplicaCount;
  if (spec.min_replica_count && *spec.min_replica_count > *spec.max_replica_count) {
    return *spec.max_replica_count;
  }
  return *spec.max_replica_count - MinReplicaCount(spec);
}

// ---- per-trigger metrics (keda.md §3.2) -----------------------------------------------------

double TargetAverageValue(const std::vector<scalers::MetricSpec>& specs) {
  if (specs.empty()) return 0;
  double total = 0;
  for (const scalers::MetricSpec& s : specs) {
    bool has_average = s.source == scalers::MetricSpec::Source::kExternal &&
                       s.target_type == api::keda::kMetricAverageValue;
    total += has_average ? MilliToUnits(s.target_milli) : 0.0;
  }
  return total / static_cast<double>(specs.size());
}

ScalerMetrics QueueLengthAndMaxValue(const std::vector<scalers::MetricValue>& values,
                                     const std::vector<scalers::MetricSpec>& specs,
                                     int64_t max_replica_count) {
  ScalerMetrics m;
  if (specs.empty()) return m;
  for (const scalers::MetricValue& v : values) {
    if (v.name == specs[0].name) m.queue_length += MilliToUnits(v.milli);
  }
  double target = TargetAverageValue(specs);
  if (target != 0) {
    m.max_value = std::min(m.queue_length / target, static_cast<double>(max_replica_count));
  }
  return m;
}

TriggerMetrics ScalerMetricsForTrigger(const TriggerPoll& poll, int64_t max_replica_count) {
  TriggerMetrics out;
  bool active = false;
  size_t answer = 0;
  for (const scalers::MetricSpec& spec : poll.specs) {
    if (spec.source != scalers::MetricSpec::Source::kExternal) continue;
    out.metric_names.push_back(spec.name);
    size_t k = answer++;
    if (k >= poll.results.size() || !poll.results[k].ok()) {
      out.error = true;
      continue;
    }
    const scalers::MetricsAndActivity& r = *poll.results[k];
    if (r.active) {
      active = true;
      out.active_metric_names.push_back(spec.name);
    }
    ScalerMetrics m = QueueLengthAndMaxValue(r.values, poll.specs, max_replica_count);
    m.active = active;
    out.metrics.push_back(m);
  }
  return out;
}

TriggerMetrics ScalerMetricsForTriggers(const std::vector<TriggerPoll>& polls,
                                        int64_t max_replica_count) {
  TriggerMetrics all;
  for (const TriggerPoll& poll : polls) {
    TriggerMetrics t = ScalerMetricsForTrigger(poll, max_replica_count);
    all.metrics.insert(all.metrics.end(), t.metrics.begin(), t.metrics.end());
    all.metric_names.insert(all.metric_names.end(), t.metric_names.begin(), t.metric_names.end());
    all.active_metric_names.insert(all.active_metric_names.end(), t.active_metric_names.begin(),
                                   t.active_metric_names.end());
    all.error = all.error || t.error;
  }
  return all;
}

// ---- combination across triggers (keda.md §3.2) ---------------------------------------------

namespace {

struct Picked {
  double queue_length = 0;
  double max_value = 0;
  bool active = false;
};

// "max": strictly greater queue than the best so far (starting at 0).
Picked PickMax(const std::vector<ScalerMetrics>& metrics) {
  Picked p;
  for (const ScalerMetrics& m : metrics) {
    if (m.queue_length > p.queue_length && m.active) p = {m.queue_length, m.max_value, true};
  }
  return p;
}

// "min": a best of 0 counts as unset.
Picked PickMin(const std::vector<ScalerMetrics>& metrics) {
  Picked p;
  for (const ScalerMetrics& m : metrics) {
    if ((p.queue_length == 0 || m.queue_length < p.queue_length) && m.active) {
      p = {m.queue_length, m.max_value, true};
    }
  }
  return p;
}

// "sum" and, with `average`, "avg".
Picked SumActive(const std::vector<ScalerMetrics>& metrics, bool average) {
  Picked p;
  int count = 0;
  for (const ScalerMetrics& m : metrics) {
    if (!m.active) continue;
    p.queue_length += m.queue_length;
    p.max_value += m.max_value;
    p.active = true;
    count++;
  }
  if (average && count != 0) {
    p.queue_length /= static_cast<double>(count);
    p.max_value /= static_cast<double>(count);
  }
  return p;
}

}  // namespace

CombinedMetrics CombineScalerMetrics(const std::vector<ScalerMetrics>& metrics,
                                     std::string_view multiple_scalers_calculation,
                                     int64_t min_replica_count, int64_t max_replica_count) {
  Picked p;
  if (multiple_scalers_calculation == "min") {
    p = PickMin(metrics);
  } else if (multiple_scalers_calculation == "avg") {
    p = SumActive(metrics, /*average=*/true);
  } else if (multiple_scalers_calculation == "sum") {
    p = SumActive(metrics, /*average=*/false);
  } else {
    p = PickMax(metrics);
  }
  CombinedMetrics c;
  c.active = p.active || min_replica_count > 0;
  // std::min keeps a NaN first argument, as Go's builtin min does.
  c.max_value = std::min(p.max_value, static_cast<double>(max_replica_count));
  c.scale_to = CeilToInt64(p.queue_length);
  c.max_scale = CeilToInt64(c.max_value);
  return c;
}

// ---- running and pending jobs (keda.md §3.3) ------------------------------------------------

namespace {

const api::Condition* FinishedCondition(const api::Job& job) {
  for (const api::Condition& c : job.status.conditions) {
    if ((c.type == "Complete" || c.type == "Failed") && c.status == "True") return &c;
  }
  return nullptr;
}

bool AnyPodRunningOrSucceeded(const std::vector<const api::Pod*>& pods) {
  return std::any_of(pods.begin(), pods.end(), [](const api::Pod* p) {
    return p->status.phase == "Running" || p->status.phase == "Succeeded";
  });
}

// KEDA's areAllPendingPodConditionsFulfilled for one pod.
bool PodFulfills(const api::Pod& pod, const std::set<std::string_view>& required, size_t listed) {
  std::set<std::string_view> fulfilled;
  for (const api::Condition& c : pod.status.conditions) {
    if (c.status == "True" && required.count(c.type) != 0) fulfilled.insert(c.type);
  }
  return fulfilled.size() == listed;
}

}  // namespace

std::string_view FinishedConditionType(const api::Job& job) {
  const api::Condition* c = FinishedCondition(job);
  return c == nullptr ? std::string_view() : std::string_view(c->type);
}

bool IsJobFinished(const api::Job& job) { return FinishedCondition(job) != nullptr; }

bool IsJobPending(const std::vector<const api::Pod*>& pods,
                  const std::vector<std::string>& pending_pod_conditions) {
  if (pending_pod_conditions.empty()) return !AnyPodRunningOrSucceeded(pods);
  std::set<std::string_view> required(pending_pod_conditions.begin(), pending_pod_conditions.end());
  return std::none_of(pods.begin(), pods.end(), [&](const api::Pod* p) {
    return PodFulfills(*p, required, pending_pod_conditions.size());
  });
}

JobCounts CountJobs(const std::vector<const api::Job*>& jobs, const PodsOfJob& pods_of,
                    const std::vector<std::string>& pending_pod_conditions) {
  JobCounts counts;
  for (const api::Job* job : jobs) {
    if (IsJobFinished(*job)) continue;
    counts.running++;
    if (IsJobPending(pods_of(*job), pending_pod_conditions)) counts.pending++;
  }
  return counts;
}

// ---- the decision (keda.md §3.4) ------------------------------------------------------------

std::string_view StrategyName(Strategy s) {
  switch (s) {
    case Strategy::kCustom:
      return "custom";
    case Strategy::kAccurate:
      return "accurate";
    case Strategy::kEager:
      return "eager";
    case Strategy::kDefault:
      break;
  }
  return "default";
}

SelectedStrategy SelectStrategy(const api::ScalingStrategy& s) {
  SelectedStrategy out;
  if (s.strategy == "accurate") {
    out.strategy = Strategy::kAccurate;
  } else if (s.strategy == "eager") {
    out.strategy = Strategy::kEager;
  } else if (s.strategy == "custom") {
    std::optional<double> pct = ParseGoFloat64(s.custom_scaling_running_job_percentage);
    if (!pct) {
      out.fell_back = true;
      return out;
    }
    out.strategy = Strategy::kCustom;
    out.deduction = s.custom_scaling_queue_length_deduction.value_or(0);
    out.percentage = *pct;
  }
  return out;
}

int64_t GoFloatToInt64(double f) {
  if (std::isnan(f) || f >= kTwoPow63 || f < -kTwoPow63) return kInt64Min;
  return static_cast<int64_t>(f);
}

StrategyStep ApplyStrategy(const SelectedStrategy& s, int64_t max_scale, int64_t running_above_min,
                           int64_t pending, int64_t max_replica_count, int64_t scale_to) {
  switch (s.strategy) {
    case Strategy::kCustom: {
      int64_t by_running = GoFloatToInt64(static_cast<double>(running_above_min) * s.percentage);
      int64_t result = WrapSub(WrapSub(max_scale, s.deduction), by_running);
      return {std::min(result, max_replica_count), scale_to};
    }
    case Strategy::kAccurate:
      if (max_scale + running_above_min - pending > max_replica_count) {
        return {max_replica_count - running_above_min, scale_to};
      }
      return {max_scale - pending, scale_to};
    case Strategy::kEager:
      return {std::min(max_replica_count - running_above_min - pending, max_scale),
              max_replica_count};
    case Strategy::kDefault:
      break;
  }
  return {max_scale - running_above_min, scale_to};
}

ScaledJobDecision DecideScaledJob(const api::ScaledJobSpec& spec, const CombinedMetrics& metrics,
                                  const JobCounts& jobs) {
  ScaledJobDecision d;
  d.active = metrics.active;
  d.scale_to = metrics.scale_to;
  d.max_scale = metrics.max_scale;
  d.max_value = metrics.max_value;
  d.min_replicas = MinReplicaCount(spec);
  d.max_replicas = MaxReplicaCount(spec);
  d.running = jobs.running;
  d.pending = jobs.pending;
  d.strategy = SelectStrategy(spec.scaling_strategy);
  StrategyStep step;
  if (d.running < d.min_replicas) {
    d.below_min = true;
    step = {d.min_replicas - d.running, d.min_replicas - d.running};
  } else {
    step = ApplyStrategy(d.strategy, d.max_scale, d.running - d.min_replicas, d.pending,
                         d.max_replicas, d.scale_to);
  }
  d.final_scale_to = step.scale_to;
  d.effective_max_scale = std::max<int64_t>(step.effective_max_scale, 0);
  if (d.active && d.effective_max_scale > 0) {
    d.jobs_to_create = std::max<int64_t>(std::min(d.final_scale_to, d.effective_max_scale), 0);
  }
  return d;
}

ScaledJobDecision DecideScaledJob(const api::ScaledJobSpec& spec,
                                  const std::vector<ScalerMetrics>& metrics,
                                  const JobCounts& jobs) {
  CombinedMetrics combined =
      CombineScalerMetrics(metrics, spec.scaling_strategy.multiple_scalers_calculation,
                           MinReplicaCount(spec), MaxReplicaCount(spec));
  return DecideScaledJob(spec, combined, jobs);
}

// ---- Go's strconv.ParseFloat ----------------------------------------------------------------

namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexLetter(char c) { return Lower(c) >= 'a' && Lower(c) <= 'f'; }

bool EqualsFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// Go's special(): [+-]inf, [+-]infinity, nan (no sign), case-insensitive, whole string.
std::optional<double> GoSpecial(std::string_view s) {
  if (EqualsFold(s, "nan")) return std::numeric_limits<double>::quiet_NaN();
  double sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  if (EqualsFold(s, "inf") || EqualsFold(s, "infinity")) {
    return sign * std::numeric_limits<double>::infinity();
  }
  return std::nullopt;
}

// Go's underscoreOK (strconv/atoi.go): '_' only between digits or after a base prefix.
bool UnderscoreOk(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (Lower(s[1]) == 'b' || Lower(s[1]) == 'o' || Lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = Lower(s[1]) == 'x';
  }
  for (; i < s.size(); i++) {
    if (IsDigit(s[i]) || (hex && Lower(s[i]) >= 'a' && Lower(s[i]) <= 'z')) {
      saw = '0';
    } else if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
    } else {
      if (saw == '_') return false;
      saw = '!';
    }
  }
  return saw != '_';
}

// The mantissa of Go's readFloat: digits with at most one '.', '_' anywhere (checked later).
// Advances `i`; false when no digit was seen.
bool ReadMantissa(std::string_view s, size_t& i, bool hex) {
  bool saw_dot = false, saw_digits = false;
  for (; i < s.size(); i++) {
    char c = s[i];
    if (c == '_') continue;
    if (c == '.') {
      if (saw_dot) break;
      saw_dot = true;
    } else if (IsDigit(c) || (hex && IsHexLetter(c))) {
      saw_digits = true;
    } else {
      break;
    }
  }
  return saw_digits;
}

// The exponent of Go's readFloat ('e' or, for hex, the required 'p'). Advances `i`.
bool ReadExponent(std::string_view s, size_t& i, bool hex) {
  if (i >= s.size() || Lower(s[i]) != (hex ? 'p' : 'e')) return !hex;
  i++;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) i++;
  if (i >= s.size() || !IsDigit(s[i])) return false;
  while (i < s.size() && (IsDigit(s[i]) || s[i] == '_')) i++;
  return true;
}

// Go's readFloat syntax over the whole of `s`.
bool IsGoFloatSyntax(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) i++;
  bool hex = i + 2 < s.size() && s[i] == '0' && Lower(s[i + 1]) == 'x';
  if (hex) i += 2;
  if (!ReadMantissa(s, i, hex) || !ReadExponent(s, i, hex) || i != s.size()) return false;
  return s.find('_') == std::string_view::npos || UnderscoreOk(s);
}

}  // namespace

std::optional<double> ParseGoFloat64(std::string_view s) {
  if (std::optional<double> special = GoSpecial(s)) return special;
  if (!IsGoFloatSyntax(s)) return std::nullopt;
  std::string digits;
  for (char c : s) {
    if (c != '_') digits.push_back(c);
  }
  errno = 0;
  double v = std::strtod(digits.c_str(), nullptr);
  // Out of range: Go returns ErrRange for overflow only (underflow gives 0 or a subnormal).
  if (errno == ERANGE && std::isinf(v)) return std::nullopt;
  return v;
}

// ---- history clean-up (keda.md §3.5) --------------------------------------------------------

namespace {

TimePoint HistoryTime(const api::Job& job) {
  if (job.status.completion_time) return job.status.completion_time->value;
  const api::Condition* c = FinishedCondition(job);
  if (c != nullptr && c->last_transition_time) return c->last_transition_time->value;
  if (job.metadata.creation_timestamp) return job.metadata.creation_timestamp->value;
  return TimePoint{};
}

bool OlderFirst(const api::Job* a, const api::Job* b) {
  return std::forward_as_tuple(HistoryTime(*a), a->metadata.namespace_, a->metadata.name) <
         std::forward_as_tuple(HistoryTime(*b), b->metadata.namespace_, b->metadata.name);
}

// KEDA's deleteJobsWithHistoryLimit: the oldest len - limit of `finished`.
void AppendBeyondLimit(std::vector<const api::Job*> finished, std::optional<int32_t> limit,
                       std::vector<const api::Job*>& out) {
  std::stable_sort(finished.begin(), finished.end(), OlderFirst);
  size_t keep = static_cast<size_t>(std::max(limit.value_or(kDefaultHistoryLimit), 0));
  if (finished.size() <= keep) return;
  out.insert(out.end(), finished.begin(),
             finished.begin() + static_cast<std::ptrdiff_t>(finished.size() - keep));
}

}  // namespace

std::vector<const api::Job*> JobsBeyondHistoryLimits(const std::vector<const api::Job*>& jobs,
                                                     const api::ScaledJobSpec& spec) {
  std::vector<const api::Job*> complete, failed;
  for (const api::Job* job : jobs) {
    std::string_view type = FinishedConditionType(*job);
    if (type == "Complete") complete.push_back(job);
    if (type == "Failed") failed.push_back(job);
  }
  std::vector<const api::Job*> out;
  AppendBeyondLimit(std::move(complete), spec.successful_jobs_history_limit, out);
  AppendBeyondLimit(std::move(failed), spec.failed_jobs_history_limit, out);
  return out;
}

}  // namespace swell::scaling
