// The shared metadata parser against KEDA's typed_config.go rules (keda.md §1.5).
#include "scalers/metadata.h"

#include <gtest/gtest.h>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;

// ---- lookup: order, aliases, FromEnv, empty = absent ----------------------------------------

TEST(Metadata, LookupOrderAliasesAndFromEnv) {
  constexpr Param kTable[] = {
      {.name = "address;addresses", .order = "triggerMetadata;authParams;resolvedEnv"},
  };
  struct Case {
    const char* name;
    api::StringMap meta, auth, env;
    std::string want;
    std::optional<ParamSource> source;
  };
  const Case cases[] = {
      {"metadata first alias",
       {{"address", "a"}, {"addresses", "b"}},
       {},
       {},
       "a",
       ParamSource::kTriggerMetadata},
      {"metadata second alias",
       {{"addresses", "b"}},
       {{"address", "c"}},
       {},
       "b",
       ParamSource::kTriggerMetadata},
      {"metadata before authParams",
       {{"address", "a"}},
       {{"address", "c"}},
       {},
       "a",
       ParamSource::kTriggerMetadata},
      {"authParams", {}, {{"addresses", "c"}}, {}, "c", ParamSource::kAuthParams},
      {"FromEnv",
       {{"addressFromEnv", "ADDR"}},
       {},
       {{"ADDR", "e"}},
       "e",
       ParamSource::kResolvedEnv},
      {"FromEnv of the alias",
       {{"addressesFromEnv", "ADDR"}},
       {},
       {{"ADDR", "e"}},
       "e",
       ParamSource::kResolvedEnv},
      {"authParams before env",
       {{"addressFromEnv", "ADDR"}},
       {{"address", "c"}},
       {{"ADDR", "e"}},
       "c",
       ParamSource::kAuthParams},
      {"empty metadata is absent",
       {{"address", "  "}},
       {{"address", "c"}},
       {},
       "c",
       ParamSource::kAuthParams},
      {"value trimmed", {{"address", "  a \t"}}, {}, {}, "a", ParamSource::kTriggerMetadata},
      {"FromEnv name is not trimmed",
       {{"addressFromEnv", "ADDR "}},
       {},
       {{"ADDR", "e"}},
       "",
       std::nullopt},
  };
  for (const Case& c : cases) {
    ScalerConfig cfg = Config("t", c.meta, c.auth, c.env);
    constexpr Param kOptional[] = {{.name = "address;addresses",
                                    .order = "triggerMetadata;authParams;resolvedEnv",
                                    .optional = true}};
    StatusOr<ParsedParams> p = ParseParams(cfg, kOptional);
    ASSERT_TRUE(p.ok()) << c.name << ": " << p.status().ToString();
    EXPECT_EQ(p->String("address"), c.want) << c.name;
    EXPECT_EQ(p->SourceOf("address"), c.source) << c.name;
    EXPECT_EQ(p->Has("address"), !c.want.empty()) << c.name;
  }
  // The required form names the parameter (aliases joined by ",") and its sources.
  StatusOr<ParsedParams> p = ParseParams(Config("t", {}), kTable);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status().message(),
            "missing required parameter \"address,addresses\" in [triggerMetadata authParams "
            "resolvedEnv]");
}

TEST(Metadata, SourceNotInOrderIsIgnored) {
  constexpr Param kTable[] = {{.name = "queueURL", .order = "triggerMetadata;resolvedEnv"}};
  // authParams is not a source of queueURL.
  StatusOr<ParsedParams> p = ParseParams(Config("t", {}, {{"queueURL", "x"}}), kTable);
  EXPECT_FALSE(p.ok());
  // A FromEnv naming a variable that is not set is absent.
  p = ParseParams(Config("t", {{"queueURLFromEnv", "MISSING"}}), kTable);
  EXPECT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("\"queueURL\" in [triggerMetadata resolvedEnv]"),
            std::string::npos);
}

// ---- defaults, optional, deprecated ----------------------------------------------------------

TEST(Metadata, DefaultsOptionalAndDeprecated) {
  constexpr Param kTable[] = {
      {.name = "length", .order = "triggerMetadata", .type = ParamType::kInt, .default_value = "5"},
      {.name = "flag",
       .order = "triggerMetadata",
       .type = ParamType::kBool,
       .default_value = "true"},
      {.name = "opt", .order = "triggerMetadata", .type = ParamType::kInt, .optional = true},
      {.name = "old", .order = "triggerMetadata", .deprecated = "use new instead"},
      {.name = "soon",
       .order = "triggerMetadata",
       .optional = true,
       .deprecated_announce = "soon goes away"},
  };
  StatusOr<ParsedParams> p = ParseParams(Config("t", {{"length", " "}}), kTable);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->Int("length"), 5);  // empty = absent = default
  EXPECT_TRUE(p->Has("length"));
  EXPECT_EQ(p->SourceOf("length"), std::nullopt);
  EXPECT_TRUE(p->Bool("flag"));
  EXPECT_FALSE(p->Has("opt"));
  EXPECT_EQ(p->Int("opt"), 0);
  EXPECT_FALSE(p->Has("old"));  // deprecated and absent: fine even though not optional
  EXPECT_TRUE(p->announcements().empty());

  p = ParseParams(Config("t", {{"length", "7"}, {"flag", "false"}, {"soon", "x"}}), kTable);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->Int("length"), 7);
  EXPECT_FALSE(p->Bool("flag"));
  ASSERT_EQ(p->announcements().size(), 1u);
  EXPECT_EQ(p->announcements()[0], "scaler t info: soon goes away");

  p = ParseParams(Config("t", {{"old", "x"}}), kTable);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("\"old\""), std::string::npos);
  EXPECT_NE(p.status().message().find("use new instead"), std::string::npos);
}

// ---- enum and exclusiveSet -------------------------------------------------------------------

TEST(Metadata, EnumAndExclusiveSet) {
  constexpr Param kTable[] = {
      {.name = "policy",
       .order = "triggerMetadata",
       .default_value = "latest",
       .enum_values = "latest;earliest"},
      {.name = "modes",
       .order = "triggerMetadata;authParams",
       .type = ParamType::kList,
       .optional = true,
       .enum_values = "basic;bearer;tls",
       .exclusive_set = "basic;bearer"},
  };
  struct Case {
    api::StringMap meta;
    bool ok;
  };
  const Case cases[] = {
      {{}, true},
      {{{"policy", "earliest"}}, true},
      {{{"policy", "Earliest"}}, false},  // case-sensitive
      {{{"modes", "basic, tls"}}, true},  // elements trimmed
      {{{"modes", "basic,bearer"}}, false},
      {{{"modes", "basic,digest"}}, false},
  };
  for (const Case& c : cases) {
    StatusOr<ParsedParams> p = ParseParams(Config("t", c.meta), kTable);
    EXPECT_EQ(p.ok(), c.ok) << (c.meta.empty() ? "" : c.meta.begin()->second);
  }
  StatusOr<ParsedParams> p = ParseParams(Config("t", {{"policy", "soonest"}}), kTable);
  EXPECT_EQ(p.status().message(),
            "parameter \"policy\" value \"soonest\": must be one of [latest earliest]");
  p = ParseParams(Config("t", {{"modes", "basic,tls"}}), kTable);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->List("modes"), (std::vector<std::string>{"basic", "tls"}));
}

// ---- typed values ---------------------------------------------------------------------------

struct TypeCase {
  ParamType type;
  std::string text;
  bool ok;
};

class MetadataTypes : public ::testing::TestWithParam<TypeCase> {};

TEST_P(MetadataTypes, ParsesAsGoDoes) {
  const TypeCase& c = GetParam();
  const Param table[] = {{.name = "v", .order = "triggerMetadata", .type = c.type}};
  StatusOr<ParsedParams> p = ParseParams(Config("t", {{"v", c.text}}), table);
  EXPECT_EQ(p.ok(), c.ok) << c.text << ": " << p.status().ToString();
}

INSTANTIATE_TEST_SUITE_P(
    GoJsonAndStrconv, MetadataTypes,
    ::testing::Values(
        // json.Unmarshal into int64
        TypeCase{ParamType::kInt, "5", true}, TypeCase{ParamType::kInt, "-5", true},
        TypeCase{ParamType::kInt, "0", true},
        TypeCase{ParamType::kInt, "9223372036854775807", true},
        TypeCase{ParamType::kInt, "9223372036854775808", false},
        TypeCase{ParamType::kInt, "5.5", false}, TypeCase{ParamType::kInt, "5.0", false},
        TypeCase{ParamType::kInt, "5e2", false}, TypeCase{ParamType::kInt, "+5", false},
        TypeCase{ParamType::kInt, "05", false}, TypeCase{ParamType::kInt, "0x10", false},
        TypeCase{ParamType::kInt, "five", false}, TypeCase{ParamType::kInt, "\"5\"", false},
        // json.Unmarshal into float64
        TypeCase{ParamType::kFloat, "1.5", true}, TypeCase{ParamType::kFloat, "-2", true},
        TypeCase{ParamType::kFloat, "2e3", true}, TypeCase{ParamType::kFloat, "2E-3", true},
        TypeCase{ParamType::kFloat, ".5", false}, TypeCase{ParamType::kFloat, "5.", false},
        TypeCase{ParamType::kFloat, "NaN", false}, TypeCase{ParamType::kFloat, "Inf", false},
        TypeCase{ParamType::kFloat, "1e400", false}, TypeCase{ParamType::kFloat, "1,5", false},
        // strconv.ParseBool
        TypeCase{ParamType::kBool, "true", true}, TypeCase{ParamType::kBool, "True", true},
        TypeCase{ParamType::kBool, "TRUE", true}, TypeCase{ParamType::kBool, "t", true},
        TypeCase{ParamType::kBool, "1", true}, TypeCase{ParamType::kBool, "F", true},
        TypeCase{ParamType::kBool, "yes", false}, TypeCase{ParamType::kBool, "tRUE", false},
        TypeCase{ParamType::kBool, "2", false},
        // Go duration or integer milliseconds
        TypeCase{ParamType::kDuration, "30s", true}, TypeCase{ParamType::kDuration, "1m30s", true},
        TypeCase{ParamType::kDuration, "1500", true}, TypeCase{ParamType::kDuration, "0", true},
        TypeCase{ParamType::kDuration, "-1s", false}, TypeCase{ParamType::kDuration, "-5", false},
        TypeCase{ParamType::kDuration, "1.5", false}, TypeCase{ParamType::kDuration, "5x", false},
        // maps
        TypeCase{ParamType::kMap, "a=1,b=2", true}, TypeCase{ParamType::kMap, "a = 1 ", true},
        TypeCase{ParamType::kMap, "a=1,", false}, TypeCase{ParamType::kMap, "a", false},
        TypeCase{ParamType::kMap, "a=b=c", false},
        // lists take anything
        TypeCase{ParamType::kList, "a,,b", true},
        // int lists without ranges
        TypeCase{ParamType::kIntList, "1,2,3", true}, TypeCase{ParamType::kIntList, "1,x", false},
        TypeCase{ParamType::kIntList, "1-3", false}));

TEST(Metadata, TypedValues) {
  constexpr Param kTable[] = {
      {.name = "i", .order = "triggerMetadata", .type = ParamType::kInt},
      {.name = "f", .order = "triggerMetadata", .type = ParamType::kFloat},
      {.name = "d", .order = "triggerMetadata", .type = ParamType::kDuration},
      {.name = "ms", .order = "triggerMetadata", .type = ParamType::kDuration},
      {.name = "l", .order = "triggerMetadata", .type = ParamType::kList},
      {.name = "sl", .order = "triggerMetadata", .type = ParamType::kList, .separator = ";"},
      {.name = "r",
       .order = "triggerMetadata",
       .type = ParamType::kIntList,
       .range_separator = "-"},
      {.name = "m", .order = "triggerMetadata", .type = ParamType::kMap},
  };
  StatusOr<ParsedParams> p = ParseParams(Config("t", {{"i", "-42"},
                                                      {"f", "2.5e1"},
                                                      {"d", "1m30s"},
                                                      {"ms", "1500"},
                                                      {"l", " a , b,,c "},
                                                      {"sl", "a,b;c"},
                                                      {"r", "1, 3-5 ,9 - 10,7-6"},
                                                      {"m", "x=1, y = two "}}),
                                         kTable);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->Int("i"), -42);
  EXPECT_DOUBLE_EQ(p->Float("f"), 25.0);
  EXPECT_EQ(p->DurationOf("d"), Seconds(90));
  EXPECT_EQ(p->DurationOf("ms"), Milliseconds(1500));
  EXPECT_EQ(p->List("l"), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(p->List("sl"), (std::vector<std::string>{"a,b", "c"}));
  EXPECT_EQ(p->IntList("r"), (std::vector<int64_t>{1, 3, 4, 5, 9, 10}));  // 7-6 is empty
  EXPECT_EQ(p->Map("m"), (std::map<std::string, std::string>{{"x", "1"}, {"y", "two"}}));

  // Bad ranges.
  for (const char* bad : {"1-2-3", "a-3", "1-", "0-999999999"}) {
    EXPECT_FALSE(ParseParams(Config("t", {{"i", "1"},
                                          {"f", "1"},
                                          {"d", "1s"},
                                          {"ms", "1"},
                                          {"l", "a"},
                                          {"sl", "a"},
                                          {"r", bad},
                                          {"m", "a=b"}}),
                             kTable)
                     .ok())
        << bad;
  }
}

TEST(Metadata, AllProblemsReportedTogether) {
  constexpr Param kTable[] = {
      {.name = "a", .order = "triggerMetadata"},
      {.name = "b", .order = "triggerMetadata", .type = ParamType::kInt},
      {.name = "c", .order = "triggerMetadata", .type = ParamType::kBool, .optional = true},
  };
  StatusOr<ParsedParams> p = ParseParams(Config("t", {{"b", "x"}, {"c", "maybe"}}), kTable);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "missing required parameter \"a\" in [triggerMetadata]; parameter \"b\" value \"x\": "
            "expected an integer; parameter \"c\" value \"maybe\": expected a boolean (true, "
            "false, 1, 0, t, f)");
}

// ---- secrets never appear -------------------------------------------------------------------

TEST(Metadata, ErrorsNeverShowSecretValues) {
  constexpr Param kTable[] = {
      {.name = "tls", .order = "triggerMetadata;authParams", .enum_values = "enable;disable"},
      {.name = "port", .order = "triggerMetadata;resolvedEnv", .type = ParamType::kInt},
      {.name = "password", .order = "triggerMetadata", .type = ParamType::kInt},
  };
  const std::string secret = "s3cr3t-value";
  StatusOr<ParsedParams> p =
      ParseParams(Config("t", {{"portFromEnv", "PORT"}, {"password", secret}}, {{"tls", secret}},
                         {{"PORT", secret}}),
                  kTable);
  ASSERT_FALSE(p.ok());
  const std::string msg = p.status().message();
  EXPECT_EQ(msg.find(secret), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"tls\" value from authParams (not shown)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"port\" value from resolvedEnv (not shown)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"password\" value from triggerMetadata (not shown)"), std::string::npos)
      << msg;
}

// ---- tables ---------------------------------------------------------------------------------

TEST(Metadata, CheckParamTable) {
  constexpr Param kGood[] = {{.name = "a;b", .order = "triggerMetadata;resolvedEnv"}};
  EXPECT_TRUE(CheckParamTable(kGood).ok());
  constexpr Param kBadOrder[] = {{.name = "a", .order = "metadata"}};
  constexpr Param kNoOrder[] = {{.name = "a", .order = ""}};
  constexpr Param kTwice[] = {{.name = "a", .order = "triggerMetadata"},
                              {.name = "b;a", .order = "triggerMetadata"}};
  constexpr Param kBadDefault[] = {
      {.name = "a", .order = "triggerMetadata", .type = ParamType::kInt, .default_value = "x"}};
  constexpr Param kDefaultNotInEnum[] = {
      {.name = "a", .order = "triggerMetadata", .default_value = "x", .enum_values = "y;z"}};
  constexpr Param kRangeOnString[] = {
      {.name = "a", .order = "triggerMetadata", .range_separator = "-"}};
  for (std::span<const Param> t :
       {std::span<const Param>(kBadOrder), std::span<const Param>(kNoOrder),
        std::span<const Param>(kTwice), std::span<const Param>(kBadDefault),
        std::span<const Param>(kDefaultNotInEnum), std::span<const Param>(kRangeOnString)}) {
    Status s = CheckParamTable(t);
    EXPECT_EQ(s.code(), StatusCode::kInternal) << t[0].name;
    EXPECT_EQ(ParseParams(Config("t", {}), t).status().code(), StatusCode::kInternal);
  }
}

// ---- Go helpers -----------------------------------------------------------------------------

TEST(Metadata, GoHelpers) {
  EXPECT_EQ(SplitString("a,b,,c", ","), (std::vector<std::string_view>{"a", "b", "", "c"}));
  EXPECT_EQ(SplitString("", ","), (std::vector<std::string_view>{""}));
  EXPECT_EQ(TrimSpace(" \t x y \n"), "x y");
  int64_t v = 0;
  EXPECT_TRUE(ParseGoInt("+7", 64, &v));
  EXPECT_EQ(v, 7);
  EXPECT_TRUE(ParseGoInt("-2147483648", 32, &v));
  EXPECT_EQ(v, -2147483648LL);
  EXPECT_FALSE(ParseGoInt("2147483648", 32, &v));
  EXPECT_TRUE(ParseGoInt("-9223372036854775808", 64, &v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(ParseGoInt("9223372036854775808", 64, &v));
  EXPECT_FALSE(ParseGoInt("", 64, &v));
  EXPECT_FALSE(ParseGoInt("-", 64, &v));
  EXPECT_FALSE(ParseGoInt("1_000", 64, &v));
}

}  // namespace
}  // namespace swell::scalers
