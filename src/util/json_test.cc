#include "util/json.h"

#include <gtest/gtest.h>

namespace swell::json {
namespace {

TEST(Json, ParsesValuesKeepingTypes) {
  StatusOr<Value> v = Parse(R"( {"a": 5, "b": "5", "c": [1, 2.5, -3e2], "d": {"e": null},
                                 "t": true, "f": false, "u": "\u00e9\n\"x\"\ud83d\ude00"} )");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE((*v)["a"].IsNumber());
  EXPECT_EQ((*v)["a"].number(), 5);
  EXPECT_TRUE((*v)["b"].IsString());
  EXPECT_EQ((*v)["b"].text(), "5");
  ASSERT_EQ((*v)["c"].size(), 3u);
  EXPECT_EQ((*v)["c"].item(2).number(), -300);
  EXPECT_EQ((*v)["d"]["e"].type(), Type::kNull);
  EXPECT_EQ((*v)["t"].type(), Type::kTrue);
  EXPECT_EQ((*v)["f"].type(), Type::kFalse);
  EXPECT_EQ((*v)["u"].text(), "\xc3\xa9\n\"x\"\xf0\x9f\x98\x80");
  EXPECT_EQ((*v)["missing"]["deeper"].type(), Type::kNull);
  int64_t i = 0;
  EXPECT_TRUE((*v)["a"].AsInt(&i));
  EXPECT_EQ(i, 5);
  EXPECT_FALSE((*v)["c"].item(1).AsInt(&i));
}

TEST(Json, RejectsMalformedInput) {
  for (const char* bad : {"", "{", "{\"a\" 1}", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1",
                          "\"\x01\"", "tru", "nul", "[1] x", "{'a':1}", "\"\\q\"", "NaN"}) {
    StatusOr<Value> v = Parse(bad);
    EXPECT_FALSE(v.ok()) << bad;
    if (!v.ok()) {
      EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument);
      EXPECT_NE(v.status().message().find("malformed JSON at byte"), std::string::npos);
    }
  }
}

TEST(Json, DepthLimit) {
  std::string deep(300, '[');
  deep += std::string(300, ']');
  EXPECT_FALSE(Parse(deep).ok());
  EXPECT_TRUE(Parse(deep, 400).ok());
}

TEST(Json, AppendQuoted) {
  std::string out;
  AppendQuoted(out, "a\"b\\c\n\x01");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001\"");
  StatusOr<Value> back = Parse(out);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->text(), "a\"b\\c\n\x01");
}

}  // namespace
}  // namespace swell::json
