// resource.Quantity: exact decimal amounts such as "100m", "1.5Gi", "2e3", "128974848".
// Semantics follow apimachinery's pkg/api/resource (see ../shared/reference/kubernetes.md
// §2.8): parse is exact (no float), arithmetic is exact integer arithmetic, and the canonical
// string keeps the format family of the input (BinarySI, DecimalSI, DecimalExponent).
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "api/codec.h"
#include "util/status.h"

namespace swell::api {

class Quantity {
 public:
  enum class Format : uint8_t { kDecimalSI, kBinarySI, kDecimalExponent };

  // Zero, DecimalSI.
  Quantity() = default;

  // Parses a Kubernetes quantity: <sign><digits>[.<digits>]<suffix>, suffix one of
  // "" n u m k M G T P E (DecimalSI), Ki Mi Gi Ti Pi Ei (BinarySI), e<n>/E<n>
  // (DecimalExponent), with apimachinery's ParseQuantity semantics: a non-zero value finer
  // than 1n is rounded up (away from zero) to the next nano; a BinarySI magnitude above
  // 2^63-1 is capped there; a BinarySI value with 0 < |v| < 1 becomes DecimalSI. Like
  // upstream's scanner it accepts digit-less numbers as zero ("-", ".", "Ki", "e3").
  // Returns InvalidArgument with upstream's reason (format, numeric part or suffix) for
  // anything else, and for a decimal magnitude of 10^29 or more (swell's range limit;
  // apimachinery would accept it).
  static StatusOr<Quantity> Parse(std::string_view text);
  // Parses or aborts: for constants in code and tests only.
  static Quantity MustParse(std::string_view text);

  // value * 10^-3, exactly (e.g. cpu in millicores).
  static Quantity FromMilli(int64_t milli, Format f = Format::kDecimalSI);
  static Quantity FromInt(int64_t value, Format f = Format::kDecimalSI);

  // The canonical string (apimachinery's String()): "1500m", "1.5Gi" -> "1536Mi", "1k",
  // "0.0001" -> "100u", "1000E" -> "1e21". It depends on the value and format only: where
  // apimachinery echoes a parsed text that merely looks canonical ("+1", "01", "1.500",
  // "1E3") this returns the canonical form ("1", "1", "1500m", "1e3"). A BinarySI value that
  // is a multiple of 1024Ei keeps the "Ei" suffix ("1024Ei"; upstream prints a bare "1").
  std::string ToString() const;

  // Value rounded up to an integer (apimachinery Value()), saturating at int64 limits.
  // A negative fraction rounds away from zero ("-1.5" -> -2), as upstream's int64 path does.
  int64_t Value() const;
  // Value * 1000 rounded up, away from zero (apimachinery MilliValue()), saturating.
  int64_t MilliValue() const;
  // Approximate value as double, for reporting and ratios only.
  double AsDouble() const;

  bool IsZero() const;
  int Sign() const;  // -1, 0, 1
  Format format() const { return format_; }

  // Exact sums. If *this is zero it takes o's format (apimachinery Add/Sub). A result of
  // 10^29 or more in magnitude saturates there.
  Quantity& operator+=(const Quantity& o);
  Quantity& operator-=(const Quantity& o);
  // The negated amount, same format (apimachinery Neg()).
  Quantity operator-() const { return Quantity(-nanos_, format_); }
  friend Quantity operator+(Quantity a, const Quantity& b) { return a += b; }
  friend Quantity operator-(Quantity a, const Quantity& b) { return a -= b; }
  // Multiplies by an integer (e.g. maxReplicaCount x a pod's request), exactly, keeping the
  // format; saturates like the sums.
  Quantity MulInt(int64_t n) const;

  // Numeric comparison; the format does not take part.
  friend std::strong_ordering operator<=>(const Quantity& a, const Quantity& b);
  friend bool operator==(const Quantity& a, const Quantity& b) { return (a <=> b) == 0; }

 private:
  // A 128-bit signed integer. (__extension__ keeps -Wpedantic quiet about the GNU type.)
  __extension__ typedef __int128 Int128;
  explicit Quantity(Int128 nanos, Format f) : nanos_(nanos), format_(f) {}

  // The amount is nanos_ * 10^-9, exactly. Every parsed quantity is a whole number of nanos
  // (apimachinery rounds finer values up to 1n), so a fixed nano scale loses nothing. The
  // magnitude is kept below 10^38 nanos (10^29): Parse rejects larger decimal values and
  // arithmetic saturates there (apimachinery would switch to an unbounded inf.Dec).
  Int128 nanos_ = 0;
  Format format_ = Format::kDecimalSI;
  friend class QuantityTestPeer;
};

// Quantities decode from integer, number or string scalars and encode as canonical strings.
// A string is trimmed of surrounding whitespace and parsed. A number is read the way
// kubectl sends it (YAML -> JSON): an integer as its decimal value ("0x10" -> 16), a float
// as Go's JSON text for the float64 (1e3 -> "1000" -> "1k", 0.1 -> "100m"). A parse failure
// is the error "decode/quantity" naming the reason.
void DecodeValue(const yaml::Node& n, Quantity& out, Decoder& d);
yaml::Node EncodeValue(const Quantity& v);
inline bool IsZero(const Quantity& v) { return v.IsZero(); }

// corev1.ResourceList: resource name -> quantity, sorted by name.
using ResourceList = std::map<std::string, Quantity, std::less<>>;

// Per-resource sum, max and "fits" helpers used by scheduling.
void AddTo(ResourceList& into, const ResourceList& add);
ResourceList MaxPerResource(const ResourceList& a, const ResourceList& b);
// True if every resource in `request` is <= the same resource in `available` (a resource
// missing from `available` counts as zero).
bool Fits(const ResourceList& request, const ResourceList& available);

}  // namespace swell::api
