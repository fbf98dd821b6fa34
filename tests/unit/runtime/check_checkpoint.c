/*
** check_checkpoint.c: unit tests for the checkpoint driver
** (runtime/checkpoint.c) as generated code uses it (ccad.h): a loop
** x <- sin(x) + 0.5 x of l steps whose "iteration" pushes its old x (and a
** block of values that only grows the tape) and whose backward code pops it.
** Both ways in (trip count known on entry, or counted on the way) must
** reverse every step once, last to first, give the derivative of the
** recurrence, leave the tape as it found it, and count the untaped
** iterations as revolve's optimum says; a driver made in a dropped
** iteration (nesting) is freed with it.
*/
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "ccad.h"

typedef struct Loop {
  double x;
  long t;           /* the counter: part of the state */
  long reversed;    /* steps reversed so far */
  long last_step;   /* the step reversed last */
  int in_order;     /* steps reversed last to first */
} Loop;

static void step_fwd(Loop *s)
{
  ccad_push_d(s->x);
  double *junk = ccad_reserve_d(100);  /* tape an untaped run must drop */
  for (int i = 0; i < 100; i++)
    junk[i] = i;
  s->x = sin(s->x) + 0.5 * s->x;
  s->t++;
}

static void step_bwd(Loop *s, double *x_bar)
{
  (void)ccad_release_d(100);
  s->t--;
  s->x = ccad_pop_d();
  *x_bar *= cos(s->x) + 0.5;
  if (s->reversed > 0 && s->t != s->last_step - 1)
    s->in_order = 0;
  s->last_step = s->t;
  s->reversed++;
}

static void save(void *ck, Loop *s)
{
  ccad_ckpt_save(ck, &s->x, sizeof s->x);
  ccad_ckpt_save(ck, &s->t, sizeof s->t);
}

static void load(void *ck, Loop *s)
{
  ccad_ckpt_load(ck, &s->x, sizeof s->x);
  ccad_ckpt_load(ck, &s->t, sizeof s->t);
}

/* The gradient of x_l with respect to x_0, through the driver. */
static double run(long l, int k, int known, double x0, double *x_end)
{
  Loop s = {x0, 0, 0, l, 1};
  size_t before = ccad_tape_bytes();
  void *ck;
  int act;
  if (known) {
    ck = ccad_ckpt_begin_n(k, l);
    while ((act = ccad_ckpt_next(ck)) != CCAD_CKPT_DONE) {
      ck_assert(act == CCAD_CKPT_ADVANCE || act == CCAD_CKPT_SAVE);
      if (act == CCAD_CKPT_ADVANCE)
        step_fwd(&s);
      else
        save(ck, &s);
    }
  } else {
    ck = ccad_ckpt_begin(k);
    save(ck, &s);
    while (s.t < l) {
      ccad_ckpt_iter(ck);
      step_fwd(&s);
    }
    ccad_ckpt_end(ck);
  }
  ck_assert_uint_eq(ccad_tape_bytes(), before);
  *x_end = s.x;
  s.x = -1e300;  /* later code overwrites the state: the backward sweep loads it */
  double x_bar = 1.0;
  while ((act = ccad_ckpt_next(ck)) != CCAD_CKPT_DONE) {
    if (act == CCAD_CKPT_ADVANCE) {
      step_fwd(&s);
    } else if (act == CCAD_CKPT_SAVE) {
      save(ck, &s);
    } else if (act == CCAD_CKPT_LOAD) {
      load(ck, &s);
    } else {
      ck_assert_int_eq(act, CCAD_CKPT_TURN);
      step_fwd(&s);
      step_bwd(&s, &x_bar);
    }
  }
  ck_assert_uint_eq(ccad_tape_bytes(), before);
  ck_assert_int_eq(s.reversed, l);
  ck_assert(s.in_order);
  ck_assert_int_eq(s.t, 0);     /* the entry state, loaded last */
  ck_assert(s.x == x0);
  return x_bar;
}

START_TEST(both_ways)
{
  long lengths[] = {0, 1, 2, 3, 4, 5, 17, 100, 1000};
  int ks[] = {1, 2, 3, 10, 0};
  for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++)
    for (size_t j = 0; j < sizeof ks / sizeof *ks; j++)
      for (int known = 0; known < 2; known++) {
        long l = lengths[i];
        int k = ks[j];
        ccad_checkpoint_reset_counts();
        double x_end, g = run(l, k, known, 0.3, &x_end);
        /* reference: the recurrence and its derivative, directly */
        double x = 0.3, d = 1.0;
        for (long t = 0; t < l; t++) {
          d *= cos(x) + 0.5;
          x = sin(x) + 0.5 * x;
        }
        ck_assert(x_end == x);
        ck_assert_double_eq_tol(g, d, 1e-12 * fabs(d) + 1e-300);
        int kk = k > 0 ? k : 1;
        while (k <= 0 && (long)kk * kk < l)
          kk++;
        long extra = l < 1 ? 0 : ccad_binomial_extra_steps(l, kk);
        ck_assert_int_eq(ccad_checkpoint_recomputations(), l < 1 ? 0 : extra + (known ? 1 : l));
        ck_assert_int_eq(ccad_checkpoint_steps(), l);
      }
  ck_assert(ccad_tape_empty());
}
END_TEST

/* A checkpointed loop inside an iteration that is run untaped: its driver,
** pushed on the dropped tape, is freed when the tape is (ASan sees leaks). */
START_TEST(nested_dropped)
{
  void *outer = ccad_ckpt_begin(2);
  double x = 1.0;
  ccad_ckpt_save(outer, &x, sizeof x);
  for (int t = 0; t < 5; t++) {
    ccad_ckpt_iter(outer);
    void *inner = ccad_ckpt_begin_n(2, 3);
    int act;
    while ((act = ccad_ckpt_next(inner)) != CCAD_CKPT_DONE)
      if (act == CCAD_CKPT_SAVE)
        ccad_ckpt_save(inner, &x, sizeof x);
    ccad_push_p(inner);  /* dropped by the next ccad_ckpt_iter, and freed */
  }
  ccad_ckpt_end(outer);
  ck_assert(ccad_tape_empty());
  int act;
  while ((act = ccad_ckpt_next(outer)) != CCAD_CKPT_DONE)
    if (act == CCAD_CKPT_LOAD)
      ccad_ckpt_load(outer, &x, sizeof x);
    else if (act == CCAD_CKPT_SAVE)
      ccad_ckpt_save(outer, &x, sizeof x);
  ck_assert(ccad_tape_empty());
}
END_TEST

static Suite *checkpoint_suite(void)
{
  Suite *s = suite_create("checkpoint");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, both_ways);
  tcase_add_test(tc, nested_dropped);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(checkpoint_suite());
  srunner_run_all(sr, CK_NORMAL);
  int nfailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
