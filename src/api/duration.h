// Durations as Kubernetes objects write them.
//   - GoDuration: Go's time.ParseDuration syntax ("30s", "1h30m", "1.5h", "300ms", "-1m"),
//     used by metav1.Duration fields (Karpenter terminationGracePeriod, budget duration).
//   - NillableDuration: Karpenter's expireAfter / consolidateAfter: a GoDuration or the
//     literal "Never" (= no duration). The raw text is kept so it round-trips unchanged.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/codec.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::api {

// Parses Go's time.ParseDuration syntax: a sequence of decimal numbers with optional
// fraction and a unit (ns, us, µs (U+00B5), μs (U+03BC), ms, s, m, h), optionally signed;
// "0" alone is allowed. Go's nanosecond value (fractions computed as Go does, in float64 and
// truncated) is rounded to swell's microsecond resolution, half away from zero ("1500ns" ->
// 2us, "-1500ns" -> -2us). Errors are InvalidArgument with Go's message, e.g.
// `time: unknown unit "x" in duration "1x"`.
StatusOr<Duration> ParseGoDuration(std::string_view text);

struct GoDuration {
  std::string raw;  // as written; encoding re-emits it
  Duration value{0};
  friend bool operator==(const GoDuration& a, const GoDuration& b) { return a.value == b.value; }
};
// Decodes a string scalar (an unquoted number is read with the codec's
// "decode/unquoted-string" warning); a bad duration is a "decode/duration" error naming the
// value and the expected form. Encodes raw, or FormatGoDuration(value) when raw is empty.
void DecodeValue(const yaml::Node& n, GoDuration& out, Decoder& d);
yaml::Node EncodeValue(const GoDuration& v);
inline bool IsZero(const GoDuration& v) { return v.raw.empty() && v.value == Duration(0); }

struct NillableDuration {
  std::string raw;                // e.g. "720h", "Never"
  std::optional<Duration> value;  // nullopt for "Never"
  bool IsNever() const { return !value.has_value(); }
  static NillableDuration Never() { return NillableDuration{"Never", std::nullopt}; }
  static NillableDuration Of(Duration d) { return NillableDuration{FormatGoDuration(d), d}; }
  friend bool operator==(const NillableDuration& a, const NillableDuration& b) {
    return a.value == b.value;
  }
};
// Parses "Never" (exactly) or a GoDuration, keeping the text as raw. The error names the
// value and the expected forms. CRD patterns such as expireAfter's
// ^(([0-9]+(s|m|h))+|Never)$ are validation, not decoding: "1.5h" parses here.
StatusOr<NillableDuration> ParseNillableDuration(std::string_view text);
// Decodes like GoDuration ("decode/duration" errors). Encodes as Karpenter's MarshalJSON:
// raw, else the duration's Go string, else "Never".
void DecodeValue(const yaml::Node& n, NillableDuration& out, Decoder& d);
yaml::Node EncodeValue(const NillableDuration& v);
inline bool IsZero(const NillableDuration& v) { return v.raw.empty(); }

}  // namespace swell::api
