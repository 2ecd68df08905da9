#include "scalers/scaler.h"

#include <cmath>

namespace swell::scalers {

std::string MetricName(int trigger_index, std::string_view name) {
  std::string out = "s" + std::to_string(trigger_index) + "-";
  for (char c : name) {
    out.push_back((c == '/' || c == '.' || c == ':' || c == '%' || c == '(' || c == ')') ? '-' : c);
  }
  return out;
}

int64_t ToMilli(double value) {
  if (!std::isfinite(value) || value < 0) return 0;
  // KEDA formats "%.3f" and parses a quantity: round half away from zero at the milli digit.
  double m = std::round(value * 1000.0);
  if (m > 9.2e18) return INT64_MAX;
  return static_cast<int64_t>(m);
}

}  // namespace swell::scalers
