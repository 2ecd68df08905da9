// Lexer and parser for the expr-lang subset of api/keda/expr.h. The grammar, precedences and
// error rules follow expr-lang v1.17 (parser/lexer/state.go, parser/parser.go,
// parser/operator/operator.go); only ASCII input is accepted.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>

#include "api/keda/expr_internal.h"

namespace swell::api::keda::expr_internal {
namespace {

enum class TokenKind : uint8_t { kEof, kIdentifier, kNumber, kOperator, kBracket, kError };

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string_view text;
  size_t pos = 0;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool In(std::string_view set, char c) { return set.find(c) != std::string_view::npos; }

bool IsKeywordOperator(std::string_view w) {
  for (std::string_view k : {"not", "in", "or", "and", "matches", "contains", "startsWith",
                             "endsWith", "let", "if", "else"}) {
    if (w == k) return true;
  }
  return false;
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Splits the text into tokens. A lexing error becomes a final kError token; the parser reports
// it only when it gets there, as expr-lang's lazy lexer does.
class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Token> Run(SyntaxError* error) {
    while (i_ < s_.size() && !failed_) Step();
    if (failed_) {
      *error = error_;
      tokens_.push_back({TokenKind::kError, {}, error_.pos});
    } else {
      tokens_.push_back({TokenKind::kEof, {}, s_.size()});
    }
    return std::move(tokens_);
  }

 private:
  char Peek(size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }
  bool Accept(std::string_view set) {
    if (i_ >= s_.size() || !In(set, s_[i_])) return false;
    ++i_;
    return true;
  }
  void AcceptRun(std::string_view set) {
    while (Accept(set)) {
    }
  }
  void Emit(TokenKind kind, size_t start) {
    tokens_.push_back({kind, s_.substr(start, i_ - start), start});
  }
  void Fail(size_t pos, std::string message) {
    failed_ = true;
    error_ = {pos, std::move(message)};
  }

  void Step();
  void Number(size_t start);
  void Word(size_t start);
  void Slash(size_t start);

  std::string_view s_;
  size_t i_ = 0;
  std::vector<Token> tokens_;
  bool failed_ = false;
  SyntaxError error_;
};

void Lexer::Step() {
  size_t start = i_;
  char c = s_[i_];
  if (static_cast<unsigned char>(c) >= 0x80) {
    Fail(start, "non-ASCII characters are not supported");
  } else if (IsSpace(c)) {
    ++i_;
  } else if (c == '\'' || c == '"' || c == '`') {
    Fail(start, "string literals are not supported");
  } else if (IsDigit(c)) {
    Number(start);
  } else if (c == '.' && IsDigit(Peek(1))) {
    ++i_;
    Number(start);
  } else if (IsAlpha(c)) {
    Word(start);
  } else if (c == '/') {
    Slash(start);
  } else if (c == '#') {
    ++i_;
    Accept("#");
    Emit(TokenKind::kOperator, start);
    size_t name = i_;
    while (IsAlnum(Peek())) ++i_;
    if (i_ > name) Emit(TokenKind::kIdentifier, name);
  } else if (In("([{)]}", c)) {
    ++i_;
    Emit(TokenKind::kBracket, start);
  } else if (In("?|:.,;%+-^&!=*<>", c)) {
    ++i_;
    if (c == '?') Accept(".?");
    if (c == '|') Accept("|");
    if (c == ':') Accept(":");
    if (c == '.') Accept(".");
    if (In("&!=*<>", c)) Accept("&=*");
    Emit(TokenKind::kOperator, start);
  } else {
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
    bool printable = c >= 0x20 && c < 0x7f;
    Fail(start, "unrecognized character " + (printable ? std::string("'") + c + "'" : hex));
  }
}

// expr-lang's scanNumber: 0x/0o/0b prefixes, '_' separators, fraction, exponent.
void Lexer::Number(size_t start) {
  std::string_view digits = "0123456789_";
  if (Accept("0")) {
    if (Accept("xX")) {
      digits = "0123456789abcdefABCDEF_";
    } else if (Accept("oO")) {
      digits = "01234567_";
    } else if (Accept("bB")) {
      digits = "01_";
    }
  }
  AcceptRun(digits);
  size_t end = i_;
  if (Accept(".")) {
    if (Peek() == '.') {  // 1..2 is a range
      i_ = end;
      return Emit(TokenKind::kNumber, start);
    }
    AcceptRun(digits);
  }
  if (Accept("eE")) {
    Accept("+-");
    AcceptRun(digits);
  }
  if (IsAlnum(Peek())) {
    ++i_;
    return Fail(start, "bad number syntax: " + Quote(s_.substr(start, i_ - start)));
  }
  Emit(TokenKind::kNumber, start);
}

void Lexer::Word(size_t start) {
  while (IsAlnum(Peek())) ++i_;
  bool keyword = IsKeywordOperator(s_.substr(start, i_ - start));
  Emit(keyword ? TokenKind::kOperator : TokenKind::kIdentifier, start);
}

void Lexer::Slash(size_t start) {
  ++i_;
  if (Accept("/")) {
    while (i_ < s_.size() && s_[i_] != '\n') ++i_;
  } else if (Accept("*")) {
    size_t close = s_.find("*/", i_);
    if (close == std::string_view::npos) return Fail(start, "unclosed comment");
    i_ = close + 2;
  } else {
    Emit(TokenKind::kOperator, start);
  }
}

struct BinaryInfo {
  std::string_view text;
  int precedence;
  bool right_assoc;
  Op op;  // kNone: an expr-lang operator swell does not support
};

constexpr BinaryInfo kBinaryOps[] = {
    {"|", 0, false, Op::kNone},
    {"or", 10, false, Op::kOr},
    {"||", 10, false, Op::kOr},
    {"and", 15, false, Op::kAnd},
    {"&&", 15, false, Op::kAnd},
    {"==", 20, false, Op::kEq},
    {"!=", 20, false, Op::kNe},
    {"<", 20, false, Op::kLt},
    {">", 20, false, Op::kGt},
    {">=", 20, false, Op::kGe},
    {"<=", 20, false, Op::kLe},
    {"in", 20, false, Op::kNone},
    {"matches", 20, false, Op::kNone},
    {"contains", 20, false, Op::kNone},
    {"startsWith", 20, false, Op::kNone},
    {"endsWith", 20, false, Op::kNone},
    {"..", 25, false, Op::kNone},
    {"+", 30, false, Op::kAdd},
    {"-", 30, false, Op::kSub},
    {"*", 60, false, Op::kMul},
    {"/", 60, false, Op::kDiv},
    {"%", 60, false, Op::kMod},
    {"**", 100, true, Op::kPow},
    {"^", 100, true, Op::kPow},
    {"??", 500, false, Op::kCoalesce},
};

const BinaryInfo* FindBinary(std::string_view text) {
  for (const BinaryInfo& b : kBinaryOps) {
    if (b.text == text) return &b;
  }
  return nullptr;
}

bool IsComparison(std::string_view op) {
  return op == "<" || op == ">" || op == "<=" || op == ">=";
}

// Unary operators and their precedence; 0 if `text` is not one.
int UnaryPrecedence(std::string_view text, Op* op) {
  if (text == "not" || text == "!") return *op = Op::kNot, 50;
  if (text == "-") return *op = Op::kNeg, 90;
  if (text == "+") return *op = Op::kPlus, 90;
  return 0;
}

// expr-lang's predicate builtins and their argument count (the second argument is the
// predicate, the last may be optional).
struct PredicateShape {
  std::string_view name;
  int args;
  bool last_optional;
};

constexpr PredicateShape kPredicateShapes[] = {
    {"all", 2, false},       {"none", 2, false},     {"any", 2, false},
    {"one", 2, false},       {"filter", 2, false},   {"map", 2, false},
    {"count", 2, true},      {"sum", 2, true},       {"find", 2, false},
    {"findIndex", 2, false}, {"findLast", 2, false}, {"findLastIndex", 2, false},
    {"groupBy", 2, false},   {"sortBy", 3, true},    {"reduce", 3, true},
};

const PredicateShape* FindPredicateShape(std::string_view name) {
  for (const PredicateShape& p : kPredicateShapes) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

bool ParseInteger(std::string_view digits, int base, int64_t* out) {
  if (digits.empty()) return false;
  uint64_t v = 0;
  for (char c : digits) {
    int d = IsDigit(c)               ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : 99;
    if (d < 0 || d >= base) return false;
    uint64_t limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    if (v > (limit - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return false;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  *out = static_cast<int64_t>(v);
  return true;
}

// True if a literal that from_chars found out of range is tiny (Go's ParseFloat gives 0 then).
bool Underflows(std::string_view s) {
  size_t e = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, e);
  int64_t exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view rest = s.substr(e + 1);
    bool negative = !rest.empty() && rest[0] == '-';
    if (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) rest.remove_prefix(1);
    for (char c : rest) exponent = std::min<int64_t>(exponent * 10 + (c - '0'), 100000);
    if (negative) exponent = -exponent;
  }
  size_t point = std::min(mantissa.find('.'), mantissa.size());
  size_t first = mantissa.find_first_of("123456789");
  if (first == std::string_view::npos) return true;
  int64_t magnitude = first < point ? static_cast<int64_t>(point - first) - 1
                                    : -static_cast<int64_t>(first - point);
  return exponent + magnitude < 0;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, SyntaxError lex_error)
      : tokens_(std::move(tokens)), lex_error_(std::move(lex_error)) {
    CheckLexError();
  }

  NodePtr ParseProgram(SyntaxError* error) {
    NodePtr root = ParseSequence();
    if (root && cur().kind != TokenKind::kEof) Unexpected(cur());
    if (failed_) {
      *error = error_;
      return nullptr;
    }
    return root;
  }

 private:
  const Token& cur() const { return tokens_[i_]; }
  bool IsOp(std::string_view text) const {
    return cur().kind == TokenKind::kOperator && cur().text == text;
  }
  bool IsBracket(std::string_view text) const {
    return cur().kind == TokenKind::kBracket && cur().text == text;
  }
  void Next() {
    if (i_ + 1 < tokens_.size()) ++i_;
    CheckLexError();
  }
  void CheckLexError() {
    if (cur().kind == TokenKind::kError) Fail(lex_error_.pos, lex_error_.message);
  }
  void Fail(size_t pos, std::string message) {
    if (failed_) return;
    failed_ = true;
    error_ = {pos, std::move(message)};
  }
  void Unexpected(const Token& t) {
    if (t.kind == TokenKind::kEof) return Fail(t.pos, "unexpected end of formula");
    Fail(t.pos, "unexpected token " + Quote(t.text));
  }
  // Consumes the token if it is `text` of `kind`; fails otherwise.
  bool Expect(TokenKind kind, std::string_view text) {
    if (cur().kind == kind && cur().text == text) {
      Next();
      return !failed_;
    }
    Unexpected(cur());
    return false;
  }

  NodePtr Make(NodeKind kind, size_t pos, std::vector<NodePtr> kids = {});
  NodePtr MakeOp(NodeKind kind, const Token& op, Op code, std::vector<NodePtr> kids);

  NodePtr ParseSequence();
  NodePtr ParseExpression(int precedence);
  NodePtr ParseBinaryTail(NodePtr left, int precedence);
  NodePtr ParseComparison(NodePtr left, Token op, int precedence);
  NodePtr ParseLet();
  NodePtr ParseIf();
  NodePtr ParseConditional(NodePtr node);
  NodePtr ParsePrimary();
  NodePtr ParseSecondary();
  NodePtr ParseNumber(const Token& t);
  NodePtr ParseCall(const Token& name);
  NodePtr ParsePredicateCall(const Token& name, const PredicateShape& shape);
  NodePtr ParsePredicate();
  NodePtr ParseArray(const Token& open);
  NodePtr ParsePostfix(NodePtr node);

  std::vector<Token> tokens_;
  SyntaxError lex_error_;
  size_t i_ = 0;
  bool failed_ = false;
  SyntaxError error_;
  int nesting_ = 0;
  int predicate_depth_ = 0;
  int node_count_ = 0;
};

NodePtr Parser::Make(NodeKind kind, size_t pos, std::vector<NodePtr> kids) {
  if (failed_) return nullptr;
  if (++node_count_ > kMaxNodes) {
    Fail(pos, "compilation failed: expression exceeds maximum allowed nodes");
    return nullptr;
  }
  auto n = std::make_shared<Node>();
  n->kind = kind;
  n->pos = pos;
  for (const NodePtr& k : kids) n->depth = std::max(n->depth, k->depth + 1);
  n->kids = std::move(kids);
  if (n->depth > kMaxNesting) {
    Fail(pos, "expression is nested too deeply (limit " + std::to_string(kMaxNesting) + ")");
    return nullptr;
  }
  return n;
}

NodePtr Parser::MakeOp(NodeKind kind, const Token& op, Op code, std::vector<NodePtr> kids) {
  NodePtr n = Make(kind, op.pos, std::move(kids));
  if (n) {
    n->op = code;
    n->name = std::string(op.text);
  }
  return n;
}

NodePtr Parser::ParseSequence() {
  std::vector<NodePtr> nodes;
  NodePtr first = ParseExpression(0);
  if (!first) return nullptr;
  nodes.push_back(first);
  while (IsOp(";") && !failed_) {
    Next();
    if (cur().kind == TokenKind::kEof) break;
    NodePtr next = ParseExpression(0);
    if (!next) return nullptr;
    nodes.push_back(next);
  }
  if (nodes.size() == 1) return nodes[0];
  size_t pos = nodes[0]->pos;
  return Make(NodeKind::kSequence, pos, std::move(nodes));
}

NodePtr Parser::ParseExpression(int precedence) {
  struct Guard {
    int& n;
    explicit Guard(int& x) : n(++x) {}
    ~Guard() { --n; }
  } guard(nesting_);
  if (nesting_ > kMaxNesting) {
    Fail(cur().pos, "expression is nested too deeply (limit " + std::to_string(kMaxNesting) + ")");
  }
  if (failed_) return nullptr;
  if (precedence == 0 && IsOp("let")) return ParseLet();
  if (precedence == 0 && IsOp("if")) return ParseIf();
  NodePtr left = ParsePrimary();
  if (left) left = ParseBinaryTail(left, precedence);
  if (left && precedence == 0) left = ParseConditional(left);
  return failed_ ? nullptr : left;
}

// The loop of expr-lang's parseExpression: binary operators at or above `precedence`.
NodePtr Parser::ParseBinaryTail(NodePtr left, int precedence) {
  std::string_view prev;
  while (left && cur().kind == TokenKind::kOperator && !failed_) {
    Token op = cur();
    if (op.text == "not") {  // "not in", "not matches", ...: unsupported operators
      Next();
      std::string_view suffix = cur().text;
      bool negatable = cur().kind == TokenKind::kOperator &&
                       (suffix == "in" || suffix == "matches" || suffix == "contains" ||
                        suffix == "startsWith" || suffix == "endsWith");
      if (!negatable) {
        Unexpected(cur());
      } else if (20 >= precedence) {  // the precedence of in, matches, contains, ...
        Fail(op.pos, "operator \"not " + std::string(cur().text) + "\" is not supported");
      } else {
        --i_;  // let an outer level report it
        break;
      }
      return nullptr;
    }
    const BinaryInfo* info = FindBinary(op.text);
    if (!info || info->precedence < precedence) break;
    Next();
    if (info->op == Op::kNone) {
      Fail(op.pos, "operator " + Quote(op.text) + " is not supported");
    } else if (prev == "??" && op.text != "??") {
      Fail(op.pos, "Operator (" + std::string(op.text) +
                       ") and coalesce expressions (?\?) cannot be mixed. Wrap either by "
                       "parentheses.");
    } else if (IsComparison(op.text)) {
      left = ParseComparison(left, op, info->precedence);
    } else {
      NodePtr right = ParseExpression(info->right_assoc ? info->precedence : info->precedence + 1);
      left = right ? MakeOp(NodeKind::kBinary, op, info->op, {left, right}) : nullptr;
    }
    if (failed_) return nullptr;
    prev = op.text;
  }
  return left;
}

// `a < b < c` is `a < b && b < c`, sharing `b`.
NodePtr Parser::ParseComparison(NodePtr left, Token op, int precedence) {
  NodePtr root;
  while (true) {
    NodePtr right = ParseExpression(precedence + 1);
    if (!right) return nullptr;
    NodePtr cmp = MakeOp(NodeKind::kBinary, op, FindBinary(op.text)->op, {left, right});
    if (!cmp) return nullptr;
    if (root) {
      root = MakeOp(NodeKind::kBinary, Token{TokenKind::kOperator, "&&", op.pos}, Op::kAnd,
                    {root, cmp});
      if (!root) return nullptr;
    } else {
      root = cmp;
    }
    left = right;
    op = cur();
    if (op.kind != TokenKind::kOperator || !IsComparison(op.text) || failed_) break;
    Next();
  }
  return root;
}

NodePtr Parser::ParseLet() {
  Next();  // let
  Token name = cur();
  if (!Expect(TokenKind::kIdentifier, name.text) || !Expect(TokenKind::kOperator, "=")) {
    return nullptr;
  }
  NodePtr value = ParseExpression(0);
  if (!value || !Expect(TokenKind::kOperator, ";")) return nullptr;
  NodePtr body = ParseSequence();
  if (!body) return nullptr;
  NodePtr n = Make(NodeKind::kLet, name.pos, {value, body});
  if (n) n->name = std::string(name.text);
  return n;
}

// if cond { a } else { b }, or else if ...
NodePtr Parser::ParseIf() {
  size_t pos = cur().pos;
  Next();  // if
  NodePtr cond = ParseExpression(0);
  if (!cond || !Expect(TokenKind::kBracket, "{")) return nullptr;
  NodePtr then = ParseSequence();
  if (!then || !Expect(TokenKind::kBracket, "}") || !Expect(TokenKind::kOperator, "else")) {
    return nullptr;
  }
  NodePtr otherwise;
  if (IsOp("if")) {
    otherwise = ParseIf();
  } else if (Expect(TokenKind::kBracket, "{")) {
    otherwise = ParseSequence();
    if (otherwise && !Expect(TokenKind::kBracket, "}")) return nullptr;
  }
  if (!otherwise) return nullptr;
  return Make(NodeKind::kCond, pos, {cond, then, otherwise});
}

// `a ? b : c`, and `a ?: b` meaning `a ? a : b`.
NodePtr Parser::ParseConditional(NodePtr node) {
  while (node && IsOp("?") && !failed_) {
    size_t pos = cur().pos;
    Next();
    NodePtr then, otherwise;
    if (!IsOp(":")) {
      then = ParseExpression(0);
      if (!then || !Expect(TokenKind::kOperator, ":")) return nullptr;
    } else {
      Next();
      then = node;
    }
    otherwise = ParseExpression(0);
    if (!otherwise) return nullptr;
    node = Make(NodeKind::kCond, pos, {node, then, otherwise});
  }
  return node;
}

NodePtr Parser::ParsePrimary() {
  Token t = cur();
  Op op = Op::kNone;
  int precedence = t.kind == TokenKind::kOperator ? UnaryPrecedence(t.text, &op) : 0;
  if (precedence > 0) {
    Next();
    NodePtr operand = ParseExpression(precedence);
    if (!operand) return nullptr;
    return ParsePostfix(MakeOp(NodeKind::kUnary, t, op, {operand}));
  }
  if (IsBracket("(")) {
    Next();
    NodePtr inner = ParseSequence();
    if (!inner || !Expect(TokenKind::kBracket, ")")) return nullptr;
    return ParsePostfix(inner);
  }
  if (predicate_depth_ > 0 && (IsOp("#") || IsOp("."))) {
    if (IsOp(".")) {
      Fail(t.pos, "member access is not supported");
      return nullptr;
    }
    Next();
    std::string name;
    if (cur().kind == TokenKind::kIdentifier) {
      name = std::string(cur().text);
      Next();
    }
    NodePtr n = Make(NodeKind::kPointer, t.pos);
    if (n) n->name = name;
    return ParsePostfix(n);
  }
  if (IsOp("::")) {
    Fail(t.pos, "operator \"::\" is not supported");
    return nullptr;
  }
  return ParseSecondary();
}

NodePtr Parser::ParseSecondary() {
  Token t = cur();
  NodePtr node;
  if (t.kind == TokenKind::kIdentifier) {
    Next();
    if (t.text == "true" || t.text == "false") {
      node = Make(NodeKind::kBool, t.pos);
      if (node) node->bool_value = t.text == "true";
      return node;
    }
    if (t.text == "nil") return Make(NodeKind::kNil, t.pos);
    if (IsBracket("(")) return ParsePostfix(ParseCall(t));
    node = Make(NodeKind::kIdent, t.pos);
    if (node) node->name = std::string(t.text);
  } else if (t.kind == TokenKind::kNumber) {
    Next();
    return ParseNumber(t);
  } else if (IsBracket("[")) {
    node = ParseArray(t);
  } else if (IsBracket("{")) {
    Fail(t.pos, "map literals are not supported");
  } else {
    Unexpected(t);
  }
  return ParsePostfix(node);
}

NodePtr Parser::ParseNumber(const Token& t) {
  std::string value;
  for (char c : t.text) {
    if (c != '_') value += c;
  }
  std::string lower = value;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  auto integer = [&](std::string_view digits, int base, std::string_view what) -> NodePtr {
    int64_t v = 0;
    if (!ParseInteger(digits, base, &v)) {
      Fail(t.pos, "invalid " + std::string(what) + " literal: " + Quote(t.text));
      return nullptr;
    }
    NodePtr n = Make(NodeKind::kInt, t.pos);
    if (n) n->int_value = v;
    return n;
  };
  if (lower.starts_with("0x")) return integer(std::string_view(value).substr(2), 16, "hex");
  if (lower.find_first_of(".e") != std::string::npos) {
    double v = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    bool ok = ec == std::errc() || (ec == std::errc::result_out_of_range && Underflows(value));
    if (!ok || end != value.data() + value.size()) {
      Fail(t.pos, "invalid float literal: " + Quote(t.text));
      return nullptr;
    }
    NodePtr n = Make(NodeKind::kFloat, t.pos);
    if (n) n->float_value = ec == std::errc() ? v : 0.0;
    return n;
  }
  if (lower.starts_with("0b")) return integer(std::string_view(value).substr(2), 2, "binary");
  if (lower.starts_with("0o")) return integer(std::string_view(value).substr(2), 8, "octal");
  return integer(value, 10, "integer");
}

NodePtr Parser::ParseCall(const Token& name) {
  if (const PredicateShape* shape = FindPredicateShape(name.text)) {
    return ParsePredicateCall(name, *shape);
  }
  Next();  // (
  std::vector<NodePtr> args;
  while (!IsBracket(")") && !failed_) {
    if (!args.empty()) {
      if (!Expect(TokenKind::kOperator, ",")) return nullptr;
      if (IsBracket(")")) break;
    }
    NodePtr arg = ParseExpression(0);
    if (!arg) return nullptr;
    args.push_back(arg);
  }
  if (!Expect(TokenKind::kBracket, ")")) return nullptr;
  NodePtr n = Make(NodeKind::kCall, name.pos, std::move(args));
  if (n) n->name = std::string(name.text);
  return n;
}

NodePtr Parser::ParsePredicateCall(const Token& name, const PredicateShape& shape) {
  Next();  // (
  std::vector<NodePtr> args;
  for (int i = 0; i < shape.args && !failed_; ++i) {
    bool optional = shape.last_optional && i == shape.args - 1;
    if (IsBracket(")")) {
      if (optional) break;
      Fail(cur().pos, "expected at least " + std::to_string(shape.args) + " arguments");
      return nullptr;
    }
    if (i > 0 && !Expect(TokenKind::kOperator, ",")) return nullptr;
    NodePtr arg = i == 1 ? ParsePredicate() : ParseExpression(0);
    if (!arg) return nullptr;
    args.push_back(arg);
  }
  if (IsOp(",")) Next();
  if (!Expect(TokenKind::kBracket, ")")) return nullptr;
  NodePtr n = Make(NodeKind::kCall, name.pos, std::move(args));
  if (n) n->name = std::string(name.text);
  return n;
}

// `{ body }` or a bare expression, in which `#` is the current element.
NodePtr Parser::ParsePredicate() {
  size_t pos = cur().pos;
  bool braces = IsBracket("{");
  if (braces) Next();
  ++predicate_depth_;
  NodePtr body = braces ? ParseSequence() : ParseExpression(0);
  if (body && !braces && IsOp(";")) Fail(cur().pos, "wrap predicate with brackets { and }");
  --predicate_depth_;
  if (!body || (braces && !Expect(TokenKind::kBracket, "}"))) return nullptr;
  return Make(NodeKind::kPredicate, pos, {body});
}

NodePtr Parser::ParseArray(const Token& open) {
  Next();  // [
  std::vector<NodePtr> items;
  while (!IsBracket("]") && !failed_) {
    if (!items.empty()) {
      if (!Expect(TokenKind::kOperator, ",")) return nullptr;
      if (IsBracket("]")) break;
    }
    NodePtr item = ParseExpression(0);
    if (!item) return nullptr;
    items.push_back(item);
  }
  if (!Expect(TokenKind::kBracket, "]")) return nullptr;
  return Make(NodeKind::kArray, open.pos, std::move(items));
}

NodePtr Parser::ParsePostfix(NodePtr node) {
  if (node && (IsOp(".") || IsOp("?.") || IsBracket("["))) {
    Fail(cur().pos, "member access and indexing are not supported");
    return nullptr;
  }
  return node;
}

}  // namespace

NodePtr Parse(std::string_view text, SyntaxError* error) {
  SyntaxError lex_error;
  std::vector<Token> tokens = Lexer(text).Run(&lex_error);
  return Parser(std::move(tokens), std::move(lex_error)).ParseProgram(error);
}

}  // namespace swell::api::keda::expr_internal
