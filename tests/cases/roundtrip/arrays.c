/*
** roundtrip/arrays: local arrays (1-D, 2-D, partly initialized, int
** index tables), one-dimensional VLAs, file-scope const and static const
** tables, a static const table inside the function, array parameters,
** pointer arithmetic and offsets into arrays (&x[i*d], x + i, p - q,
** p[-1]), and memcpy/memset on local buffers.
*/
#include <string.h>

#include "roundtrip.h"

const double weights[4] = {0.5, 0.25, 0.125, 0.125};
static const double coef[6] = {1.0, -2.0, 0.5, 0.25, 3.0, -1.5}; /* 2-D: roundtrip/table2d */
static const int perm[5] = {3, 0, 4, 1, 2};

/* rows of length d; returns sum of weighted row norms */
double rows(const double *x, int nrow, int d)
{
    double s = 0.0;
    for (int r = 0; r < nrow; r++) {
        const double *row = &x[r * d];
        const double *end = x + (r + 1) * d;
        double nrm = 0.0;
        for (const double *p = row; p < end; p++)
            nrm += *p * *p;
        s += weights[r % 4] * nrm + (double)(end - row) + row[d - 1] * end[-1];
    }
    return s;
}

double locals(const double in[], int n)
{
    double a[5] = {in[0], in[1] * 2.0};   /* rest zero */
    double m[2][3] = {{1, 2, 3}, {4, 5, 6}};
    int idx[] = {4, 2, 0, 3, 1};
    static const double local_tbl[3] = {1.5, -0.5, 2.0};
    double vla[n];
    double buf[8];
    memset(buf, 0, sizeof buf);
    memcpy(buf, in, (size_t)(n < 8 ? n : 8) * sizeof in[0]);
    for (int i = 0; i < n; i++)
        vla[i] = in[i] * local_tbl[i % 3] + buf[i % 8];
    double s = 0.0;
    for (int i = 0; i < 5; i++)
        s += a[idx[i]] * (i + 1) + vla[perm[i] % n];
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 3; c++) {
            m[r][c] *= coef[r * 3 + c];
            s += m[r][c] * vla[(r * 3 + c) % n];
        }
    double *pv = vla + n / 2;
    s += pv[0] - pv[-1] + *(pv + 1) + sizeof a / sizeof a[0] + sizeof(m) / sizeof(double);
    return s;
}

void scale_into(double out[static 3], const double v[3], double k)
{
    for (int i = 0; i < 3; i++)
        out[i] = k * v[i] + coef[3 + i];
}

#pragma ad jvp(rows) wrt(x[nrow*d])
#pragma ad jvp(locals) wrt(in[n])
#pragma ad jvp(scale_into) wrt(v[3], k) out(out[3])

#include "arrays.ad.h"

#define N 12

int main(void)
{
    OracleRng rng = oracle_rng(17);
    rt_begin("rows");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N];
        oracle_fill_uniform(&rng, x, N, -2, 2);
        int d = 1 + i % 4, nrow = N / d;
        rt_cmp(rows_primal(x, nrow, d), rows(x, nrow, d), i);
    }
    rt_end();
    rt_begin("locals");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N];
        oracle_fill_uniform(&rng, x, N, -2, 2);
        int n = 4 + i % (N - 3);
        rt_cmp(locals_primal(x, n), locals(x, n), i);
    }
    rt_end();
    rt_begin("scale_into");
    for (int i = 0; i < RT_NCASES; i++) {
        double v[3], o0[3], o1[3], k = oracle_uniform(&rng, -2, 2);
        oracle_fill_uniform(&rng, v, 3, -2, 2);
        scale_into(o0, v, k);
        scale_into_primal(o1, v, k);
        rt_cmpv(o1, o0, 3, i);
    }
    rt_end();
    return oracle_result();
}
