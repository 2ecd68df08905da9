// intstr.IntOrString, following apimachinery pkg/util/intstr/intstr.go (UnmarshalJSON,
// GetScaledValueFromIntOrPercent).
#include "api/intstr.h"

#include <cmath>
#include <limits>
#include <string_view>

namespace swell::api {
namespace {

__extension__ typedef __int128 i128;

// strconv.Atoi: an optional sign and decimal digits, in int64 range.
bool Atoi(std::string_view s, int64_t& out) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  i128 v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
    if (v > static_cast<i128>(std::numeric_limits<int64_t>::max()) + 1) return false;
  }
  if (neg) v = -v;
  if (v > std::numeric_limits<int64_t>::max()) return false;
  out = static_cast<int64_t>(v);
  return true;
}

}  // namespace

StatusOr<int64_t> GetScaledValueFromIntOrPercent(const IntOrString& v, int64_t total,
                                                 bool round_up) {
  if (!v.is_string) return v.int_value;
  const std::string& s = v.str_value;
  if (!v.IsPercent()) {
    return InvalidArgument("invalid value for IntOrString: invalid type: string \"" + s +
                           "\" is not a percentage");
  }
  int64_t pct = 0;
  if (!Atoi(std::string_view(s).substr(0, s.size() - 1), pct)) {
    return InvalidArgument("invalid value for IntOrString: invalid value \"" + s +
                           "\": expected an integer percentage such as \"10%\"");
  }
  if (pct < 0) {
    return InvalidArgument("invalid value for IntOrString: negative percentage \"" + s + "\"");
  }
  // Upstream computes ceil/floor(pct * total / 100) in float64; this is the exact value.
  i128 prod = static_cast<i128>(pct) * total;
  i128 q = prod / 100;
  i128 r = prod % 100;
  if (round_up && r > 0) q++;
  if (!round_up && r < 0) q--;
  if (q > std::numeric_limits<int64_t>::max() || q < std::numeric_limits<int64_t>::min()) {
    return InvalidArgument("invalid value for IntOrString: \"" + s + "\" of " +
                           std::to_string(total) + " overflows");
  }
  return static_cast<int64_t>(q);
}

void DecodeValue(const yaml::Node& n, IntOrString& out, Decoder& d) {
  if (n.IsNull()) return;
  constexpr std::string_view kExpected = "integer or string";
  if (!n.IsScalar()) return d.TypeError(n, kExpected);
  switch (n.Resolve()) {
    case yaml::ScalarType::kNull:
      return;
    case yaml::ScalarType::kString:
      // A quoted "10" stays a string, as in Kubernetes.
      out = IntOrString::String(n.value());
      return;
    case yaml::ScalarType::kInt: {
      // IntVal is an int32 upstream.
      Diagnostics scratch;
      Decoder sd(&scratch);
      int32_t v = 0;
      DecodeValue(n, v, sd);
      if (scratch.has_errors()) {
        return d.Error(n, "integer out of range for a 32-bit int-or-string", "decode/range");
      }
      out = IntOrString::Int(v);
      return;
    }
    case yaml::ScalarType::kFloat: {
      // YAML -> JSON turns an integral float into an integer ("1.0" -> 1), which int32 takes.
      Diagnostics scratch;
      Decoder sd(&scratch);
      double v = 0.5;
      DecodeValue(n, v, sd);
      if (!scratch.has_errors() && std::isfinite(v) && v == std::floor(v) &&
          v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max()) {
        out = IntOrString::Int(static_cast<int64_t>(v));
        return;
      }
      return d.TypeError(n, kExpected);
    }
    case yaml::ScalarType::kBool:
      return d.TypeError(n, kExpected);
  }
}

yaml::Node EncodeValue(const IntOrString& v) {
  if (v.is_string) return yaml::Node::Scalar(v.str_value, yaml::ScalarStyle::kDoubleQuoted);
  return yaml::Node::Scalar(std::to_string(v.int_value));
}

}  // namespace swell::api
