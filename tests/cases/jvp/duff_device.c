// CFLAGS: -Wno-implicit-fallthrough
/* Forward mode of Duff's device (case labels inside the do-while the switch
** jumps into): the switch is kept as written, with the tangent statements
** beside the primal ones (reverse mode refuses it: diag/case_in_loop_duff).
** Oracle: the closed form of the jvp (1e-14). */
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
#pragma ad jvp(f) wrt(x[n], a)
#include "duff_device.ad.h"
int main(void)
{
    double x[13], v[13], a = 1.3, fd = 0;
    for (int i = 0; i < 13; i++) { x[i] = 0.1 * i - 0.5; v[i] = cos(i); }
    f_jvp(x, v, a, 0.5, 13, &fd);
    double w = 0; for (int i = 0; i < 13; i++) w += 2 * a * a * x[i] * (i + 1) * v[i] + 0.5 * 2 * a * x[i] * x[i] * (i + 1);
    CHECK_CLOSE("jvp", fd, w, 1e-14, 1e-15);
    return oracle_result();
}
