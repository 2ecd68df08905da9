#include "scaling/hpa.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

namespace swell::scaling {
namespace {

using scalers::MetricSpec;

constexpr int32_t kMaxInt32 = std::numeric_limits<int32_t>::max();
constexpr int32_t kMinInt32 = std::numeric_limits<int32_t>::min();
constexpr int64_t kMaxInt64 = std::numeric_limits<int64_t>::max();

constexpr std::string_view kPolicyPods = "Pods";
constexpr std::string_view kPolicyPercent = "Percent";
constexpr std::string_view kSelectMax = "Max";
constexpr std::string_view kSelectMin = "Min";
constexpr std::string_view kSelectDisabled = "Disabled";

// ---- numeric helpers ------------------------------------------------------------------------

// Go's int32(x) for the values the HPA computes: truncates toward zero; swell clamps what Go
// leaves implementation-defined (out of range) and maps NaN to 0.
int32_t ToInt32(double x) {
  if (std::isnan(x)) return 0;
  if (x >= static_cast<double>(kMaxInt32)) return kMaxInt32;
  if (x <= static_cast<double>(kMinInt32)) return kMinInt32;
  return static_cast<int32_t>(x);
}

int32_t CeilToInt32(double x) { return ToInt32(std::ceil(x)); }

int32_t ClampToInt32(int64_t x) {
  return static_cast<int32_t>(std::clamp<int64_t>(x, kMinInt32, kMaxInt32));
}

// float64(num) / float64(den) with IEEE results spelled out for den == 0 (+Inf, -Inf, NaN).
double Ratio(double num, double den) {
  if (den != 0.0) return num / den;
  if (num == 0.0 || std::isnan(num)) return std::numeric_limits<double>::quiet_NaN();
  return num > 0 ? std::numeric_limits<double>::infinity()
                 : -std::numeric_limits<double>::infinity();
}

int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) {
    return b > 0 ? kMaxInt64 : std::numeric_limits<int64_t>::min();
  }
  return out;
}

int32_t Seconds32(Duration d) {
  return ClampToInt32(std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

HpaCondition Cond(std::string_view type, bool status, std::string_view reason,
                  std::string message) {
  return HpaCondition{std::string(type), status, std::string(reason), std::move(message)};
}

// ---- External metrics (kubernetes.md §1.4) ---------------------------------------------------

// The sum of every series KEDA returned for `name` (saturating, as upstream caps at MaxInt64);
// nullopt when KEDA returned none (the metric failed).
std::optional<int64_t> ExternalTotal(const std::vector<scalers::MetricValue>& values,
                                     std::string_view name) {
  std::optional<int64_t> total;
  for (const auto& v : values) {
    if (v.name == name) total = SaturatingAdd(total.value_or(0), v.milli);
  }
  return total;
}

// GetExternalPerPodMetricReplicas: ratio = usage / (target * status.replicas); outside the
// band the proposal is ceil(usage / target). Pod readiness is not consulted.
void ExternalPerPodProposal(int64_t usage, int64_t target, const HpaInput& in,
                            const Tolerances& tol, MetricProposal* p) {
  const auto usage_f = static_cast<double>(usage);
  const auto target_f = static_cast<double>(target);
  const auto status_f = static_cast<double>(in.status_replicas);
  const double ratio = Ratio(usage_f, target_f * status_f);
  p->replicas = in.status_replicas;
  if (!tol.IsWithin(ratio)) p->replicas = CeilToInt32(Ratio(usage_f, target_f));
  // status.currentMetrics[].external.current.averageValue (not used for the decision).
  if (in.status_replicas == 0 || usage_f >= static_cast<double>(kMaxInt64)) {
    p->current_milli = usage;
  } else {
    p->current_milli = static_cast<int64_t>(std::ceil(usage_f / status_f));
  }
}

// Pods matching the selector, or -1 when the caller did not say (no check).
int32_t SelectedPods(const HpaInput& in) {
  if (in.selected_pods >= 0) return in.selected_pods;
  return in.pods.empty() ? -1 : static_cast<int32_t>(in.pods.size());
}

// GetExternalMetricReplicas / getUsageRatioReplicaCount: ratio = usage / target; with
// spec.replicas != 0, inside the band keeps spec.replicas, else ceil(ratio * readyPods); with
// spec.replicas == 0, ceil(ratio).
void ExternalValueProposal(int64_t usage, int64_t target, const HpaInput& in, const Tolerances& tol,
                           MetricProposal* p) {
  const double ratio = Ratio(static_cast<double>(usage), static_cast<double>(target));
  p->current_milli = usage;
  if (in.spec_replicas == 0) {
    p->replicas = CeilToInt32(ratio);
    return;
  }
  if (tol.IsWithin(ratio)) {
    p->replicas = in.spec_replicas;
    return;
  }
  if (SelectedPods(in) == 0) {
    p->status = FailedPrecondition(
        "unable to calculate ready pods: no pods returned by selector while calculating replica "
        "count");
    return;
  }
  p->replicas = CeilToInt32(ratio * static_cast<double>(in.ready_pods));
}

void ExternalProposal(const MetricSpec& m, const HpaInput& in, const Tolerances& tol,
                      MetricProposal* p) {
  p->failed_reason = "FailedGetExternalMetric";
  const std::optional<int64_t> usage = ExternalTotal(in.external, m.name);
  if (!usage) {
    p->status = Unavailable("unable to get external metric " + m.name);
    return;
  }
  if (m.target_milli <= 0) {
    p->status = InvalidArgument("external metric " + m.name + ": target must be positive");
    return;
  }
  if (m.target_type == api::keda::kMetricAverageValue) {
    ExternalPerPodProposal(*usage, m.target_milli, in, tol, p);
  } else if (m.target_type == api::keda::kMetricValue) {
    ExternalValueProposal(*usage, m.target_milli, in, tol, p);
  } else {
    p->status = InvalidArgument(
        "invalid external metric source: neither a value target nor an average value target "
        "was set");
  }
}

// ---- Resource metrics (kubernetes.md §1.4) ---------------------------------------------------

const PodResource* FindResource(const PodSample& pod, std::string_view resource,
                                std::string_view container) {
  for (const auto& r : pod.resources) {
    if (r.resource == resource && r.container == container) return &r;
  }
  return nullptr;
}

// groupPods' CPU-only readiness rule: a sample taken while the pod starts up does not count.
bool CpuUnready(const PodSample& pod, TimePoint now, const HpaOptions& opts) {
  if (!pod.ready.has_value() || !pod.start_time.has_value()) return true;
  if (*pod.start_time + opts.cpu_initialization_period > now) {
    return !*pod.ready || pod.sample_time < pod.ready_transition + pod.sample_window;
  }
  return !*pod.ready && *pod.start_time + opts.initial_readiness_delay > pod.ready_transition;
}

// A pod's metric value: (pod index, milli-value), like upstream's PodMetricsInfo.
struct Sample {
  size_t pod = 0;
  int64_t value = 0;
};
using RatioFn = std::function<StatusOr<double>(const std::vector<Sample>&)>;

// The tail shared by GetResourceReplicas and calcPlainMetricReplicas: without unready or
// missing pods, ceil(ratio * ready); else rebalance (missing pods count as `missing_down` on a
// scale-down and 0 on a scale-up, unready pods as 0 on a scale-up), recompute, and keep the
// current size if the direction flipped or the change is within tolerance.
StatusOr<int32_t> RebalancedReplicas(int32_t current, std::vector<Sample> samples,
                                     const PodGroups& g, double ratio,
                                     const std::function<int64_t(size_t)>& missing_down,
                                     const RatioFn& ratio_of, const Tolerances& tol) {
  const bool up_with_unready = !g.unready.empty() && ratio > 1.0;
  if (!up_with_unready && g.missing.empty()) {
    if (tol.IsWithin(ratio)) return current;
    return CeilToInt32(ratio * static_cast<double>(g.ready));
  }
  for (size_t i : g.missing) {
    if (ratio < 1.0) samples.push_back({i, missing_down(i)});
    if (ratio > 1.0) samples.push_back({i, 0});
  }
  if (up_with_unready) {
    for (size_t i : g.unready) samples.push_back({i, 0});
  }
  SWELL_ASSIGN_OR_RETURN(const double new_ratio, ratio_of(samples));
  if (tol.IsWithin(new_ratio) || (ratio < 1.0 && new_ratio > 1.0) ||
      (ratio > 1.0 && new_ratio < 1.0)) {
    return current;
  }
  const int32_t proposal = CeilToInt32(new_ratio * static_cast<double>(samples.size()));
  if ((new_ratio < 1.0 && proposal > current) || (new_ratio > 1.0 && proposal < current)) {
    return current;
  }
  return proposal;
}

// metrics.GetResourceUtilizationRatio: utilization = int32(sum(usage) * 100 / sum(request))
// (int64 division), ratio = utilization / target.
StatusOr<std::pair<double, int32_t>> UtilizationRatio(const std::vector<Sample>& samples,
                                                      const std::vector<int64_t>& requests,
                                                      int32_t target) {
  __extension__ typedef __int128 Int128;  // exact, like upstream's big.Int fallback
  Int128 usage_total = 0;
  Int128 request_total = 0;
  for (const Sample& s : samples) {
    usage_total += s.value;
    request_total += requests[s.pod];
  }
  if (request_total == 0) return InvalidArgument("no metrics returned matched known pods");
  const Int128 percent = usage_total * 100 / request_total;
  const int32_t utilization = static_cast<int32_t>(
      std::clamp<Int128>(percent, std::numeric_limits<int32_t>::min(), kMaxInt32));
  return std::pair{static_cast<double>(utilization) / static_cast<double>(target), utilization};
}

// metrics.GetMetricUsageRatio: average = sum / count (int64 division), ratio = average / target.
std::pair<double, int64_t> UsageRatio(const std::vector<Sample>& samples, int64_t target) {
  int64_t total = 0;
  for (const Sample& s : samples) total = SaturatingAdd(total, s.value);
  const int64_t average = total / static_cast<int64_t>(samples.size());
  return {static_cast<double>(average) / static_cast<double>(target), average};
}

// calculateRequests: every listed pod needs a request for the resource.
StatusOr<std::vector<int64_t>> PodRequests(const std::vector<PodSample>& pods,
                                           const MetricSpec& m) {
  std::vector<int64_t> requests;
  requests.reserve(pods.size());
  for (const auto& pod : pods) {
    const PodResource* r = FindResource(pod, m.resource, m.container);
    if (r == nullptr || !r->request_milli) {
      return InvalidArgument("missing request for " + m.resource + " in pod " + pod.name);
    }
    requests.push_back(*r->request_milli);
  }
  return requests;
}

std::vector<Sample> ReadySamples(const std::vector<PodSample>& pods, const PodGroups& g,
                                 const MetricSpec& m) {
  std::vector<Sample> samples;
  for (size_t i : g.with_sample) {
    samples.push_back({i, *FindResource(pods[i], m.resource, m.container)->usage_milli});
  }
  return samples;
}

// GetResourceReplicas (Utilization target), with currentReplicas = spec.replicas.
StatusOr<int32_t> UtilizationReplicas(const MetricSpec& m, const HpaInput& in, const PodGroups& g,
                                      const Tolerances& tol, MetricProposal* p) {
  if (m.target_utilization <= 0) return InvalidArgument("target utilization must be positive");
  SWELL_ASSIGN_OR_RETURN(const std::vector<int64_t> requests, PodRequests(in.pods, m));
  std::vector<Sample> samples = ReadySamples(in.pods, g, m);
  const RatioFn ratio_of = [&](const std::vector<Sample>& s) -> StatusOr<double> {
    SWELL_ASSIGN_OR_RETURN(const auto r, UtilizationRatio(s, requests, m.target_utilization));
    return r.first;
  };
  SWELL_ASSIGN_OR_RETURN(const auto first,
                         UtilizationRatio(samples, requests, m.target_utilization));
  p->current_utilization = first.second;
  const int64_t fill_percent = std::max<int64_t>(100, m.target_utilization);
  const auto missing_down = [&](size_t i) { return requests[i] * fill_percent / 100; };
  return RebalancedReplicas(in.spec_replicas, std::move(samples), g, first.first, missing_down,
                            ratio_of, tol);
}

// GetRawResourceReplicas -> calcPlainMetricReplicas (AverageValue target).
StatusOr<int32_t> AverageValueReplicas(const MetricSpec& m, const HpaInput& in, const PodGroups& g,
                                       const Tolerances& tol, MetricProposal* p) {
  if (m.target_milli <= 0) return InvalidArgument("target average value must be positive");
  std::vector<Sample> samples = ReadySamples(in.pods, g, m);
  const auto first = UsageRatio(samples, m.target_milli);
  p->current_milli = first.second;
  const RatioFn ratio_of = [&](const std::vector<Sample>& s) -> StatusOr<double> {
    return UsageRatio(s, m.target_milli).first;
  };
  const auto missing_down = [&](size_t) { return m.target_milli; };
  return RebalancedReplicas(in.spec_replicas, std::move(samples), g, first.first, missing_down,
                            ratio_of, tol);
}

void ResourceProposal(const MetricSpec& m, const HpaInput& in, const Tolerances& tol, TimePoint now,
                      const HpaOptions& opts, MetricProposal* p) {
  p->failed_reason =
      m.container.empty() ? "FailedGetResourceMetric" : "FailedGetContainerResourceMetric";
  if (in.pods.empty()) {
    p->status = FailedPrecondition("no pods returned by selector while calculating replica count");
    return;
  }
  const PodGroups g = GroupPods(in.pods, m.resource, m.container, now, opts);
  if (g.with_sample.empty()) {
    p->status = Unavailable("did not receive metrics for targeted pods (pods might be unready)");
    return;
  }
  StatusOr<int32_t> r = InvalidArgument("invalid resource metric source: target type " +
                                        m.target_type + " (want Utilization or AverageValue)");
  if (m.target_type == api::keda::kMetricUtilization) r = UtilizationReplicas(m, in, g, tol, p);
  if (m.target_type == api::keda::kMetricAverageValue) r = AverageValueReplicas(m, in, g, tol, p);
  if (r.ok()) {
    p->replicas = *r;
  } else {
    p->status = r.status();
  }
}

std::string Describe(const MetricSpec& m) {
  if (m.source == MetricSpec::Source::kExternal) return "external metric " + m.name;
  const std::string kind = m.container.empty() ? " resource" : " container resource";
  if (m.target_type == api::keda::kMetricUtilization) {
    return m.resource + kind + " utilization (percentage of request)";
  }
  return m.resource + kind;
}

// ---- behavior path (kubernetes.md §1.5) -------------------------------------------------------

api::HPAScalingRules ScaleUpTemplate() {
  api::HPAScalingRules r;
  r.stabilization_window_seconds = 0;
  r.select_policy = std::string(kSelectMax);
  r.policies = {{std::string(kPolicyPods), 4, 15}, {std::string(kPolicyPercent), 100, 15}};
  return r;
}

api::HPAScalingRules ScaleDownTemplate() {
  api::HPAScalingRules r;
  r.select_policy = std::string(kSelectMax);
  r.policies = {{std::string(kPolicyPercent), 100, 15}};
  return r;
}

// copyHPAScalingRules: only the fields the user set replace the template's.
api::HPAScalingRules FillRules(const std::optional<api::HPAScalingRules>& user,
                               api::HPAScalingRules out) {
  if (!user) return out;
  if (!user->select_policy.empty()) out.select_policy = user->select_policy;
  if (user->stabilization_window_seconds) {
    out.stabilization_window_seconds = user->stabilization_window_seconds;
  }
  if (!user->policies.empty()) out.policies = user->policies;
  if (user->tolerance) out.tolerance = user->tolerance;
  return out;
}

// getReplicasChangePerPeriod: the changes of events strictly newer than now - period.
int64_t ChangeInPeriod(int32_t period_seconds, const std::vector<ScaleEvent>& events,
                       TimePoint now) {
  const TimePoint cutoff = now - Seconds(period_seconds);
  int64_t sum = 0;
  for (const auto& e : events) {
    if (e.at > cutoff) sum += e.change;
  }
  return sum;
}

// The replicas at the start of the policy's period: current - added + removed.
int64_t PeriodStart(int32_t current, const api::HPAScalingPolicy& p, const HpaState& s,
                    TimePoint now) {
  return int64_t{current} - ChangeInPeriod(p.period_seconds, s.scale_up_events, now) +
         ChangeInPeriod(p.period_seconds, s.scale_down_events, now);
}

// One policy's bound from the replicas at the start of its period: Pods adds (subtracts) value;
// Percent multiplies by 1 + value/100 and rounds up (by 1 - value/100 and truncates).
std::optional<int32_t> PolicyBound(bool up, int64_t start, const api::HPAScalingPolicy& p) {
  if (p.type == kPolicyPods) return ClampToInt32(up ? start + p.value : start - p.value);
  if (p.type != kPolicyPercent) return std::nullopt;  // rejected by API validation
  const double fraction = static_cast<double>(p.value) / 100;
  return up ? CeilToInt32(static_cast<double>(start) * (1 + fraction))
            : ToInt32(static_cast<double>(start) * (1 - fraction));
}

// calculateScaleUpLimitWithScalingRules (up) / calculateScaleDownLimitWithBehaviors (down):
// selectPolicy Max (the default) takes the biggest change (the highest bound up, the lowest
// down), Min the smallest; Disabled keeps current.
int32_t RateBound(bool up, int32_t current, const api::HPAScalingRules& rules, const HpaState& s,
                  TimePoint now) {
  if (rules.select_policy == kSelectDisabled) return current;
  const bool want_high = up == (rules.select_policy != kSelectMin);
  int32_t result = want_high ? kMinInt32 : kMaxInt32;
  for (const auto& p : rules.policies) {
    const std::optional<int32_t> bound = PolicyBound(up, PeriodStart(current, p, s, now), p);
    if (!bound) continue;
    result = want_high ? std::max(result, *bound) : std::min(result, *bound);
  }
  return result;
}

struct Limited {
  int32_t replicas = 0;
  std::string_view reason;
  std::string_view message;
};

constexpr std::string_view kMsgWithinRange = "the desired count is within the acceptable range";
constexpr std::string_view kMsgUpLimit =
    "the desired replica count is increasing faster than the maximum scale rate";
constexpr std::string_view kMsgTooMany =
    "the desired replica count is more than the maximum replica count";
constexpr std::string_view kMsgDownLimit =
    "the desired replica count is decreasing faster than the maximum scale rate";
constexpr std::string_view kMsgTooFew =
    "the desired replica count is less than the minimum replica count";

struct Bounds {
  int32_t min = 0;
  int32_t max = 0;
  int32_t current = 0;
};

// convertDesiredReplicasWithBehaviorRate: scale-up capped by min(max, rate limit), scale-down
// floored by max(min, rate limit). A limit never moves the size the other way.
Limited RateLimit(int32_t stab, const Bounds& b, const api::HPABehavior& beh, const HpaState& s,
                  TimePoint now) {
  if (stab > b.current) {
    const int32_t limit = std::max(RateBound(true, b.current, *beh.scale_up, s, now), b.current);
    const bool by_rate = b.max > limit;
    const int32_t allowed = by_rate ? limit : b.max;
    if (stab > allowed) {
      return by_rate ? Limited{allowed, "ScaleUpLimit", kMsgUpLimit}
                     : Limited{allowed, "TooManyReplicas", kMsgTooMany};
    }
  } else if (stab < b.current) {
    const int32_t limit = std::min(RateBound(false, b.current, *beh.scale_down, s, now), b.current);
    const bool by_rate = b.min < limit;
    const int32_t allowed = by_rate ? limit : b.min;
    if (stab < allowed) {
      return by_rate ? Limited{allowed, "ScaleDownLimit", kMsgDownLimit}
                     : Limited{allowed, "TooFewReplicas", kMsgTooFew};
    }
  }
  return Limited{stab, "DesiredWithinRange", kMsgWithinRange};
}

// Records {d, now}, reusing the slot `old` when one expired (both upstream paths do this).
void StoreRecommendation(HpaState* s, std::optional<size_t> old, int32_t d, TimePoint now) {
  if (old) {
    s->recommendations[*old] = {d, now};
  } else {
    s->recommendations.push_back({d, now});
  }
}

// stabilizeRecommendationWithBehaviors: the lowest recommendation newer than the scale-up
// window bounds a scale-up, the highest newer than the scale-down window bounds a scale-down.
int32_t StabilizeWithBehaviors(const api::HPABehavior& beh, int32_t current, int32_t d,
                               TimePoint now, HpaState* s) {
  const TimePoint up_cut = now - Seconds(beh.scale_up->stabilization_window_seconds.value_or(0));
  const TimePoint down_cut =
      now - Seconds(beh.scale_down->stabilization_window_seconds.value_or(0));
  int32_t up_rec = d;
  int32_t down_rec = d;
  std::optional<size_t> old;
  for (size_t i = 0; i < s->recommendations.size(); ++i) {
    const auto& rec = s->recommendations[i];
    if (rec.at > up_cut) up_rec = std::min(up_rec, rec.replicas);
    if (rec.at > down_cut) down_rec = std::max(down_rec, rec.replicas);
    if (rec.at < up_cut && rec.at < down_cut) old = i;
  }
  int32_t stab = current;
  if (stab < up_rec) stab = up_rec;
  if (stab > down_rec) stab = down_rec;
  StoreRecommendation(s, old, d, now);
  return stab;
}

HpaCondition StabilizedCondition(int32_t d, int32_t stab, int32_t current) {
  if (stab == d) {
    return Cond("AbleToScale", true, "ReadyForNewScale", "recommended size matches current size");
  }
  if (d >= current) {
    return Cond("AbleToScale", true, "ScaleUpStabilized",
                "recent recommendations were lower than current one, applying the lowest recent "
                "recommendation");
  }
  return Cond("AbleToScale", true, "ScaleDownStabilized",
              "recent recommendations were higher than current one, applying the highest recent "
              "recommendation");
}

HpaCondition LimitedCondition(const Limited& l, int32_t stab) {
  return Cond("ScalingLimited", l.replicas != stab, l.reason, std::string(l.message));
}

// normalizeDesiredReplicasWithBehaviors: stabilize, then rate-limit.
int32_t NormalizeWithBehaviors(const HpaSpec& spec, int32_t current, int32_t d, TimePoint now,
                               const HpaOptions& opts, HpaState* s, HpaResult* r) {
  const api::HPABehavior beh = DefaultedBehavior(*spec.behavior, opts);
  const int32_t stab = StabilizeWithBehaviors(beh, current, d, now, s);
  r->able_to_scale = StabilizedCondition(d, stab, current);
  const Limited l = RateLimit(stab, {spec.min_replicas, spec.max_replicas, current}, beh, *s, now);
  r->scaling_limited = LimitedCondition(l, stab);
  return l.replicas;
}

int32_t LongestPeriod(const api::HPAScalingRules& rules) {
  int32_t longest = 0;
  for (const auto& p : rules.policies) longest = std::max(longest, p.period_seconds);
  return longest;
}

// storeScaleEvent: marks events older than the longest policy period outdated and reuses the
// last outdated slot for {|new - prev|, now}.
void StoreScaleEvent(const api::HPABehavior& beh, int32_t prev, int32_t next, TimePoint now,
                     HpaState* s) {
  const bool up = next > prev;
  std::vector<ScaleEvent>& events = up ? s->scale_up_events : s->scale_down_events;
  const TimePoint cutoff = now - Seconds(LongestPeriod(up ? *beh.scale_up : *beh.scale_down));
  std::optional<size_t> old;
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].at < cutoff) events[i].outdated = true;
    if (events[i].outdated) old = i;
  }
  const ScaleEvent e{up ? next - prev : prev - next, now, false};
  if (old) {
    events[*old] = e;
  } else {
    events.push_back(e);
  }
}

// ---- legacy path (kubernetes.md §1.6) --------------------------------------------------------

// stabilizeRecommendation: the max of d and every recommendation not older than the window
// (a recommendation exactly at the cutoff still counts).
int32_t StabilizeLegacy(int32_t d, TimePoint now, Duration window, HpaState* s) {
  const TimePoint cutoff = now - window;
  int32_t max_rec = d;
  std::optional<size_t> old;
  for (size_t i = 0; i < s->recommendations.size(); ++i) {
    const auto& rec = s->recommendations[i];
    if (rec.at < cutoff) {
      old = i;
    } else {
      max_rec = std::max(max_rec, rec.replicas);
    }
  }
  StoreRecommendation(s, old, d, now);
  return max_rec;
}

// convertDesiredReplicasWithRules: [min, min(max, int32(max(2 * current, 4)))].
Limited LegacyLimit(int32_t stab, const Bounds& b, const HpaOptions& opts) {
  const int32_t up_limit = ToInt32(std::max(
      opts.scale_up_limit_factor * static_cast<double>(b.current), opts.scale_up_limit_minimum));
  const bool by_rate = b.max > up_limit;
  const int32_t max_allowed = by_rate ? up_limit : b.max;
  if (stab < b.min) return Limited{b.min, "TooFewReplicas", kMsgTooFew};
  if (stab > max_allowed) {
    return by_rate ? Limited{max_allowed, "ScaleUpLimit", kMsgUpLimit}
                   : Limited{max_allowed, "TooManyReplicas", kMsgTooMany};
  }
  return Limited{stab, "DesiredWithinRange", kMsgWithinRange};
}

// normalizeDesiredReplicas.
int32_t NormalizeLegacy(const HpaSpec& spec, int32_t current, int32_t d, TimePoint now,
                        const HpaOptions& opts, HpaState* s, HpaResult* r) {
  const int32_t stab = StabilizeLegacy(d, now, opts.downscale_stabilization, s);
  r->able_to_scale =
      stab != d
          ? Cond("AbleToScale", true, "ScaleDownStabilized",
                 "recent recommendations were higher than current one, applying the "
                 "highest recent recommendation")
          : Cond("AbleToScale", true, "ReadyForNewScale", "recommended size matches current size");
  const Limited l = LegacyLimit(stab, {spec.min_replicas, spec.max_replicas, current}, opts);
  r->scaling_limited = LimitedCondition(l, stab);
  return l.replicas;
}

// ---- reconcile (kubernetes.md §1.3, §1.4) ----------------------------------------------------

std::string InvalidMessage(int invalid, size_t total, const Status& first) {
  return "invalid metrics (" + std::to_string(invalid) + " invalid out of " +
         std::to_string(total) + "), first error is: " + first.message();
}

// The proposals folded as computeReplicasForMetrics does: the max of the valid ones.
struct Combined {
  int32_t replicas = 0;
  std::string metric;  // the proposal that won
  int invalid = 0;
  const MetricProposal* first_bad = nullptr;
};

Combined Combine(const std::vector<MetricProposal>& proposals) {
  Combined c;
  for (const auto& p : proposals) {
    if (!p.status.ok()) {
      if (c.invalid++ == 0) c.first_bad = &p;
    } else if (c.replicas == 0 || p.replicas > c.replicas) {
      c.replicas = p.replicas;
      c.metric = p.metric;
    }
  }
  return c;
}

// computeReplicasForMetrics: the max of the valid proposals; -1 when every metric is invalid,
// or when some are and the valid ones would scale down (no scale-down on partial data).
int32_t ComputeReplicasForMetrics(const HpaSpec& spec, const HpaInput& in, TimePoint now,
                                  const HpaOptions& opts, HpaResult* r, std::string* metric) {
  if (spec.metrics.empty()) {
    r->metrics_error = InvalidArgument("the HPA has no metrics");
    return -1;
  }
  const Tolerances tol = TolerancesFor(spec, opts);
  for (const auto& m : spec.metrics) {
    r->proposals.push_back(ComputeMetricProposal(m, in, tol, now, opts));
  }
  const Combined c = Combine(r->proposals);
  if (c.first_bad != nullptr) {
    r->metrics_error = Status(c.first_bad->status.code(),
                              InvalidMessage(c.invalid, spec.metrics.size(), c.first_bad->status));
  }
  if (c.first_bad != nullptr &&
      (c.replicas < in.spec_replicas || static_cast<size_t>(c.invalid) >= spec.metrics.size())) {
    r->scaling_active =
        Cond("ScalingActive", false, c.first_bad->failed_reason,
             "the HPA was unable to compute the replica count: " + c.first_bad->status.message());
    return -1;
  }
  *metric = c.metric;
  r->scaling_active =
      Cond("ScalingActive", true, "ValidMetricFound",
           "the HPA was able to successfully calculate a replica count from " + c.metric);
  return c.replicas;
}

// The in-range branch of reconcileAutoscaler; nullopt when the metrics give nothing to act on.
std::optional<int32_t> DesiredFromMetrics(const HpaSpec& spec, const HpaInput& in, TimePoint now,
                                          const HpaOptions& opts, HpaState* s, HpaResult* r) {
  std::string metric;
  const int32_t metric_desired = ComputeReplicasForMetrics(spec, in, now, opts, r, &metric);
  if (metric_desired == -1) return std::nullopt;
  r->metric_desired = metric_desired;
  const int32_t current = in.spec_replicas;
  const int32_t d = std::max(metric_desired, 0);
  if (d > current) r->reason = metric + " above target";
  if (d < current) r->reason = "All metrics below target";
  return spec.behavior ? NormalizeWithBehaviors(spec, current, d, now, opts, s, r)
                       : NormalizeLegacy(spec, current, d, now, opts, s, r);
}

// The branches of reconcileAutoscaler (kubernetes.md §1.3); nullopt = nothing to write.
std::optional<int32_t> DesiredReplicas(const HpaSpec& spec, const HpaInput& in, TimePoint now,
                                       const HpaOptions& opts, HpaState* s, HpaResult* r) {
  const int32_t current = in.spec_replicas;
  if (current == 0 && spec.min_replicas != 0) {
    r->scaling_active = Cond("ScalingActive", false, "ScalingDisabled",
                             "scaling is disabled since the replica count of the target is zero");
    return std::nullopt;
  }
  if (current > spec.max_replicas) {
    r->reason = "Current number of replicas above Spec.MaxReplicas";
    return spec.max_replicas;
  }
  if (current < spec.min_replicas) {
    r->reason = "Current number of replicas below Spec.MinReplicas";
    return spec.min_replicas;
  }
  return DesiredFromMetrics(spec, in, now, opts, s, r);
}

}  // namespace

bool Tolerances::IsWithin(double ratio) const {
  return (1.0 - scale_down) <= ratio && ratio <= (1.0 + scale_up);
}

Tolerances TolerancesFor(const HpaSpec& spec, const HpaOptions& opts) {
  Tolerances t{opts.tolerance, opts.tolerance};
  if (!spec.behavior || !opts.configurable_tolerance) return t;
  const auto& b = *spec.behavior;
  if (b.scale_down && b.scale_down->tolerance) t.scale_down = b.scale_down->tolerance->AsDouble();
  if (b.scale_up && b.scale_up->tolerance) t.scale_up = b.scale_up->tolerance->AsDouble();
  return t;
}

api::HPABehavior DefaultedBehavior(const api::HPABehavior& user, const HpaOptions& opts) {
  api::HPABehavior out;
  out.scale_up = FillRules(user.scale_up, ScaleUpTemplate());
  out.scale_down = FillRules(user.scale_down, ScaleDownTemplate());
  if (!out.scale_down->stabilization_window_seconds) {
    out.scale_down->stabilization_window_seconds = Seconds32(opts.downscale_stabilization);
  }
  return out;
}

PodGroups GroupPods(const std::vector<PodSample>& pods, std::string_view resource,
                    std::string_view container, TimePoint now, const HpaOptions& opts) {
  PodGroups g;
  for (size_t i = 0; i < pods.size(); ++i) {
    const PodSample& pod = pods[i];
    const PodResource* r = FindResource(pod, resource, container);
    if (pod.deleting || pod.failed) {
      g.ignored.push_back(i);
    } else if (pod.pending) {
      g.unready.push_back(i);
    } else if (r == nullptr || !r->usage_milli) {
      g.missing.push_back(i);
    } else if (resource == "cpu" && CpuUnready(pod, now, opts)) {
      g.unready.push_back(i);
    } else {
      ++g.ready;
      g.with_sample.push_back(i);
    }
  }
  return g;
}

MetricProposal ComputeMetricProposal(const MetricSpec& metric, const HpaInput& input,
                                     const Tolerances& tol, TimePoint now, const HpaOptions& opts) {
  MetricProposal p;
  p.metric = Describe(metric);
  if (metric.source == MetricSpec::Source::kExternal) {
    ExternalProposal(metric, input, tol, &p);
  } else {
    ResourceProposal(metric, input, tol, now, opts, &p);
  }
  if (!p.status.ok()) p.replicas = 0;
  return p;
}

HpaResult ReconcileHpa(const HpaSpec& spec, const HpaInput& input, TimePoint now, HpaState* state,
                       const HpaOptions& opts) {
  HpaResult r;
  const int32_t current = input.spec_replicas;
  r.current_replicas = current;
  r.desired_replicas = current;
  r.able_to_scale = Cond("AbleToScale", true, "SucceededGetScale",
                         "the HPA controller was able to get the target's current scale");
  // recordInitialRecommendation (kubernetes.md §1.5, "simulation gotcha").
  if (state->recommendations.empty()) state->recommendations.push_back({current, now});
  const std::optional<int32_t> desired = DesiredReplicas(spec, input, now, opts, state, &r);
  if (!desired || *desired == current) return r;
  r.rescale = true;
  r.desired_replicas = *desired;
  r.able_to_scale =
      Cond("AbleToScale", true, "SucceededRescale",
           "the HPA controller was able to update the target scale to " + std::to_string(*desired));
  if (spec.behavior) {
    StoreScaleEvent(DefaultedBehavior(*spec.behavior, opts), current, *desired, now, state);
  }
  return r;
}

}  // namespace swell::scaling
