// IntOrString follows apimachinery pkg/util/intstr (UnmarshalJSON, MarshalJSON,
// GetScaledValueFromIntOrPercent); budgets use it as in ../shared/reference/karpenter.md §1.1.
#include "api/intstr.h"

#include <gtest/gtest.h>

#include <limits>
#include <optional>

namespace swell::api {
namespace {

constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// ---- GetScaledValueFromIntOrPercent ----------------------------------------------------------

struct ScaleCase {
  IntOrString v;
  int64_t total;
  bool round_up;
  int64_t want;
};

class IntOrPercentScale : public testing::TestWithParam<ScaleCase> {};

TEST_P(IntOrPercentScale, Value) {
  const ScaleCase& c = GetParam();
  StatusOr<int64_t> got = GetScaledValueFromIntOrPercent(c.v, c.total, c.round_up);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, c.want);
}

IntOrString S(const char* s) { return IntOrString::String(s); }

INSTANTIATE_TEST_SUITE_P(
    All, IntOrPercentScale,
    testing::Values(
        // upstream TestGetScaledValueFromIntOrPercent
        ScaleCase{IntOrString::Int(123), 0, false, 123}, ScaleCase{S("90%"), 100, true, 90},
        ScaleCase{S("90%"), 95, true, 86}, ScaleCase{S("90%"), 95, false, 85},
        // Karpenter budgets: ceil(pct x nodes)
        ScaleCase{S("10%"), 10, true, 1}, ScaleCase{S("10%"), 15, true, 2},
        ScaleCase{S("10%"), 15, false, 1}, ScaleCase{S("10%"), 0, true, 0},
        ScaleCase{S("100%"), 7, true, 7}, ScaleCase{S("0%"), 100, true, 0},
        ScaleCase{S("50%"), 3, true, 2}, ScaleCase{S("50%"), 3, false, 1},
        ScaleCase{S("1%"), 1, true, 1}, ScaleCase{S("1%"), 1, false, 0},
        ScaleCase{S("250%"), 3, false, 7},
        // strconv.Atoi accepts a sign and leading zeros
        ScaleCase{S("+10%"), 10, true, 1}, ScaleCase{S("010%"), 100, true, 10},
        ScaleCase{S("-0%"), 100, true, 0},
        // an int is returned as is, whatever the total
        ScaleCase{IntOrString::Int(-3), 10, true, -3}, ScaleCase{IntOrString::Int(0), 5, true, 0},
        // exact where float64 would not be (upstream computes in float64)
        ScaleCase{S("33%"), 1000000000000000001, true, 330000000000000001},
        ScaleCase{S("33%"), 1000000000000000001, false, 330000000000000000},
        ScaleCase{S("100%"), kMax64, true, kMax64},
        // a negative total rounds toward +inf / -inf
        ScaleCase{S("50%"), -3, true, -1}, ScaleCase{S("50%"), -3, false, -2}));

struct ScaleErrorCase {
  const char* s;
  const char* message;
};

class IntOrPercentScaleError : public testing::TestWithParam<ScaleErrorCase> {};

TEST_P(IntOrPercentScaleError, IsInvalidArgument) {
  StatusOr<int64_t> got = GetScaledValueFromIntOrPercent(S(GetParam().s), 1000, true);
  ASSERT_FALSE(got.ok()) << *got;
  EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(got.status().message().find(GetParam().message), std::string::npos)
      << got.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    All, IntOrPercentScaleError,
    testing::Values(
        ScaleErrorCase{"10", "is not a percentage"}, ScaleErrorCase{"", "is not a percentage"},
        ScaleErrorCase{"%", "integer percentage"}, ScaleErrorCase{"abc%", "integer percentage"},
        ScaleErrorCase{"10.5%", "integer percentage"}, ScaleErrorCase{" 10%", "integer percentage"},
        ScaleErrorCase{"10 %", "integer percentage"}, ScaleErrorCase{"10%%", "integer percentage"},
        ScaleErrorCase{"1_0%", "integer percentage"},
        ScaleErrorCase{"99999999999999999999%", "integer percentage"},
        ScaleErrorCase{"-10%", "negative percentage"},
        ScaleErrorCase{"9223372036854775807%", "overflows"}));

TEST(IntOrString, Helpers) {
  EXPECT_TRUE(S("10%").IsPercent());
  EXPECT_FALSE(S("10").IsPercent());
  EXPECT_FALSE(IntOrString::Int(10).IsPercent());
  EXPECT_EQ(IntOrString::Int(10).ToString(), "10");
  EXPECT_EQ(S("10%").ToString(), "10%");
  EXPECT_NE(IntOrString::Int(10), S("10"));
  EXPECT_TRUE(IsZero(IntOrString{}));
  EXPECT_FALSE(IsZero(S("")));
}

// ---- YAML decode / encode --------------------------------------------------------------------

struct Budget {
  IntOrString nodes;
  std::optional<IntOrString> max_surge;
  friend bool operator==(const Budget&, const Budget&) = default;
};
template <class V>
void Fields(V& v, Budget& b) {
  v("nodes", b.nodes, kRequired);
  v("maxSurge", b.max_surge);
}

Budget DecodeBudget(std::string_view text, Diagnostics& diags) {
  auto parsed = yaml::Parse(text);
  EXPECT_EQ(parsed.error, nullptr) << text;
  Budget b;
  b.max_surge = IntOrString::Int(99);  // sentinel for a failed decode
  if (parsed.error) return b;
  Decoder d(&diags);
  DecodeValue(parsed.documents.at(0).root, b, d);
  return b;
}

struct DecodeCase {
  const char* yaml;  // value of maxSurge
  IntOrString want;
};

class IntOrStringDecode : public testing::TestWithParam<DecodeCase> {};

TEST_P(IntOrStringDecode, KeepsIntOrString) {
  Diagnostics diags;
  Budget b = DecodeBudget(std::string("nodes: 1\nmaxSurge: ") + GetParam().yaml + "\n", diags);
  EXPECT_TRUE(diags.empty()) << (diags.empty() ? "" : diags.items()[0].message);
  ASSERT_TRUE(b.max_surge.has_value());
  EXPECT_EQ(b.max_surge->is_string, GetParam().want.is_string);
  EXPECT_EQ(*b.max_surge, GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    All, IntOrStringDecode,
    testing::Values(DecodeCase{"10", IntOrString::Int(10)},
                    DecodeCase{"\"10\"", IntOrString::String("10")},  // quoted stays a string
                    DecodeCase{"'10'", IntOrString::String("10")},
                    DecodeCase{"10%", IntOrString::String("10%")},
                    DecodeCase{"\"25%\"", IntOrString::String("25%")},
                    DecodeCase{"-5", IntOrString::Int(-5)},
                    DecodeCase{"0x10", IntOrString::Int(16)},
                    DecodeCase{"1.0", IntOrString::Int(1)},  // JSON turns it into 1
                    DecodeCase{"2147483647", IntOrString::Int(2147483647)},
                    DecodeCase{"-2147483648", IntOrString::Int(-2147483648LL)},
                    DecodeCase{"abc", IntOrString::String("abc")},
                    DecodeCase{"\"\"", IntOrString::String("")},
                    DecodeCase{"!!str 7", IntOrString::String("7")}));

TEST(IntOrStringDecode, NullLeavesTheValue) {
  Diagnostics diags;
  Budget b = DecodeBudget("nodes: 3\nmaxSurge: null\n", diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_FALSE(b.max_surge.has_value());  // optional: null resets
  b = DecodeBudget("nodes: ~\n", diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(b.nodes, IntOrString{});
}

struct DecodeErrorCase {
  const char* yaml;
  const char* rule;
  const char* message;
};

class IntOrStringDecodeError : public testing::TestWithParam<DecodeErrorCase> {};

TEST_P(IntOrStringDecodeError, Reports) {
  Diagnostics diags;
  DecodeBudget(std::string("nodes: ") + GetParam().yaml + "\n", diags);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].path, "nodes");
  EXPECT_EQ(diags.items()[0].rule, GetParam().rule);
  EXPECT_NE(diags.items()[0].message.find(GetParam().message), std::string::npos)
      << diags.items()[0].message;
}

INSTANTIATE_TEST_SUITE_P(
    All, IntOrStringDecodeError,
    testing::Values(DecodeErrorCase{"1.5", "decode/type",
                                    "expected integer or string, found number"},
                    DecodeErrorCase{"true", "decode/type", "found boolean"},
                    DecodeErrorCase{"[1]", "decode/type", "found list"},
                    DecodeErrorCase{"{a: 1}", "decode/type", "found object"},
                    DecodeErrorCase{".inf", "decode/type", "found number"},
                    DecodeErrorCase{"2147483648", "decode/range", "out of range"},
                    DecodeErrorCase{"-2147483649", "decode/range", "out of range"}));

TEST(IntOrStringEncode, IntPlainStringQuoted) {
  yaml::Node i = EncodeValue(IntOrString::Int(10));
  EXPECT_EQ(i.value(), "10");
  EXPECT_EQ(i.Resolve(), yaml::ScalarType::kInt);
  yaml::Node s = EncodeValue(IntOrString::String("10"));
  EXPECT_EQ(s.value(), "10");
  EXPECT_EQ(s.style(), yaml::ScalarStyle::kDoubleQuoted);
  EXPECT_EQ(s.Resolve(), yaml::ScalarType::kString);
}

TEST(IntOrStringEncode, RoundTripThroughYamlAndJson) {
  for (const Budget& b : {Budget{IntOrString::Int(5), IntOrString::String("10")},
                          Budget{IntOrString::String("10%"), IntOrString::Int(0)},
                          Budget{IntOrString::String("yes"), std::nullopt},
                          Budget{IntOrString::Int(-7), IntOrString::String("")}}) {
    for (bool json : {false, true}) {
      yaml::Node n = EncodeValue(b);
      std::string text = json ? yaml::EmitJson(n) : yaml::EmitYaml(n);
      Diagnostics diags;
      Budget back = DecodeBudget(text, diags);
      if (!b.max_surge) back.max_surge.reset();  // the sentinel stays when the field is absent
      EXPECT_TRUE(diags.empty()) << text;
      EXPECT_EQ(back, b) << text;
    }
  }
}

}  // namespace
}  // namespace swell::api
