// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_static_local
// EXPECT-DIAG: requested_here
// EXPECT-STDERR: FILE:12:16: error: 'scale_cuda': static local 'calls' of 'scale' may keep a value from one call to the next
// EXPECT-STDERR: FILE:18:17: note: 'scale_cuda' is requested here
/* A call counter keeps state from one call to the next, which every GPU
** thread of the batch would share: refused. (A static stored before it is
** read on every path is an ordinary local in the device code.) */
double scale(const double *x, double a)
{
    static double last;
    static int calls;
    last = a;
    calls++;
    return last * x[0] + calls * 0.0;
}

#pragma ad cuda(scale) batch(x[1], a)
