// Node -> YAML (block style) and JSON text.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "api/yaml/node.h"

namespace swell::yaml {
namespace {

bool IsBoolTrue(std::string_view s) { return BoolScalarValue(s); }

// libyaml reads YAML 1.1, where NEL (U+0085), LS (U+2028) and PS (U+2029) are line breaks even
// inside quotes, so they must be escaped. Returns the UTF-8 length of such a break at s[i] (0 if
// none) and its escape letter (N, L or P).
size_t UnicodeBreakAt(std::string_view s, size_t i, char* letter) {
  if (s.compare(i, 2, "\xc2\x85") == 0) {
    *letter = 'N';
    return 2;
  }
  if (s.compare(i, 3, "\xe2\x80\xa8") == 0 || s.compare(i, 3, "\xe2\x80\xa9") == 0) {
    *letter = s[i + 2] == '\xa8' ? 'L' : 'P';
    return 3;
  }
  return 0;
}

// True if s can be written as a plain YAML scalar and read back as the same string.
bool IsSafePlain(std::string_view s) {
  if (s.empty() || ResolvePlain(s) != ScalarType::kString) return false;
  if (s.front() == ' ' || s.back() == ' ') return false;
  static constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  if (kIndicators.find(s.front()) != std::string_view::npos) {
    // "-x", "?x", ":x" are fine in block context only when followed by a non-space; keep it
    // simple and quote them.
    return false;
  }
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char letter;
    if (c < 0x20 || c == 0x7f || UnicodeBreakAt(s, i, &letter) != 0) return false;
    if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) return false;
    if (c == '#' && i > 0 && s[i - 1] == ' ') return false;
    if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}') return false;  // flow-safe
  }
  return true;
}

void AppendYamlDoubleQuoted(std::string& out, std::string_view s) {
  out.push_back('"');
  for (size_t i = 0; i < s.size(); i++) {
    char ch = s[i];
    unsigned char c = static_cast<unsigned char>(ch);
    char letter;
    if (size_t n = UnicodeBreakAt(s, i, &letter); n != 0) {
      out.push_back('\\');
      out.push_back(letter);
      i += n - 1;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

void AppendScalarYaml(std::string& out, const Node& n) {
  ScalarType t = n.Resolve();
  if (t == ScalarType::kString) {
    if (IsSafePlain(n.value())) {
      out += n.value();
    } else {
      AppendYamlDoubleQuoted(out, n.value());
    }
    return;
  }
  if (t == ScalarType::kNull) {
    out += "null";
    return;
  }
  if (t == ScalarType::kBool) {
    out += IsBoolTrue(n.value()) ? "true" : "false";
    return;
  }
  out += n.value();
}

bool IsEmptyCollection(const Node& n) { return !n.IsScalar() && n.size() == 0; }

void EmitYamlNode(std::string& out, const Node& n, int indent);

void EmitYamlValueAfterKey(std::string& out, const Node& v, int indent) {
  if (v.IsScalar()) {
    out.push_back(' ');
    AppendScalarYaml(out, v);
    out.push_back('\n');
  } else if (IsEmptyCollection(v)) {
    out += v.IsMapping() ? " {}\n" : " []\n";
  } else {
    out.push_back('\n');
    EmitYamlNode(out, v, v.IsMapping() ? indent + 2 : indent);
  }
}

void EmitYamlNode(std::string& out, const Node& n, int indent) {
  std::string pad(static_cast<size_t>(indent), ' ');
  if (n.IsScalar()) {
    out += pad;
    AppendScalarYaml(out, n);
    out.push_back('\n');
    return;
  }
  if (IsEmptyCollection(n)) {
    out += pad;
    out += n.IsMapping() ? "{}\n" : "[]\n";
    return;
  }
  if (n.IsMapping()) {
    for (size_t i = 0; i < n.size(); i++) {
      out += pad;
      Node key = Node::Scalar(n.key(i).value(), ScalarStyle::kDoubleQuoted);
      AppendScalarYaml(out, key);
      out.push_back(':');
      EmitYamlValueAfterKey(out, n.val(i), indent);
    }
    return;
  }
  for (size_t i = 0; i < n.size(); i++) {
    const Node& item = n.item(i);
    out += pad;
    out += "-";
    if (item.IsScalar() || IsEmptyCollection(item)) {
      out.push_back(' ');
      if (item.IsScalar()) {
        AppendScalarYaml(out, item);
      } else {
        out += item.IsMapping() ? "{}" : "[]";
      }
      out.push_back('\n');
    } else if (item.IsMapping()) {
      // First entry on the dash line, the rest indented under it.
      std::string sub;
      EmitYamlNode(sub, item, indent + 2);
      out.push_back(' ');
      out.append(sub, static_cast<size_t>(indent) + 2, std::string::npos);
    } else {
      out.push_back('\n');
      EmitYamlNode(out, item, indent + 2);
    }
  }
}

void AppendJsonNumberOrString(std::string& out, const Node& n, ScalarType t) {
  const std::string& v = n.value();
  if (t == ScalarType::kInt) {
    int64_t i = 0;
    if (ParseIntScalar(v, &i)) {
      out += std::to_string(i);
    } else {
      AppendJsonString(out, v);  // beyond int64: keep the digits rather than lose precision
    }
    return;
  }
  double d = std::strtod(v.c_str(), nullptr);
  if (v.size() >= 4 && (v.find("inf") != std::string::npos || v.find("Inf") != std::string::npos ||
                        v.find("INF") != std::string::npos || v.find("nan") != std::string::npos ||
                        v.find("NaN") != std::string::npos || v.find("NAN") != std::string::npos)) {
    AppendJsonString(out, v);  // JSON has no Inf/NaN
    return;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  std::string num(buf);
  // Keep it a float when read back: 0999 (a YAML float, not octal) must not become int 999.
  if (num.find_first_of(".eEni") == std::string::npos) num += ".0";
  out += num;
}

void EmitJsonNode(std::string& out, const Node& n, int indent, int depth) {
  auto newline = [&](int d) {
    if (indent < 0) return;
    out.push_back('\n');
    out.append(static_cast<size_t>(d * indent), ' ');
  };
  if (n.IsScalar()) {
    ScalarType t = n.Resolve();
    switch (t) {
      case ScalarType::kNull:
        out += "null";
        break;
      case ScalarType::kBool:
        out += IsBoolTrue(n.value()) ? "true" : "false";
        break;
      case ScalarType::kInt:
      case ScalarType::kFloat:
        AppendJsonNumberOrString(out, n, t);
        break;
      case ScalarType::kString:
        AppendJsonString(out, n.value());
        break;
    }
    return;
  }
  const bool map = n.IsMapping();
  out.push_back(map ? '{' : '[');
  if (n.size() == 0) {
    out.push_back(map ? '}' : ']');
    return;
  }
  for (size_t i = 0; i < n.size(); i++) {
    if (i > 0) out.push_back(',');
    newline(depth + 1);
    if (map) {
      AppendJsonString(out, n.key(i).value());
      out += indent < 0 ? ":" : ": ";
      EmitJsonNode(out, n.val(i), indent, depth + 1);
    } else {
      EmitJsonNode(out, n.item(i), indent, depth + 1);
    }
  }
  newline(depth);
  out.push_back(map ? '}' : ']');
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (size_t i = 0; i < s.size(); i++) {
    char ch = s[i];
    unsigned char c = static_cast<unsigned char>(ch);
    char letter;
    if (size_t n = UnicodeBreakAt(s, i, &letter); n != 0) {
      out += letter == 'N' ? "\\u0085" : letter == 'L' ? "\\u2028" : "\\u2029";
      i += n - 1;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

std::string EmitYaml(const Node& node) {
  std::string out;
  EmitYamlNode(out, node, 0);
  return out;
}

std::string EmitJson(const Node& node, int indent) {
  std::string out;
  EmitJsonNode(out, node, indent, 0);
  if (indent >= 0) out.push_back('\n');
  return out;
}

}  // namespace swell::yaml
