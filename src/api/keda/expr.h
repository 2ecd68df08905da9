// KEDA's `advanced.scalingModifiers.formula` (keda.md §2.11): a safe evaluator for the subset
// of expr-lang v1.17 (github.com/expr-lang/expr, the language KEDA compiles formulas with) that
// scaling formulas use. Precedence, typing, nil handling and error cases follow expr-lang's
// parser, checker and VM; Compile applies KEDA's own rewrite first (below).
//
// Supported:
//   literals    1, 2.5, 1e3, .5, 0x1F, 0o17, 0b101, 1_000; true, false, nil
//   names       the trigger names passed to Compile, and let-bindings
//   operators   by increasing precedence: `a ? b : c` (and `a ?: b`, `if a { b } else { c }`),
//               || or, && and, == != < <= > >= (chains: a < b < c), + -, * / %, unary ! not,
//               unary - +, ** ^ (right-associative), ?? (binds tightest; it cannot be mixed
//               with other binary operators without parentheses, as in expr-lang)
//   let         let x = expr; body     and sequences  a; b  (value of the last)
//   arrays      [a, b, c] as arguments of the builtins below
//   builtins    max(a, ...), min(a, ...) (numbers or arrays, flattened), abs, ceil, floor,
//               round, int, float, len(array), and the predicates count(array[, pred]),
//               all, any, none, one (array, pred), sum(array[, pred]) where pred is
//               `{ ... }` or a bare expression using `#` for the element
//   comments    // line and /* block */
// Rejected at Compile with "not supported": strings, maps, member access and indexing,
// `in`/`matches`/`contains`/`startsWith`/`endsWith`/`..`/`|`/`::`, `$env`, and the other
// expr-lang builtins (filter, map, mean, now, ...). Only ASCII text is accepted.
//
// Identifiers are expr-lang's: [A-Za-z_$][A-Za-z0-9_$]*. A trigger whose name has any other
// character (e.g. `-`, common in Kubernetes names) cannot be referenced: `trig-one` reads as
// `trig - one`, exactly as in KEDA.
//
// Values are nil, bool, int (int64, wrapping like Go), float64 and arrays. Trigger values are
// float64 or nil (KEDA binds a trigger in fallback to nil, §2.11). Arithmetic on nil or bool,
// `%` on floats, `!` on a number and a non-bool condition are errors; `/` always divides as
// float64, so 1/0 is +Inf and 0/0 is NaN; int % 0 is an error. `??` yields its right side
// when the left is nil. `&&`/`||` short-circuit.
//
// KEDA rewrites the formula before compiling it (ValidateAndCompileScalingModifiers): if it
// contains "??", to `let _kedaCompositeResult = (F); _kedaCompositeResult == nil ? nil :
// float(_kedaCompositeResult)`; otherwise, unless it starts with "float(", to `float(F)`.
// Compile does the same, so a nil result without `??` is an error (float(nil)), and error
// columns still refer to the text as written.
//
// Not copied from expr-lang: constant folding (expr-lang folds `x && false` to false without
// evaluating x); errors are the same kinds but worded differently. Bounds: nesting depth 256,
// 10000 syntax nodes (expr-lang's default), 100,000 evaluation steps per Eval.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace swell::api::keda {

namespace expr_internal {
struct Program;
}  // namespace expr_internal

class Formula {
 public:
  // Compiles `text` (after KEDA's rewrite, above) with `variables` as the float64 trigger
  // names. Syntax errors, unknown identifiers (not in `variables`, not a let-binding or
  // builtin), unsupported constructs and static type errors (e.g. `trig % 2`, `trig && true`)
  // are InvalidArgument ending in "(column C)" or "(line L, column C)", 1-based, of `text`.
  // An empty text is InvalidArgument. Never crashes, whatever the input.
  static StatusOr<Formula> Compile(std::string_view text,
                                   const std::vector<std::string>& variables);

  // Evaluates with each variable bound to its value or to nil (std::nullopt, or absent from
  // `vars`). A nil result (only possible when the formula contains "??") is std::nullopt.
  // Runtime type errors (nil + 1, a bool or int result, ...), int % 0 and exceeding the step
  // budget are InvalidArgument with the column of the failing operation.
  StatusOr<std::optional<double>> Eval(
      const std::map<std::string, std::optional<double>, std::less<>>& vars) const;

  // The formula as given to Compile.
  const std::string& text() const;

 private:
  explicit Formula(std::shared_ptr<const expr_internal::Program> program)
      : program_(std::move(program)) {}

  std::shared_ptr<const expr_internal::Program> program_;  // immutable, shared by copies
};

}  // namespace swell::api::keda
