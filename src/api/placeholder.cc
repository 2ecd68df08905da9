#include "api/placeholder.h"

namespace swell::api {
namespace {

// True if an opening `open` at i is followed by a matching `close` with a non-empty,
// space-free-at-the-ends name in between.
bool Enclosed(std::string_view s, size_t i, std::string_view open, char close) {
  if (s.compare(i, open.size(), open) != 0) return false;
  size_t start = i + open.size();
  size_t end = s.find(close, start);
  return end != std::string_view::npos && end > start;
}

}  // namespace

bool ContainsPlaceholder(std::string_view s) {
  for (size_t i = 0; i < s.size(); i++) {
    if (Enclosed(s, i, "${", '}') || Enclosed(s, i, "$(", ')') || Enclosed(s, i, "{{", '}') ||
        Enclosed(s, i, "<", '>') || Enclosed(s, i, "{", '}')) {
      return true;
    }
  }
  return false;
}

}  // namespace swell::api
