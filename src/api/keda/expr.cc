#include "api/keda/expr.h"

#include <cmath>
#include <variant>

#include "api/keda/expr_internal.h"

namespace swell::api::keda {
namespace expr_internal {

struct Program {
  std::string text;   // as given to Compile
  size_t prefix = 0;  // length of what KEDA's rewrite put before `text`
  std::vector<std::string> variables;
  NodePtr root;
};

namespace {

struct Value;
using ArrayPtr = std::shared_ptr<const std::vector<Value>>;
struct Value {
  std::variant<std::monostate, bool, int64_t, double, ArrayPtr> v;
};

bool IsNil(const Value& x) { return std::holds_alternative<std::monostate>(x.v); }
const bool* AsBool(const Value& x) { return std::get_if<bool>(&x.v); }
const int64_t* AsInt(const Value& x) { return std::get_if<int64_t>(&x.v); }
const double* AsFloat(const Value& x) { return std::get_if<double>(&x.v); }
const ArrayPtr* AsArray(const Value& x) { return std::get_if<ArrayPtr>(&x.v); }
bool IsNumber(const Value& x) { return AsInt(x) || AsFloat(x); }
double ToDouble(const Value& x) {
  if (const int64_t* i = AsInt(x)) return static_cast<double>(*i);
  if (const double* f = AsFloat(x)) return *f;
  return NAN;  // not a number; callers check IsNumber first
}

// Go's %T of the value, as expr-lang's runtime errors print it.
std::string TypeName(const Value& x) {
  switch (x.v.index()) {
    case 0:
      return "<nil>";
    case 1:
      return "bool";
    case 2:
      return "int";
    case 3:
      return "float64";
    default:
      return "[]interface {}";
  }
}

std::string_view OpText(Op op) {
  switch (op) {
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kMod:
      return "%";
    case Op::kPow:
      return "**";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    default:
      return ">=";
  }
}

// Go's wrapping int arithmetic.
int64_t Wrap(uint64_t x) { return static_cast<int64_t>(x); }
uint64_t U(int64_t x) { return static_cast<uint64_t>(x); }

// Go's int(float64) on amd64: truncation, and the minimum int when out of range or NaN.
int64_t GoIntFromFloat(double f) {
  if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0)) return INT64_MIN;
  return static_cast<int64_t>(f);
}

// expr-lang's runtime.Equal for the value kinds here.
bool Equal(const Value& a, const Value& b) {
  if (AsInt(a) && AsInt(b)) return *AsInt(a) == *AsInt(b);
  if (IsNumber(a) && IsNumber(b)) return ToDouble(a) == ToDouble(b);
  if (AsBool(a) && AsBool(b)) return *AsBool(a) == *AsBool(b);
  if (IsNil(a) && IsNil(b)) return true;
  if (AsArray(a) && AsArray(b)) {
    const auto& x = **AsArray(a);
    const auto& y = **AsArray(b);
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!Equal(x[i], y[i])) return false;
    }
    return true;
  }
  return false;
}

// runtime.Less / More on numbers: ints compare exactly, mixed as float64.
bool Less(const Value& a, const Value& b) {
  if (AsInt(a) && AsInt(b)) return *AsInt(a) < *AsInt(b);
  return ToDouble(a) < ToDouble(b);
}

class Evaluator {
 public:
  explicit Evaluator(std::vector<Value> variables) : variables_(std::move(variables)) {}

  StatusOr<Value> Eval(const Node& n);
  size_t error_pos() const { return error_pos_; }

 private:
  Status Fail(const Node& n, std::string message) {
    error_pos_ = n.pos;
    return InvalidArgument(std::move(message));
  }
  Status Mismatch(const Node& n, Op op, const Value& a, const Value& b) {
    return Fail(
        n, "invalid operation: " + TypeName(a) + " " + std::string(OpText(op)) + " " + TypeName(b));
  }

  StatusOr<Value> Unary(const Node& n);
  StatusOr<Value> Binary(const Node& n);
  StatusOr<Value> ShortCircuit(const Node& n);
  StatusOr<Value> Apply(const Node& n, Op op, const Value& a, const Value& b);
  StatusOr<Value> IntArith(const Node& n, Op op, int64_t a, int64_t b);
  StatusOr<Value> Cond(const Node& n);
  StatusOr<Value> Let(const Node& n);
  StatusOr<Value> Array(const Node& n);
  StatusOr<Value> Call(const Node& n);
  StatusOr<Value> Function(const Node& n, const Value& x);
  StatusOr<Value> Predicate(const Node& n);
  StatusOr<Value> SumOfLiteralArray(const Node& n);
  Status MinMax(const Node& n, const Value& x, int depth, Value* best);

  std::vector<Value> variables_;
  std::vector<Value> lets_;      // innermost last
  std::vector<Value> elements_;  // `#` of the enclosing predicates, innermost last
  int64_t steps_ = 0;
  size_t error_pos_ = 0;
};

StatusOr<Value> Evaluator::Eval(const Node& n) {
  if (++steps_ > kMaxSteps) {
    return Fail(n, "formula evaluation exceeded " + std::to_string(kMaxSteps) + " steps");
  }
  switch (n.kind) {
    case NodeKind::kNil:
      return Value{};
    case NodeKind::kBool:
      return Value{n.bool_value};
    case NodeKind::kInt:
      return Value{n.int_value};
    case NodeKind::kFloat:
      return Value{n.float_value};
    case NodeKind::kIdent:
      return n.binding == Binding::kLet ? lets_[n.slot] : variables_[n.slot];
    case NodeKind::kPointer:
      return elements_.back();
    case NodeKind::kUnary:
      return Unary(n);
    case NodeKind::kBinary:
      return Binary(n);
    case NodeKind::kCond:
      return Cond(n);
    case NodeKind::kLet:
      return Let(n);
    case NodeKind::kSequence: {
      Value last;
      for (const NodePtr& k : n.kids) {
        SWELL_ASSIGN_OR_RETURN(last, Eval(*k));
      }
      return last;
    }
    case NodeKind::kArray:
      return Array(n);
    case NodeKind::kCall:
      return Call(n);
    case NodeKind::kPredicate:
      return Eval(*n.kids[0]);
  }
  return Fail(n, "internal error: unknown node");
}

StatusOr<Value> Evaluator::Unary(const Node& n) {
  SWELL_ASSIGN_OR_RETURN(Value x, Eval(*n.kids[0]));
  switch (n.op) {
    case Op::kNot:
      if (!AsBool(x)) break;
      return Value{!*AsBool(x)};
    case Op::kNeg:
      if (AsInt(x)) return Value{Wrap(uint64_t{0} - U(*AsInt(x)))};
      if (AsFloat(x)) return Value{-*AsFloat(x)};
      break;
    default:  // unary + is a no-op in expr-lang's VM
      return x;
  }
  return Fail(n, "invalid operation: " + n.name + " (mismatched type " + TypeName(x) + ")");
}

StatusOr<Value> Evaluator::Binary(const Node& n) {
  if (n.op == Op::kAnd || n.op == Op::kOr || n.op == Op::kCoalesce) return ShortCircuit(n);
  SWELL_ASSIGN_OR_RETURN(Value a, Eval(*n.kids[0]));
  SWELL_ASSIGN_OR_RETURN(Value b, Eval(*n.kids[1]));
  return Apply(n, n.op, a, b);
}

// &&, || and ??: the right side is evaluated only when needed, and returned as is.
StatusOr<Value> Evaluator::ShortCircuit(const Node& n) {
  SWELL_ASSIGN_OR_RETURN(Value a, Eval(*n.kids[0]));
  if (n.op == Op::kCoalesce) return IsNil(a) ? Eval(*n.kids[1]) : a;
  if (!AsBool(a)) {
    return Fail(n, "invalid operation: " + n.name + " (mismatched type " + TypeName(a) + ")");
  }
  if (*AsBool(a) == (n.op == Op::kOr)) return a;
  return Eval(*n.kids[1]);
}

StatusOr<Value> Evaluator::Apply(const Node& n, Op op, const Value& a, const Value& b) {
  if (op == Op::kEq || op == Op::kNe) return Value{Equal(a, b) == (op == Op::kEq)};
  if (!IsNumber(a) || !IsNumber(b)) return Mismatch(n, op, a, b);
  if (AsInt(a) && AsInt(b)) return IntArith(n, op, *AsInt(a), *AsInt(b));
  double x = ToDouble(a), y = ToDouble(b);
  switch (op) {
    case Op::kAdd:
      return Value{x + y};
    case Op::kSub:
      return Value{x - y};
    case Op::kMul:
      return Value{x * y};
    case Op::kDiv:
      return Value{x / y};
    case Op::kPow:
      return Value{GoPow(x, y)};
    case Op::kLt:
      return Value{x < y};
    case Op::kLe:
      return Value{x <= y};
    case Op::kGt:
      return Value{x > y};
    case Op::kGe:
      return Value{x >= y};
    default:  // % needs two ints
      return Mismatch(n, op, a, b);
  }
}

StatusOr<Value> Evaluator::IntArith(const Node& n, Op op, int64_t a, int64_t b) {
  switch (op) {
    case Op::kAdd:
      return Value{Wrap(U(a) + U(b))};
    case Op::kSub:
      return Value{Wrap(U(a) - U(b))};
    case Op::kMul:
      return Value{Wrap(U(a) * U(b))};
    case Op::kDiv:
      return Value{static_cast<double>(a) / static_cast<double>(b)};
    case Op::kMod:
      if (b == 0) return Fail(n, "integer divide by zero");
      return Value{b == -1 ? int64_t{0} : a % b};
    case Op::kPow:
      return Value{GoPow(static_cast<double>(a), static_cast<double>(b))};
    case Op::kLt:
      return Value{a < b};
    case Op::kLe:
      return Value{a <= b};
    case Op::kGt:
      return Value{a > b};
    default:
      return Value{a >= b};
  }
}

StatusOr<Value> Evaluator::Cond(const Node& n) {
  SWELL_ASSIGN_OR_RETURN(Value c, Eval(*n.kids[0]));
  if (!AsBool(c)) {
    return Fail(*n.kids[0], "non-bool value (type " + TypeName(c) + ") used as condition");
  }
  return Eval(*n.kids[*AsBool(c) ? 1 : 2]);
}

StatusOr<Value> Evaluator::Let(const Node& n) {
  SWELL_ASSIGN_OR_RETURN(Value v, Eval(*n.kids[0]));
  lets_.push_back(std::move(v));
  StatusOr<Value> body = Eval(*n.kids[1]);
  lets_.pop_back();
  return body;
}

StatusOr<Value> Evaluator::Array(const Node& n) {
  auto items = std::make_shared<std::vector<Value>>();
  for (const NodePtr& k : n.kids) {
    SWELL_ASSIGN_OR_RETURN(Value v, Eval(*k));
    items->push_back(std::move(v));
  }
  return Value{ArrayPtr(std::move(items))};
}

StatusOr<Value> Evaluator::Call(const Node& n) {
  switch (n.builtin) {
    case Builtin::kCount:
    case Builtin::kAll:
    case Builtin::kAny:
    case Builtin::kNone:
    case Builtin::kOne:
    case Builtin::kSum:
      return Predicate(n);
    case Builtin::kMax:
    case Builtin::kMin: {
      std::vector<Value> args;
      for (const NodePtr& k : n.kids) {
        SWELL_ASSIGN_OR_RETURN(Value v, Eval(*k));
        args.push_back(std::move(v));
      }
      // builtin/lib.go minMax: a single argument that is not a number or array is returned.
      if (args.size() == 1 && !IsNumber(args[0]) && !AsArray(args[0])) return args[0];
      Value best;
      for (const Value& a : args) SWELL_RETURN_IF_ERROR(MinMax(n, a, 0, &best));
      return best;
    }
    default: {
      SWELL_ASSIGN_OR_RETURN(Value x, Eval(*n.kids[0]));
      return Function(n, x);
    }
  }
}

// len, abs, ceil, floor, round, int, float (builtin/lib.go).
StatusOr<Value> Evaluator::Function(const Node& n, const Value& x) {
  if (n.builtin == Builtin::kLen) {
    if (!AsArray(x)) return Fail(n, "invalid argument for len (type " + TypeName(x) + ")");
    return Value{static_cast<int64_t>((*AsArray(x))->size())};
  }
  if (!IsNumber(x)) {
    bool conversion = n.builtin == Builtin::kInt || n.builtin == Builtin::kFloat;
    return Fail(n, conversion ? "invalid operation: " + n.name + "(" + TypeName(x) + ")"
                              : "invalid argument for " + n.name + " (type " + TypeName(x) + ")");
  }
  const int64_t* i = AsInt(x);
  double f = ToDouble(x);
  switch (n.builtin) {
    case Builtin::kAbs:
      if (i) return Value{*i < 0 ? Wrap(uint64_t{0} - U(*i)) : *i};
      return Value{f < 0 ? -f : f};
    case Builtin::kCeil:
      return Value{std::ceil(f)};
    case Builtin::kFloor:
      return Value{std::floor(f)};
    case Builtin::kRound:
      return Value{std::round(f)};
    case Builtin::kInt:
      return Value{i ? *i : GoIntFromFloat(f)};
    default:  // float
      return Value{f};
  }
}

// One argument of max/min: a number, or an array of numbers and arrays (flattened).
Status Evaluator::MinMax(const Node& n, const Value& x, int depth, Value* best) {
  bool is_max = n.builtin == Builtin::kMax;
  if (IsNumber(x)) {
    if (IsNil(*best) || (is_max ? Less(*best, x) : Less(x, *best))) *best = x;
    return Status::Ok();
  }
  if (!AsArray(x) || depth > kMaxNesting) {
    return Fail(n, "invalid argument for " + n.name + " (type " + TypeName(x) + ")");
  }
  for (const Value& e : **AsArray(x)) SWELL_RETURN_IF_ERROR(MinMax(n, e, depth + 1, best));
  return Status::Ok();
}

// count, all, any, none, one, sum: the loops expr-lang's compiler emits for them.
StatusOr<Value> Evaluator::Predicate(const Node& n) {
  if (n.builtin == Builtin::kSum && n.kids.size() == 1) {
    StatusOr<Value> folded = SumOfLiteralArray(n);
    if (!folded.ok() || !IsNil(*folded)) return folded;
  }
  SWELL_ASSIGN_OR_RETURN(Value coll, Eval(*n.kids[0]));
  if (!AsArray(coll)) {
    return Fail(n, "builtin " + n.name + " takes only array (got " + TypeName(coll) + ")");
  }
  int64_t matched = 0;
  Value acc{int64_t{0}};
  for (const Value& e : **AsArray(coll)) {
    Value r = e;
    if (n.kids.size() == 2) {
      elements_.push_back(e);
      StatusOr<Value> out = Eval(*n.kids[1]);
      elements_.pop_back();
      if (!out.ok()) return out.status();
      r = *std::move(out);
    }
    if (n.builtin == Builtin::kSum) {
      SWELL_ASSIGN_OR_RETURN(acc, Apply(n, Op::kAdd, r, acc));
      continue;
    }
    if (!AsBool(r)) {
      return Fail(n, "predicate of " + n.name + " returned " + TypeName(r) + ", not bool");
    }
    if (n.builtin == Builtin::kAll && !*AsBool(r)) return Value{false};
    if (n.builtin == Builtin::kAny && *AsBool(r)) return Value{true};
    if (n.builtin == Builtin::kNone && *AsBool(r)) return Value{false};
    matched += *AsBool(r) ? 1 : 0;
    if (n.count_threshold > 0 && matched >= n.count_threshold) break;
  }
  switch (n.builtin) {
    case Builtin::kSum:
      return acc;
    case Builtin::kCount:
      return Value{matched};
    case Builtin::kOne:
      return Value{matched == 1};
    default:  // all, none: no element stopped the loop; any: none matched
      return Value{n.builtin != Builtin::kAny};
  }
}

bool IsLiteral(const Node& n) {
  return n.kind == NodeKind::kInt || n.kind == NodeKind::kFloat || n.kind == NodeKind::kBool;
}

// expr-lang's sum_array optimizer: sum([a, b, c]) of a non-constant array literal is
// a + (b + c). Returns nil when it does not apply.
StatusOr<Value> Evaluator::SumOfLiteralArray(const Node& n) {
  const Node& array = *n.kids[0];
  if (array.kind != NodeKind::kArray || array.kids.size() < 2) return Value{};
  bool constant = true;
  for (const NodePtr& k : array.kids) constant = constant && IsLiteral(*k);
  if (constant) return Value{};  // folded to a constant array first: summed by the loop
  std::vector<Value> items;
  for (const NodePtr& k : array.kids) {
    SWELL_ASSIGN_OR_RETURN(Value v, Eval(*k));
    items.push_back(std::move(v));
  }
  Value acc = items.back();
  for (size_t i = items.size() - 1; i-- > 0;) {
    SWELL_ASSIGN_OR_RETURN(acc, Apply(n, Op::kAdd, items[i], acc));
  }
  return acc;
}

// "(column C)" or "(line L, column C)" of a byte offset of the compiled text, in the text
// as written.
std::string Location(const Program& p, size_t pos) {
  size_t offset = pos < p.prefix ? 0 : std::min(pos - p.prefix, p.text.size());
  size_t newline = offset == 0 ? std::string::npos : p.text.rfind('\n', offset - 1);
  size_t column = newline == std::string::npos ? offset + 1 : offset - newline;
  if (p.text.find('\n') == std::string::npos) return "(column " + std::to_string(column) + ")";
  size_t line = 1;
  for (size_t i = 0; i < offset; ++i) line += p.text[i] == '\n' ? 1u : 0u;
  return "(line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
}

}  // namespace

namespace {

bool IsOddInt(double x) {
  double integral = 0;
  return std::modf(x, &integral) == 0 && (U(GoIntFromFloat(integral)) & 1u) == 1;
}

// Go's Pow special cases (math/pow.go), in order; sets *done when one applies.
double PowSpecialCase(double x, double y, bool* done) {
  *done = true;
  const double inf = HUGE_VAL;
  if (y == 0 || x == 1) return 1;
  if (y == 1) return x;
  if (std::isnan(x) || std::isnan(y)) return NAN;
  if (x == 0 && y < 0) return IsOddInt(y) ? std::copysign(inf, x) : inf;
  if (x == 0 && y > 0) return IsOddInt(y) ? x : 0;
  if (std::isinf(y)) {
    if (x == -1) return 1;
    return (std::fabs(x) < 1) == (y > 0) ? 0 : inf;
  }
  if (std::isinf(x)) {
    if (x < 0) return GoPow(1 / x, -y);
    return y < 0 ? 0 : inf;
  }
  if (y == 0.5) return std::sqrt(x);
  if (y == -0.5) return 1 / std::sqrt(x);
  *done = false;
  return 0;
}

}  // namespace

double GoPow(double x, double y) {
  bool done = false;
  double special = PowSpecialCase(x, y, &done);
  if (done) return special;
  double yi = 0;
  double yf = std::modf(std::fabs(y), &yi);
  if (yf != 0 && x < 0) return NAN;
  if (yi >= 9223372036854775808.0) {
    if (x == -1) return 1;
    return (std::fabs(x) < 1) == (y > 0) ? 0 : HUGE_VAL;
  }
  double a1 = 1;  // the result is a1 * 2**ae
  int ae = 0;
  if (yf != 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = std::exp(yf * std::log(x));
  }
  int xe = 0;
  double x1 = std::frexp(x, &xe);
  for (int64_t i = static_cast<int64_t>(yi); i != 0; i >>= 1) {
    if (xe < -(1 << 12) || (1 << 12) < xe) {  // the result under- or overflows
      ae += xe;
      break;
    }
    if ((i & 1) == 1) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe *= 2;
    if (x1 < .5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return std::ldexp(a1, ae);
}

}  // namespace expr_internal

using expr_internal::Program;

StatusOr<Formula> Formula::Compile(std::string_view text,
                                   const std::vector<std::string>& variables) {
  if (text.empty()) return InvalidArgument("formula is empty");
  auto program = std::make_shared<Program>();
  program->text = std::string(text);
  program->variables = variables;
  // castToFloatIfNecessary in KEDA's scaledobject_webhook.go.
  std::string compiled;
  constexpr std::string_view kLetPrefix = "let _kedaCompositeResult = ";
  if (text.find("??") != std::string_view::npos) {
    if (text.starts_with(kLetPrefix)) {
      compiled = program->text;
    } else {
      compiled = std::string(kLetPrefix) + "(" + program->text +
                 "); _kedaCompositeResult == nil ? nil : float(_kedaCompositeResult)";
      program->prefix = kLetPrefix.size() + 1;
    }
  } else if (text.starts_with("float(")) {
    compiled = program->text;
  } else {
    compiled = "float(" + program->text + ")";
    program->prefix = 6;
  }
  expr_internal::SyntaxError error;
  program->root = expr_internal::Parse(compiled, &error);
  if (!program->root || !expr_internal::Check(*program->root, program->variables, &error) ||
      !expr_internal::Optimize(*program->root, &error)) {
    return InvalidArgument(error.message + " " + expr_internal::Location(*program, error.pos));
  }
  return Formula(std::move(program));
}

StatusOr<std::optional<double>> Formula::Eval(
    const std::map<std::string, std::optional<double>, std::less<>>& vars) const {
  using expr_internal::Value;
  std::vector<Value> values;
  for (const std::string& name : program_->variables) {
    auto it = vars.find(name);
    values.push_back(it != vars.end() && it->second ? Value{*it->second} : Value{});
  }
  expr_internal::Evaluator evaluator(std::move(values));
  StatusOr<Value> result = evaluator.Eval(*program_->root);
  if (!result.ok()) {
    return InvalidArgument(result.status().message() + " " +
                           expr_internal::Location(*program_, evaluator.error_pos()));
  }
  if (expr_internal::IsNil(*result)) return std::optional<double>();
  if (const double* f = expr_internal::AsFloat(*result)) return std::optional<double>(*f);
  return InvalidArgument("formula returned non-float result " + expr_internal::TypeName(*result));
}

const std::string& Formula::text() const { return program_->text; }

}  // namespace swell::api::keda
