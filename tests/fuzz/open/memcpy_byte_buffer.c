/* OPEN (probe8): SILENTLY WRONG: active doubles copied into a local
** `unsigned char raw[16]` with memcpy and copied back into doubles
** (serialising state, packing a message) lose their derivative with no
** diagnostic: grad of y0^2*y1 where y is x after the byte round trip gives
** (0, 0) instead of (2*x0*x1, x0^2). (jvp of the same function is refused
** with an error about 'raw' sharing a pointer target with data that
** carries derivatives, which says cc-ad knows raw needs a shadow; the grad
** request alone says nothing.) The same round
** trip through a `void *` helper is refused ("memcpy between untyped
** buffers that carry derivatives is not supported in reverse mode"), so
** cc-ad knows the construct; the byte array slips through. Contract
** section 4: "memcpy/memmove/memset on active buffers" are C that must
** work, and "The tool never emits code that silently computes a wrong
** derivative". The bit trick `uint64_t b; memcpy(&b, &x[0], 8); b &=
** ~sign; memcpy(&y, &b, 8);` (fabs by hand) is accepted silently alike.
** Expected: the derivative carried through the bytes (a
** shadow byte buffer of the same size, copied alike), or an error at the
** memcpy as for void *; got zeros.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w memcpy_byte_buffer.c */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

double bytes(const double *x)
{
    unsigned char raw[2 * sizeof(double)];
    memcpy(raw, x, sizeof raw);
    double y[2];
    memcpy(y, raw, sizeof y);
    return y[0] * y[0] * y[1];
}

#pragma ad grad(bytes) wrt(x[2])

#include "memcpy_byte_buffer.ad.h"

int main(void)
{
    double x[2] = {0.7, 3.0}, g[2];
    bytes_grad(x, g);
    CHECK_CLOSE("grad d/dx0", g[0], 2 * 0.7 * 3.0, 1e-12, 0);
    CHECK_CLOSE("grad d/dx1", g[1], 0.7 * 0.7, 1e-12, 0);
    return oracle_result();
}
