#include "api/keda/validate_util.h"

#include <algorithm>
#include <vector>

#include "api/keda/scaler_schema.h"

namespace swell::api::keda {

void Minimum(int32_t v, int32_t min, const std::string& path, Diagnostics& diags,
             const char* rule) {
  if (v < min) diags.Error(path, std::to_string(v) + " must be >= " + std::to_string(min), rule);
}

void Minimum(const std::optional<int32_t>& v, int32_t min, const std::string& path,
             Diagnostics& diags, const char* rule) {
  if (v) Minimum(*v, min, path, diags, rule);
}

void OneOf(std::string_view value, std::initializer_list<std::string_view> allowed,
           const std::string& path, Diagnostics& diags, bool allow_empty, const char* rule) {
  if (value.empty() && allow_empty) return;
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string list;
  for (std::string_view a : allowed) {
    if (!list.empty()) list += ", ";
    list += a;
  }
  std::string msg = value.empty() ? "must not be empty: one of " + list
                                  : "\"" + std::string(value) + "\" must be one of " + list;
  std::string near = Suggest(value, std::vector<std::string_view>(allowed));
  if (!value.empty() && !near.empty()) msg += " (did you mean \"" + near + "\"?)";
  diags.Error(path, std::move(msg), rule);
}

}  // namespace swell::api::keda
