#include "api/yaml/node.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace swell::yaml {

Node Node::Scalar(std::string value, ScalarStyle style, Mark mark) {
  Node n;
  n.kind_ = NodeKind::kScalar;
  n.value_ = std::move(value);
  n.style_ = style;
  n.mark_ = mark;
  return n;
}

Node Node::Sequence(Mark mark) {
  Node n;
  n.kind_ = NodeKind::kSequence;
  n.mark_ = mark;
  return n;
}

Node Node::Mapping(Mark mark) {
  Node n;
  n.kind_ = NodeKind::kMapping;
  n.mark_ = mark;
  return n;
}

const Node* Node::Find(std::string_view key) const {
  int i = FindIndex(key);
  return i < 0 ? nullptr : &children_[2 * static_cast<size_t>(i) + 1];
}

int Node::FindIndex(std::string_view key) const {
  if (kind_ != NodeKind::kMapping) return -1;
  const size_t n = key.size();
  for (size_t i = 0; i + 1 < children_.size(); i += 2) {
    const std::string& k = children_[i].value_;
    if (k.size() == n && std::memcmp(k.data(), key.data(), n) == 0) return static_cast<int>(i / 2);
  }
  return -1;
}

void Node::Add(std::string key, Node value) {
  children_.push_back(Scalar(std::move(key), ScalarStyle::kDoubleQuoted));
  children_.push_back(std::move(value));
}

void Node::Add(Node key, Node value) {
  children_.push_back(std::move(key));
  children_.push_back(std::move(value));
}

namespace {

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

bool Is(std::string_view s, std::initializer_list<std::string_view> options) {
  for (auto o : options) {
    if (s == o) return true;
  }
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// go-yaml v2's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool IsYamlFloat(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) i++;
  if (i < s.size() && s[i] == '.') {
    i++;
    size_t d = i;
    while (i < s.size() && IsDigit(s[i])) i++;
    if (i == d) return false;
  } else {
    size_t d = i;
    while (i < s.size() && IsDigit(s[i])) i++;
    if (i == d) return false;
    if (i < s.size() && s[i] == '.') {
      i++;
      while (i < s.size() && IsDigit(s[i])) i++;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) i++;
    size_t d = i;
    while (i < s.size() && IsDigit(s[i])) i++;
    if (i == d) return false;
  }
  return i == s.size();
}

// The largest magnitude an int64 can hold for this sign: 2^63 for "-...", 2^63-1 otherwise.
uint64_t neg_limit(std::string_view s) {
  return (!s.empty() && s[0] == '-') ? (uint64_t{1} << 63) : (uint64_t{1} << 63) - 1;
}

// strconv.ParseInt(s, 0, 64) after go-yaml removed underscores: optional sign, then 0x/0o/0b
// prefixes, a leading 0 meaning octal, or decimal. Returns false on syntax error or overflow.
bool IsGoInt(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) i++;
  std::string_view body = s.substr(i);
  if (body.empty()) return false;
  int base = 10;
  if (body.size() > 1 && body[0] == '0') {
    char p = body[1];
    if (p == 'x' || p == 'X') {
      base = 16;
      body.remove_prefix(2);
    } else if (p == 'o' || p == 'O') {
      base = 8;
      body.remove_prefix(2);
    } else if (p == 'b' || p == 'B') {
      base = 2;
      body.remove_prefix(2);
    } else {
      base = 8;
      body.remove_prefix(1);
    }
    if (body.empty()) return false;
  }
  uint64_t v = 0;
  const uint64_t limit = neg_limit(s);
  for (char c : body) {
    int d;
    if (IsDigit(c)) {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return false;
    }
    if (d >= base) return false;
    const uint64_t b = static_cast<uint64_t>(base);
    if (v > (limit - static_cast<uint64_t>(d)) / b) return false;
    v = v * b + static_cast<uint64_t>(d);
  }
  return true;
}

// A float scalar's value (.inf/.nan spelled any YAML way); NaN compares unequal, so callers
// also compare the text.
double FloatValue(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c != '_') s.push_back(c);
  }
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  if (lower == ".inf" || lower == "+.inf") return HUGE_VAL;
  if (lower == "-.inf") return -HUGE_VAL;
  return std::strtod(s.c_str(), nullptr);
}

}  // namespace

ScalarType ResolvePlain(std::string_view s) {
  if (s.empty() || Is(s, {"~", "null", "Null", "NULL"})) return ScalarType::kNull;
  char c = s[0];
  if (Is(s, {"y", "Y", "yes", "Yes", "YES", "true",  "True",  "TRUE",  "on",  "On",  "ON",
             "n", "N", "no",  "No",  "NO",  "false", "False", "FALSE", "off", "Off", "OFF"})) {
    return ScalarType::kBool;
  }
  if (c == '.' || c == '+' || c == '-') {
    if (Is(s, {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
               "-.Inf", "-.INF"})) {
      return ScalarType::kFloat;
    }
  }
  if (IsDigit(c) || c == '-' || c == '+' || c == '.') {
    std::string plain;
    plain.reserve(s.size());
    for (char ch : s) {
      if (ch != '_') plain.push_back(ch);
    }
    if (IsGoInt(plain)) return ScalarType::kInt;
    if (IsYamlFloat(plain)) return ScalarType::kFloat;
  }
  return ScalarType::kString;
}

bool ParseIntScalar(std::string_view text, int64_t* out) {
  std::string s;
  for (char c : text) {
    if (c != '_') s.push_back(c);
  }
  bool neg = false;
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  int base = 10;
  if (s.size() - i > 1 && s[i] == '0') {
    char p = s[i + 1];
    if (p == 'x' || p == 'X') {
      base = 16;
      i += 2;
    } else if (p == 'o' || p == 'O') {
      base = 8;
      i += 2;
    } else if (p == 'b' || p == 'B') {
      base = 2;
      i += 2;
    } else {
      base = 8;
      i += 1;
    }
  }
  if (i >= s.size()) return false;
  uint64_t limit = neg ? (uint64_t{1} << 63) : (uint64_t{1} << 63) - 1;
  uint64_t v = 0;
  for (; i < s.size(); i++) {
    char c = s[i];
    int d = IsDigit(c)               ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : 99;
    if (d >= base) return false;
    const uint64_t b = static_cast<uint64_t>(base);
    if (v > (limit - static_cast<uint64_t>(d)) / b) return false;
    v = v * b + static_cast<uint64_t>(d);
  }
  *out = neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

bool BoolScalarValue(std::string_view v) {
  return Is(v, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"});
}

Tag ParseTag(std::string_view tag) {
  if (tag.empty()) return Tag::kNone;
  if (tag == "!") return Tag::kNonSpecific;
  if (tag.size() > kTagPrefix.size() && tag.substr(0, kTagPrefix.size()) == kTagPrefix) {
    std::string_view t = tag.substr(kTagPrefix.size());
    if (t == "str") return Tag::kStr;
    if (t == "null") return Tag::kNull;
    if (t == "bool") return Tag::kBool;
    if (t == "int") return Tag::kInt;
    if (t == "float") return Tag::kFloat;
  }
  return Tag::kOther;
}

ScalarType Node::Resolve() const {
  switch (tag_) {
    case Tag::kStr:
    case Tag::kNonSpecific:
      return ScalarType::kString;
    case Tag::kNull:
      return ScalarType::kNull;
    case Tag::kBool:
      return ScalarType::kBool;
    case Tag::kInt:
      return ScalarType::kInt;
    case Tag::kFloat:
      return ScalarType::kFloat;
    case Tag::kNone:
    case Tag::kOther:
      break;
  }
  if (style_ != ScalarStyle::kPlain) return ScalarType::kString;
  return ResolvePlain(value_);
}

bool Node::Equals(const Node& other) const {
  if (kind_ != other.kind_) return false;
  if (kind_ == NodeKind::kScalar) {
    ScalarType a = Resolve(), b = other.Resolve();
    if (a != b) return false;
    // Compare values, not spellings: 0112 == 74 (octal), yes == true, 1e3 == 1000.0.
    switch (a) {
      case ScalarType::kNull:
        return true;
      case ScalarType::kBool:
        return BoolScalarValue(value_) == BoolScalarValue(other.value_);
      case ScalarType::kInt: {
        int64_t x = 0, y = 0;
        if (ParseIntScalar(value_, &x) && ParseIntScalar(other.value_, &y)) return x == y;
        return value_ == other.value_;
      }
      case ScalarType::kFloat:
        return FloatValue(value_) == FloatValue(other.value_) || value_ == other.value_;
      case ScalarType::kString:
        return value_ == other.value_;
    }
    return false;
  }
  if (children_.size() != other.children_.size()) return false;
  for (size_t i = 0; i < children_.size(); i++) {
    if (!children_[i].Equals(other.children_[i])) return false;
  }
  return true;
}

size_t Node::CountNodes() const {
  size_t n = 1;
  for (const auto& c : children_) n += c.CountNodes();
  return n;
}

}  // namespace swell::yaml
