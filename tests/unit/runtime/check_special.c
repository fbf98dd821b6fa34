/*
** check_special.c: unit tests for digamma, trigamma and tetragamma
** (runtime/special.c): each against finite differences of the function
** below it (lgamma for digamma), known exact values, the recurrences
** psi(x+1) = psi(x) + 1/x and its derivatives, poles and special values,
** and the float versions.
*/
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ccad.h"

#define PI 3.14159265358979323846
#define EULER_GAMMA 0.57721566490153286061
#define LN2 0.69314718055994530942
#define ZETA3 1.20205690315959428540

/* {======================================================================
** Finite differences
**
** D(h) = [8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))] / (12 h), the central
** five-point difference, approximates f'(x) with
**
**   error <= h^4/30 max|f^(5)| + 1.5 d/h
**
** where d bounds the error of one evaluation of f.  With s the distance from
** x to the nearest pole (s = x for x > 0, s = |x - rint(x)| for x < 0) and
** h = s/512, all evaluation points stay within s/256 of x.  Tolerances are
** relative to M = |g(x)| + m!/s^(m+1), g = psi^(m) the function under test:
** the size of g, or of its pole term where g crosses zero.
**
** Truncation: psi^(m)(x) = (-1)^(m+1) m! sum_k 1/(x+k)^(m+1) for m >= 1
** (psi' of lgamma similarly), so the five derivatives f^(5) = psi^(m+4) are
** at most (m+4)!/m! / s^4 = 24..360 times the pole-dominated size M of g,
** per unit (h/s)^4 = 2^-36 = 1.5e-11: at most 360/30 * 1.5e-11 = 1.8e-10 of
** M (and far less away from poles, where the asymptotic size of psi^(m)
** falls off only like 1/x^m).
** Rounding: f is lgamma (libm, a few ulps) or one of ours (a few ulps).  At
** worst, at x = 200: lgamma = 858, d ~ 4 ulp = 4.5e-13, h = 0.39, so
** 1.5 d/h = 1.7e-12 against M = psi(200) = 5.3 (3e-13); trigamma's FD of
** psi(200) = 5.3 gives 1.4e-14 against 1/200 (3e-12).
**
** Both are below 1e-9, so FD_TOL = 1e-8 has a margin of 5x over the
** truncation bound (the largest error observed is 1.1e-10) while still
** catching a wrong series coefficient, sign or shift point.
** ======================================================================= */

#define FD_TOL 1e-8

typedef double (*fn)(double);

static double lgamma_fn(double x) { return lgamma(x); }

static double fd5(fn f, double x, double h)
{
  return (8.0 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12.0 * h);
}

/* Distance from x to the nearest pole. */
static double pole_distance(double x)
{
  return x > 0 ? x : fabs(x - rint(x));
}

/* Check g = psi^(m) against the FD of f = psi^(m-1) (lgamma for m = 0) at x. */
static void check_fd(const char *name, fn f, fn g, int m, double x)
{
  static const double fact[] = { 1, 1, 2 };
  double s = pole_distance(x);
  double h = s / 512.0;
  double want = fd5(f, x, h);
  double got = g(x);
  double scale = fabs(got) + fact[m] / pow(s, m + 1);

  ck_assert_msg(fabs(got - want) <= FD_TOL * scale,
                "%s(%.17g) = %.17g, finite difference %.17g (error %.3g of scale %.3g)",
                name, x, got, want, fabs(got - want) / scale, scale);
}

/* Many points in (0.01, 200), log-spaced with an irrational step so none is
** an integer or half-integer, plus negative non-integers. */
#define NPOS 1500

static const double negatives[] = {
  -0.001, -0.3, -0.5, -0.999, -1.3, -1.5, -2.7, -3.5, -4.01, -5.25,
  -7.9, -10.1, -15.5, -20.9, -33.333, -50.5, -99.3, -150.75, -199.6
};

static double positive_point(int i)
{
  /* x_i = 0.01 * 20000^(i/NPOS) * (1 + small wobble): covers (0.01, 200),
  ** including the recurrence's shift point 10 from both sides. */
  double t = (i + 0.5) / NPOS;
  return 0.01 * pow(20000.0, t) * (1.0 + 1e-3 * sin(i * 1.618033988749895));
}

static void check_fd_all(const char *name, fn f, fn g, int m)
{
  size_t j;
  int i;

  for (i = 0; i < NPOS; i++)
    check_fd(name, f, g, m, positive_point(i));
  for (j = 0; j < sizeof negatives / sizeof negatives[0]; j++)
    check_fd(name, f, g, m, negatives[j]);
  /* Both sides of the shift point, and on it. */
  check_fd(name, f, g, m, 9.999999);
  check_fd(name, f, g, m, 10.0);
  check_fd(name, f, g, m, 10.000001);
}

START_TEST(digamma_is_lgamma_derivative)
{
  check_fd_all("digamma", lgamma_fn, ccad_digamma, 0);
}
END_TEST

START_TEST(trigamma_is_digamma_derivative)
{
  check_fd_all("trigamma", ccad_digamma, ccad_trigamma, 1);
}
END_TEST

START_TEST(tetragamma_is_trigamma_derivative)
{
  check_fd_all("tetragamma", ccad_trigamma, ccad_tetragamma, 2);
}
END_TEST

/* }====================================================================== */

/* {======================================================================
** Exact values and recurrences
** ======================================================================= */

static void check_close(const char *what, double got, double want, double tol)
{
  ck_assert_msg(fabs(got - want) <= tol,
                "%s = %.17g, want %.17g (error %.3g > %.3g)",
                what, got, want, fabs(got - want), tol);
}

START_TEST(exact_values)
{
  double psi_half = -EULER_GAMMA - 2.0 * LN2;

  check_close("digamma(1)", ccad_digamma(1.0), -0.5772156649015329, 1e-14);
  check_close("digamma(0.5)", ccad_digamma(0.5), psi_half, 1e-14);
  check_close("digamma(2)", ccad_digamma(2.0), 1.0 - EULER_GAMMA, 1e-14);
  check_close("digamma(-0.5)", ccad_digamma(-0.5), psi_half + 2.0, 1e-14);
  check_close("digamma(100)", ccad_digamma(100.0), 4.600161852738087, 1e-14 * 4.6);
  /* The positive zero of psi: absolute accuracy only (see ccad.h). */
  check_close("digamma(1.4616321449683623)", ccad_digamma(1.4616321449683623), 0.0, 1e-15);

  check_close("trigamma(1)", ccad_trigamma(1.0), PI * PI / 6.0, 1e-14);
  check_close("trigamma(0.5)", ccad_trigamma(0.5), PI * PI / 2.0, 1e-14 * 4.9);
  check_close("trigamma(-0.5)", ccad_trigamma(-0.5), PI * PI / 2.0 + 4.0, 1e-14 * 8.9);

  check_close("tetragamma(1)", ccad_tetragamma(1.0), -2.4041138063191885, 1e-14 * 2.4);
  check_close("tetragamma(1) = -2 zeta(3)", ccad_tetragamma(1.0), -2.0 * ZETA3, 1e-14 * 2.4);
  check_close("tetragamma(0.5)", ccad_tetragamma(0.5), -14.0 * ZETA3, 1e-14 * 16.8);
  check_close("tetragamma(-0.5)", ccad_tetragamma(-0.5), 16.0 - 14.0 * ZETA3, 1e-14 * 16.8);
}
END_TEST

/*
** psi(x+1) = psi(x) + 1/x, psi'(x+1) = psi'(x) - 1/x^2,
** psi''(x+1) = psi''(x) + 2/x^3, to 1e-13 relative to the largest term.
** x = k/64 + 1/1024 is exact, and so is x+1.  Negative x cross-check the
** reflection branch against itself and, for x in (-1, 0), against the
** positive branch.
*/
static void check_recurrences(double x)
{
  double a, b, c, big;

  a = ccad_digamma(x + 1.0);
  b = ccad_digamma(x);
  c = 1.0 / x;
  big = fmax(fabs(a), fmax(fabs(b), fabs(c)));
  ck_assert_msg(fabs(a - b - c) <= 1e-13 * big,
                "digamma(%.17g + 1) - digamma(x) - 1/x = %.3g (scale %.3g)", x, a - b - c, big);

  a = ccad_trigamma(x + 1.0);
  b = ccad_trigamma(x);
  c = -1.0 / (x * x);
  big = fmax(fabs(a), fmax(fabs(b), fabs(c)));
  ck_assert_msg(fabs(a - b - c) <= 1e-13 * big,
                "trigamma(%.17g + 1) - trigamma(x) + 1/x^2 = %.3g (scale %.3g)", x, a - b - c, big);

  a = ccad_tetragamma(x + 1.0);
  b = ccad_tetragamma(x);
  c = 2.0 / (x * x * x);
  big = fmax(fabs(a), fmax(fabs(b), fabs(c)));
  ck_assert_msg(fabs(a - b - c) <= 1e-13 * big,
                "tetragamma(%.17g + 1) - tetragamma(x) - 2/x^3 = %.3g (scale %.3g)", x, a - b - c, big);
}

START_TEST(recurrence)
{
  int k;

  for (k = 0; k < 64 * 200; k++)
    check_recurrences(k / 64.0 + 1.0 / 1024.0);
  for (k = 1; k < 64 * 50; k++)
    check_recurrences(-k / 64.0 + 1.0 / 1024.0);
}
END_TEST

/* psi(1-x) - psi(x) = pi cot(pi x) with x and 1-x on either side of 0. */
START_TEST(reflection)
{
  static const double xs[] = { 0.1, 0.25, 0.3, 0.7, 1.2, 2.6, 7.3, 12.1 };
  size_t j;

  for (j = 0; j < sizeof xs / sizeof xs[0]; j++) {
    double x = xs[j];
    double lhs = ccad_digamma(1.0 - x) - ccad_digamma(x);
    double rhs = PI / tan(PI * x);
    double big = fmax(fabs(ccad_digamma(x)), fabs(ccad_digamma(1.0 - x)));
    ck_assert_msg(fabs(lhs - rhs) <= 1e-13 * fmax(big, fabs(rhs)),
                  "reflection at %g: %.17g vs %.17g", x, lhs, rhs);
  }
}
END_TEST

/* }====================================================================== */

/* {======================================================================
** Poles, infinities, NaN, float versions
** ======================================================================= */

START_TEST(poles_and_special_values)
{
  /* Near a pole p: -1/(x-p), 1/(x-p)^2, -2/(x-p)^3. */
  ck_assert(isinf(ccad_digamma(0.0)) && ccad_digamma(0.0) < 0);
  ck_assert(isinf(ccad_digamma(-0.0)) && ccad_digamma(-0.0) > 0);
  ck_assert(isnan(ccad_digamma(-1.0)));
  ck_assert(isnan(ccad_digamma(-7.0)));
  ck_assert(isnan(ccad_digamma(-0x1p60)));
  ck_assert(isinf(ccad_trigamma(0.0)) && ccad_trigamma(0.0) > 0);
  ck_assert(isinf(ccad_trigamma(-0.0)) && ccad_trigamma(-0.0) > 0);
  ck_assert(isinf(ccad_trigamma(-3.0)) && ccad_trigamma(-3.0) > 0);
  ck_assert(isinf(ccad_tetragamma(0.0)) && ccad_tetragamma(0.0) < 0);
  ck_assert(isinf(ccad_tetragamma(-0.0)) && ccad_tetragamma(-0.0) > 0);
  ck_assert(isnan(ccad_tetragamma(-2.0)));

  /* The signs just beside the poles agree with the values at the zeros. */
  ck_assert(ccad_digamma(1e-300) < -1e299 && ccad_digamma(-1e-300) > 1e299);
  ck_assert(ccad_digamma(-1.0 + 1e-12) < -1e11 && ccad_digamma(-1.0 - 1e-12) > 1e11);
  ck_assert(ccad_trigamma(-2.0 + 1e-7) > 1e13 && ccad_trigamma(-2.0 - 1e-7) > 1e13);
  ck_assert(ccad_tetragamma(-2.0 + 1e-5) < -1e14 && ccad_tetragamma(-2.0 - 1e-5) > 1e14);

  ck_assert(isinf(ccad_digamma(INFINITY)) && ccad_digamma(INFINITY) > 0);
  ck_assert(ccad_trigamma(INFINITY) == 0.0 && !signbit(ccad_trigamma(INFINITY)));
  ck_assert(ccad_tetragamma(INFINITY) == 0.0 && signbit(ccad_tetragamma(INFINITY)));
  ck_assert(isnan(ccad_digamma(-INFINITY)));
  ck_assert(isnan(ccad_trigamma(-INFINITY)));
  ck_assert(isnan(ccad_tetragamma(-INFINITY)));
  ck_assert(isnan(ccad_digamma(NAN)));
  ck_assert(isnan(ccad_trigamma(NAN)));
  ck_assert(isnan(ccad_tetragamma(NAN)));

  /* Huge and tiny arguments: no spurious overflow or NaN. */
  check_close("digamma(1e300)", ccad_digamma(1e300), log(1e300), 1e-13 * 690.8);
  check_close("trigamma(1e300) * 1e300", ccad_trigamma(1e300) * 1e300, 1.0, 1e-15);
  check_close("tetragamma(1e150) * 1e300", ccad_tetragamma(1e150) * 1e300, -1.0, 1e-15);
  check_close("digamma(1e-300) * 1e-300", ccad_digamma(1e-300) * 1e-300, -1.0, 1e-15);
  check_close("trigamma(1e-150) * 1e-300", ccad_trigamma(1e-150) * 1e-300, 1.0, 1e-15);
  check_close("tetragamma(1e-100) * 1e-300", ccad_tetragamma(1e-100) * 1e-300, -2.0, 1e-15);
  check_close("trigamma(-1e-150) * 1e-300", ccad_trigamma(-1e-150) * 1e-300, 1.0, 1e-15);
  ck_assert(isinf(ccad_trigamma(1e-200)));
  check_close("digamma(-1e15 - 0.5)", ccad_digamma(-1e15 - 0.5), log(1e15), 1e-13 * 34.6);
}
END_TEST

START_TEST(float_versions)
{
  static const float xs[] = { 0.01f, 0.5f, 1.0f, 1.5f, 3.25f, 9.99f, 10.0f, 77.7f, 1e6f,
                              -0.5f, -1.25f, -33.3f };
  size_t j;

  for (j = 0; j < sizeof xs / sizeof xs[0]; j++) {
    float x = xs[j];
    ck_assert_float_eq(ccad_digammaf(x), (float)ccad_digamma(x));
    ck_assert_float_eq(ccad_trigammaf(x), (float)ccad_trigamma(x));
    ck_assert_float_eq(ccad_tetragammaf(x), (float)ccad_tetragamma(x));
  }
  ck_assert_float_eq_tol(ccad_digammaf(1.0f), -0.5772157f, 1e-7f);
  ck_assert(isinf(ccad_digammaf(0.0f)) && ccad_digammaf(0.0f) < 0);
  ck_assert(isnan(ccad_digammaf(-2.0f)));
  ck_assert(isinf(ccad_trigammaf(-2.0f)));
  ck_assert(isinf(ccad_trigammaf(1e-20f)));  /* 1e40 overflows float */
  ck_assert(isnan(ccad_tetragammaf(-1.0f)));
}
END_TEST

/* }====================================================================== */

static Suite *special_suite(void)
{
  Suite *s = suite_create("special");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, digamma_is_lgamma_derivative);
  tcase_add_test(tc, trigamma_is_digamma_derivative);
  tcase_add_test(tc, tetragamma_is_trigamma_derivative);
  tcase_add_test(tc, exact_values);
  tcase_add_test(tc, recurrence);
  tcase_add_test(tc, reflection);
  tcase_add_test(tc, poles_and_special_values);
  tcase_add_test(tc, float_versions);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(special_suite());
  int nfailed;

  srunner_run_all(sr, CK_NORMAL);
  nfailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
