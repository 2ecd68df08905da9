// Label/name syntax and label-selector matching. Ported from apimachinery@release-1.32
// pkg/util/validation/validation.go (IsQualifiedName, IsValidLabelValue, IsDNS1123Subdomain,
// IsDNS1123Label, MaxLenError, RegexError, EmptyError), pkg/labels/selector.go
// (NewRequirement, Requirement.Matches) and pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector).
// The regular expressions are hand-coded scanners; the messages quote the Go regexes verbatim.
#include "api/labels.h"

#include <algorithm>
#include <initializer_list>
#include <vector>

namespace swell::api {
namespace {

constexpr size_t kQualifiedNameMaxLength = 63;
constexpr size_t kLabelValueMaxLength = 63;
constexpr size_t kDns1123LabelMaxLength = 63;
constexpr size_t kDns1123SubdomainMaxLength = 253;

constexpr std::string_view kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kQualifiedNameErrMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr std::string_view kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view kLabelValueErrMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kDns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDns1123LabelErrMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character";
constexpr std::string_view kDns1123SubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kDns1123SubdomainErrMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";

bool IsAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$ (qualifiedNameFmt); the label-value regex is the
// same made optional.
bool MatchesQualifiedNameRegex(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return IsAlnum(c) || c == '-' || c == '_' || c == '.'; });
}

// ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
bool MatchesDns1123LabelRegex(std::string_view s) {
  if (s.empty() || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return IsLowerAlnum(c) || c == '-'; });
}

// ^<label>(\.<label>)*$
bool MatchesDns1123SubdomainRegex(std::string_view s) {
  while (true) {
    size_t dot = s.find('.');
    if (!MatchesDns1123LabelRegex(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

std::string MaxLenError(size_t length) {
  return "must be no more than " + std::to_string(length) + " characters";
}

std::string RegexError(std::string_view msg, std::string_view fmt,
                       std::initializer_list<std::string_view> examples) {
  std::string out(msg);
  out += " (e.g. ";
  bool first = true;
  for (std::string_view e : examples) {
    if (!first) out += " or ";
    first = false;
    out += "'";
    out += e;
    out += "', ";
  }
  out += "regex used for validation is '";
  out += fmt;
  out += "')";
  return out;
}

// labels.validateLabelKey / validateLabelValue join a validator's messages with "; ".
std::string Join(const std::vector<std::string>& errs) {
  std::string out;
  for (const std::string& e : errs) {
    if (!out.empty()) out += "; ";
    out += e;
  }
  return out;
}

std::vector<std::string> Dns1123SubdomainErrors(std::string_view s) {
  std::vector<std::string> errs;
  if (s.size() > kDns1123SubdomainMaxLength)
    errs.push_back(MaxLenError(kDns1123SubdomainMaxLength));
  if (!MatchesDns1123SubdomainRegex(s)) {
    errs.push_back(RegexError(kDns1123SubdomainErrMsg, kDns1123SubdomainFmt, {"example.com"}));
  }
  return errs;
}

bool IsValidQualifiedName(std::string_view s) {
  size_t slash = s.find('/');
  std::string_view name = s;
  if (slash != std::string_view::npos) {
    std::string_view prefix = s.substr(0, slash);
    name = s.substr(slash + 1);
    if (name.find('/') != std::string_view::npos) return false;
    if (prefix.empty() || prefix.size() > kDns1123SubdomainMaxLength ||
        !MatchesDns1123SubdomainRegex(prefix)) {
      return false;
    }
  }
  return name.size() <= kQualifiedNameMaxLength && MatchesQualifiedNameRegex(name);
}

bool IsValidLabelValue(std::string_view s) {
  return s.empty() || (s.size() <= kLabelValueMaxLength && MatchesQualifiedNameRegex(s));
}

// labels.NewRequirement's checks for a label-selector requirement (key syntax, value count
// for the operator, value syntax). `op` is already known to be one of the four selector ops.
bool IsWellFormedSelectorRequirement(const LabelSelectorRequirement& r) {
  if (!IsValidQualifiedName(r.key)) return false;
  if (r.op == "In" || r.op == "NotIn") {
    if (r.values.empty()) return false;
  } else if (!r.values.empty()) {  // Exists, DoesNotExist
    return false;
  }
  return std::all_of(r.values.begin(), r.values.end(),
                     [](const std::string& v) { return IsValidLabelValue(v); });
}

bool Contains(const std::vector<std::string>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace

std::string CheckQualifiedName(std::string_view s) {
  if (IsValidQualifiedName(s)) return {};
  std::vector<std::string> errs;
  std::string_view name = s;
  size_t slash = s.find('/');
  if (slash != std::string_view::npos) {
    std::string_view prefix = s.substr(0, slash);
    name = s.substr(slash + 1);
    if (name.find('/') != std::string_view::npos) {
      return "a qualified name " +
             RegexError(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"}) +
             " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    }
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      for (std::string& e : Dns1123SubdomainErrors(prefix)) errs.push_back("prefix part " + e);
    }
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > kQualifiedNameMaxLength) {
    errs.push_back("name part " + MaxLenError(kQualifiedNameMaxLength));
  }
  if (!MatchesQualifiedNameRegex(name)) {
    errs.push_back("name part " + RegexError(kQualifiedNameErrMsg, kQualifiedNameFmt,
                                             {"MyName", "my.name", "123-abc"}));
  }
  return Join(errs);
}

std::string CheckLabelValue(std::string_view s) {
  if (IsValidLabelValue(s)) return {};
  std::vector<std::string> errs;
  if (s.size() > kLabelValueMaxLength) errs.push_back(MaxLenError(kLabelValueMaxLength));
  if (!s.empty() && !MatchesQualifiedNameRegex(s)) {
    errs.push_back(RegexError(kLabelValueErrMsg, kLabelValueFmt, {"MyValue", "my_value", "12345"}));
  }
  return Join(errs);
}

std::string CheckDns1123Subdomain(std::string_view s) { return Join(Dns1123SubdomainErrors(s)); }

std::string CheckDns1123Label(std::string_view s) {
  std::vector<std::string> errs;
  if (s.size() > kDns1123LabelMaxLength) errs.push_back(MaxLenError(kDns1123LabelMaxLength));
  if (!MatchesDns1123LabelRegex(s)) {
    if (MatchesDns1123SubdomainRegex(s)) {
      // A valid subdomain but not a valid label: the length was checked, so it has dots.
      errs.push_back("must not contain dots");
    } else {
      errs.push_back(RegexError(kDns1123LabelErrMsg, kDns1123LabelFmt, {"my-name", "123-abc"}));
    }
  }
  return Join(errs);
}

bool SelectorMatches(const LabelSelector& selector, const Labels& labels) {
  // LabelSelectorAsSelector: an invalid selector (bad key or value, wrong value count, unknown
  // operator) is an error, which callers treat as matching nothing. Validate everything before
  // matching so the answer does not depend on the order of evaluation.
  for (const auto& [key, value] : selector.match_labels) {
    if (!IsValidQualifiedName(key) || !IsValidLabelValue(value)) return false;
  }
  for (const LabelSelectorRequirement& r : selector.match_expressions) {
    if (r.op != "In" && r.op != "NotIn" && r.op != "Exists" && r.op != "DoesNotExist") {
      return false;
    }
    if (!IsWellFormedSelectorRequirement(r)) return false;
  }
  for (const auto& [key, value] : selector.match_labels) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  for (const LabelSelectorRequirement& r : selector.match_expressions) {
    auto it = labels.find(r.key);
    bool present = it != labels.end();
    bool ok = false;
    if (r.op == "In") {
      ok = present && Contains(r.values, it->second);
    } else if (r.op == "NotIn") {
      ok = !present || !Contains(r.values, it->second);
    } else if (r.op == "Exists") {
      ok = present;
    } else {  // DoesNotExist
      ok = !present;
    }
    if (!ok) return false;
  }
  return true;
}

}  // namespace swell::api
