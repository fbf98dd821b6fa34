// EXPECT-EXIT: 0
// EXPECT-DIAG: checkpoint_taped
// EXPECT-STDERR: FILE:26:5: warning: '#pragma ad checkpoint' is not applied, and the call is taped in full: cc-ad cannot tell the size of the memory it writes through 'u'
// EXPECT-STDERR: FILE:32:5: warning: '#pragma ad checkpoint' is not applied, and the call is taped in full: cc-ad cannot tell the size of the memory it writes through 'u'
/* A checkpointed call in a helper whose callee writes through a pointer
** parameter: the span saved is the callee's, over its parameters, mapped
** to the call's arguments, and only where the argument is the helper's
** pointer itself. Here the callee gets u + 1, and its other store goes
** through an index it reads from memory: the span of u written is not
** known, so the warning stays and the call is taped in full (the gradient
** is right either way). */
#include <math.h>

static void inner(double *u, int n)
{
    for (int i = 0; i < n; i++) u[i] = u[i] * u[i] * 0.5 + cos(u[(i + 1) % n]);
}
static void scatter(double *u, const int *perm, int n)
{
    for (int i = 0; i < n; i++) u[perm[i]] = sin(u[i]);
}
static void outer(double *u, const double *x, const int *perm, int n)
{
    for (int i = 0; i < n; i++) u[i] += x[i];
#pragma ad checkpoint
    scatter(u, perm, n);
    for (int i = 0; i < n; i++) u[i] *= x[i];
}
static void shifted(double *u, int n)
{
#pragma ad checkpoint
    inner(u + 1, n - 1);
}
double f(const double *x, const int *perm, int n)
{
    double s = 0, u[6];
    for (int i = 0; i < n; i++) u[i] = x[i] * 0.5;
    for (int t = 0; t < 3; t++) outer(u, x, perm, n);
    shifted(u, n);
    for (int i = 0; i < n; i++) s += u[i];
    return s;
}
#pragma ad grad(f) wrt(x[n])
