/*
** check_parse.c: ir_parse_expr (tool/ir/ir_parse.c), the expression parser
** behind request sizes (x[k*d*(d+1)/2]) and the rule templates of rules.def.
** Trees are compared in bare prefix form: "(+ n (* k d))".
*/
#include "tool_check.h"

/* Names: n k d (int), x (double *); placeholders $0 $1 $2 $r (double). */
static Fn scope;

static Var *var(const char *name, Type *t)
{
  for (int i = 0; i < scope.locals.len; i++) {
    Var *v = scope.locals.data[i];
    if (!strcmp(v->name, name)) return v;
  }
  return fn_new_var(&scope, name, t, VAR_LOCAL, (SrcLoc){0});
}

static Expr *ident(ParseResolver *r, const char *name)
{
  (void)r;
  if (!strcmp(name, "n") || !strcmp(name, "k") || !strcmp(name, "d")) return ex_var(var(name, ty_int()));
  if (!strcmp(name, "x")) return ex_var(var(name, ty_ptr(ty_double())));
  return NULL;
}

/* $1 is an int * when 'ptr1' is set (frexp's exponent) */
static bool ptr1;

static Expr *placeholder(ParseResolver *r, char which)
{
  (void)r;
  if (which != '0' && which != '1' && which != '2' && which != 'r') return NULL;
  if (which == '1' && ptr1) return ex_var(var("$1p", ty_ptr(ty_int())));
  return ex_var(var(xfmt("$%c", which), ty_double()));
}

static ParseResolver sizes = {.ident = ident, .float_type = NULL};
static ParseResolver templates = {.placeholder = placeholder, .float_type = NULL};

static void setup(void)
{
  sizes.float_type = ty_double();
  templates.float_type = ty_double();
}

/* Parses 'text', which must succeed; returns the tree. */
static Expr *ok(ParseResolver *r, const char *text)
{
  const char *err = NULL;
  int col = -1;
  Expr *e = ir_parse_expr(text, r, &err, &col);
  ck_assert_msg(e != NULL, "'%s' did not parse: %s (column %d)", text, err ? err : "?", col);
  ck_assert_ptr_null(err);
  return e;
}

#define ck_parse(r, text, want) ck_assert_str_eq(tc_sx(ok((r), (text))), (want))

/* Parses 'text', which must fail with a message containing 'msg' at 'col'. */
static void bad(ParseResolver *r, const char *text, const char *msg, int col)
{
  const char *err = NULL;
  int c = -1;
  Expr *e = ir_parse_expr(text, r, &err, &c);
  ck_assert_msg(e == NULL, "'%s' parsed as %s but is an error", text, e ? tc_sx(e) : "");
  ck_assert_ptr_nonnull(err);
  ck_assert_msg(strstr(err, msg) != NULL, "'%s': message '%s' lacks '%s'", text, err, msg);
  ck_assert_msg(c == col, "'%s': error column %d, want %d (%s)", text, c, col, err);
}

/* ---- sizes ------------------------------------------------------------- */

START_TEST(test_primary)
{
  ck_parse(&sizes, "n", "n");
  ck_parse(&sizes, "  n  ", "n");
  ck_parse(&sizes, "42", "42");
  ck_parse(&sizes, "(((n)))", "n");
  Expr *e = ok(&sizes, "n");
  ck_assert_int_eq(e->kind, EX_VAR);
  ck_assert_int_eq(e->type->kind, TY_INT);
}
END_TEST

START_TEST(test_numbers)
{
  /* integers keep their spelling (suffixes too) and type int */
  Expr *e = ok(&sizes, "100");
  ck_assert_int_eq(e->kind, EX_NUM);
  ck_assert_int_eq(e->type->kind, TY_INT);
  ck_assert_str_eq(e->text, "100");
  ck_assert(e->value == 100.0);
  e = ok(&sizes, "7u");
  ck_assert_int_eq(e->type->kind, TY_INT);
  ck_assert(e->value == 7.0);
  e = ok(&sizes, "3UL");
  ck_assert(e->value == 3.0);
  /* a decimal point or exponent makes the float type */
  e = ok(&sizes, "2.5");
  ck_assert_int_eq(e->type->kind, TY_DOUBLE);
  ck_assert(e->value == 2.5);
  e = ok(&sizes, "1e3");
  ck_assert_int_eq(e->type->kind, TY_DOUBLE);
  ck_assert(e->value == 1000.0);
  e = ok(&sizes, ".5");
  ck_assert(e->value == 0.5);
  e = ok(&sizes, "1.5f");
  ck_assert(e->value == 1.5);
}
END_TEST

/* A hexadecimal integer whose digits include 'e' is still an integer. */
START_TEST(test_hex_integer)
{
  Expr *e = ok(&sizes, "0x1e");
  ck_assert(e->value == 30.0);
  ck_assert_msg(e->type->kind == TY_INT, "0x1e parsed with type kind %d (not int), printed as '%s'",
                (int)e->type->kind, e->text);
}
END_TEST

START_TEST(test_precedence)
{
  ck_parse(&sizes, "n + k * d", "(+ n (* k d))");
  ck_parse(&sizes, "n * k + d", "(+ (* n k) d)");
  ck_parse(&sizes, "(n + k) * d", "(* (+ n k) d)");
  ck_parse(&sizes, "k*d*(d+1)/2", "(/ (* (* k d) (+ d 1)) 2)");
  ck_parse(&sizes, "n % k * d", "(* (% n k) d)");
  ck_parse(&sizes, "n - k + d", "(+ (- n k) d)");
  ck_parse(&sizes, "n < k == d > n", "(== (< n k) (> d n))");
  ck_parse(&sizes, "n + 1 <= k * 2", "(<= (+ n 1) (* k 2))");
  ck_parse(&sizes, "n == k && d != n || k", "(|| (&& (== n k) (!= d n)) k)");
  ck_parse(&sizes, "n || k && d", "(|| n (&& k d))");
}
END_TEST

START_TEST(test_associativity)
{
  ck_parse(&sizes, "n - k - d", "(- (- n k) d)");
  ck_parse(&sizes, "n / k / d", "(/ (/ n k) d)");
  ck_parse(&sizes, "n - (k - d)", "(- n (- k d))");
  ck_parse(&sizes, "n < k < d", "(< (< n k) d)");
}
END_TEST

START_TEST(test_two_char_operators)
{
  ck_parse(&sizes, "n<=k", "(<= n k)");
  ck_parse(&sizes, "n>=k", "(>= n k)");
  ck_parse(&sizes, "n<k", "(< n k)");
  ck_parse(&sizes, "n>k", "(> n k)");
  ck_parse(&sizes, "n==k", "(== n k)");
  ck_parse(&sizes, "n!=k", "(!= n k)");
  ck_parse(&sizes, "n&&k", "(&& n k)");
  ck_parse(&sizes, "n||k", "(|| n k)");
  ck_parse(&sizes, "!n==k", "(== (! n) k)");
}
END_TEST

START_TEST(test_unary)
{
  /* a negated literal folds into the literal */
  Expr *e = ok(&sizes, "-3");
  ck_assert_int_eq(e->kind, EX_NUM);
  ck_assert(e->value == -3.0);
  ck_parse(&sizes, "-n", "(neg n)");
  ck_parse(&sizes, "-n * k", "(* (neg n) k)");
  ck_parse(&sizes, "n * -k", "(* n (neg k))");
  ck_parse(&sizes, "- -n", "(neg (neg n))");
  ck_parse(&sizes, "-(n + k)", "(neg (+ n k))");
  ck_parse(&sizes, "n - -k", "(- n (neg k))");
  ck_parse(&sizes, "+n", "n");
  ck_parse(&sizes, "!n", "(! n)");
  ck_parse(&sizes, "!!n", "(! (! n))");
  ck_parse(&sizes, "*x", "(deref x)");
  ck_parse(&sizes, "-x[n]", "(neg (index x n))");
}
END_TEST

START_TEST(test_conditional)
{
  ck_parse(&sizes, "n ? k : d", "(? n k d)");
  ck_parse(&sizes, "n > 0 ? n : -n", "(? (> n 0) n (neg n))");
  /* right-associative */
  ck_parse(&sizes, "n ? k : d ? 1 : 2", "(? n k (? d 1 2))");
  ck_parse(&sizes, "n ? k ? 1 : 2 : d", "(? n (? k 1 2) d)");
  ck_parse(&sizes, "(n ? k : d) * 2", "(* (? n k d) 2)");
  ck_parse(&sizes, "n || k ? d : 1", "(? (|| n k) d 1)");
}
END_TEST

START_TEST(test_calls_and_index)
{
  ck_parse(&sizes, "max(n, k + 1)", "(max n (+ k 1))");
  ck_parse(&sizes, "f()", "(f)");
  ck_parse(&sizes, "g(h(n), 2 * k)", "(g (h n) (* 2 k))");
  ck_parse(&sizes, "n * sq(k)", "(* n (sq k))");
  ck_parse(&sizes, "x[n - 1]", "(index x (- n 1))");
  ck_parse(&sizes, "x[x[n]]", "(index x (index x n))");
  /* a call is typed by the resolver (double by default) */
  Expr *e = ok(&sizes, "f(n)");
  ck_assert_int_eq(e->kind, EX_CALL);
  ck_assert_str_eq(e->text, "f");
  ck_assert_int_eq(e->nargs, 1);
  ck_assert_int_eq(e->type->kind, TY_DOUBLE);
}
END_TEST

START_TEST(test_errors)
{
  bad(&sizes, "", "unexpected end of expression", 0);
  bad(&sizes, "n +", "unexpected end of expression", 3);
  bad(&sizes, "n k", "unexpected text after the expression", 2);
  bad(&sizes, "(n", "expected ')'", 2);
  bad(&sizes, "(n + k", "expected ')'", 6);
  bad(&sizes, "f(n", "expected ')'", 3);
  bad(&sizes, "x[1", "expected ']'", 3);
  bad(&sizes, "n ? k", "expected ':'", 5);
  bad(&sizes, "foo + 1", "'foo' is not a parameter of the function", 0);
  bad(&sizes, "n + foo", "'foo' is not a parameter of the function", 4);
  bad(&sizes, "n * (k + bar)", "'bar' is not a parameter", 9);
  bad(&sizes, "@", "expected an expression", 0);
  bad(&sizes, "n + )", "expected an expression", 4);
  /* operators a size has no use for are refused, not misread */
  bad(&sizes, "n = 1", "unexpected text after the expression", 2);
  bad(&sizes, "(double)n", "a cast in a size is to an integer type", 1);
  /* shifts, bitwise operators (C's precedence) and integer casts are read */
  ck_parse(&sizes, "1 << n + 1", "(<< 1 (+ n 1))");
  ck_parse(&sizes, "n & k | d ^ 1", "(| (& n k) (^ d 1))");
  ck_parse(&sizes, "n < k << 1", "(< n (<< k 1))");
  ck_parse(&sizes, "n && k & 1", "(&& n (& k 1))");
  ck_parse(&sizes, "~n >> 1", "(>> (~ n) 1)");
  ck_parse(&sizes, "(size_t)n * 2", "(* (cast n) 2)");
  ck_parse(&sizes, "(unsigned long)(n + k)", "(cast (+ n k))");
}
END_TEST

START_TEST(test_errors_first_wins)
{
  /* the first error is the one reported */
  bad(&sizes, "foo + bar", "'foo'", 0);
}
END_TEST

START_TEST(test_error_outputs_optional)
{
  ck_assert_ptr_null(ir_parse_expr("n +", &sizes, NULL, NULL));
  ck_assert_ptr_nonnull(ir_parse_expr("n + 1", &sizes, NULL, NULL));
}
END_TEST

/* ---- rule templates ---------------------------------------------------- */

START_TEST(test_placeholders)
{
  ck_parse(&templates, "$0", "$0");
  ck_parse(&templates, "$0 * $1", "(* $0 $1)");
  ck_parse(&templates, "1.0 - $r * $r", "(- 1.0 (* $r $r))");
  ck_parse(&templates, "$r + 1.0", "(+ $r 1.0)");
  bad(&templates, "$9", "bad placeholder", 2);
  /* no placeholder callback: an error, not a crash */
  bad(&sizes, "$0", "bad placeholder", 2);
}
END_TEST

START_TEST(test_rule_templates)
{
  ck_parse(&templates, "-1.0 / sqrt(1.0 - $0 * $0)", "(/ -1.0 (sqrt (- 1.0 (* $0 $0))))");
  ck_parse(&templates, "-sin($0)", "(neg (sin $0))");
  ck_parse(&templates, "$1 / ($0 * $0 + $1 * $1)", "(/ $1 (+ (* $0 $0) (* $1 $1)))");
  ck_parse(&templates, "-$0 / ($0 * $0 + $1 * $1)", "(/ (neg $0) (+ (* $0 $0) (* $1 $1)))");
  ck_parse(&templates, "$1 * pow($0, $1 - 1.0)", "(* $1 (pow $0 (- $1 1.0)))");
  ck_parse(&templates, "$0 > 0.0 ? 1.0 : $0 < 0.0 ? -1.0 : 0.0",
           "(? (> $0 0.0) 1.0 (? (< $0 0.0) -1.0 0.0))");
  ck_parse(&templates, "($0 < 0.0) == ($1 < 0.0) ? 1.0 : -1.0", "(? (== (< $0 0.0) (< $1 0.0)) 1.0 -1.0)");
  ptr1 = true;
  ck_parse(&templates, "ldexp(1.0, -*$1)", "(ldexp 1.0 (neg (deref $1p)))");
  ptr1 = false;
  ck_parse(&templates, "1.1283791670955126 * exp(-$0 * $0)", "(* 1.1283791670955126 (exp (* (neg $0) $0)))");
  ck_parse(&templates, "-trunc($0 / $1)", "(neg (trunc (/ $0 $1)))");
}
END_TEST

static const char *rename_call(ParseResolver *r, const char *name)
{
  (void)r;
  return xfmt("%sf", name);
}

static Type *float_call(ParseResolver *r, const char *name)
{
  (void)r;
  (void)name;
  return ty_float();
}

START_TEST(test_resolver_hooks)
{
  /* call_name/call_type/float_type: how the float forms of rules are made */
  ParseResolver f = {.placeholder = placeholder, .call_name = rename_call, .call_type = float_call,
                     .float_type = ty_float()};
  Expr *e = ok(&f, "1.0 / sqrt($0)");
  ck_assert_str_eq(tc_sx(e), "(/ 1.0f (sqrtf $0))");
  ck_assert_int_eq(e->lhs->type->kind, TY_FLOAT);
  ck_assert_int_eq(e->rhs->type->kind, TY_FLOAT);
  /* integers stay int */
  e = ok(&f, "2");
  ck_assert_int_eq(e->type->kind, TY_INT);
}
END_TEST

START_TEST(test_types)
{
  /* comparisons are int; arithmetic follows the operands */
  ck_assert_int_eq(ok(&sizes, "n < k")->type->kind, TY_INT);
  ck_assert_int_eq(ok(&sizes, "n * k")->type->kind, TY_INT);
  ck_assert_int_eq(ok(&sizes, "n * 2.0")->type->kind, TY_DOUBLE);
  ck_assert_int_eq(ok(&templates, "$0 * 2")->type->kind, TY_DOUBLE);
  ck_assert_int_eq(ok(&sizes, "x[n]")->type->kind, TY_DOUBLE);
}
END_TEST

static Suite *parse_suite(void)
{
  Suite *s = suite_create("parse");
  TCase *t = tcase_create("sizes");
  tcase_add_checked_fixture(t, setup, NULL);
  tcase_add_test(t, test_primary);
  tcase_add_test(t, test_numbers);
  tcase_add_test(t, test_hex_integer);
  tcase_add_test(t, test_precedence);
  tcase_add_test(t, test_associativity);
  tcase_add_test(t, test_two_char_operators);
  tcase_add_test(t, test_unary);
  tcase_add_test(t, test_conditional);
  tcase_add_test(t, test_calls_and_index);
  tcase_add_test(t, test_errors);
  tcase_add_test(t, test_errors_first_wins);
  tcase_add_test(t, test_error_outputs_optional);
  tcase_add_test(t, test_types);
  suite_add_tcase(s, t);
  t = tcase_create("templates");
  tcase_add_checked_fixture(t, setup, NULL);
  tcase_add_test(t, test_placeholders);
  tcase_add_test(t, test_rule_templates);
  tcase_add_test(t, test_resolver_hooks);
  suite_add_tcase(s, t);
  return s;
}

int main(void) { return tc_run(parse_suite()); }
