/*
** check_walk.c: the IR visitor (tool/ir/ir_walk.c): visit order, skip,
** stop, the post-order hook, and expression walks, on lowered functions
** and on hand-built trees.
*/
#include "tool_check.h"

static const char *st_names[] = {"block", "decl", "assign", "expr", "if", "while", "for", "switch",
                                 "case", "return", "break", "continue", "verbatim"};

/* Each visit appends a word to a StrBuf: statements by kind, variables by
 * name, numbers by text, other expressions as '.' */
typedef struct Log {
  StrBuf b;
  StmtKind skip_st;   /* skip the children of this kind (-1: none) */
  StmtKind stop_st;   /* stop at this kind */
  const char *stop_var;
} Log;

static Walk log_st(Stmt *s, void *ctx) {
  Log *l = ctx;
  sb_printf(&l->b, "%s ", st_names[s->kind]);
  if ((int)s->kind == (int)l->stop_st) return WALK_STOP;
  return (int)s->kind == (int)l->skip_st ? WALK_SKIP : WALK_ON;
}

static Walk log_post(Stmt *s, void *ctx) {
  sb_printf(&((Log *)ctx)->b, "/%s ", st_names[s->kind]);
  return WALK_ON;
}

static Walk log_ex(Expr *e, void *ctx) {
  Log *l = ctx;
  if (e->kind == EX_VAR) sb_printf(&l->b, "%s ", e->var->name);
  else if (e->kind == EX_NUM) sb_printf(&l->b, "%s ", e->text);
  else sb_puts(&l->b, ". ");
  if (e->kind == EX_VAR && l->stop_var && str_eq(e->var->name, l->stop_var)) return WALK_STOP;
  return WALK_ON;
}

static Log log_new(void) { return (Log){{0}, (StmtKind)-1, (StmtKind)-1, NULL}; }

static const char *src_loops =
    "double f(double *x, int n) {\n"
    "  double s = 0;\n"
    "  for (int i = 0; i < n; i++) { s = s + x[i]; }\n"
    "  do { s = s * 2; } while (s < 1);\n"
    "  if (n > 2) s = 1; else s = 2;\n"
    "  return s;\n"
    "}\n"
    "#pragma ad grad(f) wrt(x)\n";

START_TEST(statements_pre_order)
{
  Fn *f = tc_fn(tc_front(src_loops), "f");
  Log l = log_new();
  ck_assert(st_each(f->body, log_st, &l));
  ck_assert_str_eq(sb_take(&l.b), "block decl for block decl block assign block assign while block assign if block "
                                  "assign block assign return ");
}
END_TEST

/* for: init, cond, body, step; do-while: body, then cond (the C text's
 * order). */
START_TEST(expressions_in_c_order)
{
  Fn *f = tc_fn(tc_front(src_loops), "f");
  Log l = log_new();
  ck_assert(st_each_expr(f->body, log_ex, &l));
  ck_assert_str_eq(sb_take(&l.b), ". 0 0 . i n s . s . x i i . i 1 s . s . 2 . s . 1 . n 2 s . 1 s . 2 s ");
}
END_TEST

START_TEST(post_order_and_skip)
{
  Fn *f = tc_fn(tc_front(src_loops), "f");
  Log l = log_new();
  l.skip_st = ST_FOR;
  IrWalk w = {log_st, log_post, NULL, &l};
  ck_assert(ir_walk(&w, f->body->body[1]));  /* the for: skipped, so no post either */
  ck_assert_str_eq(sb_take(&l.b), "for ");
  ck_assert(ir_walk(&w, f->body->body[2]));
  ck_assert_str_eq(sb_take(&l.b), "while block assign /assign /block /while ");
}
END_TEST

START_TEST(stop_ends_the_walk)
{
  Fn *f = tc_fn(tc_front(src_loops), "f");
  Log l = log_new();
  l.stop_st = ST_WHILE;
  ck_assert(!st_each(f->body, log_st, &l));
  ck_assert_str_eq(sb_take(&l.b), "block decl for block decl block assign block assign while ");
  l = log_new();
  l.stop_var = "x";
  IrWalk w = {log_st, NULL, log_ex, &l};
  ck_assert(!ir_walk(&w, f->body));
  ck_assert_str_eq(sb_take(&l.b), "block decl . 0 for block decl 0 . i n block assign s . s . x ");
}
END_TEST

/* A hand-built expression: c ? a + 1 : g(a, 2). */
START_TEST(expression_operands)
{
  Fn f = {0};
  f.name = "f";
  Var *a = fn_new_var(&f, "a", ty_double(), VAR_LOCAL, (SrcLoc){0});
  Var *c = fn_new_var(&f, "c", ty_int(), VAR_LOCAL, (SrcLoc){0});
  Expr *args[] = {ex_var(a), ex_num(2, ty_double())};
  Expr *e = ex_cond(ex_var(c), ex_bin(OP_ADD, ex_var(a), ex_num(1, ty_double())), ex_call("g", ty_double(), args, 2));
  Log l = log_new();
  ck_assert(ex_each(e, log_ex, &l));
  ck_assert_str_eq(sb_take(&l.b), ". c . a 1.0 . a 2.0 ");
  ck_assert(ex_each(NULL, log_ex, &l));
  ck_assert(st_each(NULL, log_st, &l));
  ck_assert_str_eq(sb_take(&l.b), "");
}
END_TEST

/* Skipping an expression skips its operands only. */
static Walk skip_bin(Expr *e, void *ctx) {
  log_ex(e, ctx);
  return e->kind == EX_BIN ? WALK_SKIP : WALK_ON;
}

START_TEST(expression_skip)
{
  Fn f = {0};
  f.name = "f";
  Var *a = fn_new_var(&f, "a", ty_double(), VAR_LOCAL, (SrcLoc){0});
  Expr *e = ex_call1("sin", ty_double(), ex_bin(OP_MUL, ex_var(a), ex_var(a)));
  e = ex_bin(OP_SUB, e, ex_var(a));
  Log l = log_new();
  ck_assert(ex_each(e, skip_bin, &l));
  ck_assert_str_eq(sb_take(&l.b), ". ");
  ck_assert(ex_each(e->lhs, skip_bin, &l));
  ck_assert_str_eq(sb_take(&l.b), ". . ");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("walk");
  TCase *tc = tcase_create("walk");
  tcase_add_test(tc, statements_pre_order);
  tcase_add_test(tc, expressions_in_c_order);
  tcase_add_test(tc, post_order_and_skip);
  tcase_add_test(tc, stop_ends_the_walk);
  tcase_add_test(tc, expression_operands);
  tcase_add_test(tc, expression_skip);
  suite_add_tcase(s, tc);
  return tc_run(s);
}
