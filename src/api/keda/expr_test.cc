#include "api/keda/expr.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace swell::api::keda {
namespace {

using Vars = std::map<std::string, std::optional<double>, std::less<>>;

const std::vector<std::string> kTriggers = {"trig_one", "trig_two", "trig_three", "a", "b"};

// Compiles and evaluates; renders the result as "nil", a number, or the error message.
std::string RunFormula(std::string_view formula, const Vars& vars = {}) {
  StatusOr<Formula> f = Formula::Compile(formula, kTriggers);
  if (!f.ok()) return "compile: " + f.status().message();
  StatusOr<std::optional<double>> v = f->Eval(vars);
  if (!v.ok()) return "eval: " + v.status().message();
  if (!v->has_value()) return "nil";
  if (std::isnan(**v)) return "nan";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", **v);
  return buf;
}

struct Case {
  std::string_view formula;
  Vars vars;
  std::string_view want;
};

void ExpectAll(const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(RunFormula(c.formula, c.vars), c.want) << c.formula;
}

// keda.md §2.11 and the KEDA scalingModifiers docs.
TEST(Formula, KedaDocExamples) {
  ExpectAll({
      {"(trig_one + trig_two)/2", {{"trig_one", 3}, {"trig_two", 4}}, "3.5"},
      {"trig_one > 2 ? trig_one + trig_two : 1", {{"trig_one", 3}, {"trig_two", 4}}, "7"},
      {"trig_one > 2 ? trig_one + trig_two : 1", {{"trig_one", 1}, {"trig_two", 4}}, "1"},
      {"count([trig_one,trig_two,trig_three], {# > 1}) > 1 ? 5 : 0",
       {{"trig_one", 3}, {"trig_two", 4}, {"trig_three", 0}},
       "5"},
      {"count([trig_one,trig_two,trig_three], {# > 1}) > 1 ? 5 : 0",
       {{"trig_one", 3}, {"trig_two", 0}, {"trig_three", 0}},
       "0"},
      {"trig_one ?? 5", {{"trig_one", std::nullopt}}, "5"},
      {"(trig_one ?? 0) + (trig_two ?? 0)", {{"trig_one", 2}, {"trig_two", std::nullopt}}, "2"},
      {"max(trig_one, trig_two)", {{"trig_one", 2}, {"trig_two", 9}}, "9"},
  });
}

TEST(Formula, Precedence) {
  ExpectAll({
      {"1 + 2 * 3", {}, "7"},
      {"(1 + 2) * 3", {}, "9"},
      {"10 - 4 - 3", {}, "3"},
      {"2 ** 3 ** 2", {}, "512"},  // right-associative
      {"2 ^ 3 ^ 2", {}, "512"},
      {"-2 ** 2", {}, "-4"},  // unary minus binds looser than **
      {"-a * 2", {{"a", 3}}, "-6"},
      {"7 % 4 * 2", {}, "6"},
      {"1 + 2 > 2 ? 10 : 20", {}, "10"},
      {"!(a > 1) ? 1 : 2", {{"a", 5}}, "2"},
      {"not false ? 1 : 2", {}, "1"},
      {"true || false && false ? 1 : 2", {}, "1"},  // && binds tighter than ||
      {"a > 1 and a < 10 or false ? 1 : 2", {{"a", 5}}, "1"},
      {"1 < a < 3 ? 1 : 0", {{"a", 2}}, "1"},  // chained comparison
      {"1 < a < 3 ? 1 : 0", {{"a", 3}}, "0"},
      {"3 > a >= 1 ? 1 : 0", {{"a", 1}}, "1"},
      {"1 + (a ?? 2)", {}, "3"},
  });
}

TEST(Formula, TernaryAndConditionals) {
  ExpectAll({
      {"a > 1 ? b > 1 ? 1 : 2 : 3", {{"a", 2}, {"b", 0}}, "2"},
      {"a > 1 ? 1 : b > 1 ? 2 : 3", {{"a", 0}, {"b", 0}}, "3"},
      {"if a > 1 { 10 } else if b > 1 { 20 } else { 30 }", {{"a", 0}, {"b", 2}}, "20"},
      {"a > 1 ? a : nil", {{"a", 0}}, "eval: invalid operation: float(<nil>) (column 1)"},
  });
}

TEST(Formula, NilCoalescingAndFallback) {
  ExpectAll({
      {"a ?? b ?? 3", {{"a", std::nullopt}, {"b", std::nullopt}}, "3"},
      {"a ?? b ?? 3", {{"a", std::nullopt}, {"b", 2}}, "2"},
      {"a ?? b", {{"a", std::nullopt}, {"b", std::nullopt}}, "nil"},  // KEDA then uses fallback
      {"a ?? 1", {{"a", 0}}, "0"},
      {"a == nil ? 7 : a", {{"a", std::nullopt}}, "7"},
      {"a ?? nil", {}, "nil"},  // a variable missing from the map is nil
      // Without ??, KEDA wraps the formula in float(), which rejects nil.
      {"a", {{"a", std::nullopt}}, "eval: invalid operation: float(<nil>) (column 1)"},
      {"a + 1", {{"a", std::nullopt}}, "eval: invalid operation: <nil> + int (column 3)"},
      {"max(a, 1)",
       {{"a", std::nullopt}},
       "eval: invalid argument for max (type <nil>) (column 1)"},
  });
}

TEST(Formula, LetAndSequences) {
  ExpectAll({
      {"let x = a * 2; x + 1", {{"a", 3}}, "7"},
      {"let x = a; let y = x * x; y - x", {{"a", 3}}, "6"},
      {"(let x = 1; x) + (let x = 2; x)", {}, "3"},
      {"(1; 2; a)", {{"a", 4}}, "4"},
      // A formula starting like KEDA's ?? wrapper is not wrapped again (nor cast to float).
      {"let _kedaCompositeResult = a ?? 2; _kedaCompositeResult * 2",
       {},
       "eval: formula returned non-float result int"},
      {"let _kedaCompositeResult = a ?? 2; _kedaCompositeResult * 2.5", {}, "5"},
  });
}

TEST(Formula, Builtins) {
  ExpectAll({
      {"max(a, 2, 3.5)", {{"a", 1}}, "3.5"},
      {"min(a, 2, 3.5)", {{"a", 1}}, "1"},
      {"max([a, [7, 2]], 3)", {{"a", 1}}, "7"},
      {"min([])", {}, "eval: invalid operation: float(<nil>) (column 1)"},
      {"abs(-3)", {}, "3"},
      {"abs(a)", {{"a", -2.5}}, "2.5"},
      {"ceil(a)", {{"a", 1.2}}, "2"},
      {"floor(a)", {{"a", -1.2}}, "-2"},
      {"round(2.5)", {}, "3"},
      {"round(-2.5)", {}, "-3"},
      {"int(a)", {{"a", -2.7}}, "-2"},
      {"int(1e300)", {}, "-9.2233720368547758e+18"},  // Go's int(float64) on amd64
      {"float(3) / 2", {}, "1.5"},
      {"len([a, b, 3])", {}, "3"},
      {"sum([a, b, 3])", {{"a", 1}, {"b", 2}}, "6"},
      {"sum([a, b], {# * 2})", {{"a", 1}, {"b", 2}}, "6"},
      {"count([true, false, true])", {}, "2"},
      {"count([a, b], # > 1)", {{"a", 1}, {"b", 2}}, "1"},
      {"all([a, b], {# > 0}) ? 1 : 0", {{"a", 1}, {"b", 2}}, "1"},
      {"any([a, b], {# > 1}) ? 1 : 0", {{"a", 1}, {"b", 1}}, "0"},
      {"none([a, b], {# > 1}) ? 1 : 0", {{"a", 1}, {"b", 1}}, "1"},
      {"one([a, b], {# > 1}) ? 1 : 0", {{"a", 1}, {"b", 2}}, "1"},
      // count(...) > N stops counting once N+1 matched (expr-lang's count_threshold), so a
      // later nil element is never compared.
      {"count([a, b, trig_one], {# > 0}) > 1 ? 1 : 0",
       {{"a", 1}, {"b", 1}, {"trig_one", std::nullopt}},
       "1"},
      {"count([a, b, trig_one], {# > 0}) == 2 ? 1 : 0",
       {{"a", 1}, {"b", 1}, {"trig_one", std::nullopt}},
       "eval: invalid operation: <nil> > int (column 28)"},
  });
}

TEST(Formula, ArithmeticFollowsGo) {
  ExpectAll({
      {"1 / 0", {}, "inf"},  // float division, as expr-lang
      {"-1 / 0", {}, "-inf"},
      {"a / b", {{"a", 0}, {"b", 0}}, "nan"},
      {"7 / 2", {}, "3.5"},
      {"let m = 9223372036854775807; m + 1", {}, "-9.2233720368547758e+18"},  // int wraps
      {"let x = 7; x % -1", {}, "0"},
      {"let x = -7; x % 3", {}, "-1"},
      {"let x = 5; x % 0", {}, "eval: integer divide by zero (column 14)"},
      {"a ** 2", {{"a", 3}}, "9"},
      {"a ^ 0.5", {{"a", 16}}, "4"},
      {"a ** -1", {{"a", 4}}, "0.25"},
      {"(-8) ** (1/3)", {}, "nan"},
      {"0 ** -1", {}, "inf"},
      {"-a", {{"a", 2}}, "-2"},
  });
}

TEST(Formula, Literals) {
  ExpectAll({
      {"1_000 + 0x1F + 0o17 + 0b101", {}, "1051"},
      {".5 + 1. + 1e3 + 2.5e-1", {}, "1001.75"},
      {"1e-400", {}, "0"},
      {"true ? 1 : 0", {}, "1"},
      {"a // the rest is a comment", {{"a", 2}}, "compile: unexpected end of formula (column 27)"},
      {"a /* c */ + 1", {{"a", 2}}, "3"},
  });
}

// The formula is compiled as float(F) (or the ?? wrapper); columns refer to F.
TEST(Formula, CompileErrorsHaveColumns) {
  ExpectAll({
      {"trig_four + 1", {}, "compile: unknown name trig_four (column 1)"},
      {"trig_one +", {}, "compile: unexpected token \")\" (column 11)"},
      {"(trig_one", {}, "compile: unexpected end of formula (column 10)"},
      {"trig_one ? 1 : 2",
       {},
       "compile: non-bool expression (type float64) used as condition (column 1)"},
      {"trig_one % 2",
       {},
       "compile: invalid operation: % (mismatched types float64 and int) (column 10)"},
      {"trig_one && true",
       {},
       "compile: invalid operation: && (mismatched types float64 and bool) (column 10)"},
      {"trig_one > 1", {}, "compile: invalid argument for float (type bool) (column 1)"},
      {"nil", {}, "compile: invalid argument for float (type nil) (column 1)"},
      {"trig_one ?? 0 + 1",
       {},
       "compile: Operator (+) and coalesce expressions (?\?) cannot be mixed. Wrap either by "
       "parentheses. (column 15)"},
      {"5 % 0", {}, "compile: integer divide by zero (column 3)"},
      {"min()", {}, "compile: not enough arguments to call min (column 1)"},
      {"abs(1, 2)", {}, "compile: invalid number of arguments (expected 1, got 2) (column 1)"},
      {"len(a)", {}, "compile: invalid argument for len (type float64) (column 1)"},
      {"count([1], {#index > 0})", {}, "compile: unknown pointer #index (column 13)"},
      {"count()", {}, "compile: expected at least 2 arguments (column 7)"},
      {"all([a], {1})", {}, "compile: predicate should return boolean (got int) (column 10)"},
      {"let max = 1; max", {}, "compile: cannot redeclare builtin max (column 5)"},
      {"let a = 1; a", {}, "compile: cannot redeclare a (column 5)"},
      {"let y = 1; let y = 2; y", {}, "compile: cannot redeclare variable y (column 16)"},
      {"1e400", {}, "compile: invalid float literal: \"1e400\" (column 1)"},
      {"9223372036854775808",
       {},
       "compile: invalid integer literal: \"9223372036854775808\" (column 1)"},
      {"12ab", {}, "compile: bad number syntax: \"12a\" (column 1)"},
      {"a @ b", {}, "compile: unrecognized character '@' (column 3)"},
      {"a /* open", {}, "compile: unclosed comment (column 3)"},
      {"#", {}, "compile: unexpected token \"#\" (column 1)"},
      {"", {}, "compile: formula is empty"},
      {"a\n+ b\n+ c", {}, "compile: unknown name c (line 3, column 3)"},
  });
}

// A trigger named with '-' (legal in Kubernetes) is not an identifier: KEDA reads it as a
// subtraction too.
TEST(Formula, IdentifiersAreExprIdentifiers) {
  StatusOr<Formula> f = Formula::Compile("trig-one", {"trig-one"});
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().message(), "unknown name trig (column 1)");
  f = Formula::Compile("$x + _y + Z9", {"$x", "_y", "Z9"});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(**f->Eval({{"$x", 1}, {"_y", 2}, {"Z9", 3}}), 6);
}

TEST(Formula, UnsupportedConstructsAreRejected) {
  ExpectAll({
      {"\"abc\"", {}, "compile: string literals are not supported (column 1)"},
      {"a.b", {}, "compile: member access and indexing are not supported (column 2)"},
      {"[1, 2][0]", {}, "compile: member access and indexing are not supported (column 7)"},
      {"a in [1, 2]", {}, "compile: operator \"in\" is not supported (column 3)"},
      {"a not in [1, 2]", {}, "compile: operator \"not in\" is not supported (column 3)"},
      {"1..3", {}, "compile: operator \"..\" is not supported (column 2)"},
      {"a | abs()", {}, "compile: operator \"|\" is not supported (column 3)"},
      {"{a: 1}", {}, "compile: map literals are not supported (column 1)"},
      {"mean([a, b])", {}, "compile: builtin mean is not supported (column 1)"},
      {"filter([a], # > 1)", {}, "compile: builtin filter is not supported (column 1)"},
      {"foo(a)", {}, "compile: unknown name foo (column 1)"},
      {"$env", {}, "compile: $env is not supported (column 1)"},
      {"a + é", {}, "compile: non-ASCII characters are not supported (column 5)"},
  });
}

TEST(Formula, RuntimeTypeErrors) {
  ExpectAll({
      {"float(a) > 1", {{"a", 2}}, "eval: formula returned non-float result bool"},
      {"float(a) > 1 ? 1 : 0", {{"a", 2}}, "eval: formula returned non-float result int"},
      {"(a ?? true) * 2", {}, "eval: invalid operation: bool * int (column 13)"},
      {"abs(a)", {}, "eval: invalid argument for abs (type <nil>) (column 1)"},
      {"a > 1 ? 1 : 2", {}, "eval: invalid operation: <nil> > int (column 3)"},
  });
}

TEST(Formula, TextIsKept) {
  StatusOr<Formula> f = Formula::Compile("a + b", kTriggers);
  ASSERT_TRUE(f.ok());
  Formula copy = *f;
  EXPECT_EQ(copy.text(), "a + b");
  EXPECT_EQ(**copy.Eval({{"a", 1}, {"b", 2}}), 3);
}

// The formula is user input (and fuzzed): every input ends in a value or an error.
TEST(Formula, DeepNestingIsAnErrorNotACrash) {
  std::string parens = std::string(100000, '(') + "a" + std::string(100000, ')');
  EXPECT_EQ(RunFormula(parens),
            "compile: expression is nested too deeply (limit 256) (column 256)");
  std::string unary(100000, '-');
  EXPECT_EQ(RunFormula(unary + "a"),
            "compile: expression is nested too deeply (limit 256) (column 256)");
  std::string sum = "a";
  for (int i = 0; i < 1000; ++i) sum += "+a";
  EXPECT_NE(RunFormula(sum).find("nested too deeply"), std::string::npos);
  std::string ok = "a";
  for (int i = 0; i < 200; ++i) ok += "+a";
  EXPECT_EQ(RunFormula(ok, {{"a", 1}}), "201");
}

TEST(Formula, NodeLimit) {
  std::string many = "max(a";
  for (int i = 0; i < 10001; ++i) many += ",1";
  many += ")";
  EXPECT_TRUE(RunFormula(many).starts_with(
      "compile: compilation failed: expression exceeds maximum allowed nodes (column "));
}

TEST(Formula, EvaluationStepsAreBounded) {
  // 4 nested counts over 40-element arrays: 40^4 predicate runs.
  std::string arr = "[";
  for (int i = 0; i < 40; ++i) arr += std::string(i ? "," : "") + "a";
  arr += "]";
  std::string f = "count(" + arr + ", {count(" + arr + ", {count(" + arr + ", {count(" + arr +
                  ", {# > 0}) > 100}) > 100}) > 100})";
  EXPECT_TRUE(
      RunFormula(f, {{"a", 1}}).starts_with("eval: formula evaluation exceeded 100000 steps"));
  // Nested comparison chains share their middle operands: compiling stays linear, evaluating
  // (twice per level) hits the step limit.
  std::string chain = "a";
  for (int i = 0; i < 60; ++i) chain = "(a < " + chain + " < a ? 1 : 2)";
  EXPECT_TRUE(
      RunFormula(chain, {{"a", 1}}).starts_with("eval: formula evaluation exceeded 100000 steps"));
}

TEST(Formula, RandomInputNeverCrashes) {
  std::mt19937 rng(42);
  const std::string alphabet = "ab_12.e+-*/%^?:!=<>&|()[]{},;# \n\"'x0";
  std::vector<std::string> seeds = {"count([a,b], {# > 1}) > 1 ? a ?? 1 : let x = 2; x",
                                    "max([a, [b]], 1) ** -(a % 2)"};
  int compiled = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = seeds[static_cast<size_t>(i) % seeds.size()];
    int edits = static_cast<int>(rng() % 6);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      size_t at = rng() % text.size();
      char c = alphabet[rng() % alphabet.size()];
      if (rng() % 2) {
        text.insert(at, 1, c);
      } else {
        text.erase(at, 1);
      }
    }
    StatusOr<Formula> f = Formula::Compile(text, kTriggers);
    if (!f.ok()) continue;
    ++compiled;
    (void)f->Eval({{"a", 1.5}, {"b", std::nullopt}});
  }
  EXPECT_GT(compiled, 100);
}

}  // namespace
}  // namespace swell::api::keda
