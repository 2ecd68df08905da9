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
  // "" m k M G T P E (DecimalSI), Ki Mi Gi Ti Pi Ei (BinarySI), e<n>/E<n> (DecimalExponent).
  // Returns InvalidArgument (with the reason) for anything else, including values whose
  // magnitude exceeds what Kubernetes accepts.
  static StatusOr<Quantity> Parse(std::string_view text);
  // Parses or aborts: for constants in code and tests only.
  static Quantity MustParse(std::string_view text);

  // value * 10^-3, exactly (e.g. cpu in millicores).
  static Quantity FromMilli(int64_t milli, Format f = Format::kDecimalSI);
  static Quantity FromInt(int64_t value, Format f = Format::kDecimalSI);

  // The canonical string (apimachinery's String()): "1500m", "1.5Gi" -> "1536Mi", "1k".
  std::string ToString() const;

  // Value rounded up to an integer (apimachinery Value()), saturating at int64 limits.
  int64_t Value() const;
  // Value * 1000 rounded up (apimachinery MilliValue()), saturating.
  int64_t MilliValue() const;
  // Approximate value as double, for reporting and ratios only.
  double AsDouble() const;

  bool IsZero() const;
  int Sign() const;  // -1, 0, 1
  Format format() const { return format_; }

  Quantity& operator+=(const Quantity& o);
  Quantity& operator-=(const Quantity& o);
  friend Quantity operator+(Quantity a, const Quantity& b) { return a += b; }
  friend Quantity operator-(Quantity a, const Quantity& b) { return a -= b; }
  // Multiplies by an integer (e.g. maxReplicaCount x a pod's request).
  Quantity MulInt(int64_t n) const;

  // Numeric comparison; the format does not take part.
  friend std::strong_ordering operator<=>(const Quantity& a, const Quantity& b);
  friend bool operator==(const Quantity& a, const Quantity& b) { return (a <=> b) == 0; }

 private:
  // The amount is mantissa_ * 10^scale_, exact. (Implementation detail: the .cc may use a
  // wider internal representation; callers see only the methods above.)
  int64_t mantissa_ = 0;
  int32_t scale_ = 0;
  Format format_ = Format::kDecimalSI;
  friend class QuantityTestPeer;
};

// Quantities decode from integer, number or string scalars and encode as canonical strings.
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
