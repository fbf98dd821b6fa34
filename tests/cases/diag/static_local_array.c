// EXPECT-EXIT: 1
// EXPECT-DIAG: static_local
// EXPECT-STDERR: FILE:18:19: error: static local variable 'w' carries derivatives; make it an ordinary local
// EXPECT-STDERR: FILE:24:19: error: static local variable 'w' carries derivatives; make it an ordinary local
// EXPECT-STDERR: FILE:30:19: error: static local variable 'w' carries derivatives; make it an ordinary local
// EXPECT-STDERR: FILE:37:19: error: static local variable 'w' carries derivatives; make it an ordinary local
// EXPECT-STDERR: FILE:44:19: error: static local variable 'w' carries derivatives; make it an ordinary local
/* Static arrays that may carry a value from one call to the next: a loop
** that stores all but the last element, one that may break out, an array
** passed to a helper (which may read it), read before the loop, and a loop
** that reads the elements it has not stored yet (grad/f2c_static_work has
** the arrays that are stored in full first) */
#include <math.h>
#define N 4
static void fill(double *w, const double *x) { for (int i = 0; i < N; i++) w[i] += x[i]; }
double part(const double x[N])
{
    static double w[N];
    for (int i = 0; i < N - 1; i++) w[i] = sin(x[i]);
    return w[0] * w[N - 1];
}
double early(const double x[N])
{
    static double w[N];
    for (int i = 0; i < N; i++) { w[i] = x[i]; if (x[i] < 0) break; }
    return w[N - 1] * w[0];
}
double passed(const double x[N])
{
    static double w[N];
    for (int i = 0; i < N; i++) w[i] = 0.0;
    fill(w, x);
    return w[1] * w[2];
}
double readfirst(const double x[N])
{
    static double w[N];
    double s = w[0];
    for (int i = 0; i < N; i++) w[i] = x[i] + s;
    return w[1] * w[2];
}
double selfref(const double x[N])
{
    static double w[N];
    for (int i = 0; i < N; i++) w[i] = x[i] * w[(i + 1) % N];
    return w[1];
}
#pragma ad grad(part) wrt(x[N])
#pragma ad grad(early) wrt(x[N])
#pragma ad grad(passed) wrt(x[N])
#pragma ad grad(readfirst) wrt(x[N])
#pragma ad grad(selfref) wrt(x[N])
