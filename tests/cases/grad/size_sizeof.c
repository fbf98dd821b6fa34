/*
** grad/size_sizeof: element counts written with sizeof, as byte-count APIs
** take them: a signal energy over a buffer given in bytes,
** wrt(buf[nbytes / sizeof(double)]), and a weight block sized as
** wrt(w[wbytes / sizeof w[0]]). The size parser once knew no sizeof and
** read 'double' as an unknown parameter. Oracle: closed form
** d/d buf[i] = 2 w[i % 4] buf[i] + cos(buf[i]), d/d w[k] = sum over i = k mod 4
** of buf[i]^2.
*/
#include <math.h>
#include <stddef.h>

#include "ccad_oracle.h"

double energy(const double *buf, size_t nbytes, const double *w, size_t wbytes)
{
    size_t n = nbytes / sizeof(double), m = wbytes / sizeof w[0];
    double e = 0.0;
    for (size_t i = 0; i < n; i++)
        e += w[i % m] * buf[i] * buf[i] + sin(buf[i]);
    return e;
}

#pragma ad grad(energy) wrt(buf[nbytes / sizeof(double)], w[wbytes / sizeof w[0]])

#include "size_sizeof.ad.h"

enum { N = 10, M = 4 };

int main(void)
{
    double buf[N], w[M] = {0.5, -1.0, 2.0, 0.25}, gb[N], gw[M], want_w[M] = {0};
    for (int i = 0; i < N; i++)
        buf[i] = sin(1.7 * i) + 0.1;
    CHECK_CLOSE("grad value", energy_grad(buf, gb, sizeof buf, w, gw, sizeof w), energy(buf, sizeof buf, w, sizeof w),
                1e-15, 0);
    for (int i = 0; i < N; i++) {
        CHECK_CLOSE("d/d buf[i]", gb[i], 2 * w[i % M] * buf[i] + cos(buf[i]), 1e-12, 1e-15);
        want_w[i % M] += buf[i] * buf[i];
    }
    oracle_check_vec("d/d w", gw, want_w, M, 1e-12, 1e-15);
    return oracle_result();
}
