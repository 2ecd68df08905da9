#include "scalers/gjson.h"

#include <vector>

namespace swell::scalers {
namespace {

using Type = GjsonResult::Type;

// Splits on unescaped '.', unescaping "\x" to "x".
std::vector<std::string> Components(std::string_view path) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < path.size(); i++) {
    if (path[i] == '\\' && i + 1 < path.size()) {
      out.back().push_back(path[++i]);
    } else if (path[i] == '.') {
      out.emplace_back();
    } else {
      out.back().push_back(path[i]);
    }
  }
  return out;
}

// gjson's wildcard match: '*' any run, '?' any one byte.
bool Match(std::string_view s, std::string_view pattern) {
  if (pattern.empty()) return s.empty();
  if (pattern[0] == '*') {
    for (size_t i = 0; i <= s.size(); i++) {
      if (Match(s.substr(i), pattern.substr(1))) return true;
    }
    return false;
  }
  if (s.empty()) return false;
  if (pattern[0] != '?' && pattern[0] != s[0]) return false;
  return Match(s.substr(1), pattern.substr(1));
}

bool IsIndex(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

GjsonResult Leaf(const json::Value& v) {
  GjsonResult r;
  switch (v.type()) {
    case json::Type::kNull:
      break;
    case json::Type::kFalse:
      r.type = Type::kFalse;
      break;
    case json::Type::kTrue:
      r.type = Type::kTrue;
      break;
    case json::Type::kNumber:
      r.type = Type::kNumber;
      r.num = v.number();
      break;
    case json::Type::kString:
      r.type = Type::kString;
      r.str = v.text();
      break;
    default:
      r.type = Type::kJson;
  }
  return r;
}

GjsonResult Walk(const json::Value& v, const std::vector<std::string>& parts, size_t i) {
  if (i == parts.size()) return Leaf(v);
  const std::string& p = parts[i];
  if (p.empty() || p[0] == '@' || p.starts_with("#(")) return {};
  if (v.IsArray()) {
    if (p == "#") {
      if (i + 1 == parts.size()) {
        GjsonResult r;
        r.type = Type::kNumber;
        r.num = static_cast<double>(v.size());
        return r;
      }
      GjsonResult r;  // "#.key" collects an array: JSON, never a number
      r.type = Type::kJson;
      return r;
    }
    if (!IsIndex(p)) return {};
    size_t idx = std::stoul(p);
    if (idx >= v.size()) return {};
    return Walk(v.item(idx), parts, i + 1);
  }
  if (!v.IsObject()) return {};
  bool wild = p.find_first_of("*?") != std::string::npos;
  for (size_t k = 0; k < v.size(); k++) {
    if (wild ? Match(v.key(k), p) : v.key(k) == p) return Walk(v.item(k), parts, i + 1);
  }
  return {};
}

}  // namespace

GjsonResult GjsonGet(const json::Value& root, std::string_view path) {
  if (path.empty()) return {};
  return Walk(root, Components(path), 0);
}

std::string_view GjsonTypeName(Type t) {
  switch (t) {
    case Type::kNull:
      return "Null";
    case Type::kFalse:
      return "False";
    case Type::kNumber:
      return "Number";
    case Type::kString:
      return "String";
    case Type::kTrue:
      return "True";
    case Type::kJson:
      return "JSON";
  }
  return "Null";
}

}  // namespace swell::scalers
