// Small helpers shared by the KEDA validators (CRD minimums and enums).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "api/diagnostics.h"

namespace swell::api::keda {

// Error "<v> must be >= <min>" at `path` (rule `rule`) when v < min.
void Minimum(int32_t v, int32_t min, const std::string& path, Diagnostics& diags,
             const char* rule = "keda/schema");
// The same for an optional field; unset is fine.
void Minimum(const std::optional<int32_t>& v, int32_t min, const std::string& path,
             Diagnostics& diags, const char* rule = "keda/schema");

// Error "\"v\" must be one of a, b" at `path` when `value` is not in `allowed` (a CRD enum),
// with a did-you-mean. An empty value passes when `allow_empty` (the field is unset).
void OneOf(std::string_view value, std::initializer_list<std::string_view> allowed,
           const std::string& path, Diagnostics& diags, bool allow_empty = true,
           const char* rule = "keda/schema");

}  // namespace swell::api::keda
