// Helpers every scaler file uses: KEDA's metric-target rules (pkg/scalers/scaler.go;
// keda.md §2.7), the one-value reply, the errors for a missing client and bad metadata, and
// Go's url.ParseRequestURI path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "scalers/scaler.h"
#include "util/status.h"

namespace swell::scalers {

inline constexpr std::string_view kAverageValue = "AverageValue";
inline constexpr std::string_view kValue = "Value";
inline constexpr std::string_view kUtilization = "Utilization";

// KEDA's GetMetricTargetType for External metrics: "" -> AverageValue, Utilization ->
// InvalidArgument, anything else as given (the webhook rejects other values earlier).
StatusOr<std::string> MetricTargetType(const ScalerConfig& config);

// KEDA's GetMetricTarget: an External MetricSpec with an integer target (milli = target x 1000,
// saturating at the int64 limits; negative targets are kept, as resource.NewQuantity does).
MetricSpec ExternalMetric(std::string name, std::string target_type, int64_t target);

// KEDA's GetMetricTargetMili: an External MetricSpec with a float target (ToMilli: NaN, Inf
// and negative values become 0).
MetricSpec ExternalMetricMilli(std::string name, std::string target_type, double target);

// KEDA's GenerateMetricInMili for one value, with the trigger's activity.
MetricsAndActivity OneMetric(std::string_view metric_name, double value, bool active);

// Unimplemented: "this world has no <what>" (a Sources without that client).
Status NoClient(std::string_view what);

// `s` with the prefix "error parsing <type> metadata: " (as KEDA's wrapping), code kept.
Status MetadataError(const ScalerConfig& config, const Status& s);
// InvalidArgument "error parsing <type> metadata: <msg>".
Status MetadataError(const ScalerConfig& config, std::string msg);

// Go's url.QueryEscape: unreserved bytes (A-Z a-z 0-9 - _ . ~) kept, ' ' -> '+', the rest %XX.
std::string QueryEscape(std::string_view s);

// Go's url.ParseRequestURI(raw).Path: nullopt when ParseRequestURI fails (a relative
// reference such as "my-queue", control characters, a bad authority or a bad %-escape); ""
// for an opaque URI such as "arn:aws:sqs:...". The path is %-decoded; the query is dropped;
// '#' is not special (ParseRequestURI keeps fragments in the path).
std::optional<std::string> GoRequestUriPath(std::string_view raw);

}  // namespace swell::scalers
