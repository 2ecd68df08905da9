// Name resolution and static typing for api/keda/expr.h, following expr-lang v1.17's
// checker/checker.go and builtin/validation.go for the supported subset. Variables are float64
// (KEDA compiles with expr.Env(map[string]float64)); `unknown` is expr-lang's interface{}.
#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "api/keda/expr_internal.h"

namespace swell::api::keda::expr_internal {
namespace {

// expr-lang's Nature, reduced: kUnknown is a nature without a type (Nature{}), kAny is
// interface{} (e.g. the element of a mixed array). Both count as unknown, but a value of any
// type can be assigned to kAny and to nothing is kUnknown assignable.
enum class Type : uint8_t { kUnknown, kNil, kAny, kBool, kInt, kFloat, kArray };

struct SType {
  Type type = Type::kUnknown;
  std::shared_ptr<const SType> elem;  // kArray: the element nature (expr's Ref), or interface{}
};

SType T(Type t) { return SType{t, nullptr}; }
SType ArrayOf(const SType& elem) { return SType{Type::kArray, std::make_shared<SType>(elem)}; }
SType Elem(const SType& array) { return array.elem ? *array.elem : T(Type::kAny); }

std::string TypeName(const SType& t) {
  switch (t.type) {
    case Type::kNil:
      return "nil";
    case Type::kAny:
      return "interface {}";
    case Type::kBool:
      return "bool";
    case Type::kInt:
      return "int";
    case Type::kFloat:
      return "float64";
    case Type::kArray:
      return "[]interface {}";
    case Type::kUnknown:
      break;
  }
  return "unknown";
}

bool IsUnknown(const SType& t) { return t.type == Type::kUnknown || t.type == Type::kAny; }
bool IsNumber(const SType& t) { return t.type == Type::kInt || t.type == Type::kFloat; }
bool IsBool(const SType& t) { return t.type == Type::kBool; }
bool IsInt(const SType& t) { return t.type == Type::kInt; }
bool IsArray(const SType& t) { return t.type == Type::kArray; }
bool IsNil(const SType& t) { return t.type == Type::kNil; }

// expr-lang's Nature.MaybeCompatible: one side unknown and the other passes `check`.
bool MaybeCompatible(const SType& l, const SType& r, bool (*check)(const SType&)) {
  return (IsUnknown(l) && IsUnknown(r)) || (IsUnknown(l) && check(r)) || (IsUnknown(r) && check(l));
}

// Nature.AssignableTo: everything typed goes into interface{}; nil into interface{} and
// slices; otherwise the same type (every array is []interface{}).
bool Assignable(const SType& from, const SType& to) {
  if (IsNil(from)) return to.type == Type::kAny || IsArray(to);
  if (from.type == Type::kUnknown || to.type == Type::kUnknown || IsNil(to)) return false;
  return to.type == Type::kAny || from.type == to.type;
}

// reflect.Kind of a nature, which array literals compare: nil and unknown are both Invalid.
Type KindOf(const SType& t) { return IsNil(t) ? Type::kUnknown : t.type; }

// The result type of `l op r`, or nullopt for a mismatch (checker.go binaryNode).
std::optional<SType> BinaryType(Op op, const SType& l, const SType& r) {
  switch (op) {
    case Op::kEq:
    case Op::kNe: {
      bool comparable = IsUnknown(l) || IsUnknown(r) || IsNil(l) || IsNil(r) ||
                        (IsNumber(l) && IsNumber(r)) || (IsArray(l) && IsArray(r)) ||
                        Assignable(l, r);
      if (comparable) return T(Type::kBool);
      return std::nullopt;
    }
    case Op::kAnd:
    case Op::kOr:
      if ((IsBool(l) && IsBool(r)) || MaybeCompatible(l, r, IsBool)) return T(Type::kBool);
      return std::nullopt;
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      if ((IsNumber(l) && IsNumber(r)) || MaybeCompatible(l, r, IsNumber)) {
        return T(Type::kBool);
      }
      return std::nullopt;
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
      if (IsNumber(l) && IsNumber(r)) return T(IsInt(l) && IsInt(r) ? Type::kInt : Type::kFloat);
      if (MaybeCompatible(l, r, IsNumber)) return T(Type::kUnknown);
      return std::nullopt;
    case Op::kDiv:
    case Op::kPow:
      if ((IsNumber(l) && IsNumber(r)) || MaybeCompatible(l, r, IsNumber)) {
        return T(Type::kFloat);
      }
      return std::nullopt;
    case Op::kMod:
      if ((IsInt(l) && IsInt(r)) || MaybeCompatible(l, r, IsInt)) return T(Type::kInt);
      return std::nullopt;
    case Op::kCoalesce:
      if (IsNil(l) && !IsNil(r)) return r;
      if (!IsNil(l) && IsNil(r)) return l;
      if (IsNil(l) && IsNil(r)) return T(Type::kNil);
      return Assignable(r, l) ? l : T(Type::kUnknown);
    default:
      return std::nullopt;
  }
}

// Every builtin name of expr-lang v1.17 (builtin/builtin.go); let cannot redeclare them.
constexpr std::string_view kExprBuiltins[] = {
    "all",        "none",       "any",        "one",           "filter",  "map",
    "find",       "findIndex",  "findLast",   "findLastIndex", "count",   "sum",
    "groupBy",    "sortBy",     "reduce",     "len",           "type",    "abs",
    "ceil",       "floor",      "round",      "int",           "float",   "string",
    "trim",       "trimPrefix", "trimSuffix", "upper",         "lower",   "split",
    "splitAfter", "replace",    "repeat",     "join",          "indexOf", "lastIndexOf",
    "hasPrefix",  "hasSuffix",  "max",        "min",           "mean",    "median",
    "toJSON",     "fromJSON",   "now",        "duration",      "date",    "timezone",
    "first",      "last",       "get",        "take",          "keys",    "values",
    "toPairs",    "fromPairs",  "reverse",    "uniq",          "concat",  "flatten",
    "sort",       "bitnot",     "bitand",     "bitor",         "bitxor",  "bitnand",
    "bitshl",     "bitshr",     "bitushr",
};

bool IsExprBuiltin(std::string_view name) {
  return std::find(std::begin(kExprBuiltins), std::end(kExprBuiltins), name) !=
         std::end(kExprBuiltins);
}

struct BuiltinName {
  std::string_view name;
  Builtin builtin;
};

constexpr BuiltinName kSupported[] = {
    {"len", Builtin::kLen},     {"abs", Builtin::kAbs},     {"ceil", Builtin::kCeil},
    {"floor", Builtin::kFloor}, {"round", Builtin::kRound}, {"int", Builtin::kInt},
    {"float", Builtin::kFloat}, {"max", Builtin::kMax},     {"min", Builtin::kMin},
    {"count", Builtin::kCount}, {"all", Builtin::kAll},     {"any", Builtin::kAny},
    {"none", Builtin::kNone},   {"one", Builtin::kOne},     {"sum", Builtin::kSum},
};

Builtin FindBuiltin(std::string_view name) {
  for (const BuiltinName& b : kSupported) {
    if (b.name == name) return b.builtin;
  }
  return Builtin::kUnset;
}

bool IsPredicateBuiltin(Builtin b) {
  return b == Builtin::kCount || b == Builtin::kAll || b == Builtin::kAny || b == Builtin::kNone ||
         b == Builtin::kOne || b == Builtin::kSum;
}

void MakeInt(Node& n, int64_t v) {
  n.kind = NodeKind::kInt;
  n.int_value = v;
  n.kids.clear();
}
void MakeFloat(Node& n, double v) {
  n.kind = NodeKind::kFloat;
  n.float_value = v;
  n.kids.clear();
}
void MakeBool(Node& n, bool v) {
  n.kind = NodeKind::kBool;
  n.bool_value = v;
  n.kids.clear();
}
// Replaces `n` by a copy of one of its children.
void Become(Node& n, size_t kid) {
  Node replacement = *n.kids[kid];
  n = std::move(replacement);
}

bool IsNumberLiteral(const Node& n) {
  return n.kind == NodeKind::kInt || n.kind == NodeKind::kFloat;
}
double LiteralDouble(const Node& n) {
  return n.kind == NodeKind::kInt ? static_cast<double>(n.int_value) : n.float_value;
}
int64_t WrapInt(uint64_t v) { return static_cast<int64_t>(v); }

// expr-lang's fold optimizer for a unary node whose operand is folded.
void FoldUnary(Node& n) {
  const Node& x = *n.kids[0];
  if (n.op == Op::kNot && x.kind == NodeKind::kBool) return MakeBool(n, !x.bool_value);
  if (n.op == Op::kNot || !IsNumberLiteral(x)) return;
  bool negate = n.op == Op::kNeg;
  if (x.kind == NodeKind::kInt) {
    uint64_t v = static_cast<uint64_t>(x.int_value);
    return MakeInt(n, WrapInt(negate ? uint64_t{0} - v : v));
  }
  MakeFloat(n, negate ? -x.float_value : x.float_value);
}

// && and || with a literal side.
void FoldLogic(Node& n) {
  const Node& a = *n.kids[0];
  const Node& b = *n.kids[1];
  bool is_and = n.op == Op::kAnd;
  bool a_lit = a.kind == NodeKind::kBool, b_lit = b.kind == NodeKind::kBool;
  if (a_lit && a.bool_value == is_and) return Become(n, 1);  // true && x, false || x
  if (b_lit && b.bool_value == is_and) return Become(n, 0);  // x && true, x || false
  if (a_lit || b_lit) MakeBool(n, !is_and);                  // x && false, true || x
}

// Arithmetic and == on literals. Returns false for a literal % 0.
bool FoldBinary(Node& n) {
  if (n.op == Op::kAnd || n.op == Op::kOr) {
    FoldLogic(n);
    return true;
  }
  const Node a = *n.kids[0];  // copies: folding clears n.kids
  const Node b = *n.kids[1];
  if (n.op == Op::kEq && a.kind == b.kind && a.kind == NodeKind::kInt) {
    MakeBool(n, a.int_value == b.int_value);
  } else if (n.op == Op::kEq && a.kind == b.kind && a.kind == NodeKind::kBool) {
    MakeBool(n, a.bool_value == b.bool_value);
  }
  if (!IsNumberLiteral(a) || !IsNumberLiteral(b)) return true;
  bool ints = a.kind == NodeKind::kInt && b.kind == NodeKind::kInt;
  uint64_t x = static_cast<uint64_t>(a.int_value), y = static_cast<uint64_t>(b.int_value);
  double fx = LiteralDouble(a), fy = LiteralDouble(b);
  switch (n.op) {
    case Op::kAdd:
      ints ? MakeInt(n, WrapInt(x + y)) : MakeFloat(n, fx + fy);
      break;
    case Op::kSub:
      ints ? MakeInt(n, WrapInt(x - y)) : MakeFloat(n, fx - fy);
      break;
    case Op::kMul:
      ints ? MakeInt(n, WrapInt(x * y)) : MakeFloat(n, fx * fy);
      break;
    case Op::kDiv:
      MakeFloat(n, fx / fy);
      break;
    case Op::kPow:
      MakeFloat(n, GoPow(fx, fy));
      break;
    case Op::kMod:
      if (!ints) break;
      if (b.int_value == 0) return false;
      MakeInt(n, b.int_value == -1 ? 0 : a.int_value % b.int_value);
      break;
    default:
      break;
  }
  return true;
}

// expr-lang's count_any and count_threshold optimizers: `count(a, p) > N` and friends stop
// counting early. Sets the count node's threshold.
void SetCountThreshold(Node& cmp) {
  Node& count = *cmp.kids[0];
  const Node& bound = *cmp.kids[1];
  if (count.kind != NodeKind::kCall || count.builtin != Builtin::kCount || count.kids.size() != 2 ||
      bound.kind != NodeKind::kInt || bound.int_value < 0 || bound.int_value == INT64_MAX) {
    return;
  }
  int64_t v = bound.int_value;
  bool plus_one = cmp.op == Op::kGt || cmp.op == Op::kLe;
  int64_t threshold = plus_one ? v + 1 : v;
  bool any = (cmp.op == Op::kGt && v == 0) || (cmp.op == Op::kGe && v == 1);
  if (any || threshold > 1) count.count_threshold = threshold;
}

class Checker {
 public:
  Checker(const std::vector<std::string>& variables, SyntaxError* error)
      : variables_(variables), error_(error) {}

  std::optional<SType> Visit(Node& n);

 private:
  std::optional<SType> VisitOnce(Node& n);
  std::optional<SType> Fail(const Node& n, std::string message) {
    *error_ = {n.pos, std::move(message)};
    return std::nullopt;
  }
  bool IsVariable(std::string_view name) const {
    return std::find(variables_.begin(), variables_.end(), name) != variables_.end();
  }

  std::optional<SType> Ident(Node& n);
  std::optional<SType> Pointer(Node& n);
  std::optional<SType> Unary(Node& n);
  std::optional<SType> Binary(Node& n);
  std::optional<SType> Cond(Node& n);
  std::optional<SType> Let(Node& n);
  std::optional<SType> Array(Node& n);
  std::optional<SType> Call(Node& n);
  std::optional<SType> PredicateCall(Node& n);
  std::optional<SType> FunctionCall(Node& n, const std::vector<SType>& args);

  const std::vector<std::string>& variables_;
  SyntaxError* error_;
  std::vector<std::pair<std::string, SType>> lets_;  // innermost last
  std::vector<SType> collections_;                   // of the enclosing predicates
  std::unordered_map<const Node*, SType> memo_;
};

std::optional<SType> Checker::Visit(Node& n) {
  // The middle operand of `a < b < c` is shared; check it once (nested chains would otherwise
  // take exponential time).
  auto memo = memo_.find(&n);
  if (memo != memo_.end()) return memo->second;
  std::optional<SType> t = VisitOnce(n);
  if (t) memo_.emplace(&n, *t);
  return t;
}

std::optional<SType> Checker::VisitOnce(Node& n) {
  switch (n.kind) {
    case NodeKind::kNil:
      return T(Type::kNil);
    case NodeKind::kBool:
      return T(Type::kBool);
    case NodeKind::kInt:
      return T(Type::kInt);
    case NodeKind::kFloat:
      return T(Type::kFloat);
    case NodeKind::kIdent:
      return Ident(n);
    case NodeKind::kPointer:
      return Pointer(n);
    case NodeKind::kUnary:
      return Unary(n);
    case NodeKind::kBinary:
      return Binary(n);
    case NodeKind::kCond:
      return Cond(n);
    case NodeKind::kLet:
      return Let(n);
    case NodeKind::kSequence: {
      std::optional<SType> last;
      for (const NodePtr& k : n.kids) {
        if (!(last = Visit(*k))) return std::nullopt;
      }
      return last;
    }
    case NodeKind::kArray:
      return Array(n);
    case NodeKind::kCall:
      return Call(n);
    case NodeKind::kPredicate:
      return Visit(*n.kids[0]);
  }
  return Fail(n, "internal error: unknown node");
}

std::optional<SType> Checker::Ident(Node& n) {
  for (size_t i = lets_.size(); i-- > 0;) {
    if (lets_[i].first == n.name) {
      n.binding = Binding::kLet;
      n.slot = i;
      return lets_[i].second;
    }
  }
  auto it = std::find(variables_.begin(), variables_.end(), n.name);
  if (it != variables_.end()) {
    n.binding = Binding::kVariable;
    n.slot = static_cast<size_t>(it - variables_.begin());
    return T(Type::kFloat);
  }
  if (n.name == "$env") return Fail(n, "$env is not supported");
  if (IsExprBuiltin(n.name)) return Fail(n, "builtin " + n.name + " must be called");
  return Fail(n, "unknown name " + n.name);
}

std::optional<SType> Checker::Pointer(Node& n) {
  if (collections_.empty()) return Fail(n, "cannot use pointer accessor outside predicate");
  if (!n.name.empty()) return Fail(n, "unknown pointer #" + n.name);
  const SType& c = collections_.back();
  return IsUnknown(c) ? T(Type::kUnknown) : Elem(c);
}

std::optional<SType> Checker::Unary(Node& n) {
  std::optional<SType> t = Visit(*n.kids[0]);
  if (!t) return std::nullopt;
  if (n.op == Op::kNot && (IsBool(*t) || IsUnknown(*t))) return T(Type::kBool);
  if (n.op != Op::kNot && IsNumber(*t)) return t;
  if (n.op != Op::kNot && IsUnknown(*t)) return T(Type::kUnknown);
  return Fail(n, "invalid operation: " + n.name + " (mismatched type " + TypeName(*t) + ")");
}

std::optional<SType> Checker::Binary(Node& n) {
  std::optional<SType> l = Visit(*n.kids[0]);
  if (!l) return std::nullopt;
  std::optional<SType> r = Visit(*n.kids[1]);
  if (!r) return std::nullopt;
  std::optional<SType> t = BinaryType(n.op, *l, *r);
  if (!t) {
    return Fail(n, "invalid operation: " + n.name + " (mismatched types " + TypeName(*l) + " and " +
                       TypeName(*r) + ")");
  }
  return t;
}

std::optional<SType> Checker::Cond(Node& n) {
  std::optional<SType> c = Visit(*n.kids[0]);
  if (!c) return std::nullopt;
  if (!IsBool(*c) && !IsUnknown(*c)) {
    return Fail(*n.kids[0], "non-bool expression (type " + TypeName(*c) + ") used as condition");
  }
  std::optional<SType> a = Visit(*n.kids[1]);
  if (!a) return std::nullopt;
  std::optional<SType> b = Visit(*n.kids[2]);
  if (!b) return std::nullopt;
  if (IsNil(*a) && !IsNil(*b)) return b;
  if (!IsNil(*a) && IsNil(*b)) return a;
  if (IsNil(*a) && IsNil(*b)) return T(Type::kNil);
  if (!Assignable(*a, *b)) return T(Type::kUnknown);
  if (IsArray(*a) && IsArray(*b)) {
    SType ea = Elem(*a), eb = Elem(*b);
    if (!Assignable(ea, eb) || !Assignable(eb, ea)) return T(Type::kArray);
  }
  return a;
}

std::optional<SType> Checker::Let(Node& n) {
  if (IsVariable(n.name)) return Fail(n, "cannot redeclare " + n.name);
  if (IsExprBuiltin(n.name)) return Fail(n, "cannot redeclare builtin " + n.name);
  for (const auto& [name, type] : lets_) {
    if (name == n.name) return Fail(n, "cannot redeclare variable " + n.name);
  }
  std::optional<SType> value = Visit(*n.kids[0]);
  if (!value) return std::nullopt;
  n.slot = lets_.size();
  lets_.emplace_back(n.name, *value);
  std::optional<SType> body = Visit(*n.kids[1]);
  lets_.pop_back();
  return body;
}

// A literal array: its element nature is the last element's when all have the same kind.
std::optional<SType> Checker::Array(Node& n) {
  SType last;
  bool same_kind = true;
  for (size_t i = 0; i < n.kids.size(); ++i) {
    std::optional<SType> t = Visit(*n.kids[i]);
    if (!t) return std::nullopt;
    if (i > 0 && KindOf(*t) != KindOf(last)) same_kind = false;
    last = *t;
  }
  return same_kind ? ArrayOf(last) : T(Type::kArray);
}

std::optional<SType> Checker::Call(Node& n) {
  n.builtin = FindBuiltin(n.name);
  if (n.builtin == Builtin::kUnset) {
    if (IsExprBuiltin(n.name)) return Fail(n, "builtin " + n.name + " is not supported");
    if (IsVariable(n.name)) return Fail(n, n.name + " is not a function");
    return Fail(n, "unknown name " + n.name);
  }
  if (IsPredicateBuiltin(n.builtin)) return PredicateCall(n);
  std::vector<SType> args;
  for (const NodePtr& k : n.kids) {
    std::optional<SType> t = Visit(*k);
    if (!t) return std::nullopt;
    args.push_back(*t);
  }
  return FunctionCall(n, args);
}

// count, all, any, none, one and sum (checker.go builtinNode).
std::optional<SType> Checker::PredicateCall(Node& n) {
  std::optional<SType> coll = Visit(*n.kids[0]);
  if (!coll) return std::nullopt;
  if (!IsArray(*coll) && !IsUnknown(*coll)) {
    return Fail(*n.kids[0],
                "builtin " + n.name + " takes only array (got " + TypeName(*coll) + ")");
  }
  if (n.kids.size() == 1) {
    if (n.builtin == Builtin::kCount) return T(Type::kInt);
    return IsUnknown(*coll) ? T(Type::kUnknown) : Elem(*coll);  // sum
  }
  collections_.push_back(*coll);
  std::optional<SType> body = Visit(*n.kids[1]);
  collections_.pop_back();
  if (!body) return std::nullopt;
  if (IsNil(*body)) {
    return Fail(*n.kids[1], "predicate should has one input and one output param");
  }
  SType out = IsUnknown(*body) ? T(Type::kAny) : *body;  // the predicate's func type
  if (n.builtin == Builtin::kSum) return out;
  if (!IsBool(out) && !IsUnknown(out)) {
    return Fail(*n.kids[1], "predicate should return boolean (got " + TypeName(out) + ")");
  }
  return T(n.builtin == Builtin::kCount ? Type::kInt : Type::kBool);
}

// The builtins with a Validate function in builtin/builtin.go; an unknown argument is
// interface{} there.
std::optional<SType> Checker::FunctionCall(Node& n, const std::vector<SType>& args) {
  if (n.builtin == Builtin::kMax || n.builtin == Builtin::kMin) {
    if (args.empty()) return Fail(n, "not enough arguments to call " + n.name);
    for (const SType& a : args) {
      if (IsUnknown(a) || IsArray(a)) return T(Type::kAny);
      if (!IsNumber(a)) {
        return Fail(n, "invalid argument for " + n.name + " (type " + TypeName(a) + ")");
      }
    }
    return args[0];
  }
  if (args.size() != 1) {
    return Fail(
        n, "invalid number of arguments (expected 1, got " + std::to_string(args.size()) + ")");
  }
  const SType& a = args[0];
  bool ok = n.builtin == Builtin::kLen ? IsArray(a) || IsUnknown(a) : IsNumber(a) || IsUnknown(a);
  if (!ok) return Fail(n, "invalid argument for " + n.name + " (type " + TypeName(a) + ")");
  switch (n.builtin) {
    case Builtin::kLen:
    case Builtin::kInt:
      return T(Type::kInt);
    case Builtin::kAbs:
      return IsUnknown(a) ? T(Type::kAny) : a;
    default:  // ceil, floor, round, float
      return T(Type::kFloat);
  }
}

// Folds bottom-up, then sets count thresholds, as expr-lang's optimizer does.
class Optimizer {
 public:
  explicit Optimizer(SyntaxError* error) : error_(error) {}

  bool Visit(Node& n) {
    if (!visited_.insert(&n).second) return true;  // a shared node
    for (const NodePtr& k : n.kids) {
      if (!Visit(*k)) return false;
    }
    if (n.kind == NodeKind::kUnary) FoldUnary(n);
    if (n.kind == NodeKind::kBinary) {
      size_t pos = n.pos;
      if (!FoldBinary(n)) {
        *error_ = {pos, "integer divide by zero"};
        return false;
      }
    }
    if (n.kind == NodeKind::kBinary &&
        (n.op == Op::kLt || n.op == Op::kLe || n.op == Op::kGt || n.op == Op::kGe)) {
      SetCountThreshold(n);
    }
    return true;
  }

 private:
  SyntaxError* error_;
  std::unordered_set<const Node*> visited_;
};

}  // namespace

bool Optimize(Node& root, SyntaxError* error) { return Optimizer(error).Visit(root); }

bool Check(Node& root, const std::vector<std::string>& variables, SyntaxError* error) {
  return Checker(variables, error).Visit(root).has_value();
}

}  // namespace swell::api::keda::expr_internal
