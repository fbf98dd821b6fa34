// EXPECT-EXIT: 1
// EXPECT-DIAG: checkpoint_place
// EXPECT-DIAG: checkpoint_no_for
// EXPECT-DIAG: req_inside_function
// EXPECT-STDERR: FILE:10:12: error: '#pragma ad checkpoint' belongs inside a function, right before a loop or a statement that calls a function
// EXPECT-STDERR: FILE:15:12: error: a '#pragma ad' request must be at file scope, not inside a function
// EXPECT-STDERR: FILE:24:12: error: '#pragma ad checkpoint' must be followed by a loop (for, while or do) or by a statement that calls a function
/* Requests belong at file scope and checkpoints right before a loop:
** each misplaced pragma is an error at the pragma, which says where it goes. */
#pragma ad checkpoint

double sum_sq(const double *x, int n)
{
    double s = 0.0;
#pragma ad grad(sum_sq) wrt(x[n])
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

double decay(const double *x, int n, double rate)
{
    double acc = 0.0;
#pragma ad checkpoint
    acc = x[0];
    for (int i = 1; i < n; i++)
        acc = rate * acc + x[i];
    return acc;
}

#pragma ad grad(decay) wrt(x[n], rate)
