// EXPECT-EXIT: 1
// EXPECT-DIAG: union_active
// EXPECT-STDERR: FILE:21:20: error: member 'weight' of a union carries a derivative here
// EXPECT-STDERR: FILE:22:20: error: a union holding values that carry derivatives is used whole here
/* A struct by value with a union member (s.u.weight), and a union copied
** whole into a helper (h(s.u)). */
union W {
    double w;
    double weight;
};

struct Layer {
    union W u;
    double b;
};

static double h(union W u);

double f(struct Layer s, double x)
{
    double a = s.u.weight * x;
    return a + h(s.u);
}

static double h(union W u)
{
    return 2.0;
}

#pragma ad jvp(f) wrt(s, x)
