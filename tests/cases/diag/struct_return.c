// EXPECT-EXIT: 1
// EXPECT-DIAG: struct_no_output
// EXPECT-STDERR: FILE:18:16: error: 'bounds' has no default output: it returns Range, a struct, and writes no float data through its parameters; to differentiate the struct's floating fields, write out(return)
/* A function returning a struct of doubles: not a default output (contract:
** the return value if it is floating), so the request must say out(return). */
typedef struct { double lo, hi; } Range;

Range bounds(const double *x, int n)
{
    Range r = {x[0], x[0]};
    for (int i = 1; i < n; i++) {
        if (x[i] < r.lo) r.lo = x[i];
        if (x[i] > r.hi) r.hi = x[i];
    }
    return r;
}

#pragma ad jvp(bounds) wrt(x[n])
