#include "api/core/meta.h"

namespace swell::api {

void DecodeValue(const yaml::Node& n, Time& out, Decoder& d) {
  if (n.IsNull()) return;
  if (!n.IsScalar()) return d.TypeError(n, "RFC 3339 timestamp");
  if (!ParseRfc3339(n.value(), &out.value)) {
    d.Error(n, "\"" + n.value() + "\" is not an RFC 3339 timestamp (e.g. 2026-11-27T02:00:00Z)",
            "decode/time");
  }
}

yaml::Node EncodeValue(const Time& v) {
  return yaml::Node::Scalar(FormatRfc3339(v.value), yaml::ScalarStyle::kDoubleQuoted);
}

}  // namespace swell::api
