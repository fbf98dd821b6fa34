// EXPECT-EXIT: 1
// EXPECT-DIAG: union_active
// EXPECT-DIAG: union_var
// EXPECT-STDERR: FILE:13:13: error: union variable 'u' holds
// EXPECT-STDERR: FILE:14:7: error: member 'd' of a
// EXPECT-STDERR: FILE:15:14: error: member 'd' of a
/* A local union whose member carries a derivative: each use is an error
** (cc-ad cannot tell which member is live), and for reverse mode, which
** would save and restore it, so is the variable where it is declared. */
union U { double d; long l; };
double f(double a)
{
    union U u;
    u.d = a * a;
    return u.d;
}

#pragma ad jvp(f)
#pragma ad grad(f)
