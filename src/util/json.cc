#include "util/json.h"

#include <cerrno>
#include <cstdlib>

namespace swell::json {

class Parser {
 public:
  Parser(std::string_view s, size_t max_depth) : s_(s), max_depth_(max_depth) {}

  StatusOr<Value> Run() {
    Value v;
    SkipSpace();
    if (!ParseValue(v, 0)) return Error();
    SkipSpace();
    if (pos_ != s_.size()) {
      err_ = "unexpected text after the value";
      return Error();
    }
    return v;
  }

 private:
  Status Error() const {
    return InvalidArgument("malformed JSON at byte " + std::to_string(pos_) + ": " + err_);
  }
  bool Fail(const char* msg) {
    err_ = msg;
    return false;
  }
  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      pos_++;
    }
  }
  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return Fail("invalid literal");
    pos_ += word.size();
    return true;
  }

  bool ParseValue(Value& v, size_t depth) {
    if (depth > max_depth_) return Fail("nesting too deep");
    if (pos_ >= s_.size()) return Fail("unexpected end of input");
    switch (s_[pos_]) {
      case '{':
        return ParseObject(v, depth);
      case '[':
        return ParseArray(v, depth);
      case '"':
        v.type_ = Type::kString;
        return ParseString(v.text_);
      case 't':
        v.type_ = Type::kTrue;
        return Literal("true");
      case 'f':
        v.type_ = Type::kFalse;
        return Literal("false");
      case 'n':
        v.type_ = Type::kNull;
        return Literal("null");
      default:
        return ParseNumber(v);
    }
  }

  bool ParseObject(Value& v, size_t depth) {
    v.type_ = Type::kObject;
    pos_++;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      pos_++;
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return Fail("expected a member name");
      std::pair<std::string, Value> member;
      if (!ParseString(member.first)) return false;
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expected ':'");
      pos_++;
      SkipSpace();
      if (!ParseValue(member.second, depth + 1)) return false;
      v.items_.push_back(std::move(member));
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        pos_++;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        pos_++;
        return true;
      }
      return Fail("expected ',' or '}'");
    }
  }

  bool ParseArray(Value& v, size_t depth) {
    v.type_ = Type::kArray;
    pos_++;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      pos_++;
      return true;
    }
    while (true) {
      SkipSpace();
      std::pair<std::string, Value> item;
      if (!ParseValue(item.second, depth + 1)) return false;
      v.items_.push_back(std::move(item));
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        pos_++;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        pos_++;
        return true;
      }
      return Fail("expected ',' or ']'");
    }
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool Hex4(uint32_t* out) {
    if (pos_ + 4 > s_.size()) return Fail("short \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
      int h = Hex(s_[pos_ + static_cast<size_t>(i)]);
      if (h < 0) return Fail("bad \\u escape");
      v = v * 16 + static_cast<uint32_t>(h);
    }
    pos_ += 4;
    *out = v;
    return true;
  }
  static void AppendUtf8(std::string& out, uint32_t cp) {
    auto put = [&](uint32_t b) { out.push_back(static_cast<char>(b)); };
    if (cp < 0x80) {
      put(cp);
    } else if (cp < 0x800) {
      put(0xC0 | (cp >> 6));
      put(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      put(0xE0 | (cp >> 12));
      put(0x80 | ((cp >> 6) & 0x3F));
      put(0x80 | (cp & 0x3F));
    } else {
      put(0xF0 | (cp >> 18));
      put(0x80 | ((cp >> 12) & 0x3F));
      put(0x80 | ((cp >> 6) & 0x3F));
      put(0x80 | (cp & 0x3F));
    }
  }
  bool Escape(std::string& out) {
    if (pos_ >= s_.size()) return Fail("unterminated string");
    char c = s_[pos_++];
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out.push_back(c);
        return true;
      case 'b':
        out.push_back('\b');
        return true;
      case 'f':
        out.push_back('\f');
        return true;
      case 'n':
        out.push_back('\n');
        return true;
      case 'r':
        out.push_back('\r');
        return true;
      case 't':
        out.push_back('\t');
        return true;
      case 'u': {
        uint32_t cp = 0;
        if (!Hex4(&cp)) return false;
        if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
          size_t save = pos_;
          pos_ += 2;
          uint32_t lo = 0;
          if (Hex4(&lo) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else {
            pos_ = save;
            cp = 0xFFFD;
          }
        } else if (cp >= 0xD800 && cp < 0xE000) {
          cp = 0xFFFD;
        }
        AppendUtf8(out, cp);
        return true;
      }
      default:
        return Fail("bad escape");
    }
  }
  bool ParseString(std::string& out) {
    pos_++;  // the opening quote
    while (true) {
      if (pos_ >= s_.size()) return Fail("unterminated string");
      char c = s_[pos_];
      if (c == '"') {
        pos_++;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in string");
      pos_++;
      if (c == '\\') {
        if (!Escape(out)) return false;
      } else {
        out.push_back(c);
      }
    }
  }

  bool Digits() {
    size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') pos_++;
    return pos_ > start;
  }
  bool ParseNumber(Value& v) {
    size_t start = pos_;
    if (s_[pos_] == '-') pos_++;
    if (pos_ < s_.size() && s_[pos_] == '0') {
      pos_++;
    } else if (!Digits()) {
      return Fail("invalid value");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      pos_++;
      if (!Digits()) return Fail("digits expected after '.'");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      pos_++;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) pos_++;
      if (!Digits()) return Fail("digits expected in exponent");
    }
    v.type_ = Type::kNumber;
    v.text_ = std::string(s_.substr(start, pos_ - start));
    v.number_ = std::strtod(v.text_.c_str(), nullptr);  // +-HUGE_VAL on overflow, as Go
    return true;
  }

  std::string_view s_;
  size_t max_depth_;
  size_t pos_ = 0;
  const char* err_ = "";
};

const Value* Value::Find(std::string_view key) const {
  if (type_ != Type::kObject) return nullptr;
  for (const auto& [k, v] : items_) {
    if (k == key) return &v;
  }
  return nullptr;
}

const Value& Value::operator[](std::string_view key) const {
  static const Value kNull;
  const Value* v = Find(key);
  return v == nullptr ? kNull : *v;
}

bool Value::AsInt(int64_t* out) const {
  if (type_ != Type::kNumber || text_.find_first_of(".eE") != std::string::npos) return false;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text_.c_str(), &end, 10);
  if (errno != 0 || end == text_.c_str() || *end != '\0') return false;
  *out = v;
  return true;
}

StatusOr<Value> Parse(std::string_view text, size_t max_depth) {
  return Parser(text, max_depth).Run();
}

void AppendQuoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20) {
      out += "\\u00";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

}  // namespace swell::json
