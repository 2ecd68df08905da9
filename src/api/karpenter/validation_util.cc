#include "api/karpenter/validation_util.h"

#include <algorithm>

#include "api/placeholder.h"

namespace swell::api::karpenter {

bool MatchesPattern(std::string_view value, const std::regex& pattern) {
  return std::regex_search(value.begin(), value.end(), pattern);
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::string ListForMessage(std::initializer_list<std::string_view> allowed) {
  std::string out;
  size_t i = 0;
  for (std::string_view a : allowed) {
    if (i > 0) out += (i + 1 == allowed.size()) ? " or " : ", ";
    out += a;
    i++;
  }
  return out;
}

std::string Quoted(std::string_view value) { return "\"" + std::string(value) + "\""; }

void ReportValue(Diagnostics& diags, const std::string& path, std::string_view value,
                 std::string message, const char* rule) {
  if (ContainsPlaceholder(value)) {
    diags.Warning(path,
                  std::move(message) + " (if the placeholder is filled in correctly, ignore this)",
                  rule);
  } else {
    diags.Error(path, std::move(message), rule);
  }
}

const std::regex& NillableDurationPattern() {
  static const std::regex re("^(([0-9]+(s|m|h))+|Never)$");
  return re;
}

const std::regex& DurationPattern() {
  static const std::regex re("^([0-9]+(s|m|h))+$");
  return re;
}

}  // namespace swell::api::karpenter
