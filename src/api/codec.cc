#include "api/codec.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "api/placeholder.h"

namespace swell::api {
namespace {

std::string_view TypeName(const yaml::Node& n) {
  if (n.IsMapping()) return "object";
  if (n.IsSequence()) return "list";
  switch (n.Resolve()) {
    case yaml::ScalarType::kNull:
      return "null";
    case yaml::ScalarType::kBool:
      return "boolean";
    case yaml::ScalarType::kInt:
      return "integer";
    case yaml::ScalarType::kFloat:
      return "number";
    case yaml::ScalarType::kString:
      return "string";
  }
  return "value";
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Levenshtein distance, capped: only used to suggest a near field name.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); j++) prev[j] = j;
  for (size_t i = 1; i <= a.size(); i++) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); j++) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool ParseYamlInt(std::string_view text, int64_t& out) { return yaml::ParseIntScalar(text, &out); }

}  // namespace

void AppendPathKey(std::string& path, std::string_view key) {
  bool simple = !key.empty();
  for (char c : key) {
    if (!IsIdentChar(c)) {
      simple = false;
      break;
    }
  }
  if (simple) {
    if (!path.empty()) path.push_back('.');
    path.append(key);
  } else {
    path += "[\"";
    path.append(key);
    path += "\"]";
  }
}

void Decoder::AppendKey(std::string_view key) { AppendPathKey(path_, key); }

void Decoder::AppendIndex(size_t index) { path_ += "[" + std::to_string(index) + "]"; }

void Decoder::Error(const yaml::Node& at, std::string message, std::string rule) {
  diags_->Error(path_, std::move(message), std::move(rule), at.mark());
}

void Decoder::Warning(const yaml::Node& at, std::string message, std::string rule) {
  diags_->Warning(path_, std::move(message), std::move(rule), at.mark());
}

void Decoder::TypeError(const yaml::Node& at, std::string_view expected) {
  std::string msg = "expected ";
  msg += expected;
  msg += ", found ";
  msg += TypeName(at);
  if (at.IsScalar() && !secret() && at.Resolve() != yaml::ScalarType::kNull &&
      at.value().size() <= 40) {
    msg += " \"" + at.value() + "\"";
  }
  if (at.IsMapping() && at.size() == 1 && at.val(0).IsNull()) {
    msg += " (an unquoted {placeholder} is a YAML mapping: quote it)";
  }
  Error(at, std::move(msg), "decode/type");
}

bool IsPlaceholderMapping(const yaml::Node& n) {
  return n.IsMapping() && n.size() == 1 && n.val(0).IsNull() && !n.key(0).value().empty();
}

// A documentation placeholder where a typed value belongs: "{name}" parsed as a mapping, or
// a string such as "${REPLICAS}" or "true/false". Warns and reports true (the field keeps its
// default), so examples copied from upstream docs load with warnings, not errors.
bool SkipPlaceholder(const yaml::Node& n, Decoder& d, std::string_view expected) {
  bool placeholder =
      IsPlaceholderMapping(n) ||
      (n.IsScalar() && n.Resolve() == yaml::ScalarType::kString && IsDocPlaceholder(n.value()));
  if (!placeholder) return false;
  d.Warning(n,
            "a template placeholder where " + std::string(expected) +
                " is expected: fill in a real value before applying (the field is left unset)",
            "decode/placeholder");
  return true;
}

void DecodeValue(const yaml::Node& n, std::string& out, Decoder& d) {
  if (IsPlaceholderMapping(n)) {
    // `name: {my-name}` is a YAML mapping; the author meant the text "{my-name}".
    out = "{" + n.key(0).value() + "}";
    d.Warning(n,
              "an unquoted {placeholder} is a YAML mapping (kubectl rejects it); swell reads it "
              "as the text \"" +
                  out + "\": quote it, or fill in a real value",
              "decode/placeholder");
    return;
  }
  if (!n.IsScalar()) return d.TypeError(n, "string");
  yaml::ScalarType t = n.Resolve();
  if (t == yaml::ScalarType::kNull) {
    out.clear();
    return;
  }
  out = n.value();
  if (t != yaml::ScalarType::kString) {
    std::string msg = "is an unquoted ";
    msg += TypeName(n);
    msg += "; the Kubernetes API expects a string here and rejects it: quote the value";
    d.Warning(n, std::move(msg), "decode/unquoted-string");
  }
}

void DecodeValue(const yaml::Node& n, bool& out, Decoder& d) {
  if (!n.IsScalar() || n.Resolve() != yaml::ScalarType::kBool) {
    if (n.IsNull() || SkipPlaceholder(n, d, "a boolean")) return;
    return d.TypeError(n, "boolean");
  }
  out = yaml::BoolScalarValue(n.value());
}

void DecodeValue(const yaml::Node& n, int64_t& out, Decoder& d) {
  if (n.IsNull() || SkipPlaceholder(n, d, "an integer")) return;
  if (!n.IsScalar() || n.Resolve() != yaml::ScalarType::kInt) return d.TypeError(n, "integer");
  if (!ParseYamlInt(n.value(), out)) d.Error(n, "integer out of range", "decode/range");
}

void DecodeValue(const yaml::Node& n, int32_t& out, Decoder& d) {
  int64_t v = out;
  if (n.IsNull() || SkipPlaceholder(n, d, "an integer")) return;
  if (!n.IsScalar() || n.Resolve() != yaml::ScalarType::kInt) return d.TypeError(n, "integer");
  if (!ParseYamlInt(n.value(), v) || v < std::numeric_limits<int32_t>::min() ||
      v > std::numeric_limits<int32_t>::max()) {
    return d.Error(n, "integer out of range for a 32-bit field", "decode/range");
  }
  out = static_cast<int32_t>(v);
}

void DecodeValue(const yaml::Node& n, double& out, Decoder& d) {
  if (n.IsNull()) return;
  yaml::ScalarType t = n.IsScalar() ? n.Resolve() : yaml::ScalarType::kNull;
  if (!n.IsScalar() || (t != yaml::ScalarType::kInt && t != yaml::ScalarType::kFloat)) {
    return d.TypeError(n, "number");
  }
  if (t == yaml::ScalarType::kInt) {
    int64_t v = 0;
    if (!ParseYamlInt(n.value(), v)) return d.Error(n, "number out of range", "decode/range");
    out = static_cast<double>(v);
    return;
  }
  std::string s;
  for (char c : n.value()) {
    if (c != '_') s.push_back(c);
  }
  if (s.find("nan") != std::string::npos || s.find("NaN") != std::string::npos ||
      s.find("NAN") != std::string::npos || s.find("inf") != std::string::npos ||
      s.find("Inf") != std::string::npos || s.find("INF") != std::string::npos) {
    return d.Error(n, "expected a finite number", "decode/range");
  }
  out = std::strtod(s.c_str(), nullptr);
}

void DecodeValue(const yaml::Node& n, RawNode& out, Decoder& /*d*/) {
  if (n.IsNull()) {
    out = RawNode();
    return;
  }
  out = RawNode(n);
}

void StructDecoder::MissingRequired(std::string_view key) {
  Decoder::Push p(d_, key);
  d_.Error(map_, "required field is missing", "decode/required");
}

void StructDecoder::AliasWarning(const yaml::Node& key, std::string_view alias,
                                 std::string_view real) {
  std::string msg = "\"" + std::string(alias) + "\" is how upstream documentation spells \"" +
                    std::string(real) + "\", but the API server knows only \"" + std::string(real) +
                    "\": rename it";
  if (map_.FindIndex(real) >= 0) msg += " (\"" + std::string(real) + "\" is also set and wins)";
  d_.Warning(key, std::move(msg), "decode/field-alias");
}

void StructDecoder::ReportUnknown(const std::vector<std::string_view>& known_) {
  for (size_t i = 0; i < used_.size(); i++) {
    if (used_[i]) continue;
    const yaml::Node& key = map_.key(i);
    std::string msg = "unknown field \"" + key.value() + "\"";
    std::string_view best;
    size_t best_dist = 3;
    for (std::string_view k : known_) {
      size_t dist = EditDistance(key.value(), k);
      if (dist < best_dist) {
        best_dist = dist;
        best = k;
      }
    }
    if (!best.empty()) msg += " (did you mean \"" + std::string(best) + "\"?)";
    Decoder::Push p(d_, key.value());
    d_.Error(key, std::move(msg), "decode/unknown-field");
  }
}

yaml::Node EncodeValue(const std::string& v) {
  return yaml::Node::Scalar(v, yaml::ScalarStyle::kDoubleQuoted);
}
yaml::Node EncodeValue(bool v) { return yaml::Node::Scalar(v ? "true" : "false"); }
yaml::Node EncodeValue(int32_t v) { return yaml::Node::Scalar(std::to_string(v)); }
yaml::Node EncodeValue(int64_t v) { return yaml::Node::Scalar(std::to_string(v)); }
yaml::Node EncodeValue(double v) {
  // The shortest form that reads back as the same double.
  char buf[40];
  for (int precision = 15; precision <= 17; precision++) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return yaml::Node::Scalar(buf);
}
yaml::Node EncodeValue(const RawNode& v) {
  return v.empty() ? yaml::Node::Scalar("null") : *v.get();
}

}  // namespace swell::api
