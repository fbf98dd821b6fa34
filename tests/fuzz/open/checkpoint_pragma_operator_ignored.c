/* OPEN (probe7): BAD DIAGNOSTIC (checkpoint silently not applied), grad.
** '#pragma ad checkpoint' written through the C99 pragma operator, as code
** that hides pragmas in macros writes it (#define CKPT
** _Pragma("ad checkpoint"), the way _Pragma("omp parallel for") is used
** and honoured by cc-ad), is dropped without a word: the loop is taped in
** full (no ccad_ckpt_* call in the generated file, exit 0, no warning),
** so the tape grows with the trip count, which is what the user asked to
** avoid. The same text as a '#pragma ad checkpoint' line works, and every
** misplaced or malformed '#pragma ad checkpoint' line is an error with
** file:line:col. Expected: honour it (clang hands _Pragma to the pragma
** handlers like a #pragma line; cc-ad does so for omp), or at least warn
** at its place that it is ignored. The gradient itself is right.
** Check here: ccad_checkpoint_steps() (manual: counts, per thread, the
** iterations reversed) is 0 after the call; with the line form it is 50.
** Run: tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/checkpoint_pragma_operator_ignored.c
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

#define CKPT _Pragma("ad checkpoint(snapshots=4)")

double f(const double *x, int n)
{
    double u = x[0];
    CKPT
    for (int i = 0; i < n; i++)
        u = u + 0.1 * sin(u * x[1]);
    return u;
}

#pragma ad grad(f) wrt(x[2])

#include "checkpoint_pragma_operator_ignored.ad.h"

int main(void)
{
    double x[2] = {0.3, 0.8}, g[2];
    ccad_checkpoint_reset_counts();
    f_grad(x, g, 50);
    CHECK_TRUE("the loop was checkpointed (iterations reversed > 0)", ccad_checkpoint_steps() > 0);
    return oracle_result();
}
