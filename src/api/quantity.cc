// resource.Quantity, following apimachinery pkg/api/resource (quantity.go ParseQuantity and
// CanonicalizeBytes, suffix.go, amount.go); see ../shared/reference/kubernetes.md §2.8.
//
// The amount is a signed 128-bit count of nanos. Parsing works on the decimal digits of the
// input (so any length is exact), multiplies them by 2^k for a binary suffix, and rounds
// what is left below 1n up, away from zero, as upstream's inf.Dec path does.
#include "api/quantity.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <system_error>

namespace swell::api {
namespace {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

constexpr int64_t kNanosPerUnit = 1'000'000'000;
// Magnitudes stay below 10^38 nanos (10^29); 38 decimal digits always fit an i128.
constexpr int kMaxDigits = 38;

constexpr i128 Pow10(int n) {
  i128 p = 1;
  for (int i = 0; i < n; i++) p *= 10;
  return p;
}
constexpr i128 kMaxNanos = Pow10(kMaxDigits) - 1;
// apimachinery's maxAllowed for BinarySI: 2^63-1, in nanos.
constexpr i128 kMaxBinaryNanos =
    static_cast<i128>(std::numeric_limits<int64_t>::max()) * kNanosPerUnit;

constexpr std::string_view kErrFormatWrong =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr std::string_view kErrNumeric = "unable to parse numeric part of quantity";
constexpr std::string_view kErrSuffix = "unable to parse quantity's suffix";

i128 Clamp(i128 v) {
  if (v > kMaxNanos) return kMaxNanos;
  if (v < -kMaxNanos) return -kMaxNanos;
  return v;
}

i128 SaturatingAdd(i128 a, i128 b) {
  i128 r;
  if (__builtin_add_overflow(a, b, &r)) return (a > 0) ? kMaxNanos : -kMaxNanos;
  return Clamp(r);
}

i128 SaturatingMul(i128 a, i128 b) {
  i128 r;
  if (__builtin_mul_overflow(a, b, &r)) return ((a > 0) == (b > 0)) ? kMaxNanos : -kMaxNanos;
  return Clamp(r);
}

// Returns v / divisor rounded away from zero, saturated to int64 (apimachinery ScaledValue).
int64_t DivRoundAwayFromZero(i128 v, int64_t divisor) {
  i128 q = v / divisor;
  i128 r = v % divisor;
  if (r > 0) q++;
  if (r < 0) q--;
  if (q > std::numeric_limits<int64_t>::max()) return std::numeric_limits<int64_t>::max();
  if (q < std::numeric_limits<int64_t>::min()) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(q);
}

void AppendInt128(std::string& out, i128 v) {
  u128 mag = v < 0 ? static_cast<u128>(-(v + 1)) + 1 : static_cast<u128>(v);
  char buf[48];
  size_t n = 0;
  do {
    buf[n++] = static_cast<char>('0' + static_cast<int>(mag % 10));
    mag /= 10;
  } while (mag != 0);
  if (v < 0) out.push_back('-');
  while (n > 0) out.push_back(buf[--n]);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSuffixLetter(char c) {
  return std::string_view("eEinumkKMGTP").find(c) != std::string_view::npos;
}

// The pieces of a quantity string, as apimachinery's parseQuantityString splits them.
struct Scanned {
  bool positive = true;
  bool has_digits = false;  // the number part held at least one digit (upstream: inf.Dec reads)
  std::string_view num;     // integer digits without leading zeros (may be empty)
  std::string_view denom;   // fraction digits (may be empty)
  std::string_view suffix;
};

// Mirrors parseQuantityString: [sign] digits [. digits] then a run of suffix letters, an
// optional sign and digits. Returns false where upstream returns ErrFormatWrong.
bool Scan(std::string_view s, Scanned& out) {
  size_t pos = 0;
  const size_t end = s.size();
  if (pos < end && (s[pos] == '-' || s[pos] == '+')) {
    out.positive = s[pos] != '-';
    pos++;
  }
  while (pos < end && s[pos] == '0') {
    pos++;
    out.has_digits = true;
  }
  if (pos >= end) return true;  // all zeros (or just a sign): zero
  size_t start = pos;
  while (pos < end && IsDigit(s[pos])) pos++;
  out.num = s.substr(start, pos - start);
  if (!out.num.empty()) out.has_digits = true;
  if (pos >= end) return true;
  if (s[pos] == '.') {
    pos++;
    start = pos;
    while (pos < end && IsDigit(s[pos])) pos++;
    out.denom = s.substr(start, pos - start);
    if (!out.denom.empty()) out.has_digits = true;
    if (pos >= end) return true;
  }
  const size_t suffix_start = pos;
  while (pos < end && IsSuffixLetter(s[pos])) pos++;
  if (pos < end && (s[pos] == '-' || s[pos] == '+')) pos++;
  while (pos < end && IsDigit(s[pos])) pos++;
  if (pos < end) return false;
  out.suffix = s.substr(suffix_start);
  return true;
}

struct SuffixInfo {
  int base = 10;  // 10 or 2
  int32_t exponent = 0;
  Quantity::Format format = Quantity::Format::kDecimalSI;
};

// suffix.go interpret(): the fixed decimal and binary suffixes, else e<int>/E<int> with the
// exponent fitting an int32.
bool InterpretSuffix(std::string_view s, SuffixInfo& out) {
  using F = Quantity::Format;
  static constexpr struct {
    std::string_view text;
    int base;
    int32_t exponent;
    F format;
  } kTable[] = {
      {"", 10, 0, F::kDecimalSI},   {"n", 10, -9, F::kDecimalSI}, {"u", 10, -6, F::kDecimalSI},
      {"m", 10, -3, F::kDecimalSI}, {"k", 10, 3, F::kDecimalSI},  {"M", 10, 6, F::kDecimalSI},
      {"G", 10, 9, F::kDecimalSI},  {"T", 10, 12, F::kDecimalSI}, {"P", 10, 15, F::kDecimalSI},
      {"E", 10, 18, F::kDecimalSI}, {"Ki", 2, 10, F::kBinarySI},  {"Mi", 2, 20, F::kBinarySI},
      {"Gi", 2, 30, F::kBinarySI},  {"Ti", 2, 40, F::kBinarySI},  {"Pi", 2, 50, F::kBinarySI},
      {"Ei", 2, 60, F::kBinarySI},
  };
  for (const auto& e : kTable) {
    if (e.text == s) {
      out = SuffixInfo{e.base, e.exponent, e.format};
      return true;
    }
  }
  if (s.size() < 2 || (s[0] != 'e' && s[0] != 'E')) return false;
  // strconv.ParseInt(s[1:], 10, 32): optional sign, at least one digit, int32 range.
  std::string_view digits = s.substr(1);
  bool neg = false;
  if (digits[0] == '+' || digits[0] == '-') {
    neg = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) return false;
  int64_t v = 0;
  for (char c : digits) {
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
    if (v > int64_t{1} << 31) return false;
  }
  if (neg) v = -v;
  if (v > std::numeric_limits<int32_t>::max() || v < std::numeric_limits<int32_t>::min()) {
    return false;
  }
  out = SuffixInfo{10, static_cast<int32_t>(v), Quantity::Format::kDecimalExponent};
  return true;
}

// Multiplies a little-endian decimal digit string by 2^bits (bits <= 60).
void MulPow2(std::string& digits_le, int bits) {
  while (bits > 0) {
    const int step = bits > 30 ? 30 : bits;
    bits -= step;
    uint64_t carry = 0;
    for (char& c : digits_le) {
      uint64_t v = (static_cast<uint64_t>(c) << step) + carry;
      c = static_cast<char>(v % 10);
      carry = v / 10;
    }
    while (carry != 0) {
      digits_le.push_back(static_cast<char>(carry % 10));
      carry /= 10;
    }
  }
}

// "invalid quantity "<text>": <reason>", with a long text cut short.
Status ParseError(std::string_view text, std::string_view reason) {
  constexpr size_t kMaxShown = 64;
  std::string shown(text.substr(0, kMaxShown));
  if (text.size() > kMaxShown) shown += "...";
  return InvalidArgument("invalid quantity \"" + shown + "\": " + std::string(reason));
}

// Go's encoding/json text for a float64: shortest round-trip digits, fixed notation unless
// |v| < 1e-6 or |v| >= 1e21, and "e-07" shortened to "e-7".
std::string GoJsonFloat(double v) {
  char buf[64];
  double a = std::fabs(v);
  bool sci = a != 0 && (a < 1e-6 || a >= 1e21);
  auto r = std::to_chars(buf, buf + sizeof buf, v,
                         sci ? std::chars_format::scientific : std::chars_format::fixed);
  std::string s(buf, r.ptr);
  size_t n = s.size();
  if (sci && n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') {
    s.erase(n - 2, 1);
  }
  return s;
}

// Decimal integer text that fits an unsigned 64-bit value without a leading zero (go-yaml
// resolves those to uint64 where our resolver says float).
bool IsPlainUint64(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty() || s[0] == '0') return false;
  uint64_t v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return false;
    v = v * 10 + d;
  }
  return true;
}

}  // namespace

StatusOr<Quantity> Quantity::Parse(std::string_view text) {
  if (text.empty()) return ParseError(text, kErrFormatWrong);
  Scanned sc;
  if (!Scan(text, sc)) return ParseError(text, kErrFormatWrong);
  SuffixInfo suf;
  if (!InterpretSuffix(sc.suffix, suf)) return ParseError(text, kErrSuffix);
  Format format = suf.format;

  if (!sc.has_digits) {
    // Upstream's int64 fast path turns a digit-less number into zero; its inf.Dec path (taken
    // when the scale would drop below nano) fails to read it.
    if (suf.base == 10 && suf.exponent < -9) return ParseError(text, kErrNumeric);
    return Quantity(0, format);
  }

  // The significant digits, least significant first.
  std::string digits;
  digits.reserve(sc.num.size() + sc.denom.size() + 20);
  for (size_t i = sc.denom.size(); i > 0; i--) {
    digits.push_back(static_cast<char>(sc.denom[i - 1] - '0'));
  }
  for (size_t i = sc.num.size(); i > 0; i--) {
    digits.push_back(static_cast<char>(sc.num[i - 1] - '0'));
  }
  if (suf.base == 2) MulPow2(digits, suf.exponent);
  // nanos = digits * 10^exp10
  int64_t exp10 =
      (suf.base == 10 ? int64_t{suf.exponent} : 0) - static_cast<int64_t>(sc.denom.size()) + 9;
  while (!digits.empty() && digits.back() == 0) digits.pop_back();
  size_t low = 0;
  while (low < digits.size() && digits[low] == 0) low++;
  i128 nanos = 0;
  bool overflow = false;
  if (low < digits.size()) {
    const int64_t n = static_cast<int64_t>(digits.size() - low);
    exp10 += static_cast<int64_t>(low);
    if (exp10 >= 0) {
      if (n + exp10 > kMaxDigits) {
        overflow = true;
      } else {
        for (size_t i = digits.size(); i > low; i--) nanos = nanos * 10 + digits[i - 1];
        nanos *= Pow10(static_cast<int>(exp10));
      }
    } else {
      // The lowest -exp10 digits are below 1n, and not all zero: round up.
      const int64_t int_digits = n + exp10;
      if (int_digits > kMaxDigits) {
        overflow = true;
      } else {
        for (int64_t i = int_digits; i > 0; i--) {
          nanos = nanos * 10 + digits[low + static_cast<size_t>(-exp10 + i - 1)];
        }
        nanos += 1;
        if (nanos > kMaxNanos) overflow = true;
      }
    }
  }
  if (format == Format::kBinarySI) {
    if (overflow || nanos > kMaxBinaryNanos) nanos = kMaxBinaryNanos;
    if (nanos > 0 && nanos < kNanosPerUnit) format = Format::kDecimalSI;
  } else if (overflow) {
    return ParseError(text, "magnitude of 10^29 or more is beyond swell's range");
  }
  return Quantity(sc.positive ? nanos : -nanos, format);
}

Quantity Quantity::MustParse(std::string_view text) {
  StatusOr<Quantity> q = Parse(text);
  if (!q.ok()) {
    std::fprintf(stderr, "Quantity::MustParse: %s\n", q.status().ToString().c_str());
    std::abort();
  }
  return *q;
}

Quantity Quantity::FromMilli(int64_t milli, Format f) {
  return Quantity(static_cast<i128>(milli) * 1'000'000, f);
}

Quantity Quantity::FromInt(int64_t value, Format f) {
  return Quantity(static_cast<i128>(value) * kNanosPerUnit, f);
}

std::string Quantity::ToString() const {
  if (nanos_ == 0) return "0";
  std::string out;
  Format f = format_;
  if (f == Format::kBinarySI) {
    const i128 lim = static_cast<i128>(1024) * kNanosPerUnit;
    if ((nanos_ > -lim && nanos_ < lim) || nanos_ % kNanosPerUnit != 0) {
      f = Format::kDecimalSI;  // small or fractional: no binary suffix fits exactly
    } else {
      static constexpr std::string_view kBin[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
      i128 v = nanos_ / kNanosPerUnit;
      size_t times = 0;
      while (times + 1 < std::size(kBin) && v % 1024 == 0) {
        v /= 1024;
        times++;
      }
      AppendInt128(out, v);
      out += kBin[times];
      return out;
    }
  }
  // Move factors of ten into the exponent, then lower it to a multiple of three.
  i128 m = nanos_;
  int exp = -9;
  while (m % 10 == 0) {
    m /= 10;
    exp++;
  }
  while (exp % 3 != 0) {
    m *= 10;
    exp--;
  }
  AppendInt128(out, m);
  if (f == Format::kDecimalSI && exp <= 18) {
    static constexpr std::string_view kDec[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
    out += kDec[(exp + 9) / 3];
  } else if (exp != 0) {
    // DecimalExponent, or DecimalSI beyond "E" (upstream falls back to "e<n>" there too).
    out += "e" + std::to_string(exp);
  }
  return out;
}

int64_t Quantity::Value() const { return DivRoundAwayFromZero(nanos_, kNanosPerUnit); }

int64_t Quantity::MilliValue() const { return DivRoundAwayFromZero(nanos_, 1'000'000); }

double Quantity::AsDouble() const {
  return static_cast<double>(nanos_) / static_cast<double>(kNanosPerUnit);
}

bool Quantity::IsZero() const { return nanos_ == 0; }

int Quantity::Sign() const { return nanos_ < 0 ? -1 : (nanos_ > 0 ? 1 : 0); }

Quantity& Quantity::operator+=(const Quantity& o) {
  if (nanos_ == 0) format_ = o.format_;
  nanos_ = SaturatingAdd(nanos_, o.nanos_);
  return *this;
}

Quantity& Quantity::operator-=(const Quantity& o) {
  if (nanos_ == 0) format_ = o.format_;
  nanos_ = SaturatingAdd(nanos_, -o.nanos_);
  return *this;
}

Quantity Quantity::MulInt(int64_t n) const {
  return Quantity(SaturatingMul(nanos_, static_cast<i128>(n)), format_);
}

std::strong_ordering operator<=>(const Quantity& a, const Quantity& b) {
  if (a.nanos_ < b.nanos_) return std::strong_ordering::less;
  if (a.nanos_ > b.nanos_) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

void DecodeValue(const yaml::Node& n, Quantity& out, Decoder& d) {
  if (n.IsNull()) return;
  yaml::ScalarType t = n.IsScalar() ? n.Resolve() : yaml::ScalarType::kNull;
  if (!n.IsScalar() || t == yaml::ScalarType::kBool) {
    return d.TypeError(n, "quantity (a string such as \"500m\" or \"1Gi\", or a number)");
  }
  std::string text;
  if (t == yaml::ScalarType::kString) {
    // UnmarshalJSON trims surrounding whitespace before parsing.
    std::string_view v = n.value();
    constexpr std::string_view kSpace = " \t\n\r\v\f";
    size_t b = v.find_first_not_of(kSpace);
    v = b == std::string_view::npos ? std::string_view()
                                    : v.substr(b, v.find_last_not_of(kSpace) - b + 1);
    text = std::string(v);
  } else {
    // A number goes through YAML -> JSON as kubectl does: its value, not its spelling.
    std::string plain;
    for (char c : n.value()) {
      if (c != '_') plain.push_back(c);
    }
    Diagnostics scratch;
    Decoder sd(&scratch);
    if (t == yaml::ScalarType::kInt) {
      int64_t v = 0;
      DecodeValue(n, v, sd);
      if (scratch.has_errors()) {
        return d.Error(n, "integer out of range for a quantity", "decode/quantity");
      }
      text = std::to_string(v);
    } else if (IsPlainUint64(plain)) {
      text = plain[0] == '+' ? plain.substr(1) : plain;
    } else {
      double v = 0;
      DecodeValue(n, v, sd);
      if (scratch.has_errors() || !std::isfinite(v)) {
        return d.Error(n, "a quantity must be a finite number", "decode/quantity");
      }
      text = GoJsonFloat(v);
    }
  }
  StatusOr<Quantity> q = Quantity::Parse(text);
  if (!q.ok()) {
    std::string msg = d.secret() ? "invalid quantity" : q.status().message();
    return d.Error(n, std::move(msg), "decode/quantity");
  }
  out = *q;
}

yaml::Node EncodeValue(const Quantity& v) {
  return yaml::Node::Scalar(v.ToString(), yaml::ScalarStyle::kDoubleQuoted);
}

void AddTo(ResourceList& into, const ResourceList& add) {
  for (const auto& [name, q] : add) into[name] += q;
}

ResourceList MaxPerResource(const ResourceList& a, const ResourceList& b) {
  ResourceList out = a;
  for (const auto& [name, q] : b) {
    auto it = out.find(name);
    if (it == out.end()) {
      out.emplace(name, q);
    } else if (q > it->second) {
      it->second = q;
    }
  }
  return out;
}

bool Fits(const ResourceList& request, const ResourceList& available) {
  static const Quantity kZero;
  for (const auto& [name, q] : request) {
    auto it = available.find(name);
    if (q > (it == available.end() ? kZero : it->second)) return false;
  }
  return true;
}

}  // namespace swell::api
