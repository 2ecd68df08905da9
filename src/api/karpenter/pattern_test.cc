// The hand-written CRD pattern matchers against std::regex on every short string over an
// alphabet chosen to hit each pattern's edges, plus random longer strings.
#include <gtest/gtest.h>

#include <random>
#include <regex>

#include "api/karpenter/validation_util.h"
#include "api/labels.h"

namespace swell::api::karpenter {
namespace {

// Every string of length <= max_len over `alphabet`, then `random` random ones up to 24.
std::vector<std::string> Strings(std::string_view alphabet, size_t max_len, int random) {
  std::vector<std::string> out{""};
  std::vector<std::string> frontier{""};
  for (size_t len = 1; len <= max_len; len++) {
    std::vector<std::string> next;
    for (const auto& s : frontier) {
      for (char c : alphabet) next.push_back(s + c);
    }
    out.insert(out.end(), next.begin(), next.end());
    frontier = std::move(next);
  }
  std::mt19937 rng(42);
  for (int i = 0; i < random; i++) {
    std::string s(rng() % 24, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    out.push_back(s);
  }
  return out;
}

TEST(Patterns, DurationMatchesTheCrdRegex) {
  std::regex plain("^([0-9]+(s|m|h))+$");
  std::regex never("^(([0-9]+(s|m|h))+|Never)$");
  for (const auto& s : Strings("01smhx", 5, 3000)) {
    EXPECT_EQ(MatchesDurationPattern(s, false), std::regex_search(s, plain)) << s;
    EXPECT_EQ(MatchesDurationPattern(s, true), std::regex_search(s, never)) << s;
  }
  EXPECT_TRUE(MatchesDurationPattern("Never", true));
  EXPECT_FALSE(MatchesDurationPattern("Never", false));
}

TEST(Patterns, BudgetNodesMatchesTheCrdRegex) {
  std::regex re(R"(^((100|[0-9]{1,2})%|[0-9]+)$)");
  for (const auto& s : Strings("0159%x", 5, 3000)) {
    EXPECT_EQ(MatchesBudgetNodesPattern(s), std::regex_search(s, re)) << s;
  }
}

TEST(Patterns, BudgetDurationMatchesTheCrdRegex) {
  std::regex re(R"(^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$)");
  for (const auto& s : Strings("10hms", 7, 5000)) {
    EXPECT_EQ(MatchesBudgetDurationPattern(s), std::regex_search(s, re)) << s;
  }
}

TEST(Patterns, BudgetScheduleMatchesTheCrdRegex) {
  std::regex re(
      R"(^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$)");
  for (const auto& s : Strings("a \n*", 9, 20000)) {
    std::string shown;
    for (char c : s) shown += c == '\n' ? std::string("\\n") : std::string(1, c);
    EXPECT_EQ(MatchesBudgetSchedulePattern(s), std::regex_search(s, re)) << "[" << shown << "]";
  }
  for (const char* s : {"@daily", "@dailyx", "0 9 * * mon-fri", "@every 1h", "x@daily"}) {
    EXPECT_EQ(MatchesBudgetSchedulePattern(s), std::regex_search(std::string(s), re)) << s;
  }
}

TEST(Patterns, QualifiedNameCheckCoversTheCrdRegex) {
  std::regex re(
      R"(^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$)");
  for (const auto& s : Strings("aZ0-._/", 5, 5000)) {
    EXPECT_EQ(CheckQualifiedName(s).empty(), std::regex_search(s, re)) << s;
  }
}

}  // namespace
}  // namespace swell::api::karpenter
