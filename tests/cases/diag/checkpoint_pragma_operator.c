// EXPECT-EXIT: 1
// EXPECT-DIAG: checkpoint_syntax
// EXPECT-DIAG: checkpoint_no_for
// EXPECT-DIAG: checkpoint_place
// EXPECT-STDERR: FILE:13:37: error: expected checkpoint(snapshots=K)
// EXPECT-STDERR: FILE:20:17: error: '#pragma ad checkpoint' must be followed
// EXPECT-STDERR: FILE:23:13: error: '#pragma ad checkpoint' belongs inside a function
/* '#pragma ad checkpoint' through the pragma operator, _Pragma("..."), gets
** the checks of the line form (it was dropped without a word): a malformed
** clause is reported in the macro's string, where it is written; a
** misplaced one where the code holds it (no loop after it, file scope). */
#include <math.h>
#define CKPT _Pragma("ad checkpoint(every=4)")
double f(const double *x, int n)
{
    double s = 0.0;
    CKPT
    for (int i = 0; i < n; i++)
        s += sin(x[i]);
    _Pragma("ad checkpoint")
}

_Pragma("ad checkpoint")

#pragma ad grad(f) wrt(x[n])
