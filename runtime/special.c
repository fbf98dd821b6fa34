/*
** special.c: digamma, trigamma and tetragamma (psi, psi', psi''), the
** derivatives of lgamma that generated code calls.  Semantics (accuracy,
** poles, infinities): ccad.h.
**
** Method, for finite x > 0:
**
**   1. Recurrence.  psi(x+1) = psi(x) + 1/x, so for n >= 0
**        psi(x)   = psi(x+n) -   sum_{k<n} 1/(x+k)
**        psi'(x)  = psi'(x+n) +  sum_{k<n} 1/(x+k)^2
**        psi''(x) = psi''(x+n) - 2 sum_{k<n} 1/(x+k)^3
**      with n the least integer such that x+n >= SHIFT (n = 0 when x is
**      already there).  The sums are added smallest term first.
**
**   2. Asymptotic series at y = x+n >= SHIFT, z = 1/y:
**        psi(y)   ~ ln y - z/2 - sum_k B_2k/(2k) z^2k
**        psi'(y)  ~ z + z^2/2 + sum_k B_2k z^(2k+1)
**        psi''(y) ~ -z^2 - z^3 - sum_k (2k+1) B_2k z^(2k+2)
**      (B_2k the Bernoulli numbers), with k = 1..10.  The series diverge,
**      but at y >= 10 the first omitted term (k = 11, |B_22| = 6192.1) is
**      below 1.3e-17 of the function's value for all three, so truncation
**      is below rounding.  The sums are in z^2 by Horner's rule, so huge y
**      underflows harmlessly (z^2 -> 0) instead of overflowing.
**
** For x < 0 (non-integer), the reflection formulas, from
** psi(1-x) - psi(x) = pi cot(pi x) and its derivatives:
**
**        psi(x)   = psi(1-x)   - pi cot(pi x)
**        psi'(x)  = -psi'(1-x) + pi^2 / sin^2(pi x)
**        psi''(x) = psi''(1-x) - 2 pi^3 cos(pi x) / sin^3(pi x)
**
** with 1-x > 1 handled as above.  cot(pi x), 1/sin^2(pi x) and
** cos(pi x)/sin^3(pi x) all have period 1, so they are evaluated at
** t = x - rint(x) in [-1/2, 1/2] (exact in floating point): pi*t is then
** accurate relative to t, also next to a pole and for large |x|, where
** pi*x itself would have lost every digit of the fraction.  For |t| > 1/4,
** sin and cos are taken at u = t -+ 1/2 (exact, |u| <= 1/4) instead, since
** cos(pi t) -> 0 at t = +-1/2 would amplify the rounding of pi*t (up to 40
** ulps in tetragamma otherwise).  Powers of 1/sin are formed as (pi/sin)^k,
** which does not underflow before the true result overflows.
**
** Poles (x = 0, -1, -2, ...; every x < 0 of magnitude >= 2^52 is an
** integer) are handled first, as ccad.h says.
*/
#include <math.h>

#include "ccad.h"

/* Shift point of the recurrence: the asymptotic series is used at x >= SHIFT. */
#define SHIFT 10.0

#define PI 3.14159265358979323846

/* {======================================================================
** Asymptotic series, for y >= SHIFT (and y = +inf)
** ======================================================================= */

/* psi(y): coefficients B_2k/(2k), k = 1..10. */
static double digamma_asym(double y)
{
  double z = 1.0 / y, z2 = z * z;
  double s = -174611.0 / 6600.0;
  s = s * z2 + 43867.0 / 14364.0;
  s = s * z2 - 3617.0 / 8160.0;
  s = s * z2 + 1.0 / 12.0;
  s = s * z2 - 691.0 / 32760.0;
  s = s * z2 + 1.0 / 132.0;
  s = s * z2 - 1.0 / 240.0;
  s = s * z2 + 1.0 / 252.0;
  s = s * z2 - 1.0 / 120.0;
  s = s * z2 + 1.0 / 12.0;
  return log(y) - 0.5 * z - s * z2;
}

/* psi'(y): coefficients B_2k, k = 1..10. */
static double trigamma_asym(double y)
{
  double z = 1.0 / y, z2 = z * z;
  double s = -174611.0 / 330.0;
  s = s * z2 + 43867.0 / 798.0;
  s = s * z2 - 3617.0 / 510.0;
  s = s * z2 + 7.0 / 6.0;
  s = s * z2 - 691.0 / 2730.0;
  s = s * z2 + 5.0 / 66.0;
  s = s * z2 - 1.0 / 30.0;
  s = s * z2 + 1.0 / 42.0;
  s = s * z2 - 1.0 / 30.0;
  s = s * z2 + 1.0 / 6.0;
  return z + 0.5 * z2 + s * z2 * z;
}

/* psi''(y): coefficients (2k+1) B_2k, k = 1..10. */
static double tetragamma_asym(double y)
{
  double z = 1.0 / y, z2 = z * z;
  double s = -1222277.0 / 110.0;
  s = s * z2 + 43867.0 / 42.0;
  s = s * z2 - 3617.0 / 30.0;
  s = s * z2 + 35.0 / 2.0;
  s = s * z2 - 691.0 / 210.0;
  s = s * z2 + 5.0 / 6.0;
  s = s * z2 - 3.0 / 10.0;
  s = s * z2 + 1.0 / 6.0;
  s = s * z2 - 1.0 / 6.0;
  s = s * z2 + 1.0 / 2.0;
  return -z2 - z2 * z - s * z2 * z2;
}

/* }====================================================================== */

/* {======================================================================
** x > 0: recurrence up to SHIFT, then the series
** ======================================================================= */

/* Number of recurrence steps n, the least with x+n >= SHIFT (0 < x). */
static int shift_steps(double x)
{
  return x < SHIFT ? (int)ceil(SHIFT - x) : 0;
}

static double digamma_pos(double x)
{
  int k, n = shift_steps(x);
  double acc = 0.0;

  for (k = n - 1; k >= 0; k--)
    acc += 1.0 / (x + k);
  return digamma_asym(x + n) - acc;
}

static double trigamma_pos(double x)
{
  int k, n = shift_steps(x);
  double acc = 0.0;

  for (k = n - 1; k >= 0; k--) {
    double r = 1.0 / (x + k);
    acc += r * r;
  }
  return trigamma_asym(x + n) + acc;
}

static double tetragamma_pos(double x)
{
  int k, n = shift_steps(x);
  double acc = 0.0;

  for (k = n - 1; k >= 0; k--) {
    double r = 1.0 / (x + k);
    acc += r * r * r;
  }
  return tetragamma_asym(x + n) - 2.0 * acc;
}

/* }====================================================================== */

/* {======================================================================
** Public functions: special values, poles, reflection for x < 0
** ======================================================================= */

/* For x < 0 not an integer: *s = sin(pi x) and *c = cos(pi x), up to a
** common sign (the formulas use only c/s and s^2), each to relative accuracy. */
static void sincos_pi(double x, double *s, double *c)
{
  double t = x - rint(x);  /* exact, 0 < |t| <= 1/2 */

  if (fabs(t) <= 0.25) {
    *s = sin(PI * t);
    *c = cos(PI * t);
  } else {
    double sigma = copysign(1.0, t);
    double u = t - 0.5 * sigma;  /* exact, |u| < 1/4; t = u + sigma/2 */
    *s = sigma * cos(PI * u);
    *c = -sigma * sin(PI * u);
  }
}

double ccad_digamma(double x)
{
  double s, c;

  if (isnan(x))
    return x;
  if (x > 0.0)
    return digamma_pos(x);       /* +inf gives +inf */
  if (x == 0.0)
    return copysign(INFINITY, -x);  /* -1/x: -inf at +0, +inf at -0 */
  if (x == rint(x))
    return NAN;                  /* negative integer or -inf */
  sincos_pi(x, &s, &c);
  return digamma_pos(1.0 - x) - PI * c / s;
}

double ccad_trigamma(double x)
{
  double s, c, q;

  if (isnan(x))
    return x;
  if (x > 0.0)
    return trigamma_pos(x);      /* +inf gives 0 */
  if (x == -INFINITY)
    return NAN;
  if (x == rint(x))
    return INFINITY;             /* 1/x^2 at every pole */
  sincos_pi(x, &s, &c);
  q = PI / s;
  return q * q - trigamma_pos(1.0 - x);
}

double ccad_tetragamma(double x)
{
  double s, c, q;

  if (isnan(x))
    return x;
  if (x > 0.0)
    return tetragamma_pos(x);    /* +inf gives -0 */
  if (x == 0.0)
    return copysign(INFINITY, -x);  /* -2/x^3: -inf at +0, +inf at -0 */
  if (x == rint(x))
    return NAN;                  /* negative integer or -inf */
  sincos_pi(x, &s, &c);
  q = PI / s;                    /* pi csc(pi x) */
  return tetragamma_pos(1.0 - x) - 2.0 * (q * c) * q * q;  /* 2 pi^3 cos/sin^3 */
}

float ccad_digammaf(float x)
{
  return (float)ccad_digamma((double)x);
}

float ccad_trigammaf(float x)
{
  return (float)ccad_trigamma((double)x);
}

float ccad_tetragammaf(float x)
{
  return (float)ccad_tetragamma((double)x);
}

/* }====================================================================== */
