/*
** check_revolve.c: unit tests for the binomial checkpointing controller
** (runtime/revolve.c).  A simulator plays the caller: it keeps a current
** state index and the snapshot slots, and checks every action against the
** semantics in ccad.h.  Then the counts are checked against the optimum,
** and a scalar recurrence is differentiated through the schedule.
*/
#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"

static int nerrors;
static int last_code;

static void record(int code, const char *message)
{
  (void)message;
  nerrors++;
  last_code = code;
}

static void setup(void)
{
  nerrors = 0;
  last_code = CCAD_OK;
  ccad_set_error_handler(record);
}

static void teardown(void)
{
  ccad_set_error_handler(NULL);
}

/* {======================================================================
** Reference counts
** ======================================================================= */

/* C(n, k) in double precision, exact for the small values used here. */
static double choose(long n, long k)
{
  double c = 1;

  if (k < 0 || k > n)
    return 0;
  for (long i = 1; i <= k; i++)
    c = c * (double)(n - k + i) / (double)i;
  return c;
}

/* The closed form t*l - C(s+t, s+1), written independently of revolve.c. */
static long closed_form(long l, long s)
{
  long t = 0;

  if (l <= 1)
    return 0;
  while (choose(s + t, s) < (double)l)
    t++;
  return t * l - (long)choose(s + t, s + 1);
}

/* The recursion T(l,s) = min_j j + T(j,s) + T(l-j,s-1), by dynamic
** programming: the least ADVANCE count of any split schedule. */
#define DPL 120
#define DPS 8
static long dp[DPL + 1][DPS + 1];

static void fill_dp(void)
{
  for (long s = 1; s <= DPS; s++)
    for (long l = 0; l <= DPL; l++) {
      if (l <= 1) {
        dp[l][s] = 0;
        continue;
      }
      if (s == 1) {
        dp[l][s] = l * (l - 1) / 2;
        continue;
      }
      long best = LONG_MAX;
      for (long j = 1; j < l; j++) {
        long c = j + dp[j][s] + dp[l - j][s - 1];
        if (c < best)
          best = c;
      }
      dp[l][s] = best;
    }
}

START_TEST(extra_steps_formula)
{
  fill_dp();
  for (long s = 1; s <= DPS; s++)
    for (long l = 0; l <= DPL; l++) {
      ck_assert_msg(ccad_binomial_extra_steps(l, (int)s) == dp[l][s],
                    "l=%ld s=%ld: %ld, recursion gives %ld", l, s,
                    ccad_binomial_extra_steps(l, (int)s), dp[l][s]);
      ck_assert_int_eq(closed_form(l, s), dp[l][s]);
    }
  /* The notes' figures: 10^4 steps cost 5.76 extra steps per step with 10
  ** snapshots and 3.80 with 20. */
  ck_assert_int_eq(ccad_binomial_extra_steps(10000, 10), 57624);
  ck_assert_int_eq(ccad_binomial_extra_steps(10000, 20), 37976);
  /* Store every step; one snapshot; edge cases. */
  ck_assert_int_eq(ccad_binomial_extra_steps(500, 500), 499);
  ck_assert_int_eq(ccad_binomial_extra_steps(500, 100000), 499);
  ck_assert_int_eq(ccad_binomial_extra_steps(500, 1), 500 * 499 / 2);
  ck_assert_int_eq(ccad_binomial_extra_steps(0, 0), 0);
  ck_assert_int_eq(ccad_binomial_extra_steps(1, 0), 0);
  ck_assert_int_eq(ccad_binomial_extra_steps(2, 0), -1);
  ck_assert_int_eq(ccad_binomial_extra_steps(-1, 3), -1);
  ck_assert_int_eq(ccad_binomial_extra_steps(5, -1), -1);
  /* Huge inputs saturate instead of overflowing. */
  ck_assert_int_eq(ccad_binomial_extra_steps(LONG_MAX, 1), LONG_MAX);
  ck_assert_int_eq(ccad_binomial_extra_steps(LONG_MAX / 2, 2), LONG_MAX);
  ck_assert_int_eq(ccad_binomial_extra_steps(1000000, INT_MAX), 999999);
}
END_TEST

/* }====================================================================== */

/* {======================================================================
** Simulated caller
** ======================================================================= */

/* ck_assert reports every passing check to the runner, which is slow over
** millions of actions; this one only speaks on failure. */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

typedef struct Sim {
  long fwd;      /* steps the caller ran */
  int maxslots;  /* highest slot index used + 1 */
  int nturns;
} Sim;

/* Drive a controller, checking every action; fails the test on a violation. */
static void simulate(long l, int s, Sim *out)
{
  ccad_revolve *r = ccad_revolve_new(l, s);
  long *slot = malloc(sizeof *slot * (size_t)(s > 0 ? s : 1));
  long state = 0;         /* the caller's current state; -1 = consumed by a turn */
  long expect = l - 1;    /* next step to reverse */
  long nactions = 0;

  memset(out, 0, sizeof *out);
  for (int k = 0; k < s; k++)
    slot[k] = -1;
  for (;;) {
    ccad_ck_action a = ccad_revolve_next(r);
    long capo = ccad_revolve_capo(r);
    int check = ccad_revolve_check(r);

    REQUIRE(++nactions < 100000000, "l=%ld s=%d: no termination", l, s);
    if (a == CCAD_CK_TERMINATE)
      break;
    switch (a) {
    case CCAD_CK_ADVANCE: {
      long from = ccad_revolve_oldcapo(r);
      REQUIRE(state == from, "l=%ld s=%d: advance from %ld, caller at %ld", l, s, from, state);
      REQUIRE(capo > from && capo <= expect, "l=%ld s=%d: advance %ld -> %ld", l, s, from, capo);
      out->fwd += capo - from;
      state = capo;
      break;
    }
    case CCAD_CK_TAKESHOT:
      REQUIRE(check >= 0 && check < s, "l=%ld s=%d: slot %d", l, s, check);
      REQUIRE(state == capo, "l=%ld s=%d: snapshot of %ld, caller at %ld", l, s, capo, state);
      slot[check] = state;
      if (check + 1 > out->maxslots)
        out->maxslots = check + 1;
      break;
    case CCAD_CK_RESTORE:
      REQUIRE(check >= 0 && check < s, "l=%ld s=%d: slot %d", l, s, check);
      REQUIRE(slot[check] == capo, "l=%ld s=%d: restore %ld from slot %d holding %ld",
                    l, s, capo, check, slot[check]);
      REQUIRE(ccad_revolve_oldcapo(r) == capo, "l=%ld s=%d: oldcapo after restore", l, s);
      state = slot[check];
      break;
    case CCAD_CK_FIRSTURN:
    case CCAD_CK_YOUTURN:
      REQUIRE((a == CCAD_CK_FIRSTURN) == (out->nturns == 0), "l=%ld s=%d: turn kind", l, s);
      REQUIRE(capo == expect, "l=%ld s=%d: reversed step %ld, expected %ld", l, s, capo, expect);
      REQUIRE(state == capo, "l=%ld s=%d: turn at %ld, caller at %ld", l, s, capo, state);
      expect--;
      out->fwd++;
      out->nturns++;
      state = -1;
      break;
    default:
      ck_abort_msg("l=%ld s=%d: action %d", l, s, (int)a);
    }
  }
  REQUIRE(expect == -1, "l=%ld s=%d: steps 0..%ld never reversed", l, s, expect);
  ck_assert_int_eq(out->nturns, l);
  ck_assert_int_eq(ccad_revolve_forward_steps(r), out->fwd);
  REQUIRE(ccad_revolve_next(r) == CCAD_CK_TERMINATE, "l=%ld s=%d: not terminated", l, s);
  ccad_revolve_free(r);
  free(slot);
}

/* Every (l, s) in a grid: steps reversed once in descending order, slots in
** range, and the forward count is the optimum plus one taped step per step. */
START_TEST(schedule_grid)
{
  Sim sim;

  for (long l = 0; l <= 150; l++)
    for (int s = 1; s <= 12; s++) {
      simulate(l, s, &sim);
      ck_assert_msg(sim.fwd == ccad_binomial_extra_steps(l, s) + l,
                    "l=%ld s=%d: %ld steps, optimum %ld", l, s, sim.fwd,
                    ccad_binomial_extra_steps(l, s) + l);
      ck_assert(sim.maxslots <= s);
    }
}
END_TEST

START_TEST(schedule_large)
{
  static const long ls[] = { 1000, 10000, 100000 };
  static const int ss[] = { 2, 3, 5, 10, 20, 50 };
  Sim sim;

  for (size_t i = 0; i < sizeof ls / sizeof ls[0]; i++)
    for (size_t k = 0; k < sizeof ss / sizeof ss[0]; k++) {
      if (ls[i] > 10000 && ss[k] < 5)
        continue;  /* tens of millions of steps: slow, nothing new */
      simulate(ls[i], ss[k], &sim);
      ck_assert_int_eq(sim.fwd, ccad_binomial_extra_steps(ls[i], ss[k]) + ls[i]);
      ck_assert_int_le(sim.maxslots, ss[k]);
      ck_assert_int_eq(sim.maxslots, ss[k]);  /* an optimal schedule uses them all */
    }
  simulate(10000, 10, &sim);
  ck_assert_int_eq(sim.fwd, 57624 + 10000);
}
END_TEST

START_TEST(schedule_edges)
{
  Sim sim;
  ccad_revolve *r;

  /* steps == 0: nothing to do. */
  r = ccad_revolve_new(0, 3);
  ck_assert(ccad_revolve_next(r) == CCAD_CK_TERMINATE);
  ccad_revolve_free(r);
  r = ccad_revolve_new(0, 0);
  ck_assert(ccad_revolve_next(r) == CCAD_CK_TERMINATE);
  ccad_revolve_free(r);

  /* steps == 1: the first turn is the only action, no snapshot needed. */
  r = ccad_revolve_new(1, 0);
  ck_assert(ccad_revolve_next(r) == CCAD_CK_FIRSTURN);
  ck_assert_int_eq(ccad_revolve_capo(r), 0);
  ck_assert(ccad_revolve_next(r) == CCAD_CK_TERMINATE);
  ck_assert_int_eq(ccad_revolve_forward_steps(r), 1);
  ccad_revolve_free(r);

  /* snapshots >= steps: store every step, l-1 advances. */
  for (long l = 1; l <= 64; l++) {
    simulate(l, (int)l, &sim);
    ck_assert_int_eq(sim.fwd, 2 * l - 1);
    simulate(l, 1000, &sim);
    ck_assert_int_eq(sim.fwd, 2 * l - 1);
    ck_assert_int_le(sim.maxslots, l);
  }

  /* The exact action sequence for 3 steps and 2 snapshots. */
  static const ccad_ck_action want[] = {
    CCAD_CK_TAKESHOT, CCAD_CK_ADVANCE, CCAD_CK_TAKESHOT, CCAD_CK_ADVANCE, CCAD_CK_FIRSTURN,
    CCAD_CK_RESTORE, CCAD_CK_YOUTURN, CCAD_CK_RESTORE, CCAD_CK_YOUTURN, CCAD_CK_TERMINATE,
  };
  static const long want_capo[] = { 0, 1, 1, 2, 2, 1, 1, 0, 0 };
  r = ccad_revolve_new(3, 2);
  for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
    ck_assert_int_eq(ccad_revolve_next(r), want[k]);
    if (k < sizeof want_capo / sizeof want_capo[0])
      ck_assert_int_eq(ccad_revolve_capo(r), want_capo[k]);
  }
  ccad_revolve_free(r);
  ccad_revolve_free(NULL);
  ck_assert(ccad_revolve_next(NULL) == CCAD_CK_ERROR);
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

START_TEST(schedule_invalid)
{
  static const long bad[][2] = { { 5, 0 }, { -1, 3 }, { 2, -1 }, { 0, -1 } };

  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    ccad_revolve *r = ccad_revolve_new(bad[k][0], (int)bad[k][1]);
    ck_assert_int_eq(nerrors, (int)k + 1);
    ck_assert_int_eq(last_code, CCAD_ESCHEDULE);
    ck_assert_ptr_nonnull(r);
    ck_assert(ccad_revolve_next(r) == CCAD_CK_ERROR);
    ck_assert(ccad_revolve_next(r) == CCAD_CK_ERROR);
    ccad_revolve_free(r);
  }
}
END_TEST

/* }====================================================================== */

/* {======================================================================
** Differentiating x_{i+1} = 1.1 sin(x_i) through the schedule
** ======================================================================= */

static double step(double x) { return sin(x) * 1.1; }

/* Fully taped reference: returns x_l, sets *grad = d x_l / d x_0. */
static double taped(double x0, long l, double *grad)
{
  double x = x0, xbar = 1.0;

  for (long i = 0; i < l; i++) {
    ccad_push_d(x);
    x = step(x);
  }
  for (long i = l - 1; i >= 0; i--) {
    double xi = ccad_pop_d();
    xbar = xbar * cos(xi) * 1.1;
  }
  *grad = xbar;
  return x;
}

/* The same through revolve: the caller owns state and snapshots. */
static double checkpointed(double x0, long l, int s, double *grad)
{
  ccad_revolve *r = ccad_revolve_new(l, s);
  double *slots = malloc(sizeof *slots * (size_t)(s > 0 ? s : 1));
  double x = x0, xbar = 1.0, result = x0;
  ccad_ck_action a;

  while ((a = ccad_revolve_next(r)) != CCAD_CK_TERMINATE) {
    switch (a) {
    case CCAD_CK_ADVANCE:
      for (long i = ccad_revolve_oldcapo(r); i < ccad_revolve_capo(r); i++)
        x = step(x);
      break;
    case CCAD_CK_TAKESHOT:
      slots[ccad_revolve_check(r)] = x;
      break;
    case CCAD_CK_RESTORE:
      x = slots[ccad_revolve_check(r)];
      break;
    case CCAD_CK_FIRSTURN:
    case CCAD_CK_YOUTURN:
      ccad_push_d(x);  /* the taped step */
      x = step(x);
      if (a == CCAD_CK_FIRSTURN)
        result = x;
      xbar = xbar * cos(ccad_pop_d()) * 1.1;  /* its adjoint */
      break;
    default:
      ck_abort_msg("unexpected action %d", (int)a);
    }
  }
  ccad_revolve_free(r);
  free(slots);
  *grad = xbar;
  return result;
}

START_TEST(gradient_recurrence)
{
  static const long ls[] = { 1, 2, 7, 100, 1000 };
  static const int ss[] = { 1, 2, 3, 10, 2000 };

  for (size_t i = 0; i < sizeof ls / sizeof ls[0]; i++)
    for (size_t k = 0; k < sizeof ss / sizeof ss[0]; k++) {
      double g_ref, g_ck;
      double y_ref = taped(0.7, ls[i], &g_ref);
      double y_ck = checkpointed(0.7, ls[i], ss[k], &g_ck);
      ck_assert_msg(y_ref == y_ck, "l=%ld s=%d: primal %.17g vs %.17g", ls[i], ss[k], y_ck, y_ref);
      ck_assert_msg(g_ref == g_ck, "l=%ld s=%d: gradient %.17g vs %.17g", ls[i], ss[k], g_ck, g_ref);
      ck_assert(ccad_tape_empty());
    }

  /* And the reference itself against a central difference. */
  double g, h = 1e-6, l = 50;
  taped(0.7, (long)l, &g);
  double yp, ym, gd;
  yp = taped(0.7 + h, (long)l, &gd);
  ym = taped(0.7 - h, (long)l, &gd);
  ck_assert_double_eq_tol(g, (yp - ym) / (2 * h), 1e-6 * (1 + fabs(g)));
}
END_TEST

/* }====================================================================== */

static Suite *revolve_suite(void)
{
  Suite *s = suite_create("revolve");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, extra_steps_formula);
  tcase_add_test(tc, schedule_grid);
  tcase_add_test(tc, schedule_large);
  tcase_add_test(tc, schedule_edges);
  tcase_add_test(tc, schedule_invalid);
  tcase_add_test(tc, gradient_recurrence);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(revolve_suite());
  int nfailed;

  srunner_run_all(sr, CK_NORMAL);
  nfailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
