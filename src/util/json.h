// A small strict JSON (RFC 8259) reader for the replies of event sources (SQS, Prometheus,
// RabbitMQ's management API, NATS /jsz, metrics APIs). Values keep their text as well as their
// type, so a caller can tell the number 5 from the string "5" (GJSON's Number vs String).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace swell::json {

enum class Type : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };

class Value {
 public:
  Type type() const { return type_; }
  bool IsObject() const { return type_ == Type::kObject; }
  bool IsArray() const { return type_ == Type::kArray; }
  bool IsString() const { return type_ == Type::kString; }
  bool IsNumber() const { return type_ == Type::kNumber; }

  // kString: the unescaped contents; kNumber: the number as written; else "".
  const std::string& text() const { return text_; }
  // kNumber: its value (as Go's strconv.ParseFloat; out-of-range gives +-Inf); else 0.
  double number() const { return number_; }

  // Arrays: items. Objects: members in document order (duplicates kept).
  size_t size() const { return items_.size(); }
  const Value& item(size_t i) const { return items_[i].second; }
  const std::string& key(size_t i) const { return items_[i].first; }
  // Objects: the first member named `key`, or nullptr (also for non-objects).
  const Value* Find(std::string_view key) const;
  // Find() that returns a shared null value instead of nullptr, for chained look-ups.
  const Value& operator[](std::string_view key) const;

  // Numbers: the value as an int64 when it is an integer in range (no fraction/exponent).
  bool AsInt(int64_t* out) const;

 private:
  friend class Parser;
  Type type_ = Type::kNull;
  std::string text_;
  double number_ = 0;
  std::vector<std::pair<std::string, Value>> items_;  // arrays use empty keys
};

// Parses one JSON document (surrounding whitespace allowed). InvalidArgument with the byte
// offset of the first error; nesting deeper than `max_depth` is an error.
StatusOr<Value> Parse(std::string_view text, size_t max_depth = 256);

// Appends `s` as a JSON string literal (quotes and escapes included).
void AppendQuoted(std::string& out, std::string_view s);

}  // namespace swell::json
