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

bool IsDocPlaceholder(std::string_view s) {
  if (ContainsPlaceholder(s)) return true;
  // Alternatives: word (sep word)+ with sep '/' or '|', spaces allowed around '|'.
  size_t seps = 0;
  bool word = false;        // inside a word
  bool after_word = false;  // a word ended; a separator may follow
  for (size_t i = 0; i < s.size(); i++) {
    char c = s[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    if (letter) {
      if (!word && after_word) return false;  // two words without a separator
      word = true;
    } else if (c == ' ') {
      if (word) after_word = true;
      word = false;
    } else if ((c == '/' || c == '|') && (word || after_word)) {
      seps++;
      word = false;
      after_word = false;
    } else {
      return false;
    }
  }
  return seps > 0 && (word || after_word);
}

}  // namespace swell::api
