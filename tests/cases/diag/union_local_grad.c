// EXPECT-EXIT: 1
// EXPECT-DIAG: union_active
// EXPECT-STDERR: FILE:19:11: error: member 'd' of a union carries a derivative here
// EXPECT-STDERR: FILE:20:16: error: member 'e' of a union carries a derivative here
/* A local union holding active data, in reverse mode: the value written as
** u.d is read as u.e (a pun between two double members), so tracking the
** members apart would drop the derivative, and one shadow union cannot say
** which member is live either. */
union Pun {
    double d;
    double e;
};

double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        union Pun u;
        u.d = x[i] * x[i];
        s += u.e;
    }
    return s;
}

#pragma ad grad(f) wrt(x[n])
