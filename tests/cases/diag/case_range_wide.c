// EXPECT-EXIT: 1
// EXPECT-DIAG: case_range
// EXPECT-STDERR: FILE:17:5: error: a case range of 100001 values
// CFLAGS: -std=gnu11
/* A GNU case range cc-ad would have to write as more than 1024 labels
 * (it writes a range as one label per value, tests/cases/grad/gnu_case_range)
 * is refused at the range, never taken as its first value. */
#include <math.h>

double f(double x, int k)
{
    double s = x;
    switch (k) {
    case 0:
        s = sin(x);
        break;
    case 1 ... 100001:
        s = x * x;
        break;
    }
    return s;
}

#pragma ad grad(f) wrt(x)
