// EXPECT-EXIT: 1
// EXPECT-DIAG: grad_out_size
// EXPECT-STDERR: FILE:24:40: error: 'grad' needs a scalar output: out(m[1])
/* grad differentiates one scalar: out(y[1]) or the return value */
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

void moments(const double *x, int n, double *m)
{
    m[0] = m[1] = 0.0;
    for (int i = 0; i < n; i++) { m[0] += x[i]; m[1] += x[i] * x[i]; }
}


#pragma ad grad(moments) wrt(x[n]) out(m[2])
