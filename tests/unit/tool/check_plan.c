/*
** check_plan.c: the planning stage (tool/analysis/plan.c) after the front
** end: composed requests linked and ordered after the request they compose,
** default wrt/out applied from activity's read/write facts, and a planned
** request left as it is by the transform that runs it; the directives.def
** table consistent.
*/
#include "tool_check.h"  /* first: it sets _XOPEN_SOURCE */

#include "analysis/plan.h"
#include "transform/transform.h"

/* k of two scalars; f reads x, writes nothing; g reads x, writes y,
 * scales by a. */
#define HEAD                                                          \
  "double k(double a, double b) { return a * a * b; }\n"             \
  "double f(const double *x, int n) {\n"                              \
  "  double s = 0; for (int i = 0; i < n; i++) s += x[i] * x[i]; return s;\n" \
  "}\n"                                                               \
  "void g(double *x, double *y, int n, double a) {\n"                 \
  "  for (int i = 0; i < n; i++) y[i] = a * x[i];\n"                  \
  "}\n"

static Front *fr;

/* 'src' through the front end and plan_module, without errors. */
static Module *planned(const char *src)
{
  static const char *args[] = {"-std=c11"};
  char *path = tc_write("t.c", src);
  FrontOptions o = {path, xstrndup(path, strlen(path) - 2), args, 1, NULL, 0, CCAD_INCLUDE_DIR};
  Module *m = front_run(&o, &fr);
  ck_assert_int_eq(diag_errors(), 0);
  plan_module(m);
  return m;
}

static Request *req(Module *m, int i)
{
  ck_assert_int_gt(m->requests.len, i);
  return m->requests.data[i];
}

START_TEST(test_defaults)
{
  Module *m = planned(HEAD "#pragma ad jvp(f)\n#pragma ad vjp(g) wrt(x[n]) out(y[n])\n#pragma ad grad(g)\n");
  /* jvp(f): inputs x (read) ... n is not floating; output the return */
  Request *r = req(m, 0);
  ck_assert_int_eq(r->nwrt, 0);
  ck_assert_ptr_eq(plan_request(m, fr, r), r);
  ck_assert(!r->has_wrt && !r->has_out);  /* still: the user wrote none */
  ck_assert_int_eq(r->nwrt, 1);
  ck_assert_str_eq(r->wrt[0].name, "x");
  ck_assert_int_eq(r->wrt[0].param, 0);
  ck_assert_int_eq(r->nout, 1);
  ck_assert_str_eq(r->out[0].name, "return");
  /* given clauses stay as written */
  r = req(m, 1);
  ck_assert_ptr_eq(plan_request(m, fr, r), r);
  ck_assert_int_eq(r->nwrt, 1);
  ck_assert_int_eq(r->nout, 1);
  ck_assert_str_eq(r->out[0].name, "y");
  /* grad(g): inputs x (read) and a (floating); output y (written) */
  r = req(m, 2);
  ck_assert_ptr_eq(plan_request(m, fr, r), r);
  ck_assert_int_eq(r->nwrt, 2);
  ck_assert_str_eq(r->wrt[0].name, "x");
  ck_assert_str_eq(r->wrt[1].name, "a");
  ck_assert_int_eq(r->nout, 1);
  ck_assert_str_eq(r->out[0].name, "y");
  ck_assert_int_eq(diag_errors(), 0);
}
END_TEST

START_TEST(test_no_default_output)
{
  Module *m = planned("void h(const double *x, int n) { (void)x; (void)n; }\n#pragma ad jvp(h)\n");
  char *d;
  tc_capture_begin();
  const Request *r = plan_request(m, fr, req(m, 0));
  d = tc_capture_end();
  ck_assert_ptr_null(r);
  ck_assert_has(d, "'h' has no floating output");
}
END_TEST

START_TEST(test_composed_order)
{
  /* written before the request making f_grad, and nested twice */
  Module *m = planned(HEAD "#pragma ad jvp(f_grad_jvp)\n#pragma ad jvp(f_grad) wrt(x[n])\n#pragma ad grad(f) wrt(x[n])\n");
  ck_assert_int_eq(m->requests.len, 3);
  Request *a = req(m, 0), *b = req(m, 1), *c = req(m, 2);
  ck_assert_str_eq(a->fname, "f");
  ck_assert_str_eq(b->fname, "f_grad");
  ck_assert_str_eq(c->fname, "f_grad_jvp");
  ck_assert_ptr_null(a->compose_of);
  ck_assert_ptr_eq(b->compose_of, a);
  ck_assert_ptr_eq(c->compose_of, b);
  ck_assert_ptr_null(b->fn);  /* resolved when f_grad exists */
  /* run grad(f); then jvp(f_grad) resolves against its result */
  ck_assert_ptr_eq(plan_request(m, fr, a), a);
  a->result = adjoint_request(m, a);
  ck_assert_ptr_nonnull(a->result);
  ck_assert_ptr_eq(plan_request(m, fr, b), b);
  ck_assert_ptr_eq(b->fn, a->result);
  ck_assert_int_eq(b->nwrt, 1);
  ck_assert_str_eq(b->wrt[0].name, "x");
  ck_assert_ptr_nonnull(b->wrt[0].size_expr);  /* checked like any request */
  ck_assert_int_eq(diag_errors(), 0);
}
END_TEST

START_TEST(test_composed_cycle)
{
  Module *m;
  char *d;
  static const char *args[] = {"-std=c11"};
  char *path = tc_write("t.c", HEAD "#pragma ad jvp(p) name(q)\n#pragma ad grad(q) name(p)\n");
  FrontOptions o = {path, xstrndup(path, strlen(path) - 2), args, 1, NULL, 0, CCAD_INCLUDE_DIR};
  tc_capture_begin();
  m = front_run(&o, &fr);
  plan_module(m);
  d = tc_capture_end();
  ck_assert_int_eq(diag_errors(), 1);
  ck_assert_has(d, "requests compose each other in a cycle");
}
END_TEST

/* The transform of a planned request leaves it as planned (jacfwd used to
 * write its sweep's defaults back into it). */
START_TEST(test_frozen)
{
  Module *m = planned(HEAD "#pragma ad jacfwd(k)\n#pragma ad jacrev(k) wrt(b)\n#pragma ad hessian(k)\n"
                           "#pragma ad hvp(k)\n#pragma ad jacfwd(g) wrt(x[n]) out(y[n])\n");
  for (int i = 0; i < 5; i++) {
    Request *r = req(m, i);
    ck_assert_ptr_eq(plan_request(m, fr, r), r);
    Request before = *r;
    r->result = jacobian_request(m, r);
    ck_assert_ptr_nonnull(r->result);
    ck_assert_ptr_eq(r->wrt, before.wrt);
    ck_assert_int_eq(r->nwrt, before.nwrt);
    ck_assert_ptr_eq(r->out, before.out);
    ck_assert_int_eq(r->nout, before.nout);
    ck_assert_ptr_eq(r->fn, before.fn);
    ck_assert_str_eq(r->gen_name, before.gen_name);
  }
  ck_assert_int_eq(diag_errors(), 0);
}
END_TEST

/* directives.def: names round-trip, derivatives take wrt/out and have a
 * sweep for their defaults, generated names are FUNC_NAME. */
START_TEST(test_directives_table)
{
  static const Directive all[] = {
#define DIRECTIVE(name, id, ...) DIR_##id,
#include "ir/directives.def"
#undef DIRECTIVE
  };
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    const DirInfo *d = directive_info(all[i]);
    Directive back;
    ck_assert(directive_lookup(d->name, &back));
    ck_assert_int_eq(back, all[i]);
    ck_assert_str_eq(directive_name(all[i]), d->name);
    bool deriv = directive_is_derivative(all[i]);
    ck_assert_int_eq(deriv, (d->clauses & (CL_WRT | CL_OUT)) == (CL_WRT | CL_OUT));
    ck_assert_int_eq(deriv, d->sweep != SWEEP_NONE);
    if (d->suffix) ck_assert_str_eq(d->suffix, xfmt("_%s", d->name));
    ck_assert_int_eq(d->suffix != NULL, (d->clauses & CL_NAME) != 0);
  }
  Directive x;
  ck_assert(!directive_lookup("gradient", &x));
}
END_TEST

static Suite *plan_suite(void)
{
  Suite *s = suite_create("plan");
  TCase *t = tcase_create("plan");
  tcase_set_timeout(t, 60);
  tcase_add_test(t, test_directives_table);
  tcase_add_test(t, test_defaults);
  tcase_add_test(t, test_no_default_output);
  tcase_add_test(t, test_composed_order);
  tcase_add_test(t, test_composed_cycle);
  tcase_add_test(t, test_frozen);
  suite_add_tcase(s, t);
  return s;
}

int main(void) { return tc_run(plan_suite()); }
