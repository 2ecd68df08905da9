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
// fraction and a unit (ns, us, µs, ms, s, m, h), optionally signed; "0" alone is allowed.
// The result is rounded to swell's microsecond resolution. Errors are InvalidArgument.
StatusOr<Duration> ParseGoDuration(std::string_view text);

struct GoDuration {
  std::string raw;  // as written; encoding re-emits it
  Duration value{0};
  friend bool operator==(const GoDuration& a, const GoDuration& b) { return a.value == b.value; }
};
void DecodeValue(const yaml::Node& n, GoDuration& out, Decoder& d);
yaml::Node EncodeValue(const GoDuration& v);
inline bool IsZero(const GoDuration& v) { return v.raw.empty() && v.value == Duration(0); }

struct NillableDuration {
  std::string raw;                 // e.g. "720h", "Never"
  std::optional<Duration> value;   // nullopt for "Never"
  bool IsNever() const { return !value.has_value(); }
  static NillableDuration Never() { return NillableDuration{"Never", std::nullopt}; }
  static NillableDuration Of(Duration d) { return NillableDuration{FormatGoDuration(d), d}; }
  friend bool operator==(const NillableDuration& a, const NillableDuration& b) {
    return a.value == b.value;
  }
};
// Parses "Never" or a GoDuration.
StatusOr<NillableDuration> ParseNillableDuration(std::string_view text);
void DecodeValue(const yaml::Node& n, NillableDuration& out, Decoder& d);
yaml::Node EncodeValue(const NillableDuration& v);
inline bool IsZero(const NillableDuration& v) { return v.raw.empty(); }

}  // namespace swell::api
