// Test helpers for the KEDA types: YAML text -> typed object, and the shared reference dir.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "api/codec.h"
#include "api/keda/types.h"
#include "api/yaml/node.h"

namespace swell::api::keda_test {

// ../shared (SWELL_SHARED_DIR when set, as ctest does).
inline std::string SharedDir() {
  const char* env = std::getenv("SWELL_SHARED_DIR");
  return env != nullptr ? std::string(env) : std::string("../shared");
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses `text` (one document) and decodes it as T; decode problems go to `diags`.
template <class T>
T Decode(std::string_view text, Diagnostics& diags) {
  yaml::ParseResult parsed = yaml::Parse(text);
  EXPECT_EQ(parsed.error, nullptr) << (parsed.error ? parsed.error->message : "");
  T out;
  if (parsed.error || parsed.documents.empty()) return out;
  Decoder d(&diags);
  DecodeValue(parsed.documents[0].root, out, d);
  return out;
}

// Decodes and expects no decode diagnostics at all.
template <class T>
T DecodeClean(std::string_view text) {
  Diagnostics diags;
  T out = Decode<T>(text, diags);
  for (const Diagnostic& d : diags.items()) ADD_FAILURE() << d.path << ": " << d.message;
  return out;
}

// Encodes `v` as YAML and decodes it again.
template <class T>
T RoundTrip(const T& v) {
  std::string text = yaml::EmitYaml(EncodeValue(v));
  return DecodeClean<T>(text);
}

// "path: message [rule]" lines, for failure output.
inline std::string Dump(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.items()) {
    out += (d.severity == Severity::kError ? "E " : d.severity == Severity::kWarning ? "W " : "I ");
    out += d.path + ": " + d.message + " [" + d.rule + "]\n";
  }
  return out;
}

}  // namespace swell::api::keda_test
