/* OPEN (probe8): CRASH (internal error) / DOES NOT COMPILE: vmap(f) batch(x[n], n) -- the size
** parameter n of a batched array is itself batched -- is accepted (exit 0,
** no message) and f_vmap computes the block offset as
** `x + (size_t)b * n` with n now `const int *n`: gcc "invalid operands to
** binary * (have 'long unsigned int' and 'const int *')". Contract section
** 3: vmap's batch(...) parameters become arrays over the batch, "an array
** x[n] becomes batch consecutive blocks of n elements": with n differing
** per element that layout is not defined, so the request is an error the
** user should be told about (or n must be read per element with running
** offsets); the manual: sizes are "a C expression over the parameters",
** "evaluated on entry". Expected: exit 1 with FILE:LINE:COL: error: at 'n'
** in batch(...) (a size of a batched array cannot be batched, or use the
** one value for every element); got exit 0 and a FILE.ad.c that does not
** compile. With --verify-ir (as the harnesses run it) cc-ad stops with
** "internal error: the IR breaks an invariant after stage 'vmap': in
** f_vmap: two variables are named 'n'" and exit 3; cuda(f) batch(x[n],
** n) the same in f_cuda_host. (With batch(x[s->n], s[1]) f_vmap uses
** element 0's s->n as every block's size, without a word.)
**   tests/harness/run_diag.sh build/tool/cc-ad /tmp/w vmap_batched_size_param.c */
// EXPECT-EXIT: 1
// CFLAGS: -fopenmp
// EXPECT-STDERR: FILE:29:
// EXPECT-STDERR: error:
double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}
#pragma ad vmap(f) batch(x[n], n)
