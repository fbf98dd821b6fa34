// EXPECT-EXIT: 0
// EXPECT-DIAG: vmap_static_shared
// EXPECT-STDERR: FILE:16:17: warning: 'scale_vmap' runs 'scale' for several batch elements at once (OpenMP threads), and its static local 'calls' is shared by them
/* A call counter keeps state from one call to the next: vmap still calls
** the user's scale (a copy would count apart), whose threads share the
** counter: a warning. (A static stored before it is read on every path
** holds nothing between calls: vmap runs a copy where it is an ordinary
** local, vmap/static_locals.) */
double scale(const double *x, double a)
{
    static int calls;
    calls++;
    return a * x[0] + calls * 0.0;
}

#pragma ad vmap(scale) batch(x[1], a)
