/*
** check_redo.c: unit tests for the redo log (runtime/redo.c), as reverse
** mode uses it: the backward sweep logs a value of the caller's memory
** before each restore, newest first, and ccad_redo_apply() writes back the
** oldest entry of each place last, so the memory ends as the forward sweep
** left it. ccad_redo_free(p, n) frees a block whose bytes may have been
** logged: the log must not write into it afterwards (ASan would see a use
** after free), while places outside it, and a block allocated later at
** the same address, are written back as usual.
*/
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"

/* a "backward sweep" restoring v step by step: the final values come back */
START_TEST(final_values)
{
    double v[4] = {1, 2, 3, 4};  /* as the forward sweep left it */
    for (int step = 0; step < 3; step++)
        for (int i = 0; i < 4; i++) {
            ccad_redo_push(&v[i], sizeof v[i]);
            v[i] = -10.0 * step - i;  /* an older value restored */
        }
    ccad_redo_apply();
    for (int i = 0; i < 4; i++) ck_assert(v[i] == i + 1);
    ccad_redo_apply();  /* an empty log: nothing */
    ck_assert(v[0] == 1);
}
END_TEST

START_TEST(freed_block_left_alone)
{
    double kept = 5.0;
    double *blk = malloc(8 * sizeof *blk);
    for (int i = 0; i < 8; i++) blk[i] = i;
    ccad_redo_push(&kept, sizeof kept);
    kept = -1.0;
    ccad_redo_push(&blk[3], sizeof blk[3]);
    blk[3] = -3.0;
    ccad_redo_push(blk, 8 * sizeof *blk);  /* a whole block, as a snapshot */
    ccad_redo_free(blk, 8 * sizeof *blk);
    /* a block allocated afterwards, perhaps at the same address, logged again */
    double *again = malloc(8 * sizeof *again);
    again[0] = 7.0;
    ccad_redo_push(again, sizeof *again);
    again[0] = 0.0;
    ccad_redo_apply();
    ck_assert(kept == 5.0);
    ck_assert(again[0] == 7.0);
    free(again);
    ccad_redo_free(NULL, 16);  /* like free(NULL) */
}
END_TEST

/* many freed blocks and entries: every live one written back */
START_TEST(many_blocks)
{
    enum { B = 200, M = 16 };
    double live[B];
    for (int b = 0; b < B; b++) {
        double *t = malloc(M * sizeof *t);
        for (int i = 0; i < M; i++) {
            t[i] = i;
            ccad_redo_push(&t[i], sizeof t[i]);
        }
        live[b] = b;
        ccad_redo_push(&live[b], sizeof live[b]);
        live[b] = -1;
        ccad_redo_free(t, M * sizeof *t);
    }
    ccad_redo_apply();
    for (int b = 0; b < B; b++) ck_assert(live[b] == b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("redo");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, final_values);
    tcase_add_test(tc, freed_block_left_alone);
    tcase_add_test(tc, many_blocks);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
