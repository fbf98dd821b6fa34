// CFLAGS: -fopenmp
// EXPECT-EXIT: 0
// EXPECT-DIAG: omp_serial_reverse
// EXPECT-STDERR: FILE:20:13: note: the reverse-mode sweeps of this parallel loop run on one thread: its bound reads memory that the loop may store into
// EXPECT-NOT-STDERR: counter changes
// EXPECT-NOT-STDERR: FILE:25:
/* A parallel loop whose bound is read through a pointer, cnt[0], into
** whose memory the body stores (cnt[i + 1]): the bound is not known to
** stay the same, so reverse mode runs the sweeps on one thread, and the
** note says that, not that the counter changes in the body (which it said
** of every bound read through a pointer). The second loop's bound, s->n,
** is memory the body does not store into: read once before the loop, its
** sweeps stay parallel, with no note. */
#include <math.h>

typedef struct Dims { int n; } Dims;

void f(int *cnt, const Dims *s, const double *x, double *y)
{
#pragma omp parallel for
    for (int i = 0; i < cnt[0]; i++) {
        y[i] = sin(x[i]);
        cnt[i + 1] = i;
    }
#pragma omp parallel for
    for (int i = 0; i < s->n; i++)
        y[i] = y[i] * cos(x[i]);
}
#pragma ad vjp(f) wrt(x[8]) out(y[8])
