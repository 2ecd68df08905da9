#include "scalers/metadata.h"

#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

#include "api/duration.h"
#include "api/keda/scaler_schema.h"

namespace swell::scalers {
namespace {

constexpr uint64_t kMaxRangeElements = 100000;  // guards "0-9999999999" against exhausting memory

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

// "[a b]", as Go prints a []string.
std::string GoList(std::string_view semicolon_list) {
  std::string out = "[";
  bool first = true;
  for (std::string_view v : SplitString(semicolon_list, ";")) {
    if (!first) out += " ";
    out += std::string(v);
    first = false;
  }
  return out + "]";
}

std::string Canonical(const Param& p) { return std::string(SplitString(p.name, ";").front()); }

// KEDA's Params.Name(): the aliases joined by ",".
std::string DisplayName(const Param& p) {
  std::string out;
  for (std::string_view a : SplitString(p.name, ";")) {
    if (!out.empty()) out += ",";
    out += std::string(a);
  }
  return out;
}

bool AnySensitive(const Param& p) {
  for (std::string_view a : SplitString(p.name, ";")) {
    if (api::keda::IsSensitiveKey(a)) return true;
  }
  return false;
}

std::optional<ParamSource> SourceFromName(std::string_view s) {
  if (s == "triggerMetadata") return ParamSource::kTriggerMetadata;
  if (s == "authParams") return ParamSource::kAuthParams;
  if (s == "resolvedEnv") return ParamSource::kResolvedEnv;
  return std::nullopt;
}

// The value and where it was found (keda typed_config.go configParamValue).
struct Found {
  std::string value;
  std::optional<ParamSource> source;  // nullopt: default
};

// The map a source reads.
const api::StringMap& MapOf(const ScalerConfig& c, ParamSource src) {
  switch (src) {
    case ParamSource::kAuthParams:
      return c.auth_params;
    case ParamSource::kResolvedEnv:
      return c.resolved_env;
    case ParamSource::kTriggerMetadata:
      break;
  }
  return c.metadata;
}

std::optional<Found> Lookup(const ScalerConfig& c, const Param& p) {
  for (std::string_view src_name : SplitString(p.order, ";")) {
    std::optional<ParamSource> src = SourceFromName(TrimSpace(src_name));
    if (!src) continue;  // CheckParamTable reports it
    const api::StringMap& m = MapOf(c, *src);
    for (std::string_view alias : SplitString(p.name, ";")) {
      std::string key(alias);
      if (*src == ParamSource::kResolvedEnv) {  // the env var named by <alias>FromEnv
        auto env = c.metadata.find(key + "FromEnv");
        key = env == c.metadata.end() ? std::string() : env->second;
        if (key.empty()) continue;
      }
      auto it = m.find(key);
      if (it == m.end()) continue;
      std::string_view v = TrimSpace(it->second);
      if (!v.empty()) return Found{std::string(v), src};
    }
  }
  return std::nullopt;
}

// How a message refers to a value: quoted when it may be shown, else where it came from.
std::string ShowValue(const Param& p, const Found& f) {
  bool safe = (!f.source || *f.source == ParamSource::kTriggerMetadata) && !AnySensitive(p);
  if (safe) return "value " + Quote(f.value);
  if (!f.source) return "default value";
  return "value from " + std::string(ParamSourceName(*f.source)) + " (not shown)";
}

bool InSet(std::string_view item, std::string_view semicolon_list) {
  for (std::string_view v : SplitString(semicolon_list, ";")) {
    if (v == item) return true;
  }
  return false;
}

std::string_view SeparatorOf(const Param& p) { return p.separator.empty() ? "," : p.separator; }

// Parses one scalar element of type `t` (kString, kInt, kFloat, kBool, kDuration).
// Returns "" or what was expected.
std::string ParseScalar(ParamType t, std::string_view s, ParsedParams::Value* out) {
  switch (t) {
    case ParamType::kInt: {
      int64_t v = 0;
      if (!ParseJsonInt(s, &v)) return "expected an integer";
      *out = v;
      return "";
    }
    case ParamType::kFloat: {
      double v = 0;
      if (!ParseJsonFloat(s, &v)) return "expected a number";
      *out = v;
      return "";
    }
    case ParamType::kBool: {
      bool v = false;
      if (!ParseGoBool(s, &v)) return "expected a boolean (true, false, 1, 0, t, f)";
      *out = v;
      return "";
    }
    case ParamType::kDuration: {
      StatusOr<Duration> d = api::ParseGoDuration(s);
      if (d.ok()) {
        if (d->count() < 0) return "duration cannot be negative";
        *out = *d;
        return "";
      }
      int64_t ms = 0;
      if (!ParseGoInt(s, 64, &ms)) {
        return "expected a duration (e.g. '30s', '5m') or a number of milliseconds";
      }
      if (ms < 0) return "duration cannot be negative";
      if (ms > std::numeric_limits<int64_t>::max() / 1000) return "duration out of range";
      *out = Duration(ms * 1000);
      return "";
    }
    default:
      *out = std::string(s);
      return "";
  }
}

// Parses `raw` as p.type. Returns "" or what was wrong (without the value).
std::string ParseTyped(const Param& p, std::string_view raw, ParsedParams::Value* out) {
  switch (p.type) {
    case ParamType::kList: {
      std::vector<std::string> items;
      for (std::string_view s : SplitString(raw, SeparatorOf(p))) items.emplace_back(TrimSpace(s));
      *out = std::move(items);
      return "";
    }
    case ParamType::kIntList: {
      std::vector<int64_t> items;
      size_t i = 0;
      for (std::string_view elem : SplitString(raw, SeparatorOf(p))) {
        std::string_view s = TrimSpace(elem);
        std::string where = "element " + std::to_string(i++) + ": ";
        if (!p.range_separator.empty() && s.find(p.range_separator) != std::string_view::npos) {
          std::vector<std::string_view> r = SplitString(s, p.range_separator);
          int64_t lo = 0, hi = 0;
          if (r.size() != 2) {
            return where + "expected a range start" + std::string(p.range_separator) + "end";
          }
          if (!ParseJsonInt(TrimSpace(r[0]), &lo) || !ParseJsonInt(TrimSpace(r[1]), &hi)) {
            return where + "expected integer range bounds";
          }
          if (hi < lo) continue;  // an empty range, as Go's loop
          uint64_t n = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
          if (n >= kMaxRangeElements) return where + "range too large";
          for (uint64_t k = 0; k <= n; k++) items.push_back(lo + static_cast<int64_t>(k));
          continue;
        }
        int64_t v = 0;
        if (!ParseJsonInt(s, &v)) return where + "expected an integer";
        items.push_back(v);
      }
      *out = std::move(items);
      return "";
    }
    case ParamType::kMap: {
      std::map<std::string, std::string> m;
      for (std::string_view elem : SplitString(raw, SeparatorOf(p))) {
        std::vector<std::string_view> kv = SplitString(TrimSpace(elem), "=");
        if (kv.size() != 2) return "expected format key=value[,key=value...]";
        m[std::string(TrimSpace(kv[0]))] = std::string(TrimSpace(kv[1]));
      }
      *out = std::move(m);
      return "";
    }
    default:
      return ParseScalar(p.type, raw, out);
  }
}

// Checks enum and exclusiveSet on the raw value. Returns "" or the problem.
std::string CheckValues(const Param& p, std::string_view raw) {
  std::vector<std::string_view> items = SplitString(raw, SeparatorOf(p));
  if (!p.enum_values.empty()) {
    for (std::string_view item : items) {
      if (!InSet(TrimSpace(item), p.enum_values)) return "must be one of " + GoList(p.enum_values);
    }
  }
  if (!p.exclusive_set.empty()) {
    int n = 0;
    for (std::string_view item : items) n += InSet(TrimSpace(item), p.exclusive_set) ? 1 : 0;
    if (n > 1) return "must contain only one of " + GoList(p.exclusive_set);
  }
  return "";
}

// keda typed_config.go setValue for one parameter: returns "" or an error message.
std::string SetValue(const ScalerConfig& c, const Param& p, ParsedParams::Value* value,
                     std::optional<ParamSource>* source, std::vector<std::string>* announce) {
  std::optional<Found> found = Lookup(c, p);
  if (found && !p.deprecated.empty()) {
    return "parameter " + Quote(DisplayName(p)) + " is deprecated and no longer accepted (scaler " +
           c.type + " info: " + std::string(p.deprecated) + ")";
  }
  if (found && !p.deprecated_announce.empty()) {
    announce->push_back("scaler " + c.type + " info: " + std::string(p.deprecated_announce));
  }
  if (!found && !p.default_value.empty()) found = Found{std::string(p.default_value), std::nullopt};
  if (!found) {
    if (p.optional || !p.deprecated.empty()) return "";
    std::string orders;
    for (std::string_view o : SplitString(p.order, ";")) {
      orders += (orders.empty() ? "" : " ") + std::string(TrimSpace(o));
    }
    return "missing required parameter " + Quote(DisplayName(p)) + " in [" + orders + "]";
  }
  std::string bad = CheckValues(p, found->value);
  if (bad.empty()) bad = ParseTyped(p, found->value, value);
  if (!bad.empty()) {
    return "parameter " + Quote(DisplayName(p)) + " " + ShowValue(p, *found) + ": " + bad;
  }
  *source = found->source;
  return "";
}

}  // namespace

std::string_view ParamSourceName(ParamSource s) {
  switch (s) {
    case ParamSource::kTriggerMetadata:
      return "triggerMetadata";
    case ParamSource::kAuthParams:
      return "authParams";
    case ParamSource::kResolvedEnv:
      return "resolvedEnv";
  }
  return "?";
}

Status CheckParamTable(std::span<const Param> table) {
  std::set<std::string_view> seen;
  for (const Param& p : table) {
    std::string row = "param table row " + Quote(p.name) + ": ";
    if (p.name.empty()) return Internal(row + "empty name");
    for (std::string_view a : SplitString(p.name, ";")) {
      if (a.empty() || TrimSpace(a) != a) return Internal(row + "bad alias");
      if (!seen.insert(a).second) return Internal(row + "name listed twice");
    }
    if (p.order.empty()) return Internal(row + "no order");
    for (std::string_view o : SplitString(p.order, ";")) {
      if (!SourceFromName(o)) return Internal(row + "unknown source " + Quote(o));
    }
    if (!p.range_separator.empty() && p.type != ParamType::kIntList) {
      return Internal(row + "range separator on a non-int-list");
    }
    if (!p.default_value.empty()) {
      ParsedParams::Value v;
      std::string bad = CheckValues(p, p.default_value);
      if (bad.empty()) bad = ParseTyped(p, p.default_value, &v);
      if (!bad.empty()) return Internal(row + "default: " + bad);
    }
  }
  return Status::Ok();
}

StatusOr<ParsedParams> ParseParams(const ScalerConfig& config, std::span<const Param> table) {
  SWELL_RETURN_IF_ERROR(CheckParamTable(table));
  ParsedParams out;
  std::string errors;
  for (const Param& p : table) {
    ParsedParams::Entry e;
    e.name = Canonical(p);
    e.type = p.type;
    std::string err = SetValue(config, p, &e.value, &e.source, &out.announcements_);
    if (!err.empty()) errors += (errors.empty() ? "" : "; ") + err;
    out.entries_.push_back(std::move(e));
  }
  if (!errors.empty()) return InvalidArgument(std::move(errors));
  return out;
}

const ParsedParams::Entry* ParsedParams::Find(std::string_view name, ParamType type) const {
  for (const Entry& e : entries_) {
    if (e.name == name) {
      assert(e.type == type && "ParsedParams: wrong type for parameter");
      return e.type == type ? &e : nullptr;
    }
  }
  assert(false && "ParsedParams: parameter not in the table");
  return nullptr;
}

bool ParsedParams::Has(std::string_view name) const {
  for (const Entry& e : entries_) {
    if (e.name == name) return !std::holds_alternative<std::monostate>(e.value);
  }
  assert(false && "ParsedParams: parameter not in the table");
  return false;
}

std::optional<ParamSource> ParsedParams::SourceOf(std::string_view name) const {
  for (const Entry& e : entries_) {
    if (e.name == name) return e.source;
  }
  assert(false && "ParsedParams: parameter not in the table");
  return std::nullopt;
}

namespace {
template <class T>
const T& Get(const ParsedParams::Value* v) {
  static const T kZero{};
  if (v == nullptr) return kZero;
  const T* t = std::get_if<T>(v);
  return t != nullptr ? *t : kZero;
}
}  // namespace

const std::string& ParsedParams::String(std::string_view name) const {
  const Entry* e = Find(name, ParamType::kString);
  return Get<std::string>(e ? &e->value : nullptr);
}
int64_t ParsedParams::Int(std::string_view name) const {
  const Entry* e = Find(name, ParamType::kInt);
  return Get<int64_t>(e ? &e->value : nullptr);
}
double ParsedParams::Float(std::string_view name) const {
  const Entry* e = Find(name, ParamType::kFloat);
  return Get<double>(e ? &e->value : nullptr);
}
bool ParsedParams::Bool(std::string_view name) const {
  const Entry* e = Find(name, ParamType::kBool);
  return Get<bool>(e ? &e->value : nullptr);
}
Duration ParsedParams::DurationOf(std::string_view name) const {
  const Entry* e = Find(name, ParamType::kDuration);
  return Get<Duration>(e ? &e->value : nullptr);
}
const std::vector<std::string>& ParsedParams::List(std::string_view name) const {
  const Entry* e = Find(name, ParamType::kList);
  return Get<std::vector<std::string>>(e ? &e->value : nullptr);
}
const std::vector<int64_t>& ParsedParams::IntList(std::string_view name) const {
  const Entry* e = Find(name, ParamType::kIntList);
  return Get<std::vector<int64_t>>(e ? &e->value : nullptr);
}
const std::map<std::string, std::string>& ParsedParams::Map(std::string_view name) const {
  const Entry* e = Find(name, ParamType::kMap);
  return Get<std::map<std::string, std::string>>(e ? &e->value : nullptr);
}

// ---- Go parsing rules -----------------------------------------------------------------------

std::string_view TrimSpace(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(kSpace);
  return s.substr(b, e - b + 1);
}

std::vector<std::string_view> SplitString(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> out;
  if (sep.empty()) {
    out.push_back(s);
    return out;
  }
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, end - start));
    start = end + sep.size();
  }
}

namespace {
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The length of the JSON number at the start of `s` (RFC 8259 grammar) if it spans all of `s`,
// else 0. Sets *integral when it has neither fraction nor exponent.
size_t JsonNumber(std::string_view s, bool* integral) {
  size_t i = 0;
  *integral = true;
  if (i < s.size() && s[i] == '-') i++;
  if (i >= s.size()) return 0;
  if (s[i] == '0') {
    i++;
  } else if (IsDigit(s[i])) {
    while (i < s.size() && IsDigit(s[i])) i++;
  } else {
    return 0;
  }
  if (i < s.size() && s[i] == '.') {
    *integral = false;
    i++;
    if (i >= s.size() || !IsDigit(s[i])) return 0;
    while (i < s.size() && IsDigit(s[i])) i++;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    *integral = false;
    i++;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) i++;
    if (i >= s.size() || !IsDigit(s[i])) return 0;
    while (i < s.size() && IsDigit(s[i])) i++;
  }
  return i == s.size() ? i : 0;
}
}  // namespace

bool ParseJsonInt(std::string_view s, int64_t* out) {
  bool integral = false;
  if (JsonNumber(s, &integral) == 0 || !integral) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool ParseJsonFloat(std::string_view s, double* out) {
  bool integral = false;
  if (JsonNumber(s, &integral) == 0) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(*out);
}

bool ParseGoBool(std::string_view s, bool* out) {
  for (std::string_view t : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (s == t) {
      *out = true;
      return true;
    }
  }
  for (std::string_view f : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (s == f) {
      *out = false;
      return true;
    }
  }
  return false;
}

bool ParseGoInt(std::string_view s, int bits, int64_t* out) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    if (v > (std::numeric_limits<uint64_t>::max() - 9) / 10) return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  uint64_t limit = uint64_t{1} << (bits - 1);  // |min|; max is limit - 1
  if (neg ? v > limit : v >= limit) return false;
  *out = neg ? static_cast<int64_t>(~v + 1) : static_cast<int64_t>(v);
  return true;
}

}  // namespace swell::scalers
