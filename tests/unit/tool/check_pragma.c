/*
** check_pragma.c: requests (tool/front/pragma.c) through the front end:
** `#pragma ad` lines of a small C file and --ad specs, parsed and resolved
** against the file's functions by front_run. Bad requests are errors with
** file:line:column (stderr is captured and checked).
*/
#include "tool_check.h"

/* Line 1..6: two functions to differentiate; requests follow on line 7+. */
#define HEAD                                                          \
  "double f(const double *x, int n) {\n"                              \
  "  double s = 0; for (int i = 0; i < n; i++) s += x[i]; return s;\n" \
  "}\n"                                                               \
  "void g(const double *x, double *y, int n, int k, double a) {\n"    \
  "  for (int i = 0; i < n * k; i++) y[i] = a * x[i % n];\n"          \
  "}\n"

static Request *req(Module *m, int i)
{
  ck_assert_int_gt(m->requests.len, i);
  return m->requests.data[i];
}

/* 'src' must resolve without errors; returns its module. */
static Module *good(const char *src)
{
  Module *m = tc_front(src);
  ck_assert_int_eq(diag_errors(), 0);
  return m;
}

/* 'src' (and specs) must give exactly 'nerr' errors; each of 'want' (NULL
 * terminated) must occur in the diagnostics. Returns the module. */
static Module *bad_specs(const char *src, const char **specs, int nspecs, int nerr, const char **want)
{
  char *d;
  Module *m = tc_front_diag(src, specs, nspecs, &d);
  ck_assert_msg(diag_errors() == nerr, "%d errors, want %d:\n%s", diag_errors(), nerr, d);
  for (int i = 0; want[i]; i++) ck_assert_has(d, want[i]);
  /* every error shows the source line and a caret */
  if (nerr) ck_assert_has(d, "^\n");
  return m;
}

#define BAD(src, nerr, ...) bad_specs((src), NULL, 0, (nerr), (const char *[]){__VA_ARGS__, NULL})

/* ---- well-formed requests --------------------------------------------- */

START_TEST(test_basic)
{
  Module *m = good(HEAD "#pragma ad jvp(f) wrt(x[n])\n");
  ck_assert_int_eq(m->requests.len, 1);
  Request *r = req(m, 0);
  Fn *f = tc_fn(m, "f");
  ck_assert_int_eq(r->dir, DIR_JVP);
  ck_assert_str_eq(r->fname, "f");
  ck_assert_ptr_eq(r->fn, f);
  ck_assert_str_eq(r->gen_name, "f_jvp");
  ck_assert_ptr_null(r->extra);
  ck_assert(r->has_wrt);
  ck_assert(!r->has_out);
  ck_assert(!r->has_batch);
  ck_assert_int_eq(r->nwrt, 1);
  ck_assert_str_eq(r->wrt[0].name, "x");
  ck_assert_str_eq(r->wrt[0].size, "n");
  ck_assert_int_eq(r->wrt[0].param, 0);
  ck_assert_ptr_nonnull(r->wrt[0].size_expr);
  ck_assert_int_eq(r->wrt[0].size_expr->kind, EX_VAR);
  ck_assert_ptr_eq(r->wrt[0].size_expr->var, f->params[1]);
  /* locations: the function name, the item */
  ck_assert_int_eq(r->loc.line, 7);
  ck_assert_int_eq(r->loc.col, 16);
  ck_assert_int_eq(r->wrt[0].loc.line, 7);
  ck_assert_int_eq(r->wrt[0].loc.col, 23);
  /* the requested function is lowered, the other one is not */
  ck_assert(f->is_lowered);
  ck_assert(!tc_fn(m, "g")->is_lowered);
}
END_TEST

START_TEST(test_sizes_and_out)
{
  Module *m = good(HEAD "#pragma ad vjp(g) wrt(x[n], a) out(y[k*n*(n+1)/2])\n");
  Request *r = req(m, 0);
  ck_assert_int_eq(r->dir, DIR_VJP);
  ck_assert_str_eq(r->gen_name, "g_vjp");
  ck_assert_int_eq(r->nwrt, 2);
  ck_assert_str_eq(r->wrt[1].name, "a");
  ck_assert_ptr_null(r->wrt[1].size);
  ck_assert_ptr_null(r->wrt[1].size_expr);
  ck_assert_int_eq(r->wrt[1].param, 4);
  ck_assert(r->has_out);
  ck_assert_int_eq(r->nout, 1);
  ck_assert_str_eq(r->out[0].name, "y");
  ck_assert_int_eq(r->out[0].param, 1);
  ck_assert_str_eq(r->out[0].size, "k*n*(n+1)/2");
  ck_assert_str_eq(tc_sx(r->out[0].size_expr), "(/ (* (* k n) (+ n 1)) 2)");
}
END_TEST

START_TEST(test_nested_brackets)
{
  Module *m = good("double h(const double *x, const int *dims) { return x[0] * dims[0]; }\n"
                   "#pragma ad jvp(h) wrt(x[dims[0] * (dims[1] + 1)])\n");
  Request *r = req(m, 0);
  ck_assert_str_eq(r->wrt[0].size, "dims[0] * (dims[1] + 1)");
  ck_assert_str_eq(tc_sx(r->wrt[0].size_expr), "(* (index dims 0) (+ (index dims 1) 1))");
}
END_TEST

START_TEST(test_return_and_scalars)
{
  Module *m = good("double h(double a, double b) { return a * b; }\n"
                   "#pragma ad grad(h) wrt(a, b) out(return)\n");
  Request *r = req(m, 0);
  ck_assert_int_eq(r->dir, DIR_GRAD);
  ck_assert_str_eq(r->gen_name, "h_grad");
  ck_assert_int_eq(r->nwrt, 2);
  ck_assert_int_eq(r->wrt[0].param, 0);
  ck_assert_int_eq(r->wrt[1].param, 1);
  ck_assert_int_eq(r->nout, 1);
  ck_assert_str_eq(r->out[0].name, "return");
  ck_assert_int_eq(r->out[0].param, -1);
}
END_TEST

START_TEST(test_defaults)
{
  Module *m = good(HEAD "#pragma ad jvp(f)\n");
  Request *r = req(m, 0);
  ck_assert(!r->has_wrt);
  ck_assert(!r->has_out);
  ck_assert_int_eq(r->nwrt, 0);
  ck_assert_int_eq(r->nout, 0);
  ck_assert_str_eq(r->gen_name, "f_jvp");
}
END_TEST

START_TEST(test_name_clause)
{
  Module *m = good(HEAD "#pragma ad jvp(f) name(df) wrt(x[n])\n");
  Request *r = req(m, 0);
  ck_assert_str_eq(r->gen_name, "df");
  ck_assert_int_eq(r->nwrt, 1);
}
END_TEST

START_TEST(test_directives)
{
  static const struct {
    const char *name;
    Directive dir;
  } d[] = {{"jvp", DIR_JVP},         {"vjp", DIR_VJP},         {"grad", DIR_GRAD},
           {"jacfwd", DIR_JACFWD},   {"jacrev", DIR_JACREV},   {"hessian", DIR_HESSIAN},
           {"hvp", DIR_HVP},         {"vmap", DIR_VMAP},       {"cuda", DIR_CUDA}};
  StrBuf b = {0};
  sb_puts(&b, HEAD);
  for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
    sb_printf(&b, "#pragma ad %s(f) %s(x[n])\n", d[i].name, d[i].dir >= DIR_VMAP ? "batch" : "wrt");
  Module *m = good(b.s);
  ck_assert_int_eq(m->requests.len, (int)(sizeof d / sizeof d[0]));
  for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
    Request *r = req(m, (int)i);
    ck_assert_int_eq(r->dir, d[i].dir);
    ck_assert_str_eq(r->gen_name, xfmt("f_%s", d[i].name));
    ck_assert_int_eq(r->loc.line, 7 + (int)i);
  }
}
END_TEST

START_TEST(test_batch)
{
  Module *m = good(HEAD "#pragma ad vmap(g) batch(x[n], a, k, y[n*k])\n");
  Request *r = req(m, 0);
  ck_assert_int_eq(r->dir, DIR_VMAP);
  ck_assert(r->has_batch);
  ck_assert_int_eq(r->nbatch, 4);
  ck_assert_str_eq(r->batch[0].name, "x");
  ck_assert_str_eq(r->batch[0].size, "n");
  ck_assert_str_eq(r->batch[1].name, "a");
  /* batch may name integer parameters */
  ck_assert_str_eq(r->batch[2].name, "k");
  ck_assert_int_eq(r->batch[2].param, 3);
}
END_TEST

START_TEST(test_spacing_and_continuation)
{
  Module *m = good(HEAD "  #  pragma   ad   jvp( f )   \\\n"
                        "      wrt( x [ n ] )\n"
                        "#pragma\tad\tgrad(f)\twrt(x[n])\n");
  ck_assert_int_eq(m->requests.len, 2);
  Request *r = req(m, 0);
  ck_assert_str_eq(r->fname, "f");
  ck_assert_int_eq(r->nwrt, 1);
  ck_assert_str_eq(r->wrt[0].name, "x");
  ck_assert_ptr_nonnull(r->wrt[0].size_expr);
  ck_assert_int_eq(r->loc.line, 7);
  r = req(m, 1);
  ck_assert_int_eq(r->dir, DIR_GRAD);
  ck_assert_int_eq(r->loc.line, 9);
}
END_TEST

START_TEST(test_other_pragmas_ignored)
{
  Module *m = good("#pragma once\n" HEAD "#pragma omp parallel for\n"
                   "#pragma adx jvp(f)\n"
                   "#pragma GCC diagnostic push\n"
                   "// #pragma ad jvp(f)\n"
                   "#pragma ad jvp(f) wrt(x[n])\n");
  ck_assert_int_eq(m->requests.len, 1);
}
END_TEST

/* C comments end a directive line like white space does */
START_TEST(test_trailing_comment)
{
  Module *m = good(HEAD "#pragma ad jvp(f) wrt(x[n]) /* forward mode */\n"
                        "#pragma ad grad(f) wrt(x[n]) // reverse mode\n");
  ck_assert_int_eq(m->requests.len, 2);
  ck_assert_int_eq(req(m, 0)->nwrt, 1);
  ck_assert_int_eq(req(m, 1)->nwrt, 1);
}
END_TEST

START_TEST(test_macro_size)
{
  Module *m = good("#define N 8\n#define M (N * 2)\n" HEAD "#pragma ad jvp(f) wrt(x[M])\n");
  Request *r = req(m, 0);
  ck_assert_str_eq(r->wrt[0].size, "M");
  ck_assert_str_eq(tc_sx(r->wrt[0].size_expr), "(* 8 2)");
}
END_TEST

START_TEST(test_specs)
{
  const char *specs[] = {"grad(f) wrt(x[n])", "jvp(g) wrt(x[n]) out(y[n*k]) name(gj)"};
  char *d;
  Module *m = tc_front_diag(HEAD "#pragma ad jvp(f) wrt(x[n])\n", specs, 2, &d);
  ck_assert_int_eq(diag_errors(), 0);
  ck_assert_int_eq(m->requests.len, 3);
  /* file requests first, then the specs in order */
  ck_assert_int_eq(req(m, 0)->dir, DIR_JVP);
  ck_assert_int_eq(req(m, 1)->dir, DIR_GRAD);
  ck_assert_str_eq(req(m, 1)->loc.file, "<command line>");
  ck_assert_int_eq(req(m, 1)->loc.line, 1);
  ck_assert_str_eq(req(m, 2)->gen_name, "gj");
  ck_assert_int_eq(req(m, 2)->loc.line, 2);
  ck_assert(tc_fn(m, "g")->is_lowered);
}
END_TEST

START_TEST(test_custom_and_inactive)
{
  Module *m = good(HEAD "double my_f_jvp(const double *x, const double *x_dot, int n, double *ret_dot);\n"
                        "int rng(void);\n"
                        "#pragma ad custom_jvp(f, my_f_jvp)\n"
                        "#pragma ad inactive(rng)\n");
  Request *r = req(m, 0);
  ck_assert_int_eq(r->dir, DIR_CUSTOM_JVP);
  ck_assert_str_eq(r->fname, "f");
  ck_assert_str_eq(r->extra, "my_f_jvp");
  ck_assert_ptr_null(r->gen_name);
  r = req(m, 1);
  ck_assert_int_eq(r->dir, DIR_INACTIVE);
  Fn *rng = tc_fn(m, "rng");
  ck_assert_ptr_eq(r->fn, rng);
  ck_assert(rng->is_inactive);
  ck_assert_int_eq(m->inactive.len, 1);
  ck_assert_str_eq(m->inactive.data[0], "rng");
}
END_TEST

START_TEST(test_checkpoint)
{
  Module *m = good("double f(const double *x, int n) {\n"
                   "  double s = 0;\n"
                   "#pragma ad checkpoint(snapshots=4)\n"
                   "  for (int i = 0; i < n; i++) s += x[i];\n"
                   "  #pragma ad checkpoint\n"
                   "  /* a comment between */\n"
                   "\n"
                   "  for (int i = 0; i < n; i++) s *= x[i];\n"
                   "  for (int i = 0; i < n; i++) s -= x[i];\n"
                   "  return s;\n"
                   "}\n"
                   "#pragma ad vjp(f) wrt(x[n])\n");
  char *d = tc_dump_fn(tc_fn(m, "f"));
  ck_assert_has(d, "for checkpoint=4\n");
  ck_assert_has(d, "for checkpoint=-1\n");
  ck_assert_int_eq(tc_count(d, "for\n"), 1);
  ck_assert_int_eq(m->requests.len, 1);
}
END_TEST

/* ---- errors ------------------------------------------------------------ */

START_TEST(test_err_unknown_directive)
{
  Module *m = BAD(HEAD "#pragma ad jpv(f)\n", 1, "t.c:7:12: error: unknown directive 'jpv'");
  ck_assert_int_eq(m->requests.len, 0);
}
END_TEST

START_TEST(test_err_syntax)
{
  BAD(HEAD "#pragma ad jvp f\n", 1, "t.c:7:16: error: expected '(' after 'jvp'");
}
END_TEST

START_TEST(test_err_no_function)
{
  BAD(HEAD "#pragma ad jvp()\n", 1, "t.c:7:16: error: expected a function name");
}
END_TEST

START_TEST(test_err_missing_paren)
{
  BAD(HEAD "#pragma ad jvp(f wrt(x[n])\n", 1, "t.c:7:18: error: expected ')'");
}
END_TEST

START_TEST(test_err_unknown_clause)
{
  BAD(HEAD "#pragma ad jvp(f) with(x[n])\n", 1, "t.c:7:19: error: unknown clause 'with'");
}
END_TEST

START_TEST(test_err_clause_paren)
{
  BAD(HEAD "#pragma ad jvp(f) wrt x\n", 1, "t.c:7:23: error: expected '(' after the clause name");
}
END_TEST

START_TEST(test_err_bad_item)
{
  BAD(HEAD "#pragma ad jvp(f) wrt(1)\n", 1, "t.c:7:23: error: expected a parameter name");
}
END_TEST

START_TEST(test_err_missing_bracket)
{
  BAD(HEAD "#pragma ad jvp(f) wrt(x[n)\n", 1, "error: missing ']' after the size expression");
}
END_TEST

START_TEST(test_err_unclosed_clause)
{
  BAD(HEAD "#pragma ad jvp(f) wrt(x[n]\n", 1, "t.c:7:27: error: expected ',' or ')' in the clause");
}
END_TEST

START_TEST(test_err_name_clause)
{
  BAD(HEAD "#pragma ad jvp(f) name(1)\n", 1, "t.c:7:24: error: expected name(identifier)");
}
END_TEST

START_TEST(test_err_unknown_function)
{
  BAD(HEAD "#pragma ad jvp(nope)\n", 1, "t.c:7:16: error: unknown function 'nope'");
}
END_TEST

START_TEST(test_err_no_body)
{
  BAD(HEAD "double ext(double);\n#pragma ad jvp(ext)\n", 1,
      "t.c:8:16: error: function 'ext' has no body in this translation unit");
}
END_TEST

START_TEST(test_err_unknown_parameter)
{
  BAD(HEAD "#pragma ad jvp(f) wrt(z[n])\n", 1, "t.c:7:23: error: unknown parameter 'z' in wrt(...)");
}
END_TEST

START_TEST(test_err_not_floating)
{
  BAD(HEAD "#pragma ad jvp(f) wrt(n)\n", 1, "t.c:7:23: error: parameter 'n' is not floating");
}
END_TEST

START_TEST(test_err_return_in_wrt)
{
  BAD(HEAD "#pragma ad jvp(f) wrt(return)\n", 1, "t.c:7:23: error: 'return' can only be listed in out(...)");
}
END_TEST

START_TEST(test_err_out_by_value)
{
  BAD(HEAD "#pragma ad jvp(g) out(a)\n", 1, "t.c:7:23: error: parameter 'a' is passed by value");
}
END_TEST

START_TEST(test_err_size_on_scalar)
{
  BAD(HEAD "#pragma ad jvp(g) wrt(a[3])\n", 1, "t.c:7:23: error: parameter 'a' is not a pointer, so it takes no [size]");
}
END_TEST

START_TEST(test_err_bad_size)
{
  /* the column points into the size text: x[n+] -> after the '+' */
  BAD(HEAD "#pragma ad jvp(f) wrt(x[n+])\n", 1,
      "t.c:7:27: error: bad size expression for 'x': unexpected end of expression");
}
END_TEST

START_TEST(test_err_size_unknown_name)
{
  BAD(HEAD "#pragma ad jvp(f) wrt(x[2*m])\n", 1,
      "t.c:7:27: error: bad size expression for 'x': 'm' is not a parameter of the function");
}
END_TEST

START_TEST(test_err_int_return)
{
  BAD("int c(const double *x) { return x[0] > 0; }\n#pragma ad jvp(c) wrt(x[1]) out(return)\n", 1,
      "t.c:2:33: error: the return value of 'c' is not floating");
}
END_TEST

START_TEST(test_err_custom_needs_function)
{
  BAD(HEAD "#pragma ad custom_jvp(f)\n", 1, "custom_jvp needs the hand-written derivative: custom_jvp(f, my_f)");
}
END_TEST

START_TEST(test_err_custom_unknown)
{
  BAD(HEAD "#pragma ad custom_vjp(f, my_f_vjp)\n", 1, "error: unknown function 'my_f_vjp'");
}
END_TEST

START_TEST(test_err_checkpoint_file_scope)
{
  BAD(HEAD "#pragma ad checkpoint\n", 1, "t.c:7:12: error: '#pragma ad checkpoint' belongs inside a function");
}
END_TEST

START_TEST(test_err_request_in_function)
{
  BAD("double f(const double *x, int n) {\n"
      "#pragma ad jvp(f)\n"
      "  return x[0] * n;\n"
      "}\n"
      "#pragma ad jvp(f) wrt(x[1])\n",
      1, "t.c:2:12: error: a '#pragma ad' request must be at file scope, not inside a function");
}
END_TEST

START_TEST(test_err_checkpoint_not_for)
{
  BAD("double f(const double *x, int n) {\n"
      "  double s = 0; int i = 0;\n"
      "  #pragma ad checkpoint\n"
      "  s = x[i] * 2.0;\n"
      "  return s;\n"
      "}\n"
      "#pragma ad vjp(f) wrt(x[n])\n",
      1, "t.c:3:14: error: '#pragma ad checkpoint' must be followed by a loop (for, while or do) or by a statement that calls a function");
}
END_TEST

START_TEST(test_err_checkpoint_snapshots)
{
  BAD("double f(const double *x, int n) {\n"
      "  double s = 0;\n"
      "  #pragma ad checkpoint(snapshots=0)\n"
      "  for (int i = 0; i < n; i++) s += x[i];\n"
      "  return s;\n"
      "}\n"
      "#pragma ad vjp(f) wrt(x[n])\n",
      1, "t.c:3:35: error: the number of snapshots must be a positive integer");
}
END_TEST

START_TEST(test_err_checkpoint_syntax)
{
  BAD("double f(const double *x, int n) {\n"
      "  double s = 0;\n"
      "  #pragma ad checkpoint(snaps=3)\n"
      "  for (int i = 0; i < n; i++) s += x[i];\n"
      "  #pragma ad checkpoint extra\n"
      "  for (int i = 0; i < n; i++) s += x[i];\n"
      "  return s;\n"
      "}\n"
      "#pragma ad vjp(f) wrt(x[n])\n",
      2, "t.c:3:25: error: expected checkpoint(snapshots=K)",
      "t.c:5:25: error: unexpected text after the checkpoint directive");
}
END_TEST


START_TEST(test_err_spec)
{
  const char *specs[] = {"jvp(f) wrt(q)"};
  Module *m = bad_specs(HEAD, specs, 1, 1,
                        (const char *[]){"<command line>:1:12: error: unknown parameter 'q'", "  jvp(f) wrt(q)\n", NULL});
  ck_assert_int_eq(m->requests.len, 1);
}
END_TEST

START_TEST(test_err_several)
{
  /* every bad line is reported, good ones still parse */
  Module *m = BAD(HEAD "#pragma ad jpv(f)\n#pragma ad jvp(f) wrt(x[n])\n#pragma ad grad(f) wrt(w)\n", 2,
                  "t.c:7:12: error", "t.c:9:24: error");
  ck_assert_int_eq(m->requests.len, 2);
}
END_TEST

START_TEST(test_repeats_and_matrix)
{
  /* a repeat is one warning and goes; a matrix parameter takes M[rows][p] */
  char *d;
  Module *m = tc_front_diag(HEAD "double h(int n, int p, const double M[n][p]) { return M[0][0] * n * p; }\n"
                                 "#pragma ad jvp(f) wrt(x[n], x, x[n]) out(return, return)\n"
                                 "#pragma ad grad(h) wrt(M[n][p])\n",
                            NULL, 0, &d);
  ck_assert_msg(diag_errors() == 0, "%s", d);
  ck_assert_has(d, "t.c:8:29: warning: 'x' is listed 3 times in wrt(...); the repeats are ignored");
  ck_assert_has(d, "warning: 'return' is listed 2 times in out(...)");
  Request *r = req(m, 0);
  ck_assert_int_eq(r->nwrt, 1);
  ck_assert_int_eq(r->nout, 1);
  r = req(m, 1);
  ck_assert_int_eq(r->wrt[0].ndims, 2);
  ck_assert_str_eq(tc_sx(r->wrt[0].size_expr), "n");  /* the count of rows */
}
END_TEST

START_TEST(test_err_request_validation)
{
  BAD(HEAD "#pragma ad grad(f) wrt(x[n*2][2])\n"
           "#pragma ad jvp(f) wrt(x[x]) name(fj)\n"
           "#pragma ad jvp(f) wrt(x[0]) name(f)\n"
           "#pragma ad jvp(f) batch(x[n])\n",
      5, "t.c:7:31: error: 'x' points to single values, so it takes one size",
      "t.c:8:25: error: the size [x] of 'x' cannot be an element count: 'x' is a pointer",
      "t.c:9:25: error: the size [0] of 'x' is 0; an element count must be positive",
      "t.c:10:19: error: batch(...) does not apply here",
      "t.c:9:34: error: the request would define 'f', but");
}
END_TEST

static Suite *pragma_suite(void)
{
  Suite *s = suite_create("pragma");
  TCase *t = tcase_create("requests");
  tcase_set_timeout(t, 60);
  tcase_add_test(t, test_basic);
  tcase_add_test(t, test_sizes_and_out);
  tcase_add_test(t, test_nested_brackets);
  tcase_add_test(t, test_return_and_scalars);
  tcase_add_test(t, test_defaults);
  tcase_add_test(t, test_name_clause);
  tcase_add_test(t, test_directives);
  tcase_add_test(t, test_batch);
  tcase_add_test(t, test_spacing_and_continuation);
  tcase_add_test(t, test_other_pragmas_ignored);
  tcase_add_test(t, test_trailing_comment);
  tcase_add_test(t, test_macro_size);
  tcase_add_test(t, test_specs);
  tcase_add_test(t, test_custom_and_inactive);
  tcase_add_test(t, test_checkpoint);
  tcase_add_test(t, test_repeats_and_matrix);
  suite_add_tcase(s, t);
  t = tcase_create("errors");
  tcase_set_timeout(t, 60);
  tcase_add_test(t, test_err_unknown_directive);
  tcase_add_test(t, test_err_syntax);
  tcase_add_test(t, test_err_no_function);
  tcase_add_test(t, test_err_missing_paren);
  tcase_add_test(t, test_err_unknown_clause);
  tcase_add_test(t, test_err_clause_paren);
  tcase_add_test(t, test_err_bad_item);
  tcase_add_test(t, test_err_missing_bracket);
  tcase_add_test(t, test_err_unclosed_clause);
  tcase_add_test(t, test_err_name_clause);
  tcase_add_test(t, test_err_unknown_function);
  tcase_add_test(t, test_err_no_body);
  tcase_add_test(t, test_err_unknown_parameter);
  tcase_add_test(t, test_err_not_floating);
  tcase_add_test(t, test_err_return_in_wrt);
  tcase_add_test(t, test_err_out_by_value);
  tcase_add_test(t, test_err_size_on_scalar);
  tcase_add_test(t, test_err_bad_size);
  tcase_add_test(t, test_err_size_unknown_name);
  tcase_add_test(t, test_err_int_return);
  tcase_add_test(t, test_err_custom_needs_function);
  tcase_add_test(t, test_err_custom_unknown);
  tcase_add_test(t, test_err_checkpoint_file_scope);
  tcase_add_test(t, test_err_request_in_function);
  tcase_add_test(t, test_err_checkpoint_not_for);
  tcase_add_test(t, test_err_checkpoint_snapshots);
  tcase_add_test(t, test_err_checkpoint_syntax);
  tcase_add_test(t, test_err_spec);
  tcase_add_test(t, test_err_several);
  tcase_add_test(t, test_err_request_validation);
  suite_add_tcase(s, t);
  return s;
}

int main(void) { return tc_run(pragma_suite()); }
