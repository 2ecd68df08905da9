// Cases follow apimachinery@release-1.32 pkg/util/validation/validation_test.go and
// pkg/labels/selector_test.go.
#include "api/labels.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace swell::api {
namespace {

const std::string kQualifiedNameRegexMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const std::string kSubdomainRegexMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const std::string kLabelValueRegexMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const std::string kDnsLabelRegexMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

// A case: the input and the expected message ("" = valid).
struct Case {
  std::string input;
  std::string want;
};

TEST(CheckQualifiedName, Valid) {
  for (const std::string& s : std::vector<std::string>{
           "simple",
           "now-with-dashes",
           "1-starts-with-num",
           "1234",
           "simple/simple",
           "now-with-dashes/simple",
           "now-with-dashes/now-with-dashes",
           "now.with.dots/simple",
           "now-with.dashes-and.dots/simple",
           "1-num.2-num/3-num",
           "1234/5678",
           "1.2.3.4/5678",
           "Uppercase_Is_OK_123",
           "example.com/Uppercase_Is_OK_123",
           "requests.storage-foo",
           std::string(63, 'a'),
           std::string(253, 'a') + "/a",
           "karpenter.k8s.aws/instance-family",
       }) {
    EXPECT_EQ(CheckQualifiedName(s), "") << s;
  }
}

TEST(CheckQualifiedName, Invalid) {
  const std::vector<Case> cases = {
      {"", "name part must be non-empty; name part " + kQualifiedNameRegexMsg},
      {"nospecialchars%^=@", "name part " + kQualifiedNameRegexMsg},
      {"cantendwithadash-", "name part " + kQualifiedNameRegexMsg},
      {"-cantstartwithadash-", "name part " + kQualifiedNameRegexMsg},
      {"only/one/slash", "a qualified name " + kQualifiedNameRegexMsg +
                             " with an optional DNS subdomain prefix and '/' (e.g. "
                             "'example.com/MyName')"},
      {"Example.com/abc", "prefix part " + kSubdomainRegexMsg},
      {"example_com/abc", "prefix part " + kSubdomainRegexMsg},
      {"example.com/", "name part must be non-empty; name part " + kQualifiedNameRegexMsg},
      {"/simple", "prefix part must be non-empty"},
      {std::string(64, 'a'), "name part must be no more than 63 characters"},
      {std::string(254, 'a') + "/abc", "prefix part must be no more than 253 characters"},
      {"-x/" + std::string(64, 'a'),
       "prefix part " + kSubdomainRegexMsg + "; name part must be no more than 63 characters"},
      {std::string(64, 'a') + "-",
       "name part must be no more than 63 characters; name part " + kQualifiedNameRegexMsg},
  };
  for (const Case& c : cases) EXPECT_EQ(CheckQualifiedName(c.input), c.want) << c.input;
}

TEST(CheckLabelValue, Valid) {
  for (const std::string& s : std::vector<std::string>{
           "",
           "simple",
           "now-with-dashes",
           "1-starts-with-num",
           "end-with-num-1",
           "1234",
           std::string(63, 'a'),
           "Uppercase_Is_OK_123",
           "m5.large",
       }) {
    EXPECT_EQ(CheckLabelValue(s), "") << s;
  }
}

TEST(CheckLabelValue, Invalid) {
  const std::vector<Case> cases = {
      {"nospecialchars%^=@", kLabelValueRegexMsg},
      {"Tama-nui-te-r\xc4\x81", kLabelValueRegexMsg},
      {"cantendwithadash-", kLabelValueRegexMsg},
      {"-cantstartwithadash", kLabelValueRegexMsg},
      {"only/one/slash", kLabelValueRegexMsg},
      {"a b", kLabelValueRegexMsg},
      {std::string(64, 'a'), "must be no more than 63 characters"},
      {std::string(64, 'a') + "-", "must be no more than 63 characters; " + kLabelValueRegexMsg},
  };
  for (const Case& c : cases) EXPECT_EQ(CheckLabelValue(c.input), c.want) << c.input;
}

TEST(CheckDns1123Label, ValidAndInvalid) {
  for (const std::string& s :
       std::vector<std::string>{"a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "0-1",
                                "1-0", std::string(63, 'a')}) {
    EXPECT_EQ(CheckDns1123Label(s), "") << s;
  }
  for (const std::string& s : std::vector<std::string>{
           "",   "A",  "ABC", "aBc", "A1",  "A-1", "1-A", "-",   "a-", "-a", "1-",
           "-1", "_",  "a_",  "_a",  "a_b", "1_",  "_1",  "1_2", ".",  "a.", ".a",
           "1.", ".1", " ",   "a ",  " a",  "a b", "1 ",  " 1",  "1 2"}) {
    EXPECT_EQ(CheckDns1123Label(s), kDnsLabelRegexMsg) << s;
  }
  // A valid subdomain that is not a label: the dots are the problem.
  EXPECT_EQ(CheckDns1123Label("a.b"), "must not contain dots");
  EXPECT_EQ(CheckDns1123Label("1.2"), "must not contain dots");
  EXPECT_EQ(CheckDns1123Label(std::string(64, 'a')), "must be no more than 63 characters");
  EXPECT_EQ(CheckDns1123Label(std::string(64, 'a') + "."),
            "must be no more than 63 characters; " + kDnsLabelRegexMsg);
}

TEST(CheckDns1123Subdomain, ValidAndInvalid) {
  for (const std::string& s : std::vector<std::string>{
           "a", "ab", "a.b.c.d.e", "aaa.bbb.ccc", "a1.b2", "11.22.33", "a--1.2--3", "0.a",
           "a-1.b-2", std::string(253, 'a'), std::string(63, 'a') + "." + "b"}) {
    EXPECT_EQ(CheckDns1123Subdomain(s), "") << s;
  }
  for (const std::string& s :
       std::vector<std::string>{"", "A", "ABC", "aBc", "A.a", "a.B", "-", "a-", "-a", "a.-b",
                                "a-.b", "_", "a_b", ".", "a.", ".a", "a..b", "a b", "a.b c"}) {
    EXPECT_EQ(CheckDns1123Subdomain(s), kSubdomainRegexMsg) << s;
  }
  EXPECT_EQ(CheckDns1123Subdomain(std::string(254, 'a')), "must be no more than 253 characters");
  EXPECT_EQ(CheckDns1123Subdomain(std::string(254, 'a') + "-"),
            "must be no more than 253 characters; " + kSubdomainRegexMsg);
}

struct SelectorCase {
  std::string name;
  LabelSelector selector;
  bool want;
};

TEST(SelectorMatches, Table) {
  const Labels labels = {{"app", "web"}, {"tier", "frontend"}, {"zone", "a"}};
  auto expr = [](std::string key, std::string op, std::vector<std::string> values) {
    return LabelSelectorRequirement{std::move(key), std::move(op), std::move(values)};
  };
  const std::vector<SelectorCase> cases = {
      {"empty selector matches everything", {}, true},
      {"matchLabels equal", {{{"app", "web"}}, {}}, true},
      {"matchLabels all equal", {{{"app", "web"}, {"zone", "a"}}, {}}, true},
      {"matchLabels different value", {{{"app", "db"}}, {}}, false},
      {"matchLabels missing key", {{{"team", "x"}}, {}}, false},
      {"In listed", {{}, {expr("app", "In", {"db", "web"})}}, true},
      {"In unlisted", {{}, {expr("app", "In", {"db"})}}, false},
      {"In absent key", {{}, {expr("team", "In", {"x"})}}, false},
      {"NotIn absent key", {{}, {expr("team", "NotIn", {"x"})}}, true},
      {"NotIn listed", {{}, {expr("app", "NotIn", {"web"})}}, false},
      {"NotIn unlisted", {{}, {expr("app", "NotIn", {"db"})}}, true},
      {"Exists present", {{}, {expr("app", "Exists", {})}}, true},
      {"Exists absent", {{}, {expr("team", "Exists", {})}}, false},
      {"DoesNotExist absent", {{}, {expr("team", "DoesNotExist", {})}}, true},
      {"DoesNotExist present", {{}, {expr("app", "DoesNotExist", {})}}, false},
      {"ANDed: all hold", {{{"app", "web"}}, {expr("tier", "In", {"frontend"})}}, true},
      {"ANDed: one fails", {{{"app", "web"}}, {expr("tier", "In", {"backend"})}}, false},
      {"unknown operator", {{}, {expr("app", "Gt", {"1"})}}, false},
      {"unknown operator beside a match",
       {{{"app", "web"}}, {expr("app", "Equals", {"web"})}},
       false},
      {"In without values is invalid", {{}, {expr("app", "In", {})}}, false},
      {"NotIn without values is invalid", {{}, {expr("team", "NotIn", {})}}, false},
      {"Exists with values is invalid", {{}, {expr("app", "Exists", {"web"})}}, false},
      {"invalid key", {{}, {expr("a/b/c", "DoesNotExist", {})}}, false},
      {"invalid value", {{}, {expr("team", "NotIn", {"not valid"})}}, false},
      {"invalid matchLabels value", {{{"app", "-web"}}, {}}, false},
  };
  for (const SelectorCase& c : cases) {
    EXPECT_EQ(SelectorMatches(c.selector, labels), c.want) << c.name;
  }
  EXPECT_TRUE(SelectorMatches(LabelSelector{}, Labels{}));
  EXPECT_FALSE(SelectorMatches(LabelSelector{{{"app", "web"}}, {}}, Labels{}));
}

}  // namespace
}  // namespace swell::api
