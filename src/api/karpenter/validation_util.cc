#include "api/karpenter/validation_util.h"

#include <algorithm>

#include "api/placeholder.h"

namespace swell::api::karpenter {

bool MatchesPattern(std::string_view value, const std::regex& pattern) {
  return std::regex_search(value.begin(), value.end(), pattern);
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::string ListForMessage(std::initializer_list<std::string_view> allowed) {
  std::string out;
  size_t i = 0;
  for (std::string_view a : allowed) {
    if (i > 0) out += (i + 1 == allowed.size()) ? " or " : ", ";
    out += a;
    i++;
  }
  return out;
}

std::string Quoted(std::string_view value) { return "\"" + std::string(value) + "\""; }

void ReportValue(Diagnostics& diags, const std::string& path, std::string_view value,
                 std::string message, const char* rule) {
  if (ContainsPlaceholder(value)) {
    diags.Warning(path,
                  std::move(message) + " (if the placeholder is filled in correctly, ignore this)",
                  rule);
  } else {
    diags.Error(path, std::move(message), rule);
  }
}

const std::regex& NillableDurationPattern() {
  static const std::regex re("^(([0-9]+(s|m|h))+|Never)$");
  return re;
}

const std::regex& DurationPattern() {
  static const std::regex re("^([0-9]+(s|m|h))+$");
  return re;
}

namespace {
bool IsDigitChar(char c) { return c >= '0' && c <= '9'; }
// Consumes [0-9]+ at i; false if none.
bool Digits(std::string_view s, size_t& i) {
  size_t start = i;
  while (i < s.size() && IsDigitChar(s[i])) i++;
  return i > start;
}
bool IsRegexSpace(char c) {  // ECMAScript \s over ASCII
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
}  // namespace

bool MatchesDurationPattern(std::string_view s, bool allow_never) {
  if (allow_never && s == "Never") return true;
  size_t i = 0;
  if (s.empty()) return false;
  while (i < s.size()) {
    if (!Digits(s, i) || i >= s.size()) return false;
    char u = s[i++];
    if (u != 's' && u != 'm' && u != 'h') return false;
  }
  return true;
}

bool MatchesBudgetNodesPattern(std::string_view s) {
  size_t i = 0;
  if (!Digits(s, i)) return false;
  if (i == s.size()) return true;  // [0-9]+
  if (s[i] != '%' || i + 1 != s.size()) return false;
  std::string_view num = s.substr(0, i);
  return num.size() <= 2 || num == "100";
}

namespace {
// ^(([0-9]+(h|m))|([0-9]+h[0-9]+m))$
bool BudgetDurationCore(std::string_view s) {
  size_t i = 0;
  if (!Digits(s, i) || i >= s.size()) return false;
  char u = s[i++];
  if (u == 'm') return i == s.size();
  if (u != 'h') return false;
  if (i == s.size()) return true;                    // Nh
  if (!Digits(s, i) || i >= s.size()) return false;  // NhMm
  return s[i] == 'm' && i + 1 == s.size();
}
}  // namespace

bool MatchesBudgetDurationPattern(std::string_view s) {
  if (BudgetDurationCore(s)) return true;
  return s.size() > 2 && s.substr(s.size() - 2) == "0s" &&
         BudgetDurationCore(s.substr(0, s.size() - 2));
}

bool MatchesBudgetSchedulePattern(std::string_view s) {
  for (std::string_view m :
       {"@annually", "@yearly", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}) {
    if (s.substr(0, m.size()) == m) return true;
  }
  // Otherwise a suffix of the form .+\s.+\s.+\s.+\s.+ ('.' excludes '\n', '\s' includes it).
  // Scan from the end keeping every reachable state (separators still needed, whether the
  // current field has a character yet); a newline can only be a separator.
  bool state[5][2] = {};  // [needed][field non-empty]
  state[4][0] = true;
  for (size_t i = s.size(); i-- > 0;) {
    const char c = s[i];
    bool next[5][2] = {};
    for (int k = 0; k <= 4; k++) {
      for (int run = 0; run <= 1; run++) {
        if (!state[k][run]) continue;
        if (c != '\n') next[k][1] = true;                                 // extend the field
        if (IsRegexSpace(c) && run == 1 && k > 0) next[k - 1][0] = true;  // a separator
      }
    }
    std::copy(&next[0][0], &next[0][0] + 10, &state[0][0]);
    if (state[0][1]) return true;  // four separators and a first field: a match starts here
  }
  return false;
}

}  // namespace swell::api::karpenter
