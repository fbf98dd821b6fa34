/*
** check_omp_parts.c: unit tests for each thread's copy of an adjoint array
** (runtime/omp_parts.c, what the backward sweep of an OpenMP loop
** accumulates into): four threads each take their copy of two arrays
** many times over (the same zeroed copy every time, another thread's never),
** add into it; after they join, ccad_omp_parts_add_d adds every copy once;
** a second round starts from zeroed copies again; float too. ASan sees the
** copies freed. One address copied for two sizes gets two copies.
*/
#include <check.h>
#include <pthread.h>
#include <stdlib.h>

#include "ccad.h"

enum { N = 1000, THREADS = 4, ITERS = 50 };

static double a[N], b[N];
static float f[N];

static void *work(void *arg)
{
    long id = (long)arg;
    double *first_a = ccad_omp_part_d(a, N);
    for (int it = 0; it < ITERS; it++) {
        double *pa = ccad_omp_part_d(a, N), *pb = ccad_omp_part_d(b, N);
        float *pf = ccad_omp_part_f(f, N);
        if (pa != first_a) return (void *)1;  /* another copy */
        for (int k = 0; k < N; k++) {
            pa[k] += 1.0 + (double)id;
            pb[k] += (double)k;
            pf[k] += 0.5f;
        }
    }
    return NULL;
}

static void round_trip(void)
{
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) ck_assert_int_eq(pthread_create(&t[i], NULL, work, (void *)i), 0);
    for (int i = 0; i < THREADS; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        ck_assert_ptr_null(ret);
    }
    ccad_omp_parts_add_d(a, N);
    ccad_omp_parts_add_d(b, N);
    ccad_omp_parts_add_f(f, N);
}

START_TEST(test_parts)
{
    for (int k = 0; k < N; k++) a[k] = b[k] = 1.0, f[k] = 2.0f;
    round_trip();
    /* a: 1 + sum over threads of ITERS (1 + id); b: 1 + THREADS ITERS k */
    double want_a = 1.0 + ITERS * (THREADS + THREADS * (THREADS - 1) / 2.0);
    for (int k = 0; k < N; k++) {
        ck_assert_double_eq(a[k], want_a);
        ck_assert_double_eq(b[k], 1.0 + (double)THREADS * ITERS * k);
        ck_assert_float_eq(f[k], 2.0f + 0.5f * THREADS * ITERS);
    }
    /* the copies were added and freed: a second round starts from zero */
    round_trip();
    for (int k = 0; k < N; k++) ck_assert_double_eq(a[k], 2 * want_a - 1.0);
    /* nothing left to add */
    ccad_omp_parts_add_d(a, N);
    for (int k = 0; k < N; k++) ck_assert_double_eq(a[k], 2 * want_a - 1.0);
}
END_TEST

/* Two arrays at one address privatised in one loop with two sizes (a
 * callee's x_bar[0..5) and y_bar[0..11), x == y): the smaller copy is not
 * handed out for the larger, and each copy is added whole, once. */
START_TEST(test_sizes)
{
    static double c[11];
    double *small = ccad_omp_part_d(c, 5), *big = ccad_omp_part_d(c, 11);
    ck_assert_ptr_ne(small, big);
    ck_assert_ptr_eq(ccad_omp_part_d(c, 5), small);
    ck_assert_ptr_eq(ccad_omp_part_d(c, 11), big);
    for (int k = 0; k < 5; k++) small[k] += 1.0;
    for (int k = 0; k < 11; k++) big[k] += 2.0;
    ccad_omp_parts_add_d(c, 5);
    ccad_omp_parts_add_d(c, 11);
    for (int k = 0; k < 11; k++) ck_assert_double_eq(c[k], k < 5 ? 3.0 : 2.0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("omp_parts");
    TCase *tc = tcase_create("threads");
    tcase_add_test(tc, test_parts);
    tcase_add_test(tc, test_sizes);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? 1 : 0;
}
