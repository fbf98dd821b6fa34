/*
** check_mark.c: unit tests for tape marks (ccad_tape_mark_here,
** ccad_tape_rewind, ccad_tape_unmark in runtime/tape.c and frame.c), as
** jacrev uses them: a forward sweep pushes values of every kind, byte
** blocks, bulk blocks and frames (across chunk boundaries), the tape is
** marked, and each "backward sweep" pops everything and frees the frames;
** after a rewind the same values come back, and after the last sweep and
** the unmark the tapes are empty and nothing leaks (ASan).
*/
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"

enum { N = 300000, FRAMES = 40 };

static unsigned char *frames[FRAMES];

static void forward(void)
{
    for (long k = 0; k < N; k++) {
        ccad_push_d(0.5 * (double)k);
        ccad_push_i(k);
        if (k % 3 == 0) ccad_push_i32((int)(k * 7));
        if (k % 7 == 0) ccad_push_b(k % 2 == 0);
        if (k % 1000 == 0) {
            double blk[50];
            for (int t = 0; t < 50; t++) blk[t] = (double)(k + t);
            ccad_push_bytes(blk, sizeof blk);
        }
    }
    double *r = ccad_reserve_d(1000);
    for (int t = 0; t < 1000; t++) r[t] = -t;
    for (int f = 0; f < FRAMES; f++) {  /* some larger than a frame chunk */
        size_t n = f % 9 == 0 ? 100000 : 1000;
        frames[f] = ccad_frame_push(n);
        memset(frames[f], f + 1, n);
    }
}

static void backward(void)
{
    for (int f = FRAMES - 1; f >= 0; f--) {
        size_t n = f % 9 == 0 ? 100000 : 1000;
        ck_assert(frames[f][0] == f + 1 && frames[f][n - 1] == f + 1);
        ccad_frame_pop(frames[f]);
    }
    const double *r = ccad_release_d(1000) - 1000;  /* (it returns the block's end) */
    for (int t = 0; t < 1000; t++) ck_assert(r[t] == -t);
    for (long k = N - 1; k >= 0; k--) {
        if (k % 1000 == 0) {
            double blk[50];
            ccad_pop_bytes(blk, sizeof blk);
            ck_assert(blk[0] == (double)k && blk[49] == (double)(k + 49));
        }
        if (k % 7 == 0) ck_assert(ccad_pop_b() == (k % 2 == 0));
        if (k % 3 == 0) ck_assert(ccad_pop_i32() == (int)(k * 7));
        ck_assert(ccad_pop_i() == k);
        ck_assert(ccad_pop_d() == 0.5 * (double)k);
    }
}

START_TEST(rewind_reads_again)
{
    ccad_push_d(42.0);  /* below the mark: untouched */
    forward();
    ccad_tape_mark *m = ccad_tape_mark_here();
    for (int sweep = 0; sweep < 3; sweep++) {
        if (sweep > 0) ccad_tape_rewind(m);
        backward();
    }
    ccad_tape_unmark(m);
    ck_assert(ccad_pop_d() == 42.0);
    ck_assert(ccad_tape_empty());
    /* the tapes work as before */
    forward();
    backward();
    ck_assert(ccad_tape_empty());
    ccad_tape_release();
}
END_TEST

/* a mark on empty tapes, no sweep popping anything */
START_TEST(empty)
{
    ccad_tape_mark *m = ccad_tape_mark_here();
    ccad_tape_rewind(m);
    ccad_tape_unmark(m);
    ck_assert(ccad_tape_empty());
    ccad_tape_unmark(NULL);
    ccad_tape_release();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("mark");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, rewind_reads_again);
    tcase_add_test(tc, empty);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
