/*
** check_sort.c: unit tests for the permutation of a qsort whose elements
** carry derivatives (runtime/sort.c): against qsort on keys without ties
** (sizes 0 to 300, doubles and structs), stability on ties (equal keys keep
** their order), and a size argument other than the element size (CCAD_ESORT,
** the identity left in perm).
*/
#include <check.h>
#include <stdlib.h>

#include "ccad.h"

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct { double key; int tag; } Item;

static int cmp_item(const void *a, const void *b)
{
    const Item *p = a, *q = b;
    return (p->key > q->key) - (p->key < q->key);
}

START_TEST(test_against_qsort)
{
    for (size_t n = 0; n <= 300; n += n < 20 ? 1 : 37) {
        double *v = malloc((n + 1) * sizeof *v), *s = malloc((n + 1) * sizeof *s);
        long *perm = malloc((n + 1) * sizeof *perm);
        for (size_t i = 0; i < n; i++) v[i] = s[i] = (double)((i * 7919) % 1009) + 0.25 * (double)(i % 3);
        qsort(s, n, sizeof *s, cmp_d);
        ccad_sort_perm(v, n, sizeof *v, cmp_d, perm, sizeof *v);
        for (size_t k = 0; k < n; k++) ck_assert_double_eq(v[perm[k]], s[k]);
        free(v), free(s), free(perm);
    }
}
END_TEST

START_TEST(test_stable)
{
    enum { N = 41 };
    Item it[N];
    long perm[N];
    for (int i = 0; i < N; i++) it[i] = (Item){(double)(i % 4), i};
    ccad_sort_perm(it, N, sizeof *it, cmp_item, perm, sizeof *it);
    for (int k = 1; k < N; k++) {
        const Item *a = &it[perm[k - 1]], *b = &it[perm[k]];
        ck_assert(a->key < b->key || (a->key == b->key && a->tag < b->tag));
    }
}
END_TEST

static int seen;
static void record(int code, const char *message)
{
    (void)message;
    seen = code;
}

START_TEST(test_size_mismatch)
{
    double v[4] = {3, 1, 2, 0};
    long perm[2];
    ccad_set_error_handler(record);
    ccad_sort_perm(v, 2, 2 * sizeof(double), cmp_d, perm, sizeof(double));
    ccad_set_error_handler(NULL);
    ck_assert_int_eq(seen, CCAD_ESORT);
    ck_assert_int_eq(perm[0], 0);
    ck_assert_int_eq(perm[1], 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sort");
    TCase *tc = tcase_create("perm");
    tcase_add_test(tc, test_against_qsort);
    tcase_add_test(tc, test_stable);
    tcase_add_test(tc, test_size_mismatch);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? 1 : 0;
}
