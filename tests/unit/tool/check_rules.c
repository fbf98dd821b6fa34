/*
** check_rules.c: the derivative rules (tool/ir/rules.c, rules.def):
** lookup by name in the double, float and __builtin_ forms, and partial
** derivatives instantiated for a call (float forms must use float functions
** and float constants, so float code stays float).
*/
#include "ir/rules.h"
#include "tool_check.h"

static Fn scope;

/* A variable 'name' of type t (one per name and type kind, so names stay as given). */
static Expr *arg(const char *name, Type *t)
{
  static PtrVec vars;
  for (int i = 0; i < vars.len; i++) {
    Var *v = vars.data[i];
    if (!strcmp(v->name, name) && v->type == t) return ex_var(v);
  }
  Var *v = fn_new_var(&scope, name, t, VAR_LOCAL, (SrcLoc){0});
  v->name = name;
  vec_push(&vars, v);
  return ex_var(v);
}

/* name(x) or name(x, y) or name(x, y, z) with arguments of type t. */
static Expr *call(const char *name, Type *t, int nargs)
{
  Expr *a[3] = {arg("x", t), arg("y", t), arg("z", t)};
  return ex_call(name, t, a, nargs);
}

/* The text of d name(args)/d arg i, with 'r' standing for the result. */
static char *partial(const char *name, Type *t, int nargs, int i)
{
  Expr *c = call(name, t, nargs);
  Expr *e = rule_partial(c, i, arg("r", t));
  return e ? emit_expr(e) : NULL;
}

START_TEST(test_find_double)
{
  const Rule *r = rule_find("sin");
  ck_assert_ptr_nonnull(r);
  ck_assert_str_eq(r->name, "sin");
  ck_assert_int_eq(r->nargs, 1);
  ck_assert_str_eq(r->partial[0], "cos($0)");
  r = rule_find("pow");
  ck_assert_ptr_nonnull(r);
  ck_assert_int_eq(r->nargs, 2);
  r = rule_find("fma");
  ck_assert_ptr_nonnull(r);
  ck_assert_int_eq(r->nargs, 3);
  r = rule_find("floor");
  ck_assert_ptr_nonnull(r);
  ck_assert_str_eq(r->partial[0], "0");
}
END_TEST

START_TEST(test_find_float_and_builtin)
{
  const Rule *sin = rule_find("sin");
  ck_assert_ptr_eq(rule_find("sinf"), sin);
  ck_assert_ptr_eq(rule_find("__builtin_sin"), sin);
  ck_assert_ptr_eq(rule_find("__builtin_sinf"), sin);
  ck_assert_ptr_eq(rule_find("expf"), rule_find("exp"));
  ck_assert_ptr_eq(rule_find("fabsf"), rule_find("fabs"));
  ck_assert_ptr_eq(rule_find("atan2f"), rule_find("atan2"));
  /* names that end in f in their double form */
  ck_assert_ptr_nonnull(rule_find("erf"));
  ck_assert_str_eq(rule_find("erf")->name, "erf");
  ck_assert_ptr_eq(rule_find("erff"), rule_find("erf"));
  ck_assert_str_eq(rule_find("modf")->name, "modf");
  ck_assert_ptr_eq(rule_find("modff"), rule_find("modf"));
}
END_TEST

START_TEST(test_find_unknown)
{
  ck_assert_ptr_null(rule_find(NULL));
  ck_assert_ptr_null(rule_find(""));
  ck_assert_ptr_null(rule_find("f"));
  ck_assert_ptr_null(rule_find("foo"));
  ck_assert_ptr_null(rule_find("printf"));
  ck_assert_ptr_null(rule_find("malloc"));
  ck_assert_ptr_null(rule_find("sinff"));
  ck_assert_ptr_null(rule_find("sinl"));
  ck_assert_ptr_null(rule_find("Sin"));
  ck_assert_ptr_null(rule_find("__builtin_"));
  ck_assert_ptr_null(rule_find("__builtin_foo"));
  ck_assert_ptr_null(rule_find("my_sin"));
}
END_TEST

START_TEST(test_float_form)
{
  ck_assert(!rule_is_float_form("sin"));
  ck_assert(rule_is_float_form("sinf"));
  ck_assert(rule_is_float_form("__builtin_cosf"));
  ck_assert(!rule_is_float_form("__builtin_cos"));
  ck_assert(!rule_is_float_form("erf"));
  ck_assert(rule_is_float_form("erff"));
  ck_assert(!rule_is_float_form("modf"));
  ck_assert(rule_is_float_form("modff"));
  ck_assert(!rule_is_float_form("foof"));
  ck_assert(!rule_is_float_form("f"));
}
END_TEST

START_TEST(test_partial_double)
{
  ck_assert_str_eq(partial("sin", ty_double(), 1, 0), "cos(x)");
  ck_assert_str_eq(partial("cos", ty_double(), 1, 0), "-sin(x)");
  ck_assert_str_eq(partial("exp", ty_double(), 1, 0), "r");
  ck_assert_str_eq(partial("tanh", ty_double(), 1, 0), "1.0 - r * r");
  ck_assert_str_eq(partial("atan", ty_double(), 1, 0), "1.0 / (1.0 + x * x)");
  ck_assert_str_eq(partial("sqrt", ty_double(), 1, 0), "0.5 / r");
  ck_assert_str_eq(partial("pow", ty_double(), 2, 0), "y == 0.0 ? 0.0 : y * pow(x, y - 1.0)");
  ck_assert_str_eq(partial("pow", ty_double(), 2, 1), "x == 0.0 ? 0.0 : r * log(x)");
  ck_assert_str_eq(partial("atan2", ty_double(), 2, 1), "-x / (x * x + y * y)");
  ck_assert_str_eq(partial("fabs", ty_double(), 1, 0), "x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : 0.0");
  ck_assert_str_eq(partial("fma", ty_double(), 3, 2), "1.0");
  ck_assert_str_eq(partial("fma", ty_double(), 3, 0), "y");
  /* the builtin spelling instantiates like the plain one */
  ck_assert_str_eq(partial("__builtin_sin", ty_double(), 1, 0), "cos(x)");
}
END_TEST

START_TEST(test_partial_float)
{
  ck_assert_str_eq(partial("sinf", ty_float(), 1, 0), "cosf(x)");
  ck_assert_str_eq(partial("cosf", ty_float(), 1, 0), "-sinf(x)");
  ck_assert_str_eq(partial("tanhf", ty_float(), 1, 0), "1.0f - r * r");
  ck_assert_str_eq(partial("atanf", ty_float(), 1, 0), "1.0f / (1.0f + x * x)");
  ck_assert_str_eq(partial("sqrtf", ty_float(), 1, 0), "0.5f / r");
  ck_assert_str_eq(partial("powf", ty_float(), 2, 0), "y == 0.0f ? 0.0f : y * powf(x, y - 1.0f)");
  ck_assert_str_eq(partial("powf", ty_float(), 2, 1), "x == 0.0f ? 0.0f : r * logf(x)");
  ck_assert_str_eq(partial("fabsf", ty_float(), 1, 0), "x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : 0.0f");
  ck_assert_str_eq(partial("__builtin_sinf", ty_float(), 1, 0), "cosf(x)");
  ck_assert_str_eq(partial("lgammaf", ty_float(), 1, 0), "ccad_digammaf(x)");
  /* the partial has the call's type, and so do its constants and calls */
  Expr *c = call("expm1f", ty_float(), 1);
  Expr *e = rule_partial(c, 0, arg("r", ty_float()));
  ck_assert_ptr_nonnull(e);
  ck_assert_int_eq(e->type->kind, TY_FLOAT);
  ck_assert_int_eq(e->rhs->kind, EX_NUM);
  ck_assert_int_eq(e->rhs->type->kind, TY_FLOAT);
  c = call("cbrtf", ty_float(), 1);
  e = rule_partial(c, 0, arg("r", ty_float()));
  ck_assert_int_eq(e->type->kind, TY_FLOAT);
  c = call("sinf", ty_float(), 1);
  e = rule_partial(c, 0, arg("r", ty_float()));
  ck_assert_int_eq(e->kind, EX_CALL);
  ck_assert_int_eq(e->type->kind, TY_FLOAT);
  ck_assert_str_eq(e->text, "cosf");
}
END_TEST

START_TEST(test_partial_zero_and_out_of_range)
{
  ck_assert_ptr_null(partial("floor", ty_double(), 1, 0));
  ck_assert_ptr_null(partial("roundf", ty_float(), 1, 0));
  ck_assert_ptr_null(partial("copysign", ty_double(), 2, 1));
  ck_assert_ptr_nonnull(partial("copysign", ty_double(), 2, 0));
  ck_assert_ptr_null(partial("sin", ty_double(), 1, 1));   /* no second argument */
  ck_assert_ptr_null(partial("ldexp", ty_double(), 2, 1)); /* int exponent: no partial */
  ck_assert_ptr_null(partial("foo", ty_double(), 1, 0));   /* not a math function */
}
END_TEST

START_TEST(test_partial_fresh_copies)
{
  /* the arguments are cloned: the partial does not share nodes with the call */
  Expr *c = call("sin", ty_double(), 1);
  Expr *e = rule_partial(c, 0, arg("r", ty_double()));
  ck_assert_ptr_ne(e->args[0], c->args[0]);
  ck_assert_ptr_eq(e->args[0]->var, c->args[0]->var);
}
END_TEST

/* A float-form partial: every floating constant, call and node is float. */
static void check_float_tree(const char *name, int i, const Expr *e)
{
  if (!e) return;
  if (e->kind == EX_NUM && e->type->kind != TY_INT)
    ck_assert_msg(e->type->kind == TY_FLOAT && e->text[strlen(e->text) - 1] == 'f',
                  "%s partial %d has the double constant %s", name, i, e->text);
  if (e->kind == EX_CALL)
    ck_assert_msg(e->text[strlen(e->text) - 1] == 'f' && e->type->kind == TY_FLOAT,
                  "%s partial %d calls the double function %s", name, i, e->text);
  if (e->kind == EX_BIN && e->op >= OP_LT && e->op <= OP_NE) {
    /* comparisons are int; their operands are checked below */
  } else if (e->kind != EX_NUM && e->kind != EX_DEREF && e->type) {
    ck_assert_msg(e->type->kind != TY_DOUBLE, "%s partial %d has a double node", name, i);
  }
  check_float_tree(name, i, e->lhs);
  check_float_tree(name, i, e->rhs);
  check_float_tree(name, i, e->cond);
  for (int k = 0; k < e->nargs; k++) check_float_tree(name, i, e->args[k]);
}

/* Every rule instantiates (a bad template dies) in both forms. */
START_TEST(test_all_rules_instantiate)
{
  static const char *names[] = {
      "sin",  "cos",   "tan",   "asin",  "acos",  "atan",  "atan2",  "sinh",   "cosh",      "tanh",
      "asinh", "acosh", "atanh", "exp",   "exp2",  "expm1", "log",    "log2",   "log10",     "log1p",
      "sqrt", "cbrt",  "pow",   "hypot", "fabs",  "fmin",  "fmax",   "fdim",   "fmod",      "remainder",
      "copysign", "fma", "erf", "erfc",  "tgamma", "lgamma", "frexp", "modf",  "ldexp",     "scalbn",
      "scalbln", "remquo", "exp10", "j0", "j1", "y0", "y1", "floor", "ceil", "round", "trunc", "rint",  "nearbyint", "lround", NULL};
  int ninst = 0;
  for (int k = 0; names[k]; k++) {
    const Rule *r = rule_find(names[k]);
    ck_assert_msg(r != NULL, "no rule for %s", names[k]);
    for (int form = 0; form < 2; form++) {
      Type *t = form ? ty_float() : ty_double();
      const char *name = form ? xfmt("%sf", names[k]) : names[k];
      for (int i = 0; i < r->nargs; i++) {
        Expr *c = call(name, t, r->nargs);
        if (!strcmp(names[k], "frexp") || !strcmp(names[k], "modf") || !strcmp(names[k], "ldexp") ||
            !strcmp(names[k], "scalbn"))
          c->args[1] = arg("e", ty_ptr(ty_int())); /* the second argument is not floating */
        if (!strcmp(names[k], "ldexp") || !strcmp(names[k], "scalbn") || !strcmp(names[k], "scalbln"))
          c->args[1] = arg("e", ty_int());
        if (!strcmp(names[k], "remquo")) c->args[2] = arg("q", ty_ptr(ty_int())); /* the quotient bits */
        Expr *e = rule_partial(c, i, arg("r", t));
        if (!e) continue;
        ninst++;
        ck_assert_int_eq(e->type->kind == TY_INT ? t->kind : e->type->kind, t->kind);
        if (form) check_float_tree(name, i, e);
      }
    }
  }
  ck_assert_int_gt(ninst, 80);
}
END_TEST

/* Complex rules: every one instantiates in both forms with complex nodes
 * of the call's precision; holomorphic partials are complex, the others
 * give a tangent from $d and an adjoint from $b. */
START_TEST(test_complex_rules)
{
  static const char *names[] = {"cexp",  "clog",  "csqrt", "cpow",   "csin",   "ccos",   "ctan",  "csinh",
                                "ccosh", "ctanh", "casin", "cacos",  "catan",  "casinh", "cacosh", "catanh",
                                "creal", "cimag", "conj",  "cproj",  "cabs",   "carg",   NULL};
  for (int k = 0; names[k]; k++) {
    const Rule *r = rule_find(names[k]);
    ck_assert_msg(r && r->is_complex, "no complex rule for %s", names[k]);
    for (int form = 0; form < 2; form++) {
      Type *ct = ty_complex(form ? ty_float() : ty_double());
      const char *name = form ? xfmt("%sf", names[k]) : names[k];
      Expr *c = call(name, ct, r->nargs);
      Type *rt = r->real_result ? ct->base : ct;
      Expr *res = arg("r", rt), *d = arg("d", ct), *b = arg("b", rt);
      if (r->tangent) {
        ck_assert_ptr_null(rule_partial(c, 0, res));
        Expr *tn = rule_special_tangent(c, res, d), *ad = rule_special_adjoint(c, res, b);
        ck_assert_ptr_nonnull(tn);
        ck_assert_ptr_nonnull(ad);
        ck_assert_int_eq(ty_real_of(tn->type)->kind, ct->base->kind);
        ck_assert_int_eq(ty_real_of(ad->type)->kind, ct->base->kind);
        continue;
      }
      for (int i = 0; i < r->nargs; i++) {
        Expr *e = rule_partial(c, i, res);
        ck_assert_ptr_nonnull(e);
        ck_assert_int_eq(ty_real_of(e->type)->kind, ct->base->kind);
      }
    }
  }
  ck_assert_str_eq(partial("csqrtf", ty_complex(ty_float()), 1, 0), "0.5f / r");
  ck_assert_str_eq(partial("casin", ty_complex(ty_double()), 1, 0), "1.0 / csqrt(1.0 - x * x)");
  ck_assert_str_eq(partial("cpowf", ty_complex(ty_float()), 2, 1), "r * clogf(x)");
  Expr *c = call("cabs", ty_complex(ty_double()), 1);
  ck_assert_str_eq(emit_expr(rule_special_tangent(c, arg("r", ty_double()), arg("d", ty_complex(ty_double())))),
                   "creal(conj(x) * d) / r");
  ck_assert_str_eq(emit_expr(rule_special_adjoint(c, arg("r", ty_double()), arg("b", ty_double()))), "b * x / r");
  c = call("cimagf", ty_complex(ty_float()), 1);
  ck_assert_str_eq(emit_expr(rule_special_adjoint(c, arg("r", ty_float()), arg("b", ty_float()))), "I * b");
}
END_TEST

static Suite *rules_suite(void)
{
  Suite *s = suite_create("rules");
  TCase *t = tcase_create("find");
  tcase_add_test(t, test_find_double);
  tcase_add_test(t, test_find_float_and_builtin);
  tcase_add_test(t, test_find_unknown);
  tcase_add_test(t, test_float_form);
  suite_add_tcase(s, t);
  t = tcase_create("partial");
  tcase_add_test(t, test_partial_double);
  tcase_add_test(t, test_partial_float);
  tcase_add_test(t, test_partial_zero_and_out_of_range);
  tcase_add_test(t, test_partial_fresh_copies);
  tcase_add_test(t, test_all_rules_instantiate);
  tcase_add_test(t, test_complex_rules);
  suite_add_tcase(s, t);
  return s;
}

int main(void) { return tc_run(rules_suite()); }
