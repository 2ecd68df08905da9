// The subset of GJSON paths (github.com/tidwall/gjson) that metrics-api's valueLocation uses:
// dot-separated keys ("components.worker.tasks"), '\' escapes ("a\.b"), '*' and '?' wildcards
// in keys (first match), array indexes ("items.0.count"), "#" for an array's length and
// "#.key" to collect a key over an array. Queries ("#(...)"), modifiers ("@reverse") and
// multipaths are not supported: they resolve to Null, as a path that matches nothing does.
#pragma once

#include <string>
#include <string_view>

#include "util/json.h"

namespace swell::scalers {

struct GjsonResult {
  enum class Type : uint8_t { kNull, kFalse, kNumber, kString, kTrue, kJson };
  Type type = Type::kNull;
  double num = 0;   // kNumber
  std::string str;  // kString
};

// gjson.Get(json, path) on a parsed document.
GjsonResult GjsonGet(const json::Value& root, std::string_view path);

// gjson's Type.String(): "Null", "False", "Number", "String", "True", "JSON".
std::string_view GjsonTypeName(GjsonResult::Type t);

}  // namespace swell::scalers
