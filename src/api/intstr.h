// intstr.IntOrString: either an integer or a string such as "10%". Used by budgets
// (Karpenter `nodes: "10%"`), PodDisruptionBudget, rolling-update and HPA policies.
#pragma once

#include <cstdint>
#include <string>

#include "api/codec.h"
#include "util/status.h"

namespace swell::api {

struct IntOrString {
  bool is_string = false;
  int64_t int_value = 0;
  std::string str_value;

  static IntOrString Int(int64_t v) { return IntOrString{false, v, {}}; }
  static IntOrString String(std::string s) { return IntOrString{true, 0, std::move(s)}; }

  bool IsPercent() const { return is_string && !str_value.empty() && str_value.back() == '%'; }
  std::string ToString() const { return is_string ? str_value : std::to_string(int_value); }
  friend bool operator==(const IntOrString&, const IntOrString&) = default;
};

// intstr.GetScaledValueFromIntOrPercent: an int is returned as is; "N%" gives
// total * N / 100, rounded up if round_up else down. A string that is not "<int>%" (or a
// negative percent) is InvalidArgument. N is read like strconv.Atoi ("+10%", "010%" pass).
// The result is exact (upstream rounds through float64) and InvalidArgument on int64 overflow.
StatusOr<int64_t> GetScaledValueFromIntOrPercent(const IntOrString& v, int64_t total,
                                                 bool round_up);

// Decodes an integer scalar as an int (int32 range, as upstream's IntVal; an integral float
// such as 1.0 counts, since YAML -> JSON makes it 1) and any string scalar as a string (a
// quoted "10" stays a string). Other scalars are "decode/type" errors, out-of-range ints
// "decode/range". Encodes an int as a plain number and a string double-quoted.
void DecodeValue(const yaml::Node& n, IntOrString& out, Decoder& d);
yaml::Node EncodeValue(const IntOrString& v);
inline bool IsZero(const IntOrString& v) { return !v.is_string && v.int_value == 0; }

}  // namespace swell::api
