/*
** grad/tape_limit: the memory controls of the runtime. With a tape limit
** (ccad_set_tape_limit, as CCAD_TAPE_LIMIT would set it), a gradient whose
** tape would pass it calls the error handler with CCAD_ELIMIT and a message
** naming the generated function and the bytes, instead of growing until the
** system kills the program; below the limit, and with the same loop
** checkpointed, the gradient runs. ccad_tape_peak_bytes() reports the peak.
*/
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

double chain(const double *x, int steps)
{
    double s = x[0];
    for (int t = 0; t < steps; t++)
        s = sin(s) * x[1] + 0.5 * s;
    return s;
}

double chain_ck(const double *x, int steps)
{
    double s = x[0];
#pragma ad checkpoint(snapshots=10)
    for (int t = 0; t < steps; t++)
        s = sin(s) * x[1] + 0.5 * s;
    return s;
}

#pragma ad grad(chain) wrt(x[2])
#pragma ad grad(chain_ck) wrt(x[2])

#include "tape_limit.ad.h"

static jmp_buf out;
static int got_code;
static char got_message[512];

static void on_error(int code, const char *message)
{
    got_code = code;
    snprintf(got_message, sizeof got_message, "%s", message);
    longjmp(out, 1);
}

int main(void)
{
    double x[2] = {0.3, 0.9}, g[2], gc[2];
    ccad_set_tape_limit((size_t)1 << 20);
    CHECK_EQ_INT("limit set", (long)ccad_tape_limit(), 1L << 20);

    ccad_tape_reset_peak();
    double y = chain_grad(x, g, 1000);  /* about 16 KB of tape: under the limit */
    CHECK_TRUE("small gradient runs", y == chain(x, 1000));
    CHECK_TRUE("peak reported", ccad_tape_peak_bytes() >= 1000 * sizeof(double));

    /* checkpointed, a million steps fit */
    double yc = chain_ck_grad(x, gc, 1000000);
    CHECK_TRUE("checkpointed gradient runs under the limit", yc == chain_ck(x, 1000000));
    CHECK_TRUE("tape empty", ccad_tape_empty());

    /* last: the abandoned gradient leaves its values on the tape */
    ccad_set_error_handler(on_error);
    if (!setjmp(out)) {
        chain_grad(x, g, 1000000);  /* about 16 MB: over */
        CHECK_TRUE("the limit stops the gradient", 0);
    } else {
        printf("message: %s\n", got_message);
        CHECK_EQ_INT("error code", got_code, CCAD_ELIMIT);
        CHECK_TRUE("message names the function", strstr(got_message, "chain_grad") != NULL);
        CHECK_TRUE("message names the limit", strstr(got_message, "1048576 bytes") != NULL);
    }
    return oracle_result();
}
