// Internals of api/keda/expr.h: the syntax tree, the parser (expr_parse.cc) and the type
// checker (expr_check.cc). Not part of swell's API; only expr.cc and tests include this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace swell::api::keda::expr_internal {

// Limits that keep every pass (parse, check, evaluate) bounded on any input.
constexpr int kMaxNesting = 256;       // syntax-tree depth and parser recursion
constexpr int kMaxNodes = 10000;       // expr-lang's conf.DefaultMaxNodes
constexpr int64_t kMaxSteps = 100000;  // node evaluations per Eval

enum class NodeKind : uint8_t {
  kNil,
  kBool,
  kInt,
  kFloat,
  kIdent,      // a variable or let-binding (name)
  kPointer,    // `#` inside a predicate
  kUnary,      // op, kids[0]
  kBinary,     // op, kids[0] op kids[1]
  kCond,       // kids[0] ? kids[1] : kids[2]
  kLet,        // let name = kids[0]; kids[1]
  kSequence,   // kids[0]; kids[1]; ...
  kArray,      // [kids...]
  kCall,       // name(kids...)
  kPredicate,  // {kids[0]}, an argument of count/all/any/none/one/sum
};

enum class Op : uint8_t {
  kNone,
  kNot,  // ! and not
  kNeg,
  kPlus,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,  // ** and ^
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,       // && and and
  kOr,        // || and or
  kCoalesce,  // ??
};

// The builtins swell evaluates (a subset of expr-lang's).
enum class Builtin : uint8_t {
  kUnset,
  kLen,
  kAbs,
  kCeil,
  kFloor,
  kRound,
  kInt,
  kFloat,
  kMax,
  kMin,
  kCount,
  kAll,
  kAny,
  kNone,
  kOne,
  kSum,
};

// Where a kIdent's value comes from, decided by the checker.
enum class Binding : uint8_t { kUnresolved, kVariable, kLet };

struct Node {
  NodeKind kind = NodeKind::kNil;
  Op op = Op::kNone;
  size_t pos = 0;  // byte offset of the node's token in the compiled text
  int depth = 1;   // height of the subtree
  bool bool_value = false;
  int64_t int_value = 0;
  double float_value = 0;
  std::string name;  // kIdent, kLet, kCall, kPointer (`#name`); kUnary/kBinary: as written
  std::vector<std::shared_ptr<Node>> kids;
  // Filled in by the checker.
  Binding binding = Binding::kUnresolved;
  size_t slot = 0;  // kIdent: index into the variables, or into the let stack
  Builtin builtin = Builtin::kUnset;
  int64_t count_threshold = 0;  // kCall count: stop once this many matched (0: never)
};
using NodePtr = std::shared_ptr<Node>;

// A failure at a byte offset of the compiled text.
struct SyntaxError {
  size_t pos = 0;
  std::string message;
};

// Parses expr-lang syntax. Returns nullptr and fills *error on failure. Shared sub-trees (the
// middle operand of `a < b < c`) make the result a DAG.
NodePtr Parse(std::string_view text, SyntaxError* error);

// Resolves names against `variables` (all float64 at compile time, as KEDA's expr.Env) and
// let-bindings, type-checks as expr-lang's checker does, and picks builtins. Returns false and
// fills *error on failure.
bool Check(Node& root, const std::vector<std::string>& variables, SyntaxError* error);

// x ** y the way Go's math.Pow computes it (special cases, then repeated squaring for the
// integer part of y; the fractional part uses exp and log, which may differ from Go's in the
// last bit).
double GoPow(double x, double y);

// After Check: expr-lang's optimizer passes that change results or errors: constant folding
// (`x && false` is false without evaluating x; a literal `n % 0` fails here) and early exit of
// `count(a, p) > N`. Returns false and fills *error on failure.
bool Optimize(Node& root, SyntaxError* error);

}  // namespace swell::api::keda::expr_internal
