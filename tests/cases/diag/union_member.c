// EXPECT-EXIT: 1
// EXPECT-DIAG: union_active
// EXPECT-STDERR: FILE:18:21: error: member 'w' of a union carries a derivative here
// EXPECT-STDERR: use a struct
/* A union member inside a struct input: the derivative of s->u.w would be
** kept in a union shadow whose live member nobody knows. */
struct Layer {
    union {
        double w;
        double weight;
    } u;
    double b;
};

double f(const struct Layer *s, const double *x, int n)
{
    double y = 0;
    double w = s->u.w;
    for (int i = 0; i < n; i++)
        y += w * x[i] + s->b;
    return y;
}

#pragma ad grad(f) wrt(s[1], x[n])
