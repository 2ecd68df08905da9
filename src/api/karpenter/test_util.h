// Test helpers for the Karpenter API tests (header-only; included by *_test.cc only).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "api/codec.h"
#include "api/diagnostics.h"
#include "api/yaml/node.h"

namespace swell::api::karpenter::testing {

// ../shared (or $SWELL_SHARED_DIR, which ctest sets).
inline std::string SharedDir() {
  const char* env = std::getenv("SWELL_SHARED_DIR");
  return env != nullptr ? std::string(env) : std::string("../shared");
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses one YAML document.
inline yaml::Node ParseNode(std::string_view text) {
  yaml::ParseResult parsed = yaml::Parse(text);
  EXPECT_EQ(parsed.error, nullptr) << (parsed.error ? parsed.error->message : "");
  if (parsed.error || parsed.documents.empty()) return yaml::Node();
  return parsed.documents.front().root;
}

// Decodes `node` as T into `diags`.
template <class T>
T DecodeNode(const yaml::Node& node, Diagnostics& diags) {
  T out;
  Decoder d(&diags);
  DecodeValue(node, out, d);
  return out;
}

inline std::string Describe(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.items()) {
    out += "  " + d.path + ": " + d.message + " [" + d.rule + "]\n";
  }
  return out;
}

// Decodes YAML text as T, expecting no decode diagnostics at all.
template <class T>
T MustDecode(std::string_view text) {
  Diagnostics diags;
  T out = DecodeNode<T>(ParseNode(text), diags);
  EXPECT_TRUE(diags.empty()) << Describe(diags);
  return out;
}

// Encodes `v`, emits YAML text, parses and decodes it again: the result must equal `v`.
template <class T>
void ExpectRoundTrip(const T& v) {
  yaml::Node encoded = EncodeValue(v);
  Diagnostics diags;
  T direct = DecodeNode<T>(encoded, diags);
  EXPECT_TRUE(diags.empty()) << Describe(diags);
  EXPECT_TRUE(direct == v) << "decode(encode(x)) != x";
  std::string text = yaml::EmitYaml(encoded);
  T reparsed = DecodeNode<T>(ParseNode(text), diags);
  EXPECT_TRUE(diags.empty()) << Describe(diags);
  EXPECT_TRUE(reparsed == v) << "decode(parse(emit(encode(x)))) != x:\n" << text;
}

// One table row for rule tests: a valid variant and an invalid one of a base object.
template <class T>
struct RuleCase {
  const char* rule;
  void (*pass)(T&);
  void (*fail)(T&);
};

// Runs `c` on copies of `base`: the passing variant has no error at all and no diagnostic of
// the rule; the failing variant reports the rule.
template <class T>
void CheckRuleCase(const T& base, const RuleCase<T>& c) {
  SCOPED_TRACE(c.rule);
  T ok = base;
  c.pass(ok);
  Diagnostics ok_diags;
  Validate(ok, ok_diags);
  EXPECT_FALSE(ok_diags.has_errors()) << Describe(ok_diags);
  EXPECT_FALSE(ok_diags.HasRule(c.rule)) << Describe(ok_diags);
  T bad = base;
  c.fail(bad);
  Diagnostics bad_diags;
  Validate(bad, bad_diags);
  EXPECT_TRUE(bad_diags.HasRule(c.rule)) << Describe(bad_diags);
}

}  // namespace swell::api::karpenter::testing
