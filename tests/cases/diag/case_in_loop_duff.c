// EXPECT-EXIT: 1
// EXPECT-DIAG: case_in_loop
// EXPECT-STDERR: FILE:19:5: error: a case label inside a loop or block of its switch
// CFLAGS: -Wno-implicit-fallthrough
/* Reverse mode of Duff's device (case labels inside the do-while the switch
** jumps into, *to++ = a * *from++ unrolled by 8): refused with the line of
** the first nested label (it was an internal error, exit 3: "statement left
** after normalisation for reverse mode"). Forward mode keeps the switch as
** written and works. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
/* Duff's device: a scaled copy unrolled by 8 */
void scale_copy(double *to, const double *from, double a, int count)
{
    int n = (count + 7) / 8;
    switch (count % 8) {
    case 0: do { *to++ = a * *from++;
    case 7:      *to++ = a * *from++;
    case 6:      *to++ = a * *from++;
    case 5:      *to++ = a * *from++;
    case 4:      *to++ = a * *from++;
    case 3:      *to++ = a * *from++;
    case 2:      *to++ = a * *from++;
    case 1:      *to++ = a * *from++;
            } while (--n > 0);
    }
}
double f(const double *x, double a, int n)
{
    double y[32], s = 0;
    scale_copy(y, x, a, n);
    for (int i = 0; i < n; i++) s += y[i] * y[i] * (i + 1);
    return s;
}
#pragma ad grad(f) wrt(x[n], a)
