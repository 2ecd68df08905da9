// Go durations (time.ParseDuration) and Karpenter's NillableDuration
// (karpenter pkg/apis/v1/duration.go; ../shared/reference/karpenter.md §1.1 expireAfter,
// consolidateAfter).
#include "api/duration.h"

#include <cstdint>

namespace swell::api {
namespace {

constexpr uint64_t kTwo63 = uint64_t{1} << 63;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Nanoseconds per unit, as Go's unitMap; 0 for an unknown unit.
uint64_t UnitNanos(std::string_view u) {
  if (u == "ns") return 1;
  // "us", U+00B5 MICRO SIGN + "s", U+03BC GREEK SMALL LETTER MU + "s".
  if (u == "us" || u == "\xC2\xB5s" || u == "\xCE\xBCs") return 1'000;
  if (u == "ms") return 1'000'000;
  if (u == "s") return 1'000'000'000;
  if (u == "m") return 60'000'000'000;
  if (u == "h") return 3'600'000'000'000;
  return 0;
}

Status Invalid(std::string_view orig) {
  return InvalidArgument("time: invalid duration \"" + std::string(orig) + "\"");
}

constexpr std::string_view kGoExamples = "such as \"30s\", \"5m\", \"1h30m\" or \"1.5h\"";

}  // namespace

StatusOr<Duration> ParseGoDuration(std::string_view text) {
  // Go: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+ with unit table ns us µs μs ms s m h.
  std::string_view s = text;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return Duration(0);
  if (s.empty()) return Invalid(text);
  uint64_t total = 0;  // nanoseconds, at most 2^63
  while (!s.empty()) {
    if (!(s[0] == '.' || IsDigit(s[0]))) return Invalid(text);
    // Integer part (Go leadingInt: an overflow is an error).
    uint64_t v = 0;
    size_t i = 0;
    for (; i < s.size() && IsDigit(s[i]); i++) {
      if (v > kTwo63 / 10) return Invalid(text);
      v = v * 10 + static_cast<uint64_t>(s[i] - '0');
      if (v > kTwo63) return Invalid(text);
    }
    const bool pre = i > 0;
    s.remove_prefix(i);
    // Fraction (Go leadingFraction: digits past the int64 range are dropped).
    uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      bool overflow = false;
      size_t j = 0;
      for (; j < s.size() && IsDigit(s[j]); j++) {
        if (overflow) continue;
        if (f > (kTwo63 - 1) / 10) {
          overflow = true;
          continue;
        }
        uint64_t y = f * 10 + static_cast<uint64_t>(s[j] - '0');
        if (y > kTwo63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s.remove_prefix(j);
    }
    if (!pre && !post) return Invalid(text);  // e.g. ".s"
    // Unit: everything up to the next digit or '.'.
    size_t u = 0;
    while (u < s.size() && s[u] != '.' && !IsDigit(s[u])) u++;
    if (u == 0) {
      return InvalidArgument("time: missing unit in duration \"" + std::string(text) + "\"");
    }
    std::string_view unit_text = s.substr(0, u);
    s.remove_prefix(u);
    const uint64_t unit = UnitNanos(unit_text);
    if (unit == 0) {
      return InvalidArgument("time: unknown unit \"" + std::string(unit_text) +
                             "\" in duration \"" + std::string(text) + "\"");
    }
    if (v > kTwo63 / unit) return Invalid(text);
    v *= unit;
    if (f > 0) {
      // Go computes the fraction in float64 and truncates: the same IEEE operations here.
      v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > kTwo63) return Invalid(text);
    }
    total += v;
    if (total > kTwo63) return Invalid(text);
  }
  if (!neg && total > kTwo63 - 1) return Invalid(text);
  // Nanoseconds to swell's microseconds, rounding half away from zero.
  const int64_t us = static_cast<int64_t>((total + 500) / 1000);
  return Duration(neg ? -us : us);
}

void DecodeValue(const yaml::Node& n, GoDuration& out, Decoder& d) {
  if (n.IsNull()) return;
  if (!n.IsScalar()) return d.TypeError(n, "duration string");
  std::string text;
  DecodeValue(n, text, d);  // warns when the scalar is an unquoted number
  StatusOr<Duration> v = ParseGoDuration(text);
  if (!v.ok()) {
    std::string msg = d.secret() ? std::string("invalid duration") : v.status().message();
    return d.Error(n, msg + "; expected a Go duration " + std::string(kGoExamples),
                   "decode/duration");
  }
  out.raw = std::move(text);
  out.value = *v;
}

yaml::Node EncodeValue(const GoDuration& v) {
  return yaml::Node::Scalar(v.raw.empty() ? FormatGoDuration(v.value) : v.raw,
                            yaml::ScalarStyle::kDoubleQuoted);
}

StatusOr<NillableDuration> ParseNillableDuration(std::string_view text) {
  if (text == "Never") return NillableDuration::Never();
  StatusOr<Duration> v = ParseGoDuration(text);
  if (!v.ok()) {
    return InvalidArgument(v.status().message() + "; expected \"Never\" or a Go duration " +
                           std::string(kGoExamples));
  }
  return NillableDuration{std::string(text), *v};
}

void DecodeValue(const yaml::Node& n, NillableDuration& out, Decoder& d) {
  if (n.IsNull()) return;
  if (!n.IsScalar()) return d.TypeError(n, "duration string or \"Never\"");
  std::string text;
  DecodeValue(n, text, d);  // warns when the scalar is an unquoted number
  StatusOr<NillableDuration> v = ParseNillableDuration(text);
  if (!v.ok()) {
    std::string msg = d.secret()
                          ? std::string("invalid duration; expected \"Never\" or a Go duration")
                          : v.status().message();
    return d.Error(n, std::move(msg), "decode/duration");
  }
  out = std::move(v).value();
}

yaml::Node EncodeValue(const NillableDuration& v) {
  // Karpenter's MarshalJSON: the raw text, else the duration's String(), else "Never".
  std::string text = !v.raw.empty() ? v.raw : (v.value ? FormatGoDuration(*v.value) : "Never");
  return yaml::Node::Scalar(std::move(text), yaml::ScalarStyle::kDoubleQuoted);
}

}  // namespace swell::api
