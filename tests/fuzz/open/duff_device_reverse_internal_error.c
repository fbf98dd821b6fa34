// CFLAGS: -Wno-implicit-fallthrough
/* OPEN (probe12): INTERNAL ERROR of cc-ad (exit status 3): reverse mode of
** Duff's device (a switch whose case labels jump into the middle of a
** do/while loop, *to++ = a * *from++ unrolled by 8, as loop-unrolled copy and
** BLAS-style kernels write it): "internal error: statement left after
** normalisation for reverse mode". jvp of the same function works (the switch
** kept as it is, checked against the closed form). Contract: what cannot be
** differentiated (goto into a loop) is an error with file:line:column and
** what to do instead; an internal error is never the answer.
** Expected: grad works (or a diagnostic error, exit 1); got: exit 3.
** Run: run_case.sh ... duff_device_reverse_internal_error.c */
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
#include "duff_device_reverse_internal_error.ad.h"
int main(void)
{
    double x[13], g[13], a = 1.3, ga = 0;
    for (int i = 0; i < 13; i++) x[i] = 0.1 * i - 0.5;
    f_grad(x, g, a, &ga, 13);
    for (int i = 0; i < 13; i++) CHECK_CLOSE("grad x", g[i], 2 * a * a * x[i] * (i + 1), 1e-14, 1e-15);
    double w = 0; for (int i = 0; i < 13; i++) w += 2 * a * x[i] * x[i] * (i + 1);
    CHECK_CLOSE("grad a", ga, w, 1e-14, 1e-15);
    return oracle_result();
}
