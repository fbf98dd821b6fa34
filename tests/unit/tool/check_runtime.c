/*
** check_runtime.c: the table of runtime operations (tool/ir/runtime.def).
** Every name in it is a function include/ccad.h declares (this file takes
** each one's address, so a misspelt or missing name does not compile or
** link); pairs undo each other with the same element; the emitter and
** --dump=ir spell each op as the table says, and the front end's name
** lookup finds it again.
*/
#include "tool_check.h"

#include "ccad.h"
#include "driver/driver.h"
#include "driver/options.h"

typedef void (*AnyFn)(void);
static const struct {
  const char *name;
  AnyFn fn;
} declared[] = {
#define RT(op, name, kind, elem, pair) {#name, (AnyFn)name},
#include "ir/runtime.def"
#undef RT
};

START_TEST(test_names_declared)
{
  ck_assert_int_eq(sizeof declared / sizeof *declared, RT_COUNT - 1);
  for (int i = 1; i < RT_COUNT; i++) {
    ck_assert_str_eq(rt_info[i].name, declared[i - 1].name);
    ck_assert_ptr_nonnull((void *)declared[i - 1].fn);
    ck_assert_int_eq(rt_lookup(rt_info[i].name), i);
  }
  ck_assert_int_eq(rt_lookup("ccad_push"), RT_NONE);
  ck_assert_int_eq(rt_lookup("sin"), RT_NONE);
}
END_TEST

/* Which kind undoes which. */
static RtKind undo_kind(RtKind k)
{
  switch (k) {
  case RK_PUSH: return RK_POP;
  case RK_POP: return RK_PUSH;
  case RK_RESERVE: return RK_RELEASE;
  case RK_RELEASE: return RK_RESERVE;
  case RK_FRAME_PUSH: return RK_FRAME_POP;
  case RK_FRAME_POP: return RK_FRAME_PUSH;
  case RK_REDO_PUSH: return RK_REDO_APPLY;
  case RK_REDO_APPLY: return RK_REDO_PUSH;
  default: return k;
  }
}

START_TEST(test_pairs)
{
  for (int i = 1; i < RT_COUNT; i++) {
    const RtInfo *r = &rt_info[i];
    bool paired = undo_kind(r->kind) != r->kind;
    ck_assert_msg(paired == (r->pair != RT_NONE), "%s: pair", r->name);
    if (!paired) continue;
    const RtInfo *p = &rt_info[r->pair];
    ck_assert_msg(p->pair == (RtOp)i, "%s and %s do not undo each other", r->name, p->name);
    ck_assert_msg(p->kind == undo_kind(r->kind), "%s: its pair %s is of the wrong kind", r->name, p->name);
    ck_assert_msg(p->elem == r->elem, "%s and %s move different elements", r->name, p->name);
  }
  /* every typed tape has its push and pop, the block ones their reserve and release */
  RtElem tapes[] = {RE_DOUBLE, RE_FLOAT, RE_LONG, RE_PTR, RE_BRANCH, RE_BYTES};
  for (size_t j = 0; j < sizeof tapes / sizeof *tapes; j++) {
    RtOp push = rt_find(RK_PUSH, tapes[j]);
    ck_assert_int_ne(push, RT_NONE);
    ck_assert_int_eq(rt_info[push].pair, rt_find(RK_POP, tapes[j]));
  }
  for (int j = 0; j < 3; j++)
    ck_assert_int_eq(rt_info[rt_find(RK_RESERVE, tapes[j])].pair, rt_find(RK_RELEASE, tapes[j]));
}
END_TEST

/* Return types as the header has them (pops and blocks). */
START_TEST(test_types)
{
  ck_assert_str_eq(emit_type_name(rt_type(RT_POP_D)), "double");
  ck_assert_str_eq(emit_type_name(rt_type(RT_POP_F)), "float");
  ck_assert_str_eq(emit_type_name(rt_type(RT_POP_I)), "long");
  ck_assert_str_eq(emit_type_name(rt_type(RT_POP_P)), "void *");
  ck_assert_str_eq(emit_type_name(rt_type(RT_RESERVE_D)), "double *");
  ck_assert_str_eq(emit_type_name(rt_type(RT_RELEASE_F)), "const float *");
  ck_assert_str_eq(emit_type_name(rt_type(RT_PUSH_D)), "void");
  ck_assert_str_eq(emit_type_name(rt_type(RT_FRAME_PUSH)), "void *");
  ck_assert_str_eq(emit_type_name(ty_double()), "double");  /* the release did not make double const */
}
END_TEST

START_TEST(test_printed)
{
  for (int i = 1; i < RT_COUNT; i++) {
    Expr *e = ex_rt0((RtOp)i);
    e->text = "renamed";  /* the printer spells the op, not the text */
    ck_assert_str_eq(emit_expr(e), xfmt("%s()", rt_info[i].name));
    ck_assert_int_eq(rt_of(ex_cast(ty_void(), e)), i);
    ck_assert(rt_is(e, rt_info[i].kind));
  }
  ck_assert_str_eq(emit_expr(ex_rt1(RT_PUSH_D, ex_num(2.0, ty_double()))), "ccad_push_d(2.0)");
}
END_TEST

START_TEST(test_dump_and_front)
{
  const char *d = tc_dump("#include <math.h>\n#include <ccad.h>\n"
                          "double g(double x) { return ccad_digamma(x) + sin(x); }\n"
                          "#pragma ad grad(g)\n",
                          "g");
  ck_assert_has(d, "rt ccad_digamma");
  ck_assert_has(d, "call sin");
}
END_TEST

/* The generated file for src, through the whole pipeline. */
static char *generate(const char *src)
{
  char *in = tc_write("h.c", src);
  char *out = xfmt("%s/h.ad.c", tc_tmpdir());
  const char *cflags[] = {"-std=c11"};
  Options o = {.input = in, .output = out, .cflags = cflags, .ncflags = 1, .no_line = true};
  ck_assert_int_eq(driver_run(&o), 0);
  FILE *f = fopen(out, "r");
  ck_assert_ptr_nonnull(f);
  StrBuf b = {0};
  int c;
  while ((c = fgetc(f)) != EOF) sb_putc(&b, (char)c);
  fclose(f);
  return sb_take(&b);
}

/* The tangent of a reverse sweep pairs typed ops, blocks included: a
 * module with a hessian writes its tape through blocks too (it used to
 * fall back to one push per value), and hvp's sweep reserves a block of
 * tangents below each block of values and releases it after; the
 * hessian's sweep, 16 directions wide (vector.c), reserves 16 tangents per
 * value, rows written and read one lane each. */
START_TEST(test_hessian_blocks)
{
  const char *g = generate("#include <math.h>\n"
                           "double f(const double *x, int n) {\n"
                           "  double s = 0, t = 1;\n"
                           "  for (int i = 0; i < n; i++) { t = t * cos(x[i]); s += t * t; }\n"
                           "  return s;\n"
                           "}\n"
                           "#pragma ad hessian(f) wrt(x[n])\n"
                           "#pragma ad hvp(f) wrt(x[n])\n");
  const char *sweep = strstr(g, "f_hvp_sweep(const double *x, const double *x_dot, double *x_bar, "
                                "double *x_bar_dot, int n)\n{");  /* the definition */
  ck_assert_ptr_nonnull(sweep);
  ck_assert_lacks(sweep, "ccad_push_d");
  ck_assert_lacks(sweep, "ccad_pop_d");
  /* t saved (cos(x[i]) is computed again, adjoint_recompute.c) */
  ck_assert_has(sweep, "tape_d_dot = ccad_reserve_d((size_t)((long)n > 0 ? (long)n : 0));\n"
                       "  double *tape_d = ccad_reserve_d(");
  ck_assert_has(sweep, "tape_d_2 = ccad_release_d((size_t)((long)n > 0 ? (long)n : 0));\n"
                       "  const double *tape_d_2_dot = ccad_release_d(");
  ck_assert_has(sweep, "*tape_d_dot = t_dot;");
  ck_assert_has(sweep, "t_dot = *tape_d_2_dot;");
  const char *wide = strstr(g, "f_hessian_grad_jacfwd_sweep_w16(const double *x, double (*x_dot)[16], "
                               "double *x_bar, double (*x_bar_dot)[16], int n)\n{");
  ck_assert_ptr_nonnull(wide);
  ck_assert_lacks(wide, "ccad_push_d");
  ck_assert_has(wide, "tape_d_dot = (double (*)[16])ccad_reserve_d((size_t)16 * (size_t)((long)n > 0 ? (long)n : 0));\n"
                      "  double *tape_d = ccad_reserve_d(");
  ck_assert_has(wide, "tape_d_2_dot = (double (*)[16])ccad_release_d((size_t)16 * ");
  ck_assert_has(wide, "for (lane = 0; lane < 16; lane++) (*tape_d_dot)[lane] = t_dot[lane];");
  ck_assert_has(wide, "for (lane = 0; lane < 16; lane++) t_dot[lane] = (*tape_d_2_dot)[lane];");
}
END_TEST

/* Vector reverse mode: jacrev of 20 outputs runs one forward sweep and
 * two backward sweeps of 10 lanes (equal sweeps); a helper's frame of adjoints is
 * allocated 10 times as large by the forward sweep's variant and taped as
 * a pointer to rows, which the backward sweep pops retyped; the helper's
 * backward function takes rows too. */
START_TEST(test_jacrev_lanes)
{
  const char *g = generate("#include <math.h>\n"
                           "static void pair(const double *a, double *out) {\n"
                           "  double t[2];\n"
                           "  t[0] = sin(a[0]) * a[1]; t[1] = t[0] * t[0];\n"
                           "  out[0] = t[1] + a[0]; out[1] = t[0] * a[1];\n"
                           "}\n"
                           "void f(const double *x, double *y) {\n"
                           "  double buf[2];\n"
                           "  pair(x, buf);\n"
                           "  for (int i = 0; i < 20; i++) y[i] = buf[i % 2] * x[i % 3];\n"
                           "}\n"
                           "#pragma ad jacrev(f) wrt(x[3]) out(y[20])\n");
  const char *drv = strstr(g, "void f_jacrev(const double *x, double *y, double *jac)\n{");
  ck_assert_ptr_nonnull(drv);
  ck_assert_has(drv, "f_jacrev_sweep_w10(x, d_x, y);");
  ck_assert_has(drv, "for (long sweep = 0; sweep < n_out || sweep == 0; sweep += 10) {");
  ck_assert_has(drv, "f_jacrev_sweep_bwd_w10(");
  ck_assert_has(drv, "jac[(sweep + lane) * n_in + q] = d_x[q][lane];");
  const char *fw = strstr(g, "static void f_jacrev_sweep_w10(const double *x, double (*x_bar)[10], double *y)\n{");
  ck_assert_ptr_nonnull(fw);
  ck_assert_has(fw, "double (*buf_bar)[2][10] = (double (*)[2][10])ccad_frame_push((size_t)10 * sizeof(double [2]));");
  ck_assert_has(g, "static void pair_bwd_w10(const double *a, double (*a_bar)[10], double (*out_bar)[10])");
  ck_assert_has(g, "buf_bar = (double (*)[2][10])ccad_pop_p();");
}
END_TEST

static Suite *runtime_suite(void)
{
  Suite *s = suite_create("runtime.def");
  TCase *t = tcase_create("table");
  tcase_add_test(t, test_names_declared);
  tcase_add_test(t, test_pairs);
  tcase_add_test(t, test_types);
  tcase_add_test(t, test_printed);
  tcase_add_test(t, test_dump_and_front);
  suite_add_tcase(s, t);
  t = tcase_create("tangent of blocks");
  tcase_add_test(t, test_hessian_blocks);
  tcase_add_test(t, test_jacrev_lanes);
  suite_add_tcase(s, t);
  return s;
}

int main(void) { return tc_run(runtime_suite()); }
