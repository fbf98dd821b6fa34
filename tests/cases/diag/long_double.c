// EXPECT-EXIT: 1
// EXPECT-DIAG: long_double
// EXPECT-DIAG: unused_input
// EXPECT-STDERR: FILE:17:21:
// EXPECT-STDERR: error: a value that carries a derivative becomes long double here
/* long double is never differentiated; a derivative that flows into one
** would be dropped silently (the gradient came out zero), so it is an
** error. Long double on passive data stays fine (the counter below). */
double f(const double *x, int n)
{
    long double count = 0;
    double s = 0;
    for (int i = 0; i < n; i++) {
        s += x[i];
        count += 1;
    }
    long double q = s;
    return (double)(q * q / count);
}

#pragma ad grad(f) wrt(x[n])
