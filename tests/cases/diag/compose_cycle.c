// EXPECT-EXIT: 1
// EXPECT-DIAG: compose_cycle
// EXPECT-STDERR: FILE:15:16: error: requests compose each other in a cycle
/* Two requests, each naming the function the other generates: no order
** runs both, an error at the second (requests may otherwise come in any
** order: jac/compose_order). */
double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}
#pragma ad jvp(b) wrt(x[n]) name(a)
#pragma ad jvp(a) wrt(x[n]) name(b)
