// Small helpers shared by the Karpenter validators: CRD `pattern` matching with OpenAPI's
// semantics, enum checks, and reporting that turns an error on a templated value
// (${CLUSTER_NAME}) into a warning.
#pragma once

#include <initializer_list>
#include <regex>
#include <string>
#include <string_view>

#include "api/diagnostics.h"

namespace swell::api::karpenter {

// OpenAPI `pattern`: an ECMA-262 regex searched anywhere in the value (so an unanchored
// pattern such as "ami-[0-9a-z]+" matches "xami-1"), as the API server does.
bool MatchesPattern(std::string_view value, const std::regex& pattern);

// True if `value` is one of `allowed`.
bool OneOf(std::string_view value, std::initializer_list<std::string_view> allowed);
// "a, b or c" for messages.
std::string ListForMessage(std::initializer_list<std::string_view> allowed);

// "\"value\"" for messages.
std::string Quoted(std::string_view value);

// Reports a problem with `value` at `path`: an error, or a warning when the value holds a
// template placeholder (the real value comes from a templating step swell does not see).
void ReportValue(Diagnostics& diags, const std::string& path, std::string_view value,
                 std::string message, const char* rule);

// Patterns used by several kinds (core CRDs).
// expireAfter, consolidateAfter: ^(([0-9]+(s|m|h))+|Never)$
const std::regex& NillableDurationPattern();
// Hand-written equivalents of the hot CRD patterns (std::regex costs more than the rest of a
// NodePool's validation; pattern_test.cc checks them against the regexes):
//   ^([0-9]+(s|m|h))+$, and with allow_never also "Never"
bool MatchesDurationPattern(std::string_view s, bool allow_never);
//   ^((100|[0-9]{1,2})%|[0-9]+)$
bool MatchesBudgetNodesPattern(std::string_view s);
//   ^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$
bool MatchesBudgetDurationPattern(std::string_view s);
//   ^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$
//   (as regex_search: the macro alternative is anchored only at the start, the other only at
//   the end)
bool MatchesBudgetSchedulePattern(std::string_view s);
// terminationGracePeriod, nodeRegistrationDelay: ^([0-9]+(s|m|h))+$
const std::regex& DurationPattern();

}  // namespace swell::api::karpenter
