// EXPECT-EXIT: 1
// EXPECT-DIAG: union_active
// EXPECT-STDERR: FILE:
// EXPECT-STDERR: error:
// EXPECT-STDERR: union
/* An active value stored in a union (type punning) cannot be tracked. */
union Pun {
    double d;
    unsigned long long bits;
};

double f(double x)
{
    union Pun u;
    u.d = x * 2.0;
    return u.d * x;
}

#pragma ad jvp(f) wrt(x)
