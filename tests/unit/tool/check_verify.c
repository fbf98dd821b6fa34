/*
** check_verify.c: ir_verify (tool/ir/ir_verify.c) accepts what the front end
** lowers, and names each broken invariant of IR broken on purpose: a shared
** node, two Vars with one id, an id out of range, a name twice, a local
** declared twice or not at all, a break outside a loop, a call inside an
** expression (S1), an expression without a type.
*/
#include "tool_check.h"
#include "ir/rules.h"

static bool pure(const char *name) { return rule_find(name) != NULL; }

static const char *src =
    "#include <math.h>\n"
    "double g(double u) { return u * u; }\n"
    "double f(double *x, int n) {\n"
    "  double s = 0, t = 1;\n"
    "  for (int i = 0; i < n; i++) { s = s + sin(x[i]); t = g(s); }\n"
    "  (void)t;\n"
    "  return s;\n"
    "}\n"
    "#pragma ad grad(f) wrt(x[n])\n";

static Module *m;
static Fn *f;
static Stmt *loop_body;  /* { s = s + sin(x[i]); t = g(s); } */

static void setup(void)
{
  m = tc_front(src);
  ck_assert_int_eq(diag_errors(), 0);
  f = tc_fn(m, "f");
  loop_body = f->body->body[2]->then;
  ck_assert_int_eq(f->body->body[2]->kind, ST_FOR);
}

/* ir_verify's message, which must contain 'what'. */
static void expect_broken(const char *what)
{
  SrcLoc at = {0};
  const char *why = ir_verify(m, pure, &at);
  ck_assert_msg(why != NULL, "ir_verify accepted IR with %s", what);
  ck_assert_has(why, what);
}

START_TEST(lowered_code_holds)
{
  SrcLoc at = {0};
  const char *why = ir_verify(m, pure, &at);
  ck_assert_msg(why == NULL, "%s", why);
  ck_assert_ptr_null(ir_verify(m, NULL, &at));
}
END_TEST

START_TEST(shared_expression)
{
  Stmt *a = loop_body->body[0];
  st_append(loop_body, st_assign(ex_var(f->params[1]), a->rhs->lhs, (SrcLoc){0}));  /* s, once more */
  expect_broken("(var s:double): a node shared");
}
END_TEST

START_TEST(shared_statement)
{
  st_append(f->body, loop_body->body[0]);
  expect_broken("in f: a statement (assign): a node shared");
}
END_TEST

START_TEST(duplicate_id)
{
  Var *y = fn_new_var(f, "y", ty_double(), VAR_LOCAL, (SrcLoc){0});
  y->id = f->params[0]->id;
  st_append(loop_body, st_decl(y, NULL, (SrcLoc){0}));
  expect_broken("variables 'x' and 'y' share id 0");
}
END_TEST

START_TEST(id_out_of_range)
{
  Var *y = fn_new_var(f, "y", ty_double(), VAR_LOCAL, (SrcLoc){0});
  f->nvars--;
  st_append(loop_body, st_decl(y, NULL, (SrcLoc){0}));
  expect_broken("variable 'y' has id");
}
END_TEST

START_TEST(name_twice)
{
  Var *y = fn_new_var(f, "y", ty_double(), VAR_LOCAL, (SrcLoc){0});
  y->name = "s";
  st_append(loop_body, st_decl(y, NULL, (SrcLoc){0}));
  expect_broken("two variables are named 's'");
}
END_TEST

START_TEST(declared_twice_or_never)
{
  Stmt *d = f->body->body[0];
  ck_assert_int_eq(d->kind, ST_DECL);
  st_append(loop_body, st_decl(d->var, NULL, (SrcLoc){0}));
  expect_broken("'s' is declared twice");
  loop_body->nbody--;
  Var *y = fn_new_var(f, "y", ty_double(), VAR_LOCAL, (SrcLoc){0});
  st_append(loop_body, st_assign(ex_var(y), ex_num(1, ty_double()), (SrcLoc){0}));
  expect_broken("local 'y' is used but not declared");
}
END_TEST

START_TEST(break_outside_loop)
{
  st_append(f->body, st_new(ST_BREAK, (SrcLoc){0}));
  expect_broken("a break outside a loop or switch");
}
END_TEST

START_TEST(call_inside_expression)
{
  Stmt *c = loop_body->body[1];  /* t = g(s) */
  ck_assert_int_eq(c->rhs->kind, EX_CALL);
  c->rhs = ex_bin(OP_ADD, c->rhs, ex_num(1, ty_double()));
  expect_broken("a call to 'g' inside an expression");
  SrcLoc at;
  ck_assert_ptr_null(ir_verify(m, NULL, &at));  /* generated code may */
}
END_TEST

START_TEST(expression_without_type)
{
  loop_body->body[0]->rhs->type = NULL;
  expect_broken("has no type");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("verify");
  TCase *tc = tcase_create("verify");
  tcase_add_checked_fixture(tc, setup, NULL);
  tcase_add_test(tc, lowered_code_holds);
  tcase_add_test(tc, shared_expression);
  tcase_add_test(tc, shared_statement);
  tcase_add_test(tc, duplicate_id);
  tcase_add_test(tc, id_out_of_range);
  tcase_add_test(tc, name_twice);
  tcase_add_test(tc, declared_twice_or_never);
  tcase_add_test(tc, break_outside_loop);
  tcase_add_test(tc, call_inside_expression);
  tcase_add_test(tc, expression_without_type);
  suite_add_tcase(s, tc);
  return tc_run(s);
}
