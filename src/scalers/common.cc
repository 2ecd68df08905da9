#include "scalers/common.h"

#include <limits>

namespace swell::scalers {

StatusOr<std::string> MetricTargetType(const ScalerConfig& config) {
  if (config.metric_type == kUtilization) {
    return InvalidArgument(
        "'Utilization' metric type is unsupported for external metrics, allowed values are "
        "'Value' or 'AverageValue'");
  }
  if (config.metric_type.empty()) return std::string(kAverageValue);
  return config.metric_type;
}

MetricSpec ExternalMetric(std::string name, std::string target_type, int64_t target) {
  MetricSpec s;
  s.source = MetricSpec::Source::kExternal;
  s.name = std::move(name);
  s.target_type = std::move(target_type);
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 1000;
  if (target > kMax) {
    s.target_milli = std::numeric_limits<int64_t>::max();
  } else if (target < -kMax) {
    s.target_milli = std::numeric_limits<int64_t>::min();
  } else {
    s.target_milli = target * 1000;
  }
  return s;
}

MetricSpec ExternalMetricMilli(std::string name, std::string target_type, double target) {
  MetricSpec s;
  s.source = MetricSpec::Source::kExternal;
  s.name = std::move(name);
  s.target_type = std::move(target_type);
  s.target_milli = ToMilli(target);
  return s;
}

MetricsAndActivity OneMetric(std::string_view metric_name, double value, bool active) {
  MetricsAndActivity out;
  out.values.push_back(MetricValue{std::string(metric_name), ToMilli(value)});
  out.active = active;
  return out;
}

Status NoClient(std::string_view what) {
  return Unimplemented("this world has no " + std::string(what));
}

Status MetadataError(const ScalerConfig& config, const Status& s) {
  return s.WithPrefix("error parsing " + config.type + " metadata");
}

Status MetadataError(const ScalerConfig& config, std::string msg) {
  return MetadataError(config, InvalidArgument(std::move(msg)));
}

std::string QueryEscape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Go's url.unescape: every '%' must start a two-digit hex escape.
std::optional<std::string> Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// Go's url.parseAuthority, reduced to what makes it fail: a bad %-escape, a bracketed host
// without ']', or a port that is not all digits.
bool ValidAuthority(std::string_view authority) {
  size_t at = authority.rfind('@');
  std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
  if (at != std::string_view::npos && !Unescape(authority.substr(0, at))) return false;
  std::string_view port;
  if (!host.empty() && host[0] == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    std::string_view rest = host.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return false;
      port = rest.substr(1);
    }
  } else if (size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  for (char c : port) {
    if (!IsDigit(c)) return false;
  }
  return Unescape(host).has_value();
}

}  // namespace

std::optional<std::string> GoRequestUriPath(std::string_view raw) {
  if (raw.empty()) return std::nullopt;
  if (raw == "*") return std::string("*");  // Go: the request URI "*"
  for (char c : raw) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
  }
  // getScheme: letters, then letters/digits/+/-/. up to ':'.
  std::string_view scheme, rest = raw;
  for (size_t i = 0; i < raw.size(); i++) {
    char c = raw[i];
    if (IsAlpha(c)) continue;
    if (IsDigit(c) || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) return std::nullopt;  // missing protocol scheme
      scheme = raw.substr(0, i);
      rest = raw.substr(i + 1);
    }
    break;
  }
  size_t q = rest.find('?');
  if (q != std::string_view::npos) rest = rest.substr(0, q);
  if (rest.empty() || rest[0] != '/') {
    if (!scheme.empty()) return std::string();  // opaque
    return std::nullopt;                        // invalid URI for request
  }
  if (!scheme.empty() && rest.substr(0, 2) == "//") {
    std::string_view after = rest.substr(2);
    size_t slash = after.find('/');
    std::string_view authority = slash == std::string_view::npos ? after : after.substr(0, slash);
    if (!ValidAuthority(authority)) return std::nullopt;
    rest = slash == std::string_view::npos ? std::string_view() : after.substr(slash);
  }
  return Unescape(rest);
}

}  // namespace swell::scalers
