/*
** check_simplify.c: the cleanups before printing (tool/transform/
** simplify_fold.c, simplify_loop.c, simplify_dead.c) on lowered functions, and the printer's
** #line placement (tool/emit/printer.c). Each rewrite must leave the
** program's results unchanged bit for bit: the cases where it must not
** fire matter as much as those where it does.
*/
#include "../../../tool/transform/transform.h"
#include "tool_check.h"

/* fname of src, lowered, run through simplify_module, printed back as C */
static char *simplified(const char *src, const char *fname)
{
  Module *m = tc_front(xfmt("%s#pragma ad jvp(%s)\n", src, fname));  /* lowered when requested */
  ck_assert_int_eq(diag_errors(), 0);
  Fn *f = tc_fn(m, fname);
  m->generated.len = 0;
  vec_push(&m->generated, f);
  simplify_module(m);
  return tc_c(f);
}

/* fname of src, lowered, its locals taken as the transform's: zero
 * variables folded (simplify_zero.c), then unread ones dropped */
static char *zero_folded(const char *src, const char *fname)
{
  Module *m = tc_front(xfmt("%s#pragma ad jvp(%s)\n", src, fname));
  ck_assert_int_eq(diag_errors(), 0);
  Fn *f = tc_fn(m, fname);
  simplify_zero_vars(f, 0);
  simplify_dead_vars(f, 0);
  return tc_c(f);
}

START_TEST(test_zero_vars)
{
  /* u_bar gets nothing (round's derivative): its share goes, then u_bar */
  char *c = zero_folded("double f(double d, double box, double *x) {\n"
                        "  double u_bar = 0.0, d_bar = 0.0, w = 1.0;\n"
                        "  for (int k = 0; k < 3; k++) {\n"
                        "    d_bar = 2.0 * d;\n"
                        "    d_bar += u_bar / box;\n"
                        "    w = w * (1.0 - u_bar);\n"
                        "    u_bar = 0.0;\n"
                        "    x[k] += d_bar + 3.0 * u_bar;\n"
                        "  }\n"
                        "  return w;\n"
                        "}\n",
                        "f");
  ck_assert_lacks(c, "u_bar");
  ck_assert_lacks(c, "/ box");
  ck_assert_has(c, "x[k] += d_bar;");
  ck_assert_has(c, "w *= 1.0;");
  /* a chain: t only ever gets 0 * something, so it is zero in turn */
  c = zero_folded("double g(double a, double *x) {\n"
                  "  double z = 0.0, t = 0.0;\n"
                  "  t = z * a;\n"
                  "  x[0] -= t;\n"
                  "  return a;\n"
                  "}\n",
                  "g");
  ck_assert_lacks(c, "x[0]");
}
END_TEST

START_TEST(test_zero_vars_kept)
{
  /* stored a value other than 0 once; its address taken; an omp clause's */
  char *c = zero_folded("static void g(double *p, double a) { *p = a; }\n"
                        "void h(double a, double *x) {\n"
                        "  double p = 0.0, q = 0.0;\n"
                        "  if (a > 0) p = a;\n"
                        "  g(&q, a);\n"
                        "  x[0] += p / a + q / a;\n"
                        "  x[1] += 0.0 * a;\n"
                        "}\n",
                        "h");
  ck_assert_has(c, "p / a");
  ck_assert_has(c, "q / a");
  /* a 0 the code wrote folds as IEEE says: 0.0 * a is NaN for an infinite a */
  ck_assert_has(c, "0.0 * a");
}
END_TEST

START_TEST(test_natural_loop)
{
  char *c = simplified("void f(double *y, int n) {\n"
                       "  int i;\n"
                       "  for (i = n; i > 0;) { i--; y[i] = 2.0 * y[i]; }\n"
                       "}\n",
                       "f");
  ck_assert_has(c, "for (i = n - 1; i >= 0; i--) y[i] = 2.0 * y[i];");
  ck_assert_lacks(c, "i > 0");
  /* ascending: the counter of a descending primal loop walked back */
  c = simplified("void g(double *y, int n) {\n"
                 "  int j;\n"
                 "  for (j = -1; j < n - 2;) { j++; y[j] = y[j + 1]; }\n"
                 "}\n",
                 "g");
  ck_assert_has(c, "for (j = 0; j <= n - 2; j++) y[j] = y[j + 1];");
}
END_TEST

START_TEST(test_natural_loop_kept)
{
  /* i is read after the loop: the old form leaves 0 there, the new one -1 */
  char *c = simplified("double f(double *y, int n) {\n"
                       "  int i;\n"
                       "  for (i = n; i > 0;) { i--; y[i] = 2.0 * y[i]; }\n"
                       "  return y[i];\n"
                       "}\n",
                       "f");
  ck_assert_has(c, "for (i = n; i > 0;) {");
  /* unsigned: i >= 0 would never end */
  c = simplified("void g(double *y, unsigned n) {\n"
                 "  unsigned i;\n"
                 "  for (i = n; i > 0;) { i--; y[i] = 2.0 * y[i]; }\n"
                 "}\n",
                 "g");
  ck_assert_has(c, "for (i = n; i > 0;) {");
  /* read in the next iteration of an enclosing loop before its write */
  c = simplified("void h(double *y, int n) {\n"
                 "  int i = 0;\n"
                 "  for (int k = 0; k < 3; k++) {\n"
                 "    y[i] += 1.0;\n"
                 "    for (i = n; i > 0;) { i--; y[i] = 2.0 * y[i]; }\n"
                 "  }\n"
                 "}\n",
                 "h");
  ck_assert_has(c, "for (i = n; i > 0;) {");
  /* the body writes i */
  c = simplified("void p(double *y, int n) {\n"
                 "  int i;\n"
                 "  for (i = n; i > 0;) { i--; y[i] = 2.0 * y[i]; if (y[i] > 1.0) i = 0; }\n"
                 "}\n",
                 "p");
  ck_assert_has(c, "for (i = n; i > 0;) {");
}
END_TEST

START_TEST(test_signs)
{
  char *c = simplified("double f(double a, double b, double c) {\n"
                       "  double r = a - -b * c;\n"
                       "  double s = -(a * -b);\n"
                       "  double t = -a + b;\n"
                       "  double u = a + b / -c;\n"
                       "  return r + s + t + u;\n"
                       "}\n",
                       "f");
  ck_assert_has(c, "r = a + b * c;");
  ck_assert_has(c, "s = a * b;");
  ck_assert_has(c, "t = b - a;");
  ck_assert_has(c, "u = a - b / c;");
  /* no sign moves out of a product by itself */
  c = simplified("double g(double a, double b) { return -a * b; }\n", "g");
  ck_assert_has(c, "return -a * b;");
  /* integers: -(-i) is not folded (INT_MIN), i - -j neither */
  c = simplified("int h(int i, int j) { return i - -j; }\n", "h");
  ck_assert_has(c, "return i - -j;");
}
END_TEST

START_TEST(test_product_rule)
{
  char *c = simplified("double f(double x, double x_dot) { return x_dot * x + x * x_dot; }\n", "f");
  ck_assert_has(c, "return 2.0 * (x * x_dot);");
  c = simplified("double g(double x, double y, double z) { return x * y + y * z; }\n", "g");
  ck_assert_has(c, "return x * y + y * z;");
}
END_TEST

START_TEST(test_constants)
{
  char *c = simplified("long f(double x) { return (long)(100 > 0 ? 100 : 0) + 2 * 3 + (long)(x * 1.0); }\n", "f");
  ck_assert_has(c, "100");
  ck_assert_lacks(c, "100 > 0");
  ck_assert_has(c, "6");
  ck_assert_lacks(c, "1.0");
  /* division folds only where C's truncation is plain */
  c = simplified("int g(void) { return -7 / 2; }\n", "g");
  ck_assert_has(c, "/ 2");
}
END_TEST

START_TEST(test_copies)
{
  /* the adjoint's `d = t_bar; t_bar = 0.0;`: t_bar is read, zeroed after */
  char *c = simplified("double f(double x, double t) {\n"
                       "  double y = 0.0;\n"
                       "  double d = t;\n"
                       "  t = 0.0;\n"
                       "  y = y + d * x;\n"
                       "  y = y + d;\n"
                       "  return y + t;\n"
                       "}\n",
                       "f");
  ck_assert_lacks(c, "d = t");
  ck_assert_has(c, "y += t * x;\n  y += t;\n  t = 0.0;\n");
  /* t written by something other than a constant: d stays */
  c = simplified("double g(double x, double t) {\n"
                 "  double d = t;\n"
                 "  t = x;\n"
                 "  return d * t;\n"
                 "}\n",
                 "g");
  ck_assert_has(c, "double d = t;");
  /* t's address is taken: a store through a pointer could change it (the
   * front end makes such a parameter a local copy, t_2) */
  c = simplified("void set(double *p);\n"
                 "double h(double t) {\n"
                 "  double d = t;\n"
                 "  set(&t);\n"
                 "  return d;\n"
                 "}\n",
                 "h");
  ck_assert_has(c, "double d = t_2;");
}
END_TEST

START_TEST(test_zero_init_and_for_init)
{
  char *c = simplified("#include <string.h>\n"
                       "double f(const double *x) {\n"
                       "  double a[4];\n"
                       "  memset(a, 0, sizeof(a));\n"
                       "  int i;\n"
                       "  i = 0;\n"
                       "  for (; i < 4; i++) a[i] += x[i];\n"
                       "  return a[3];\n"
                       "}\n",
                       "f");
  ck_assert_has(c, "double a[4] = {0};");
  ck_assert_lacks(c, "memset");
  ck_assert_has(c, "for (i = 0; i < 4; i++) a[i] += x[i];");
  /* a only written: its memset is its use, else "set but not used" */
  c = simplified("#include <string.h>\n"
                 "double g(const double *x) {\n"
                 "  double a[4];\n"
                 "  memset(a, 0, sizeof(a));\n"
                 "  a[0] = x[0];\n"
                 "  return x[1];\n"
                 "}\n",
                 "g");
  ck_assert_has(c, "memset(a, 0, sizeof(a));");
}
END_TEST

/* h calls the static g; both treated as generated, h public */
static char *dropped(const char *src)
{
  Module *m = tc_front(xfmt("%s#pragma ad jvp(h)\n", src));
  ck_assert_int_eq(diag_errors(), 0);
  Fn *h = tc_fn(m, "h"), *g = tc_fn(m, "g");
  h->is_generated = g->is_generated = true;
  m->generated.len = 0;
  vec_push(&m->generated, h);
  vec_push(&m->generated, g);
  simplify_module(m);
  return xfmt("%s%s", tc_c(h), tc_c(g));
}

START_TEST(test_dead_stores)
{
  /* the last store of a local nothing reads afterwards goes */
  char *c = simplified("double f(double x) {\n"
                       "  double t = x * x;\n"
                       "  double r = t + 1.0;\n"
                       "  t = 0.0;\n"
                       "  return r;\n"
                       "}\n",
                       "f");
  ck_assert_lacks(c, "t = 0.0;");
  /* kept: read later at the top level; read by a later loop; a store
   * inside a loop (read in the next iteration); the address is taken */
  c = simplified("double g(double x, int n) {\n"
                 "  double t = x;\n"
                 "  double s = 0.0;\n"
                 "  t = 2.0;\n"
                 "  for (int i = 0; i < n; i++) { s += t; t = 0.5; }\n"
                 "  double *p = &s;\n"
                 "  s = 3.0;\n"
                 "  return *p;\n"
                 "}\n",
                 "g");
  ck_assert_has(c, "t = 2.0;");
  ck_assert_has(c, "t = 0.5;");
  ck_assert_has(c, "s = 3.0;");
}
END_TEST

/* fname of src, lowered, through simplify_dead_stores with every local a
 * candidate (as the transform's own locals are in a generated jvp) */
static char *live_stores(const char *src, const char *fname)
{
  Module *m = tc_front(xfmt("%s#pragma ad jvp(%s)\n", src, fname));
  ck_assert_int_eq(diag_errors(), 0);
  Fn *f = tc_fn(m, fname);
  simplify_dead_stores(f, 0);
  return tc_c(f);
}

/* simplify_dead.c: a store goes where no path reads the value before the
 * next store; paths through loops (the next iteration, break, continue),
 * branches and returns count. */
START_TEST(test_liveness)
{
  char *c = live_stores("double f(const double *x, int n) {\n"
                        "  double a = 0.0, s = 0.0;\n"
                        "  for (int i = 0; i < n; i++) { a = x[i] * 2.0; s += x[i]; }\n"
                        "  for (int i = 0; i < n; i++) { a = x[i] * 3.0; s += a; }\n"
                        "  return s;\n"
                        "}\n",
                        "f");
  ck_assert_lacks(c, "* 2.0");  /* set again before any read */
  ck_assert_has(c, "* 3.0;");
  /* kept: read in the next iteration; after a break; after a continue; by
   * the other arm of an if; by the loop's exit (the condition fails) */
  c = live_stores("double g(const double *x, int n) {\n"
                  "  double a = 0.0, b = 0.0, c = 0.0, d = 0.0, e = 0.0, s = 0.0;\n"
                  "  for (int i = 0; i < n; i++) { s += a; a = x[i] * 5.0; }\n"
                  "  for (int i = 0; i < n; i++) { b = x[i] * 7.0; if (x[i] > 1.0) break; b = 0.0; }\n"
                  "  s += b;\n"
                  "  for (int i = 0; i < n; i++) { c = x[i] * 11.0; if (x[i] > 2.0) continue; s += c; }\n"
                  "  d = x[0] * 13.0;\n"
                  "  if (n > 3) s += d; else d = 1.0;\n"
                  "  e = x[1] * 17.0;\n"
                  "  while (s < 0.5) { s += e; e = x[2] * 19.0; }\n"
                  "  for (int i = 0; i < n; i++) a = x[i] * 37.0;\n"
                  "  return s + a;\n"
                  "}\n",
                  "g");
  const char *kept[] = {"* 5.0", "* 7.0", "b = 0.0", "* 11.0", "x[0] * 13.0", "x[1] * 17.0", "x[2] * 19.0",
                        "* 37.0"};
  for (size_t k = 0; k < sizeof kept / sizeof *kept; k++) ck_assert_has(c, kept[k]);
  /* gone: overwritten on every path; a store before a return; its address
   * taken keeps it */
  c = live_stores("double h(const double *x, int n) {\n"
                  "  double a = 0.0, p = 0.0;\n"
                  "  a = x[0] * 23.0;\n"
                  "  if (n > 1) a = x[1]; else a = x[2];\n"
                  "  double *q = &p;\n"
                  "  p = x[3] * 29.0;\n"
                  "  if (n > 4) return a + *q;\n"
                  "  a = x[4] * 31.0;\n"
                  "  return *q;\n"
                  "}\n",
                  "h");
  ck_assert_lacks(c, "x[0] * 23.0");
  ck_assert_lacks(c, "x[4] * 31.0");
  ck_assert_has(c, "x[3] * 29.0");
}
END_TEST

START_TEST(test_drop_params)
{
  char *c = dropped("static void g(double *x, double *x_bar) { x[0] = 1.0; }\n"
                    "double h(double *x, double *x_bar) { g(x, x_bar); return x_bar[0]; }\n");
  ck_assert_has(c, "  g(x);\n");
  ck_assert_has(c, "void g(double *x)\n");
  /* the two calls pass h's only reads of x_bar: it would go unused */
  c = dropped("static void g(double *x, double *x_bar) { x[0] = 1.0; }\n"
              "double h(double *x, double *x_bar) { g(x, x_bar); g(x, x_bar); return x[0]; }\n");
  ck_assert_has(c, "  g(x, x_bar);\n  g(x, x_bar);\n");
  /* a length of another parameter's type reads n */
  c = dropped("static void g(int n, double (*m)[n]) { m[0][0] = 1.0; }\n"
              "double h(double (*m)[2]) { g(2, m); return m[0][0]; }\n");
  ck_assert_has(c, "g(2, m);");
}
END_TEST

/* ---- Loops that only add multiples of zero lanes ------------------------ */

/* Loops counting 'lane' up to a constant become lane loops, as vector.c makes them. */
static Walk mark_lanes(Stmt *s, void *unused)
{
  (void)unused;
  const Stmt *in = s->kind == ST_FOR ? s->init : NULL;
  if (in && in->kind == ST_BLOCK && in->nbody == 1) in = in->body[0];
  if (in && s->cond && in->kind == ST_ASSIGN && in->lhs->kind == EX_VAR && !strcmp(in->lhs->var->name, "lane"))
    s->unroll = (int)ex_strip_implicit(s->cond->rhs)->value;
  return WALK_ON;
}

static char *laned(const char *src, const char *fname)
{
  Module *m = tc_front(xfmt("%s#pragma ad jvp(%s)\n", src, fname));
  ck_assert_int_eq(diag_errors(), 0);
  Fn *f = tc_fn(m, fname);
  st_each(f->body, mark_lanes, NULL);
  simplify_zero_lanes(f);
  return tc_c(f);
}

#define LANES_HEAD "void f(double (*x_bar)[4], const double *w, const double *t, int n, int m) {\n" \
                   "  int i, j, lane;\n  double u_bar[4] = {0}, v_bar[4] = {0};\n" \
                   "  for (i = 0; i < m; i++) {\n" \
                   "    for (lane = 0; lane < 4; lane++) u_bar[lane] = t[i * 4 + lane];\n"

START_TEST(test_zero_lanes)
{
  /* products and quotients of one lane vector, a negation, a sum of two */
  char *c = laned(LANES_HEAD
                  "    for (j = 0; j < n; j++) {\n"
                  "      double c = w[i * n + j];\n"
                  "      for (lane = 0; lane < 4; lane++) x_bar[j][lane] += c * u_bar[lane] / 2.0;\n"
                  "      for (lane = 0; lane < 4; lane++) x_bar[j][lane] -= -u_bar[lane] + c * v_bar[lane];\n"
                  "    }\n  }\n}\n",
                  "f");
  ck_assert_has(c, "if (ccad_lanes_any_d(u_bar, 4) || ccad_lanes_any_d(v_bar, 4)) {");
  /* a lane vector declared in the loop, set from the tested one: zero too */
  c = laned(LANES_HEAD
            "    for (j = 0; j < n; j++) {\n"
            "      double d[4];\n"
            "      for (lane = 0; lane < 4; lane++) d[lane] = -u_bar[lane];\n"
            "      for (lane = 0; lane < 4; lane++) x_bar[j][lane] += 2.0 * d[lane] * w[j];\n"
            "    }\n  }\n  (void)v_bar;\n}\n",
            "f");
  ck_assert_has(c, "if (ccad_lanes_any_d(u_bar, 4)) {");
  /* float lanes */
  c = laned("void g(float (*x_bar)[8], const float *w, int n) {\n"
            "  int j, lane;\n  float u_bar[8] = {0};\n"
            "  for (j = 0; j < n; j++)\n"
            "    for (lane = 0; lane < 8; lane++) x_bar[j][lane] += w[j] * u_bar[lane];\n}\n",
            "g");
  ck_assert_has(c, "if (ccad_lanes_any_f(u_bar, 8))");
}
END_TEST

START_TEST(test_zero_lanes_kept)
{
  const char *bodies[] = {
    /* j is read after the loop */
    "    for (j = 0; j < n; j++)\n"
    "      for (lane = 0; lane < 4; lane++) x_bar[j][lane] += w[j] * u_bar[lane];\n"
    "    x_bar[j][0] += 1.0;\n",
    /* the loop writes the lane vector it would test */
    "    for (j = 0; j < n; j++)\n"
    "      for (lane = 0; lane < 4; lane++) u_bar[lane] += w[j] * u_bar[lane];\n",
    /* a constant added: not zero where the lanes are */
    "    for (j = 0; j < n; j++)\n"
    "      for (lane = 0; lane < 4; lane++) x_bar[j][lane] += w[j] * u_bar[lane] + 1.0;\n",
    /* a store, not an add */
    "    for (j = 0; j < n; j++)\n"
    "      for (lane = 0; lane < 4; lane++) x_bar[j][lane] = w[j] * u_bar[lane];\n",
    /* a lane read by another index */
    "    for (j = 0; j < n; j++)\n"
    "      for (lane = 0; lane < 4; lane++) x_bar[j][lane] += w[j] * x_bar[0][lane];\n",
    /* a call */
    "    for (j = 0; j < n; j++) {\n"
    "      ccad_push_d(w[j]);\n"
    "      for (lane = 0; lane < 4; lane++) x_bar[j][lane] += w[j] * u_bar[lane];\n    }\n",
    /* a lane vector declared in the loop, set from something else */
    "    for (j = 0; j < n; j++) {\n"
    "      double d[4];\n"
    "      for (lane = 0; lane < 4; lane++) d[lane] = w[j];\n"
    "      for (lane = 0; lane < 4; lane++) x_bar[j][lane] += d[lane] * u_bar[lane] + d[lane];\n    }\n",
    /* a scalar store beside the lanes */
    "    for (j = 0; j < n; j++) {\n"
    "      m = j;\n"
    "      for (lane = 0; lane < 4; lane++) x_bar[j][lane] += w[j] * u_bar[lane];\n    }\n",
  };
  for (size_t k = 0; k < sizeof bodies / sizeof *bodies; k++) {
    char *c = laned(xfmt("#include <ccad.h>\n" LANES_HEAD "%s  }\n  (void)v_bar;\n}\n", bodies[k]), "f");
    ck_assert_msg(!strstr(c, "ccad_lanes_any"), "case %zu:\n%s", k, c);
  }
  /* the lane vector escapes: a pointer to it could be stored through */
  char *c = laned("void h(double (*x_bar)[4], double **keep, const double *w, int n) {\n"
                  "  int j, lane;\n  double u_bar[4] = {0};\n  *keep = u_bar;\n"
                  "  for (j = 0; j < n; j++)\n"
                  "    for (lane = 0; lane < 4; lane++) x_bar[j][lane] += w[j] * u_bar[lane];\n}\n",
                  "h");
  ck_assert_lacks(c, "ccad_lanes_any");
}
END_TEST

/* ---- Pointer parameters shifted for 1-based indexing ------------------ */

static char *shifted(const char *src, const char *fname)
{
  Module *m = tc_front(xfmt("%s#pragma ad jvp(%s)\n", src, fname));
  ck_assert_int_eq(diag_errors(), 0);
  Fn *f = tc_fn(m, fname);
  simplify_shifts(f);
  return tc_c(f);
}

START_TEST(test_shifts)
{
  char *c = shifted("void f(double *fvec, const double *x, int m) {\n"
                    "  --fvec; x -= 2;\n"
                    "  for (int i = 1; i <= m; i++) fvec[i] = x[i + 1] * fvec[i - 1 + 1];\n"
                    "}\n",
                    "f");
  ck_assert_lacks(c, "--");
  ck_assert_lacks(c, "x -= 2");
  ck_assert_has(c, "fvec[i - 1] = x[i - 1] * fvec[i - 1];");
  /* named as passed before its shift (a derivative's memset of x_bar): that
   * use stays, the ones after the shift take it */
  c = shifted("void g(double *p, int n) { p[0] = 1.0; --p; p[n] = 2.0; }\n", "g");
  ck_assert_lacks(c, "p--");
  ck_assert_has(c, "p[0] = 1.0;");
  ck_assert_has(c, "p[n - 1] = 2.0;");
  /* kept: p used other than indexed after the shift (passed on,
   * dereferenced, stepped), or set before it */
  const char *kept[] = {
    "void g(double *p, int n) { --p; h(p, n); }\n",
    "void g(double *p, int n) { --p; *p = 1.0; (void)n; }\n",
    "void g(double *p, int n) { --p; for (int i = 1; i <= n; i++) { p[1] = 0.0; p++; } }\n",
    "void g(double *p, int n) { p = p + n; --p; p[n] = 2.0; }\n",
  };
  for (size_t k = 0; k < sizeof kept / sizeof *kept; k++) {
    c = shifted(xfmt("void h(double *q, int n);\n%s", kept[k]), "g");
    ck_assert_msg(strstr(c, "p--") || strstr(c, "p = p - 1"), "case %zu:\n%s", k, c);
  }
}
END_TEST

/* ---- #line placement -------------------------------------------------- */

typedef struct At { const char *name; SrcLoc loc; } At;

static At *stmt_at(const char *name, int line)
{
  At *a = xmalloc(sizeof *a);
  *a = (At){name, {"m.c", line, 1}};
  return a;
}

static char *printed(At **ss, int n, bool lines)
{
  Fn scope = {0};
  Printer p;
  pr_init(&p, "m.ad.c", lines);
  for (int i = 0; i < n; i++) {
    Var *v = fn_new_var(&scope, ss[i]->name, ty_double(), VAR_LOCAL, ss[i]->loc);
    pr_stmt(&p, ss[i]->loc, xfmt("%s = 0.0;", v->name));
  }
  return sb_take(&p.out);
}

START_TEST(test_line_join)
{
  At *ss[] = {stmt_at("a", 5), stmt_at("b", 5), stmt_at("c", 6), stmt_at("d", 9), stmt_at("e", 9)};
  char *c = printed(ss, 5, true);
  /* 5, 5 share a line; 6 is the next line as the compiler counts; 9 needs
   * a directive, without the file name the one before gave */
  ck_assert_str_eq(c, "#line 5 \"m.c\"\na = 0.0; b = 0.0;\nc = 0.0;\n#line 9\nd = 0.0; e = 0.0;\n");
  c = printed(ss, 5, false);
  ck_assert_str_eq(c, "a = 0.0;\nb = 0.0;\nc = 0.0;\nd = 0.0;\ne = 0.0;\n");
}
END_TEST

static Suite *simplify_suite(void)
{
  Suite *s = suite_create("simplify");
  TCase *t = tcase_create("fold");
  tcase_add_test(t, test_natural_loop);
  tcase_add_test(t, test_natural_loop_kept);
  tcase_add_test(t, test_signs);
  tcase_add_test(t, test_zero_vars);
  tcase_add_test(t, test_zero_vars_kept);
  tcase_add_test(t, test_product_rule);
  tcase_add_test(t, test_constants);
  tcase_add_test(t, test_copies);
  tcase_add_test(t, test_zero_init_and_for_init);
  tcase_add_test(t, test_dead_stores);
  tcase_add_test(t, test_liveness);
  tcase_add_test(t, test_drop_params);
  tcase_add_test(t, test_zero_lanes);
  tcase_add_test(t, test_zero_lanes_kept);
  tcase_add_test(t, test_shifts);
  suite_add_tcase(s, t);
  t = tcase_create("line");
  tcase_add_test(t, test_line_join);
  suite_add_tcase(s, t);
  return s;
}

int main(void) { return tc_run(simplify_suite()); }
