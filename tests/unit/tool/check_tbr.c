/*
** check_tbr.c: to-be-recorded facts of reverse mode (tool/analysis/tbr.c,
** filled by tool/transform/adjoint*.c): the bitsets, and on small functions
** run through the front end and reverse mode, what each statement's
** backward code reads (from the derivative rules: a * b reads a and b,
** a + b nothing, sin(x) reads x), what the forward sweep saves before an
** overwrite, and which pointer parameters a callee's backward function
** reads.
*/
#include "tool_check.h"

#include "analysis/plan.h"
#include "analysis/tbr.h"
#include "diag/diag.h"
#include "transform/transform.h"

/* --dump=tbr's text for the requests in 'src'. */
static char *tbr_text(const char *src)
{
  Module *m = tc_front(src);
  ck_assert_int_eq(diag_errors(), 0);
  plan_module(m);
  for (int i = 0; i < m->requests.len; i++) {
    const Request *r = plan_request(m, m->front, m->requests.data[i]);  /* the defaults */
    if (r) adjoint_request(m, r);
  }
  ck_assert_int_eq(diag_errors(), 0);
  StrBuf b = {0};
  PtrVec *all = tbr_all();
  for (int i = 0; i < all->len; i++) tbr_print(all->data[i], &b);
  return sb_take(&b);
}

START_TEST(test_sets)
{
  TbrSet a = {0}, b = {0};
  tbrset_add(&a, 3);
  tbrset_add(&b, 200);
  ck_assert(tbrset_has(&a, 3));
  ck_assert(!tbrset_has(&a, 4));
  ck_assert(!tbrset_has(&a, 200));
  ck_assert(!tbrset_has(&a, -1));
  ck_assert(tbrset_union(&a, &b));
  ck_assert(!tbrset_union(&a, &b));  /* nothing new */
  ck_assert(tbrset_has(&a, 200));
  ck_assert_int_eq(tbrset_count(&a), 2);  /* growing adds no other bit */
  ck_assert(!tbrset_has(&a, 192));
  ck_assert(!tbrset_has(&a, 128));
}
END_TEST

START_TEST(test_keys)
{
  TbrFacts *f = tbr_new("f");
  int x, y;
  ck_assert_int_eq(tbr_find(f, &x), -1);
  ck_assert_int_eq(tbr_id(f, &x, "x"), 0);
  ck_assert_int_eq(tbr_id(f, &y, "y"), 1);
  ck_assert_int_eq(tbr_id(f, &x, "again"), 0);
  Stmt *s = st_block((SrcLoc){"t.c", 7, 1});
  tbrset_add(tbr_reads(f, s), tbr_id(f, &y, "y"));
  ck_assert(tbr_has(f, tbr_reads_of(f, s), &y));
  ck_assert(!tbr_has(f, tbr_reads_of(f, s), &x));
  ck_assert(tbr_read_anywhere(f, &y));
  ck_assert(!tbr_read_anywhere(f, &x));
  tbr_note_save(f, s, &x, "x");
  StrBuf b = {0};
  tbr_print(f, &b);
  ck_assert_str_eq(sb_take(&b), "tbr f\n  line 7 block: reads {y} saves {x}\n");
}
END_TEST

/* fields of a class: one field's key is read apart from another's of the
 * same struct; the class whole, or a field of another struct (which may
 * overlay it), overlaps every field */
START_TEST(test_field_keys)
{
  TbrFacts *f = tbr_new("f");
  int cls, other;
  Record r = {.tag = "P"}, q = {.tag = "Q"};
  const TbrField *x = tbr_field(f, &cls, &r, "x");
  ck_assert_ptr_eq(tbr_field(f, &cls, &r, "x"), x);
  ck_assert_ptr_ne(tbr_field(f, &cls, &r, "vx"), x);
  Stmt *s = st_block((SrcLoc){"t.c", 3, 1});
  TbrSet *rd = tbr_reads(f, s);
  tbrset_add(rd, tbr_id(f, x, "b->x"));
  ck_assert(tbr_has_part(f, rd, &cls, &r, "x"));
  ck_assert(!tbr_has_part(f, rd, &cls, &r, "vx"));
  ck_assert(tbr_has_part(f, rd, &cls, NULL, NULL));  /* a write of *b whole */
  ck_assert(tbr_has_part(f, rd, &cls, &q, "vx"));    /* another struct type */
  ck_assert(!tbr_has_part(f, rd, &other, NULL, NULL));
  ck_assert(tbr_read_anywhere(f, &cls));
  TbrSet whole = {0};
  tbrset_add(&whole, tbr_id(f, &cls, "*b"));
  ck_assert(tbr_has_part(f, &whole, &cls, &r, "vx"));
}
END_TEST

/* n-body's pair loop: the velocity updates save nothing (their backward
 * code reads b->mass and the locals, no velocity); the position loop after
 * it saves b->x, which the recomputed dx reads */
START_TEST(test_struct_fields)
{
  char *t = tbr_text("#include <math.h>\n"
                     "struct planet { double x, vx, mass; };\n"
                     "void adv(int n, struct planet *bs, double dt) {\n"
                     "  for (int i = 0; i < n; i++)\n"
                     "    for (int j = i + 1; j < n; j++) {\n"
                     "      double dx = bs[i].x - bs[j].x;\n"
                     "      double mag = dt / (dx * dx * fabs(dx));\n"
                     "      bs[i].vx -= dx * bs[j].mass * mag;\n"
                     "      bs[j].vx += dx * bs[i].mass * mag;\n"
                     "    }\n"
                     "  for (int i = 0; i < n; i++)\n"
                     "    bs[i].x += dt * bs[i].vx;\n"
                     "}\n"
                     "#pragma ad vjp(adv) wrt(bs[n]) out(bs[n])\n");
  ck_assert_has(t, "line 8 assign: reads {*bs.mass, bs, dx, i, j, mag}\n");
  ck_assert_has(t, "line 12 assign: reads {bs, dt, i_2} saves {*bs.x}\n");
}
END_TEST

START_TEST(test_product_reads_operands)
{
  char *t = tbr_text("double f(double x, double y) { double z = x * y; return z; }\n"
                     "#pragma ad grad(f)\n");
  ck_assert_has(t, "line 1 decl: reads {x, y}\n");
}
END_TEST

START_TEST(test_sum_reads_nothing)
{
  char *t = tbr_text("double f(double x, double y) { double z = x + y; return z; }\n"
                     "#pragma ad grad(f)\n");
  ck_assert_has(t, "line 1 decl: reads {}\n");
}
END_TEST

START_TEST(test_sin_reads_argument)
{
  char *t = tbr_text("#include <math.h>\n"
                     "double f(double x) { double z = sin(x); return z * 2; }\n"
                     "#pragma ad grad(f)\n");
  ck_assert_has(t, "line 2 decl: reads {x}\n");
}
END_TEST

/* y = y * x overwrites y, which its own backward code reads: saved */
START_TEST(test_overwrite_saved)
{
  char *t = tbr_text("double f(double x) {\n"
                     "  double y = x * x;\n"
                     "  y = y * x;\n"
                     "  return y;\n"
                     "}\n"
                     "#pragma ad grad(f)\n");
  ck_assert_has(t, "line 2 decl: reads {x}\n");
  ck_assert_has(t, "line 3 assign: reads {x, y} saves {y}\n");
}
END_TEST

/* a counted loop walks its counter back: the counter is read by its body,
 * not by the loop (no push of i at the step) */
START_TEST(test_counted_loop)
{
  char *t = tbr_text("double f(const double *x, int n) {\n"
                     "  double s = 1;\n"
                     "  for (int i = 0; i < n; i++)\n"
                     "    s = s * x[i];\n"
                     "  return s;\n"
                     "}\n"
                     "#pragma ad grad(f) wrt(x[n])\n");
  ck_assert_has(t, "line 4 assign: reads {*x, i, s, x} saves {s}\n");
  ck_assert_has(t, "line 3 for: reads {*x, n, s, x}\n");
}
END_TEST

/* per callee: which pointer parameters its backward function reads */
START_TEST(test_callee_summary)
{
  char *t = tbr_text("static void lin(double *out, const double *w) { out[0] = w[0] + w[1]; }\n"
                     "static void mul(double *out, const double *w) { out[0] = w[0] * w[1]; }\n"
                     "double f(double *w) {\n"
                     "  double a[1], b[1];\n"
                     "  lin(a, w);\n"
                     "  mul(b, w);\n"
                     "  return a[0] + b[0];\n"
                     "}\n"
                     "#pragma ad grad(f) wrt(w[2])\n");
  ck_assert_has(t, "tbr lin_fwd\n");
  ck_assert_has(t, "bwd_reads out=0 w=0\n");
  ck_assert_has(t, "bwd_reads out=0 w=1\n");
}
END_TEST

/* a callee writing its caller's array only at out[0 .. d) saves it whole
 * on entry (snapshot), not element by element before each increment */
START_TEST(test_snapshot)
{
  char *t = tbr_text("#include <math.h>\n"
                     "#include <stdlib.h>\n"
                     "static void qx(int d, const double *x, double *out) {\n"
                     "  for (int i = 0; i < d; i++) out[i] = x[i];\n"
                     "  for (int i = 0; i < d; i++)\n"
                     "    for (int j = i + 1; j < d; j++) out[j] += x[i] * x[j];\n"
                     "}\n"
                     "static double term(int d, const double *x, double *w) {\n"
                     "  qx(d, x, w);\n"
                     "  double s = 0;\n"
                     "  for (int i = 0; i < d; i++) s += sin(w[i]);\n"
                     "  return s;\n"
                     "}\n"
                     "double f(int d, const double *x) {\n"
                     "  double *w = malloc((d + 1) * sizeof *w);\n"
                     "  double s = term(d, x, w) + term(d, x, &w[1]);\n"
                     "  free(w);\n"
                     "  return s;\n"
                     "}\n"
                     "#pragma ad grad(f) wrt(x[d])\n");
  ck_assert_has(t, "tbr qx_fwd\n");
  ck_assert_has(t, "  snapshot {*out}\n");
  ck_assert_lacks(t, "line 6 assign: reads {*x, i_2, j, out, x} saves");
}
END_TEST

/* w = v[i] in a loop, read by the iteration's backward code and set again
 * there (v is never written): no save */
START_TEST(test_iteration_local)
{
  char *t = tbr_text("double f(const double *x, const double *v, int n) {\n"
                     "  double s = 0;\n"
                     "  for (int i = 0; i < n; i++) {\n"
                     "    double w = v[i] * 2.0;\n"
                     "    s += x[i] * w;\n"
                     "  }\n"
                     "  return s;\n"
                     "}\n"
                     "#pragma ad grad(f) wrt(x[n])\n");
  ck_assert_has(t, "line 5 assign: reads {i, w, x}\n");
  ck_assert_lacks(t, "saves {w}");
}
END_TEST

/* a deep else-if chain: each statement's backward code is walked once */
START_TEST(test_deep_chain)
{
  StrBuf b = {0};
  sb_puts(&b, "double f(double x, int k) {\n  double y = x;\n");
  for (int i = 0; i < 400; i++) sb_printf(&b, "  %sif (k == %d) y = y * x;\n", i ? "else " : "", i);
  sb_puts(&b, "  return y;\n}\n#pragma ad grad(f)\n");
  char *t = tbr_text(sb_take(&b));
  ck_assert_has(t, "line 3 if: reads {x, y}\n");
}
END_TEST

static Suite *tbr_suite(void)
{
  Suite *s = suite_create("tbr");
  TCase *t = tcase_create("sets");
  tcase_add_test(t, test_sets);
  tcase_add_test(t, test_keys);
  tcase_add_test(t, test_field_keys);
  tcase_add_test(t, test_struct_fields);
  suite_add_tcase(s, t);
  t = tcase_create("facts");
  tcase_add_test(t, test_product_reads_operands);
  tcase_add_test(t, test_sum_reads_nothing);
  tcase_add_test(t, test_sin_reads_argument);
  tcase_add_test(t, test_overwrite_saved);
  tcase_add_test(t, test_counted_loop);
  tcase_add_test(t, test_callee_summary);
  tcase_add_test(t, test_deep_chain);
  tcase_add_test(t, test_snapshot);
  tcase_add_test(t, test_iteration_local);
  suite_add_tcase(s, t);
  return s;
}

int main(void) { return tc_run(tbr_suite()); }
